"""The synthetic caseload generator: reproducible, valid codes and dates, realistic shares."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest

from yjqa.core.caseload import codes
from yjqa.core.synthetic.caseload import (
    SyntheticCase,
    SyntheticService,
    age_on,
    generate_service,
    generate_services,
)

YEAR_START = date(2025, 4, 1)
YEAR_END = date(2026, 3, 31)


def disposals(cases: Sequence[SyntheticCase]) -> list[SyntheticCase]:
    """The disposals: every record but bail and remand, which come on top of them."""
    return [case for case in cases if case.outcome not in codes.BAIL_REMAND]


@pytest.fixture(scope="module")
def national() -> list[SyntheticService]:
    """A large seeded sample for the distribution checks: 20 services, about 3,640 outcomes."""
    return generate_services(20, seed=2025)


@pytest.fixture(scope="module")
def national_cases(national: list[SyntheticService]) -> list[SyntheticCase]:
    return [case for service in national for case in service.cases]


def test_same_arguments_give_identical_output() -> None:
    first = generate_service("North Shire YJS", "NS", seed=7)
    second = generate_service("North Shire YJS", "NS", seed=7)
    assert first == second
    assert generate_services(3, seed=7) == generate_services(3, seed=7)


def test_different_seed_gives_different_output() -> None:
    assert generate_service("North Shire YJS", "NS", seed=7) != generate_service(
        "North Shire YJS", "NS", seed=8
    )
    services = generate_services(3, seed=7)
    assert services[0].cases != services[1].cases


def test_one_service_year_has_182_disposals_and_its_own_case_managers() -> None:
    service = generate_service("North Shire YJS", "NS", seed=1)
    assert service.name == "North Shire YJS"
    assert service.code == "NS"
    assert len(disposals(service.cases)) == 182
    assert 8 <= len(service.case_managers) <= 12
    assert len(set(service.case_managers)) == len(service.case_managers)
    assert service.population_10_17 > 0
    for case in service.cases:
        assert case.case_ref.startswith("NS-")
        assert case.person_ref.startswith("NS-P")
        assert case.case_manager in service.case_managers


def test_case_refs_are_unique_and_some_children_come_back(national: list[SyntheticService]) -> None:
    for service in national:
        refs = [case.case_ref for case in service.cases]
        assert len(refs) == len(set(refs))
        people = Counter(case.person_ref for case in service.cases)
        # Some children, not most, have more than one outcome.
        assert 0 < sum(n > 1 for n in people.values()) < len(people) / 2


def test_every_code_is_valid(national_cases: list[SyntheticCase]) -> None:
    for case in national_cases:
        assert case.sex in codes.SEX
        assert case.ethnicity in codes.ETHNICITY
        assert case.outcome in codes.OUTCOME
        assert case.rosh in codes.RISK_LEVEL
        assert case.safety_wellbeing in codes.RISK_LEVEL
        if case.outcome in codes.PREVENTION:
            assert case.likelihood_of_reoffending is None
        else:
            assert case.likelihood_of_reoffending in codes.LIKELIHOOD


def test_dates_are_plausible(national_cases: list[SyntheticCase]) -> None:
    for case in national_cases:
        assert YEAR_START <= case.outcome_date <= YEAR_END
        assert case.date_of_birth < case.outcome_date
        assert 10 <= age_on(case.date_of_birth, case.outcome_date) <= 17
        if case.end_date is not None:
            assert case.outcome_date <= case.end_date <= YEAR_END
    assert any(case.end_date is None for case in national_cases)
    assert any(case.end_date is not None for case in national_cases)


def test_durations_fit_each_kind_of_outcome(national_cases: list[SyntheticCase]) -> None:
    for case in national_cases:
        if case.end_date is None:
            continue
        days = (case.end_date - case.outcome_date).days
        if case.outcome == "referral_order":
            assert 89 <= days <= 366
        elif case.outcome == "youth_rehabilitation_order":
            assert 181 <= days <= 731
        elif case.outcome in codes.OUT_OF_COURT:
            assert days <= 16 * 7
    # Custodial sentences of at least 4 months starting in the year mostly outlast it.
    assert all(
        case.end_date is None or (case.end_date - case.outcome_date).days >= 120
        for case in national_cases
        if case.outcome in codes.CUSTODY
    )


def test_several_years_stay_in_the_window_and_children_age() -> None:
    service = generate_service("Long YJS", "LY", seed=3, years=3, outcomes_per_year=100)
    assert len(disposals(service.cases)) == 300
    assert min(c.outcome_date for c in service.cases) >= YEAR_START
    assert max(c.outcome_date for c in service.cases) <= date(2028, 3, 31)
    by_child: dict[str, list[SyntheticCase]] = defaultdict(list)
    for case in service.cases:
        by_child[case.person_ref].append(case)
        assert 10 <= age_on(case.date_of_birth, case.outcome_date) <= 17
    for outcomes in by_child.values():
        assert len({(c.date_of_birth, c.sex, c.ethnicity) for c in outcomes}) == 1


def test_repeat_outcomes_escalate(national: list[SyntheticService]) -> None:
    # Bail and remand come before a sentence, not on the ladder of disposals: see below.
    severity = {code: rank for rank, code in enumerate(codes.OUTCOME)}
    for service in national:
        by_child: dict[str, list[SyntheticCase]] = defaultdict(list)
        for case in disposals(service.cases):
            by_child[case.person_ref].append(case)
        for outcomes in by_child.values():
            outcomes.sort(key=lambda c: c.outcome_date)
            ranks = [severity[c.outcome] for c in outcomes]
            assert ranks == sorted(ranks)


def test_bail_and_remand_come_before_a_sentence_of_the_same_child(
    national: list[SyntheticService],
) -> None:
    found = Counter[str]()
    for service in national:
        sentences = {
            (case.person_ref, case.outcome_date)
            for case in service.cases
            if case.outcome in codes.STATUTORY
        }
        for case in service.cases:
            if case.outcome not in codes.BAIL_REMAND:
                continue
            found[case.outcome] += 1
            assert case.end_date is not None and case.end_date > case.outcome_date
            assert 14 <= (case.end_date - case.outcome_date).days <= 120
            assert (case.person_ref, case.end_date) in sentences  # ends on the sentence
            assert case.likelihood_of_reoffending in codes.LIKELIHOOD
    assert set(found) == set(codes.BAIL_REMAND)
    all_cases = sum(len(service.cases) for service in national)
    assert 0.02 < sum(found.values()) / all_cases < 0.07  # a few a year in each service
    assert found["bail_supervision"] > found["remand_community"]


def test_bail_and_remand_leave_the_disposals_as_they_were() -> None:
    # Their own seeded stream, references numbered after the disposals: nothing drawn from
    # the disposals (a court or out-of-court sample, say) changes.
    service = generate_service("North Shire YJS", "NS", seed=1)
    refs = [case.case_ref for case in disposals(service.cases)]
    assert refs == sorted(refs) == [f"NS-{n:06d}" for n in range(1, 183)]
    extra = [case.case_ref for case in service.cases if case.outcome in codes.BAIL_REMAND]
    assert extra == [f"NS-{n:06d}" for n in range(183, 183 + len(extra))]
    dates = [case.outcome_date for case in service.cases]
    assert dates == sorted(dates)
    without = generate_service("North Shire YJS", "NS", seed=1, bail_and_remand=False)
    assert [replace(c, child_ref="") for c in without.cases] == [
        replace(c, child_ref="") for c in disposals(service.cases)
    ]


def test_a_child_with_more_than_one_record_has_a_child_reference(
    national: list[SyntheticService],
) -> None:
    for service in national:
        records = Counter(case.person_ref for case in service.cases)
        for case in service.cases:
            expected = case.person_ref if records[case.person_ref] > 1 else ""
            assert case.child_ref == expected
        assert any(case.child_ref for case in service.cases)


def test_about_a_quarter_of_the_children_are_girls(national_cases: list[SyntheticCase]) -> None:
    sexes = Counter(case.sex for case in national_cases)
    assert 0.21 <= sexes["female"] / len(national_cases) <= 0.27
    children = {case.person_ref: case.sex for case in national_cases}
    girls = sum(sex == "female" for sex in children.values())
    assert 0.21 <= girls / len(children) <= 0.27
    assert 0 < sexes["other"] + sexes["unknown"] < 0.05 * len(national_cases)


def test_the_outcome_mix_is_near_a_typical_year(national_cases: list[SyntheticCase]) -> None:
    # The figures are of disposals; bail and remand come on top of them.
    national_cases = disposals(national_cases)
    total = len(national_cases)
    groups = Counter(codes.outcome_group(case.outcome) for case in national_cases)
    # Services vary their mix, so allow 3.5 percentage points on 20 services.
    tolerance = 0.035
    assert abs(groups["prevention"] / total - 53 / 182) < tolerance
    assert abs(groups["out_of_court"] / total - 81 / 182) < tolerance
    assert abs(groups["court"] / total - 46 / 182) < tolerance
    # Statutory orders: 46 court orders and about 2 custodial sentences in 182.
    statutory = sum(case.outcome in codes.STATUTORY for case in national_cases)
    assert abs(statutory / total - 48 / 182) < tolerance
    # Custody present but rare, long-term detention rarer than DTOs.
    assert 0 < groups["custody"] / total < 0.03
    outcomes = Counter(case.outcome for case in national_cases)
    assert outcomes["long_term_detention"] < outcomes["detention_and_training_order"]
    # Community resolutions lead out-of-court work, then Outcome 22; referral orders lead court.
    assert outcomes["community_resolution"] > outcomes["outcome_22"] > outcomes["youth_caution"]
    assert outcomes["youth_caution"] > outcomes["youth_conditional_caution"]
    assert outcomes["referral_order"] > outcomes["youth_rehabilitation_order"]


def test_ages_ethnicity_and_needs_have_realistic_shares(
    national_cases: list[SyntheticCase],
) -> None:
    total = len(national_cases)
    ages = Counter(age_on(c.date_of_birth, c.outcome_date) for c in national_cases)
    assert sum(ages[age] for age in range(14, 18)) / total > 0.7
    ethnicities = Counter(case.ethnicity for case in national_cases)
    assert ethnicities.most_common(1)[0][0] == "white"
    assert 0.6 <= ethnicities["white"] / total <= 0.93
    assert all(ethnicities[code] > 0 for code in codes.ETHNICITY)
    # Looked after about 10-15% and SEND about 25-30%, with some sampling slack.
    assert 0.09 <= sum(c.looked_after for c in national_cases) / total <= 0.16
    assert 0.23 <= sum(c.send for c in national_cases) / total <= 0.32


def test_assessments_are_heavier_for_court_and_custody(national_cases: list[SyntheticCase]) -> None:
    def heavy_share(group: str, attribute: str) -> float:
        cases = [c for c in national_cases if codes.outcome_group(c.outcome) == group]
        heavy = sum(getattr(c, attribute) in ("high", "very_high") for c in cases)
        return heavy / len(cases)

    for attribute in ("rosh", "safety_wellbeing"):
        light = heavy_share("prevention", attribute)
        oocd = heavy_share("out_of_court", attribute)
        court = heavy_share("court", attribute)
        assert light < court and oocd < court
        assert court < heavy_share("custody", attribute)
    very_high = sum(c.rosh == "very_high" for c in national_cases)
    assert 0 < very_high < 0.03 * len(national_cases)


def test_150_services_are_named_coded_and_generated() -> None:
    services = generate_services(150, seed=11)
    assert len(services) == 150
    assert len({service.code for service in services}) == 150
    assert services[0].name == "Service 001 YJS"
    assert services[0].code == "S001"
    assert services[149].code == "S150"
    assert all(len(disposals(service.cases)) == 182 for service in services)


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError):
        generate_service("X", "", seed=1)
    with pytest.raises(ValueError):
        generate_service("X", "N-S", seed=1)
    with pytest.raises(ValueError):
        generate_service("X", "NS", seed=1, years=0)
    with pytest.raises(ValueError):
        generate_services(-1, seed=1)
