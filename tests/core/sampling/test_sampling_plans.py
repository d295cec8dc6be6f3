"""Sampling plans: the shipped files, a broken file's problems, and each domain's eligible cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from yjqa.core.sampling.sampling_plans import (
    SamplingPlan,
    eligible_cases,
    get_plan,
    licence_start,
    load_plan_file,
    shipped_plans,
)
from yjqa.core.validation.problems import InputError

from helpers import ROOT
from helpers import case_refs as refs
from helpers import case_row as row

PLANS = ROOT / "src" / "yjqa" / "sampling_plans"
YEAR = (date(2025, 4, 1), date(2026, 3, 31))


# --- plans ------------------------------------------------------------------------------------


def test_shipped_plans_load() -> None:
    plans = shipped_plans()
    assert set(plans) == {"hmip-2018", "hmip-2025", "yjb-ns-2019", "fixed"}
    for plan in plans.values():
        assert plan.stratify_by == ("sex", "outcome", "rosh", "safety_wellbeing")
        assert set(plan.eligibility) == {"court", "oocd", "resettlement"}
        assert plan.reserve_share == 0.25
    assert (plans["hmip-2025"].minimum, plans["hmip-2025"].maximum) == (14, 91)
    assert (plans["hmip-2018"].minimum, plans["hmip-2018"].maximum) == (1, None)
    assert plans["fixed"].size.method == "fixed"
    with pytest.raises(Exception, match="frozen"):
        plans["hmip-2018"].minimum = 3


def test_a_plan_is_found_by_path_and_an_unknown_id_lists_the_known_ones(tmp_path: Path) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text((PLANS / "hmip-2025.yaml").read_text().replace("id: hmip-2025", "id: mine"))
    plan = get_plan(str(path))
    assert isinstance(plan, SamplingPlan)
    assert plan.id == "mine" and plan.maximum == 91
    with pytest.raises(InputError) as caught:
        get_plan("hmip-2019")
    message = caught.value.describe()
    assert "unknown sampling plan 'hmip-2019'" in message
    assert "fixed, hmip-2018, hmip-2025, yjb-ns-2019" in message
    with pytest.raises(InputError, match="file not found"):
        get_plan(str(tmp_path / "missing.yaml"))


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("confidence: 0.80", "confidence: 1.5", "plan.yaml:12: size.confidence: "),
        ("method: cochran", "method: guess", "plan.yaml:10: size: Input tag 'guess'"),
        ("[referral_order,", "[referal_order,", "plan.yaml:20: eligibility.court[0].outcomes: "),
        ("maximum: null", "maximum: 0", "plan.yaml:15: maximum: "),
        ("[sex, outcome", "[gender, outcome", "plan.yaml:16: stratify_by[0]: "),
        ("reserve_share: 0.25", "reserve_shares: 0.25", "plan.yaml:17: reserve_shares: unknown"),
        ("  court:", "  victims:", "plan.yaml:19: eligibility.victims"),
        (
            "[referral_order, youth_rehabilitation_order]\n      dates: [outcome_date]",
            "[referral_order]\n      dates: [licence_start]",
            "plan.yaml:20: eligibility.court[0]: licence_start is only known for custodial",
        ),
        ("margin: 0.05", "margin: 0.05\n  share: 3", "plan.yaml:14: size.share: unknown field"),
        ("title: HM", "title: [HM", "plan.yaml:3: malformed YAML"),
    ],
)
def test_a_broken_plan_names_the_file_line_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = (PLANS / "hmip-2018.yaml").read_text()
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new, 1))
    with pytest.raises(InputError) as caught:
        load_plan_file(path)
    described = caught.value.describe().replace(str(tmp_path) + "/", "")
    assert expected in described


def test_minimum_above_maximum_is_reported(tmp_path: Path) -> None:
    text = (PLANS / "hmip-2025.yaml").read_text().replace("minimum: 14", "minimum: 100")
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=r"maximum: is less than the minimum \(91 < 100\)"):
        load_plan_file(path)


def test_licence_start_is_the_midpoint_of_a_custodial_sentence() -> None:
    dto = row("D1", "detention_and_training_order", date(2025, 1, 1), date(2025, 9, 1))
    assert licence_start(dto) == date(2025, 5, 2)  # 243 days: custody 121, then licence
    assert licence_start(replace(dto, end_date=None)) is None
    assert licence_start(row("R1", "referral_order", date(2025, 1, 1), date(2025, 9, 1))) is None


def test_each_domain_has_its_own_eligible_cases() -> None:
    plan = get_plan("hmip-2018")
    rows = [
        row("RO-in", "referral_order", date(2025, 6, 1)),
        row("RO-before", "referral_order", date(2025, 3, 31)),
        row("YRO-in", "youth_rehabilitation_order", date(2026, 3, 31)),
        row("YC-in", "youth_caution", date(2025, 4, 1)),
        row("CR-after", "community_resolution", date(2026, 4, 1)),
        row("O22-in", "outcome_22", date(2025, 10, 1)),
        row("PREV-in", "prevention", date(2025, 10, 1)),
        # Sentenced before the window, licence (midpoint 2025-05-02) inside it.
        row("DTO-licence", "detention_and_training_order", date(2025, 1, 1), date(2025, 9, 1)),
        # Sentenced in the window, released after it: resettlement only.
        row("DTO-sentenced", "detention_and_training_order", date(2026, 1, 1), date(2026, 9, 1)),
        # Sentenced before the window, still open: no licence date, so nowhere.
        row("LTD-open", "long_term_detention", date(2024, 6, 1), None),
        # Sentenced in the window, still open: resettlement (sentenced), not court.
        row("DTO-open", "detention_and_training_order", date(2025, 8, 1), None),
    ]
    court = eligible_cases(rows, plan, "court", *YEAR)
    oocd = eligible_cases(rows, plan, "oocd", *YEAR)
    resettlement = eligible_cases(rows, plan, "resettlement", *YEAR)
    assert refs(court) == ["RO-in", "YRO-in", "DTO-licence"]
    assert refs(oocd) == ["YC-in", "O22-in"]
    assert refs(resettlement) == ["DTO-licence", "DTO-sentenced", "DTO-open"]


def test_window_boundaries_are_inclusive() -> None:
    plan = get_plan("hmip-2018")
    day = date(2025, 6, 1)
    rows = [row("A", "referral_order", day)]
    assert refs(eligible_cases(rows, plan, "court", day, day)) == ["A"]
    assert eligible_cases(rows, plan, "court", date(2025, 6, 2), date(2025, 7, 1)) == []
    assert eligible_cases(rows, plan, "court", date(2025, 5, 1), date(2025, 5, 31)) == []
    # The licence midpoint on the window's last day counts; the day after does not.
    dto = [row("D", "detention_and_training_order", date(2025, 1, 1), date(2025, 9, 1))]
    assert refs(eligible_cases(dto, plan, "court", date(2025, 4, 1), date(2025, 5, 2))) == ["D"]
    assert eligible_cases(dto, plan, "court", date(2025, 4, 1), date(2025, 5, 1)) == []


def test_a_window_that_ends_before_it_starts_is_an_input_error() -> None:
    with pytest.raises(InputError) as caught:
        eligible_cases([], get_plan("hmip-2018"), "court", date(2025, 5, 1), date(2025, 4, 1))
    assert "the window starts (2025-05-01) after it ends (2025-04-01)" in str(caught.value)


def test_an_unknown_domain_is_an_input_error() -> None:
    with pytest.raises(InputError, match=r"has no domain 'victims'.*court, oocd, resettlement"):
        eligible_cases([], get_plan("hmip-2018"), "victims", *YEAR)
