"""Synthetic victims: only offences with a victim, realistic shares, the same from a seed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from yjqa.core.caseload import codes
from yjqa.core.caseload.victims import read_victims, write_victims_csv
from yjqa.core.synthetic import victims as synthetic
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.synthetic.victims import generate_victims

SERVICE = generate_service("Victims test", "VT", seed=11, outcomes_per_year=3000)
CASES = {case.case_ref: case for case in SERVICE.cases}
VICTIMS = generate_victims(SERVICE.cases, code="VT", seed=11)


def share(part: int, whole: int) -> float:
    assert whole > 0
    return part / whole


def test_the_same_cases_and_seed_give_the_same_victims_and_another_seed_others() -> None:
    assert generate_victims(SERVICE.cases, code="VT", seed=11) == VICTIMS
    assert generate_victims(SERVICE.cases, code="VT", seed=12) != VICTIMS


def test_victims_belong_only_to_offences_that_can_have_one() -> None:
    groups = {codes.outcome_group(CASES[v.case_ref].outcome) for v in VICTIMS}
    assert groups <= {group for group, chance in synthetic.VICTIM_CHANCE.items() if chance > 0}
    assert "prevention" not in groups
    for group, chance in synthetic.VICTIM_CHANCE.items():
        cases = [c for c in SERVICE.cases if codes.outcome_group(c.outcome) == group]
        if len(cases) < 100:
            continue
        with_victims = {v.case_ref for v in VICTIMS} & {c.case_ref for c in cases}
        assert share(len(with_victims), len(cases)) == pytest.approx(chance, abs=0.05), group


def test_every_victim_row_keeps_the_readers_rules_and_reads_back_from_a_file(
    tmp_path: Path,
) -> None:
    path = tmp_path / "victims.csv"
    write_victims_csv(path, VICTIMS)
    read = read_victims(path, today=date(2026, 12, 1))
    assert read == list(VICTIMS)
    assert [row.row for row in read] == [row.row for row in VICTIMS]
    assert [v.victim_ref for v in VICTIMS] == [f"VT-V{n:05d}" for n in range(1, len(VICTIMS) + 1)]
    for victim in VICTIMS:
        assert victim.offence_date < CASES[victim.case_ref].outcome_date
        assert victim.offence_category in codes.OFFENCE_CATEGORY
        assert victim.support_given in codes.SUPPORT_GIVEN
        if victim.first_contact_date is None:
            assert victim.consent_to_contact is None and victim.support_given == "none"


def test_the_shares_of_contact_consent_and_restorative_justice_are_the_stated_ones() -> None:
    contacted = [v for v in VICTIMS if v.first_contact_date is not None]
    consented = [v for v in contacted if v.consent_to_contact]
    offered = [v for v in VICTIMS if v.restorative_justice_offered]
    took_part = [v for v in VICTIMS if v.restorative_justice_took_part]
    consent_share = dict(synthetic.CONSENT_SHARES)[True]
    assert share(len(contacted), len(VICTIMS)) == pytest.approx(synthetic.CONTACTED_SHARE, abs=0.03)
    assert share(len(consented), len(contacted)) == pytest.approx(consent_share, abs=0.04)
    assert share(len(offered), len(consented)) == pytest.approx(
        synthetic.RJ_OFFERED_SHARE, abs=0.05
    )
    assert share(len(took_part), len(offered)) == pytest.approx(
        synthetic.RJ_TOOK_PART_SHARE, abs=0.06
    )
    assert all(v.consent_to_contact for v in offered)
    assert set(map(id, took_part)) <= set(map(id, offered))
    categories = [v.offence_category for v in VICTIMS]
    assert max(set(categories), key=categories.count) == "violence_against_the_person"
    safety = [v for v in VICTIMS if v.safety_planning_needed is not None]
    needed = share(sum(bool(v.safety_planning_needed) for v in safety), len(safety))
    assert synthetic.SAFETY_PLANNING_SHARE < needed < synthetic.SAFETY_PLANNING_SHARE_HARMED


def test_nothing_is_dated_after_the_day_given() -> None:
    as_of = date(2025, 9, 30)
    victims = generate_victims(SERVICE.cases, code="VT", seed=11, as_of=as_of)
    assert victims and all(v.offence_date <= as_of for v in victims)
    assert all(v.first_contact_date is None or v.first_contact_date <= as_of for v in victims)
    late = [v for v in VICTIMS if v.offence_date <= as_of and v.first_contact_date]
    assert any(v.first_contact_date and v.first_contact_date > as_of for v in late)


def test_a_service_code_must_be_letters_and_digits() -> None:
    with pytest.raises(ValueError, match="letters and digits"):
        generate_victims(SERVICE.cases, code="V-T", seed=1)
