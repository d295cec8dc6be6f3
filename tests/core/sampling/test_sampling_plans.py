"""Sampling plans: the shipped files, a broken file's problems, and each domain's eligible cases."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from yjqa.core.caseload import codes
from yjqa.core.caseload.victims import VictimRow
from yjqa.core.sampling.sampling_plans import (
    SamplingPlan,
    children_of,
    eligible_cases,
    eligible_victims,
    get_plan,
    licence_start,
    load_plan_file,
    representative,
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
        # The 2025 samples: in HMIP's plan and, for a size of one's choosing, the fixed one.
        extra = {"children", "victims"} if plan.id in ("hmip-2025", "fixed") else set()
        # The national standards' own samples: in the YJB's plan and the fixed one.
        if plan.id in ("yjb-ns-2019", "fixed"):
            extra |= {"community", "secure"}
        assert set(plan.eligibility) == {"court", "oocd", "resettlement", *extra}
        assert plan.reserve_share == 0.25
        for domain in ("court", "oocd", "resettlement"):  # as the plan's top level says
            settings = plan.for_domain(domain)
            assert settings.unit == "case"
            assert (settings.minimum, settings.maximum) == (plan.minimum, plan.maximum)
            assert settings.stratify_by == plan.stratify_by and settings.size == plan.size
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
        ("  court:", "  custody:", "plan.yaml:19: eligibility.custody"),
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


# --- 2025: children by child, victims apart -------------------------------------------------


def test_hmip_2025_samples_children_by_child_and_victims_with_their_own_bounds() -> None:
    plan = get_plan("hmip-2025")
    children = plan.for_domain("children")
    assert children.unit == "child" and children.noun == "children"
    assert (children.minimum, children.maximum) == (14, 91)
    assert children.stratify_by == ("sex", "outcome", "rosh", "safety_wellbeing")
    victims = plan.for_domain("victims")
    assert victims.unit == "victim"
    assert (victims.minimum, victims.maximum) == (9, 24)
    assert victims.stratify_by == ("offence_category", "consent_to_contact")
    assert victims.size == plan.size  # 80% confidence, 5 points, as for children
    outcomes = {o for rule in children.rules for o in rule.outcomes}
    assert outcomes == set(codes.OUTCOME) - {"prevention"}  # every kind of work, bail too


def test_the_children_domain_takes_every_kind_of_work_and_licences() -> None:
    plan = get_plan("hmip-2025")
    rows = [
        row("OOCD", "youth_caution", date(2025, 5, 1)),
        row("RO", "referral_order", date(2025, 6, 1)),
        row("BAIL", "bail_supervision", date(2025, 7, 1)),
        row("RCOM", "remand_community", date(2025, 8, 1)),
        row("RYDA", "remand_youth_detention", date(2025, 9, 1)),
        row("DTO-licence", "detention_and_training_order", date(2025, 1, 1), date(2025, 9, 1)),
        row("PREV", "prevention", date(2025, 10, 1)),
        row("BAIL-before", "bail_supervision", date(2025, 3, 1)),
    ]
    assert refs(eligible_cases(rows, plan, "children", *YEAR)) == [
        "OOCD",
        "RO",
        "BAIL",
        "RCOM",
        "RYDA",
        "DTO-licence",
    ]
    # Bail and remand are no court, out-of-court or resettlement case of the earlier plans.
    for domain in ("court", "oocd", "resettlement"):
        found = refs(eligible_cases(rows, get_plan("hmip-2018"), domain, *YEAR))
        assert not {"BAIL", "RCOM", "RYDA"} & set(found)


def test_a_child_is_their_records_and_stands_in_by_the_latest() -> None:
    first = replace(row("A1", "bail_supervision", date(2025, 5, 1)), child_ref="C1")
    second = replace(row("A2", "referral_order", date(2025, 7, 1)), child_ref="C1")
    same_day = replace(row("A0", "youth_caution", date(2025, 7, 1)), child_ref="C1")
    alone = row("B1", "youth_caution", date(2025, 6, 1))
    by_child = children_of([second, alone, first, same_day])
    assert list(by_child) == ["C1", "B1"]
    assert refs(by_child["C1"]) == ["A1", "A0", "A2"]
    assert representative(by_child["C1"]).case_ref == "A2"  # latest; same day: last ref
    assert representative(by_child["B1"]) is alone


def victim(
    ref: str,
    offence_date: date,
    first_contact: date | None = None,
    *,
    category: str = "theft",
    consent: bool | None = True,
) -> VictimRow:
    return VictimRow(
        victim_ref=ref,
        case_ref="X-1",
        offence_category=category,
        offence_date=offence_date,
        first_contact_date=first_contact,
        consent_to_contact=consent,
        restorative_justice_offered=None,
        restorative_justice_took_part=None,
        safety_planning_needed=None,
        support_given="information",
    )


def test_victims_are_eligible_by_their_offence_date() -> None:
    plan = get_plan("hmip-2025")
    victims = [
        victim("V-in", date(2025, 4, 1)),
        victim("V-before", date(2025, 3, 31), date(2025, 4, 20)),  # contacted in the window
        victim("V-last", date(2026, 3, 31)),
        victim("V-after", date(2026, 4, 1)),
    ]
    assert [v.victim_ref for v in eligible_victims(victims, plan, "victims", *YEAR)] == [
        "V-in",
        "V-last",
    ]
    with pytest.raises(InputError, match="drawn from a victims' caseload"):
        eligible_cases([], plan, "victims", *YEAR)
    with pytest.raises(InputError, match="drawn from the children's caseload"):
        eligible_victims(victims, plan, "children", *YEAR)
    with pytest.raises(InputError, match="after it ends"):
        eligible_victims(victims, plan, "victims", date(2026, 1, 1), date(2025, 1, 1))


def test_a_plan_may_take_victims_by_first_contact_and_offence_category(tmp_path: Path) -> None:
    text = (PLANS / "hmip-2025.yaml").read_text()
    old = "    - dates: [offence_date]"
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(
        text.replace(old, "    - dates: [first_contact_date]\n      offence_categories: [theft]")
    )
    plan = load_plan_file(path)
    victims = [
        victim("V-contacted", date(2025, 1, 1), date(2025, 5, 1)),
        victim("V-not-yet", date(2025, 6, 1)),
        victim("V-robbery", date(2025, 1, 1), date(2025, 5, 1), category="robbery"),
    ]
    found = eligible_victims(victims, plan, "victims", *YEAR)
    assert [v.victim_ref for v in found] == ["V-contacted"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    - dates: [offence_date]",
            "    - outcomes: [referral_order]\n      dates: [offence_date]",
            "plan.yaml:59: eligibility.victims[0].outcomes: victims are eligible by offence_date",
        ),
        (
            "    - dates: [offence_date]",
            "    - dates: [outcome_date]",
            "plan.yaml:59: eligibility.victims[0].dates: outcome_date is not a date of a victim",
        ),
        (
            "      dates: [outcome_date]\n  resettlement:",
            "      dates: [offence_date]\n  resettlement:",
            "plan.yaml:31: eligibility.oocd[0].dates: offence_date is not a date of a case",
        ),
        (
            "    minimum: 9",
            "    minimum: 30",
            "plan.yaml:65: domains.victims.maximum: is less than the minimum (24 < 30)",
        ),
        (
            "    stratify_by: [offence_category, consent_to_contact]",
            "    stratify_by: [offence_category, sex]",
            "plan.yaml:70: domains.victims.stratify_by: sex is not victims' fields",
        ),
        (
            "    stratify_by: [offence_category, consent_to_contact]",
            "    unit: child",
            "plan.yaml:70: domains.victims.unit: a victims' sample draws victims",
        ),
        (
            "    unit: child",
            "    unit: person",
            "plan.yaml:62: domains.children.unit: Input should be 'case' or 'child'",
        ),
        (
            "    unit: child",
            "    unit: child\n    size:\n      method: cochran\n      confidence: 2\n"
            "      margin: 0.05",
            "plan.yaml:65: domains.children.size.confidence: ",
        ),
        ("domains:\n  children:", "domains:\n  court:\n    minimum: 3\n  children:", ""),
    ],
)
def test_a_broken_2025_plan_names_the_file_line_and_field(
    tmp_path: Path, old: str, new: str, expected: str
) -> None:
    text = (PLANS / "hmip-2025.yaml").read_text()
    assert old in text
    path = tmp_path / "plan.yaml"
    path.write_text(text.replace(old, new, 1))
    if not expected:  # a valid change: court's own minimum
        assert load_plan_file(path).for_domain("court").minimum == 3
        return
    with pytest.raises(InputError) as caught:
        load_plan_file(path)
    described = caught.value.describe().replace(str(tmp_path) + "/", "")
    assert expected in described


def test_settings_for_a_domain_without_rules_are_refused(tmp_path: Path) -> None:
    text = (PLANS / "hmip-2018.yaml").read_text() + "domains:\n  victims:\n    minimum: 9\n"
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    with pytest.raises(
        InputError, match=r"domains\.victims: has no rules: add eligibility\.victims"
    ):
        load_plan_file(path)


def test_a_domain_may_have_no_maximum_where_the_plan_has_one(tmp_path: Path) -> None:
    text = (PLANS / "hmip-2025.yaml").read_text().replace("    maximum: 24", "    maximum: null")
    path = tmp_path / "plan.yaml"
    path.write_text(text)
    plan = load_plan_file(path)
    assert plan.for_domain("victims").maximum is None
    assert plan.for_domain("children").maximum == 91


def test_the_fixed_plan_draws_2025_samples_of_a_size_given() -> None:
    plan = get_plan("fixed")
    hmip = get_plan("hmip-2025")
    for domain in ("children", "victims"):
        mine, theirs = plan.for_domain(domain), hmip.for_domain(domain)
        assert (mine.unit, mine.rules, mine.stratify_by) == (
            theirs.unit,
            theirs.rules,
            theirs.stratify_by,
        )
        assert mine.size.method == "fixed" and mine.maximum is None


# --- the national standards: a sample per standard -------------------------------------------


NS_ROWS = [
    row("YC", "youth_caution", date(2025, 5, 1)),
    row("CR", "community_resolution", date(2025, 5, 2)),
    row("RO", "referral_order", date(2025, 6, 1)),
    row("YRO", "youth_rehabilitation_order", date(2025, 6, 2)),
    row("BAIL", "bail_supervision", date(2025, 7, 1)),
    row("RCOM", "remand_community", date(2025, 8, 1)),
    row("RYDA", "remand_youth_detention", date(2025, 9, 1)),
    # Sentenced before the window, licence (midpoint 2025-05-02) inside it.
    row("DTO-licence", "detention_and_training_order", date(2025, 1, 1), date(2025, 9, 1)),
    # Sentenced in the window, licence after it.
    row("DTO-sentenced", "detention_and_training_order", date(2026, 1, 1), date(2026, 9, 1)),
    # Sentenced in the window, still open (no licence date known).
    row("LTD-open", "long_term_detention", date(2025, 8, 1), None),
    row("PREV", "prevention", date(2025, 10, 1)),
    # Before the window: in no sample.
    row("RO-before", "referral_order", date(2025, 3, 31)),
    row("RYDA-before", "remand_youth_detention", date(2025, 3, 1)),
]


def ns(domain: str) -> list[str]:
    return refs(eligible_cases(NS_ROWS, get_plan("yjb-ns-2019"), domain, *YEAR))


def test_the_national_standards_plan_has_a_sample_for_each_standard() -> None:
    plan = get_plan("yjb-ns-2019")
    assert set(plan.eligibility) == {"oocd", "court", "community", "secure", "resettlement"}
    for domain in plan.eligibility:  # 20%, at least 20, by case, as the standards say
        settings = plan.for_domain(domain)
        assert settings.unit == "case" and settings.size == plan.size


def test_out_of_court_standard_takes_out_of_court_disposals_only() -> None:
    assert ns("oocd") == ["YC", "CR"]


def test_at_court_takes_every_sentence_and_the_courts_bail_and_remand_decisions() -> None:
    assert ns("court") == ["RO", "YRO", "BAIL", "RCOM", "RYDA", "DTO-sentenced", "LTD-open"]
    # A licence begun in the window is not a court appearance in it.
    assert "DTO-licence" not in ns("court")


def test_in_the_community_takes_community_sentences_and_licences() -> None:
    assert ns("community") == ["RO", "YRO", "DTO-licence"]


def test_secure_settings_take_custody_and_remand_to_youth_detention() -> None:
    assert ns("secure") == ["RYDA", "DTO-sentenced", "LTD-open"]
    # Bail and remand to local authority accommodation are not secure settings.
    assert not {"BAIL", "RCOM"} & set(ns("secure"))


def test_transition_and_resettlement_takes_custody_sentenced_or_released_in_the_window() -> None:
    assert ns("resettlement") == ["DTO-licence", "DTO-sentenced", "LTD-open"]


def test_the_hmip_plans_samples_are_unchanged_by_the_national_standards() -> None:
    hmip = get_plan("hmip-2018")
    found = {d: refs(eligible_cases(NS_ROWS, hmip, d, *YEAR)) for d in hmip.eligibility}
    assert found == {
        "court": ["RO", "YRO", "DTO-licence"],
        "oocd": ["YC", "CR"],
        "resettlement": ["DTO-licence", "DTO-sentenced", "LTD-open"],
    }


def test_the_fixed_plan_draws_the_national_standards_community_and_secure_samples() -> None:
    fixed = get_plan("fixed")
    for domain in ("community", "secure"):
        assert refs(eligible_cases(NS_ROWS, fixed, domain, *YEAR)) == ns(domain)
