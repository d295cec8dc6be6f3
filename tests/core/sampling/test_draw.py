"""The balanced draw: a whole sample, its balance on every stratification field, replacements."""

from __future__ import annotations

import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjqa.core.caseload import codes
from yjqa.core.caseload.reader import CaseloadRow, caseload_row
from yjqa.core.caseload.victims import VictimRow
from yjqa.core.sampling.draw import (
    balance_of,
    balanced_draw,
    best_replacement,
    case_population,
    draw_sample,
    draw_victims_sample,
    sample_as_dict,
    units_by_ref,
    victim_population,
    worst_deviation,
)
from yjqa.core.sampling.sampling_plans import eligible_cases, get_plan
from yjqa.core.sampling.size import plan_sample_size
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.synthetic.victims import generate_victims
from yjqa.core.validation.problems import InputError

from helpers import case_refs as refs
from helpers import case_row as row

YEAR = (date(2025, 4, 1), date(2026, 3, 31))


@pytest.fixture(scope="module")
def caseload() -> list[CaseloadRow]:
    service = generate_service("Test YJS", "T01", seed=7, outcomes_per_year=1500)
    return [caseload_row(case) for case in service.cases]


@pytest.fixture(scope="module")
def victims(caseload: list[CaseloadRow]) -> list[VictimRow]:
    return list(generate_victims(caseload, code="T01", seed=7))


def worst(units: Sequence[tuple[str, tuple[str, ...]]], chosen: Sequence[str], n: int) -> float:
    """The largest |sampled - share * n| over every category, counted here from scratch."""
    categories = dict(units)
    total = len(units)
    largest = 0.0
    for position in range(len(units[0][1]) if units else 0):
        population = Counter(cats[position] for _, cats in units)
        sampled = Counter(categories[ref][position] for ref in chosen)
        for category, count in population.items():
            largest = max(largest, abs(sampled[category] - n * count / total))
    return largest


# --- input errors -----------------------------------------------------------------------------


def test_no_eligible_cases_is_an_input_error() -> None:
    rows = [row("A", "referral_order", date(2024, 6, 1))]
    with pytest.raises(InputError, match="no eligible cases in the window for court"):
        draw_sample(rows, get_plan("hmip-2018"), "court", *YEAR, seed=1)


def test_a_negative_seed_and_repeated_case_refs_are_input_errors() -> None:
    rows = [row("A", "referral_order", date(2025, 6, 1))]
    with pytest.raises(InputError, match="seed"):
        draw_sample(rows, get_plan("hmip-2018"), "court", *YEAR, seed=-1)
    with pytest.raises(InputError, match="case A appears more than once"):
        draw_sample(rows * 2, get_plan("hmip-2018"), "court", *YEAR, seed=1)


# --- the whole draw ---------------------------------------------------------------------------


def test_a_drawn_sample_is_sized_balanced_and_replayable(caseload: list[CaseloadRow]) -> None:
    plan = get_plan("hmip-2025")
    sample = draw_sample(caseload, plan, "court", *YEAR, seed=42)
    eligible = eligible_cases(caseload, plan, "court", *YEAR)
    assert sample.size == plan_sample_size(plan, len(eligible))
    n = sample.size.sample_size
    assert len(sample.cases) == len(set(sample.cases)) == n
    assert len(sample.reserve) == max(3, math.ceil(0.25 * n))
    assert not set(sample.cases) & set(sample.reserve)
    assert set(sample.cases) | set(sample.reserve) <= set(refs(eligible))
    assert worst_deviation(sample.balance) <= 1
    assert list(sample.balance) == ["sex", "outcome", "rosh", "safety_wellbeing"]
    assert list(sample.balance["rosh"])[:2] == ["low", "medium"]  # codes order
    assert sum(b.sample for b in sample.balance["sex"].values()) == n
    assert sum(b.population for b in sample.balance["sex"].values()) == len(eligible)

    shuffled = list(caseload)
    random.Random(3).shuffle(shuffled)
    again = draw_sample(shuffled, plan, "court", *YEAR, seed=42)
    assert again == sample
    other = draw_sample(caseload, plan, "court", *YEAR, seed=43)
    assert other.cases != sample.cases
    assert other.fingerprint == sample.fingerprint


def test_the_fingerprint_changes_with_the_population(caseload: list[CaseloadRow]) -> None:
    plan = get_plan("hmip-2018")
    sample = draw_sample(caseload, plan, "oocd", *YEAR, seed=5)
    target = next(i for i, r in enumerate(caseload) if r.case_ref == sample.cases[0])
    for change in ({"rosh": "very_high"}, {"end_date": date(2026, 3, 1)}, {"case_ref": "X-1"}):
        changed = list(caseload)
        changed[target] = replace(caseload[target], **change)  # type: ignore[arg-type]
        assert draw_sample(changed, plan, "oocd", *YEAR, seed=5).fingerprint != sample.fingerprint
    fewer = [r for i, r in enumerate(caseload) if i != target]
    assert draw_sample(fewer, plan, "oocd", *YEAR, seed=5).fingerprint != sample.fingerprint


def test_sample_as_dict_has_the_agreed_shape(caseload: list[CaseloadRow]) -> None:
    sample = draw_sample(caseload, get_plan("fixed"), "oocd", *YEAR, seed=9, fixed_size=40)
    data = sample_as_dict(sample)
    assert list(data)[:6] == ["population", "sample_size", "seed", "balance", "cases", "reserve"]
    assert data["sample_size"] == 40 and data["seed"] == 9
    assert data["population"] == sample.size.population
    female = data["balance"]["sex"]["female"]
    assert list(female) == ["population", "expected", "sample"]
    assert female["expected"] == round(40 * female["population"] / data["population"], 2)
    assert data["cases"] == list(sample.cases)
    assert data["reserve"] == list(sample.reserve)
    assert data["plan"] == "fixed" and data["domain"] == "oocd"
    assert json.loads(json.dumps(data)) == data


def test_every_eligible_case_is_drawn_when_the_sample_is_the_population() -> None:
    rows = [row(f"C{i}", "referral_order", date(2025, 6, 1 + i)) for i in range(5)]
    sample = draw_sample(rows, get_plan("hmip-2025"), "court", *YEAR, seed=1)
    assert sorted(sample.cases) == refs(rows)
    assert sample.reserve == ()
    assert sample.size.working[-1] == "clamped to the population 5 (every eligible case)"


# --- balance properties -----------------------------------------------------------------------


@st.composite
def populations(draw: st.DrawFn, max_size: int = 2000, max_categories: int = 5) -> tuple:
    """Units with random categories on 4 fields (some skewed), a sample size and a seed."""
    size = draw(st.integers(1, max_size))
    categories = [draw(st.integers(1, max_categories)) for _ in range(4)]
    skew = draw(st.sampled_from([1, 2, 4]))
    layout = draw(st.integers(0, 2**32))
    rng = random.Random(layout)
    weights = [[rng.random() ** skew + 0.01 for _ in range(k)] for k in categories]
    units = [
        (
            f"C{i:05d}",
            tuple(
                f"v{rng.choices(range(k), w)[0]}" for k, w in zip(categories, weights, strict=True)
            ),
        )
        for i in range(size)
    ]
    n = draw(st.integers(0, size))
    seed = draw(st.integers(0, 2**31))
    return units, n, seed, max(categories)


@settings(max_examples=150, deadline=None)
@given(populations())
def test_the_draw_is_balanced_and_well_formed(case: tuple) -> None:
    units, n, seed, most_categories = case
    reserve_size = max(3, math.ceil(0.25 * n))
    sample, reserve = balanced_draw(units, n, seed, reserve_size)
    all_refs = {ref for ref, _ in units}
    assert len(sample) == len(set(sample)) == n
    assert len(reserve) == len(set(reserve)) == min(reserve_size, len(units) - n)
    assert set(sample) <= all_refs and set(reserve) <= all_refs
    assert not set(sample) & set(reserve)
    deviation = worst(units, sample, n)
    assert deviation <= 2 + 1e-9
    if len(units) >= 4 * n and most_categories <= 3:
        assert deviation <= 1 + 1e-9
    assert worst_deviation(balance_of(dict(units), sample, n)) == pytest.approx(deviation)


@settings(max_examples=100, deadline=None)
@given(populations(max_size=12, max_categories=4))
def test_the_draw_is_within_one_case_whenever_any_sample_is(case: tuple) -> None:
    units, n, seed, _ = case
    sample, _ = balanced_draw(units, n, seed, 3)
    best = min(worst(units, chosen, n) for chosen in itertools.combinations(dict(units), n))
    if best <= 1 + 1e-9:
        assert worst(units, sample, n) <= 1 + 1e-9


@settings(max_examples=100, deadline=None)
@given(populations(max_size=600), st.randoms(use_true_random=False))
def test_the_draw_replays_from_any_input_order(case: tuple, rng: random.Random) -> None:
    units, n, seed, _ = case
    shuffled = list(units)
    rng.shuffle(shuffled)
    assert balanced_draw(shuffled, n, seed, 5) == balanced_draw(units, n, seed, 5)


@settings(max_examples=100, deadline=None)
@given(populations(max_size=1500), st.data())
def test_different_seeds_draw_different_samples(case: tuple, data: st.DataObject) -> None:
    units, _, seed, _ = case
    if len(units) < 200:
        units = units + [(f"D{i:05d}", units[i % len(units)][1]) for i in range(200)]
    n = data.draw(st.integers(10, len(units) // 2))
    other = data.draw(st.integers(0, 2**31).filter(lambda s: s != seed))
    first, _ = balanced_draw(units, n, seed, 3)
    second, _ = balanced_draw(units, n, other, 3)
    assert set(first) != set(second)


def test_bad_draw_arguments_are_refused() -> None:
    units = [("A", ("x",)), ("B", ("y",))]
    with pytest.raises(ValueError, match="cannot draw 3 cases from 2"):
        balanced_draw(units, 3, 1, 0)
    with pytest.raises(ValueError, match="appears more than once"):
        balanced_draw([*units, ("A", ("y",))], 1, 1, 0)
    assert balanced_draw([], 0, 1, 3) == ([], [])


# --- replacement ------------------------------------------------------------------------------


def test_best_replacement_keeps_the_balance() -> None:
    # 8 girls and 8 boys; the sample has 2 of each. Replacing a boy with the first reserve
    # case (a girl) would leave 3 girls and 1 boy; the second (a boy) keeps 2 and 2.
    units = {f"F{i}": ("female",) for i in range(8)} | {f"M{i}": ("male",) for i in range(8)}
    sample = ["F0", "M0", "F1", "M1"]
    assert best_replacement(sample, ["F2", "M2", "M3"], "M0", units) == "M2"
    assert best_replacement(sample, ["F2", "F3"], "M0", units) == "F2"  # earliest of equals
    assert best_replacement(sample, [], "M0", units) is None
    assert best_replacement(sample, ["F0"], "M0", units) is None  # already sampled
    with pytest.raises(InputError, match="not in the sample"):
        best_replacement(sample, ["F2"], "M7", units)


def test_best_replacement_weighs_every_field() -> None:
    # Girls 2 of 7, boys 5; low risk 5, high 2. A sample of 3 should have about 1 girl,
    # 2 boys, 2 low and 1 high. Without D it has A (girl, low) and B (boy, high).
    units = {
        "A": ("female", "low"),
        "B": ("male", "high"),
        "D": ("male", "low"),
        "E": ("male", "high"),  # the first reserve case: right sex, wrong risk (2 high)
        "F": ("male", "low"),  # right on both
        "G": ("male", "low"),
        "H": ("female", "low"),
    }
    assert best_replacement(["A", "B", "D"], ["E", "F"], "D", units) == "F"
    assert best_replacement(["A", "B", "D"], ["E", "H", "G"], "D", units) == "G"


def test_units_by_ref_carries_the_plan_fields_into_balance(caseload: list[CaseloadRow]) -> None:
    plan = get_plan("hmip-2018")
    sample = draw_sample(caseload, plan, "court", *YEAR, seed=11)
    units = units_by_ref(eligible_cases(caseload, plan, "court", *YEAR), plan)
    assert balance_of(units, sample.cases, len(sample.cases)) == sample.balance


# --- 2025: children by child, victims apart ---------------------------------------------------


def test_a_child_with_three_outcomes_is_one_unit_of_the_children_s_sample() -> None:
    plan = get_plan("hmip-2025")
    child = [
        replace(row("A1", "remand_community", date(2025, 5, 1)), child_ref="C-1"),
        replace(row("A2", "referral_order", date(2025, 7, 1), sex="female"), child_ref="C-1"),
        replace(row("A3", "youth_caution", date(2025, 4, 10)), child_ref="C-1"),
    ]
    others = [row(f"B{i}", "youth_caution", date(2025, 6, 1 + i)) for i in range(20)]
    population = case_population([*child, *others], plan, "children", *YEAR)
    assert len(population.units) == 21  # children, not records
    assert population.records["C-1"] == "A2"  # the child's most recent record stands in
    assert population.units["C-1"] == ("female", "referral_order", "low", "low")
    sample = draw_sample([*child, *others], plan, "children", *YEAR, seed=3)
    assert sample.unit == "child" and sample.size.population == 21
    assert sample.size.sample_size == 19  # Cochran's 19 of 21, within 14 to 91
    drawn = dict(
        zip(sample.units + sample.reserve_units, sample.cases + sample.reserve, strict=True)
    )
    assert len(drawn) == 21  # 19 and a reserve of 2: every child once, C-1 by A2
    assert drawn["C-1"] == "A2"
    assert not {"A1", "A3"} & {*sample.cases, *sample.reserve}
    data = sample_as_dict(sample)
    assert data["unit"] == "child" and data["children"] == list(sample.units)
    assert data["reserve_children"] == list(sample.reserve_units)


def test_a_children_s_sample_is_sized_balanced_replayable_and_fingerprinted(
    caseload: list[CaseloadRow],
) -> None:
    plan = get_plan("hmip-2025")
    sample = draw_sample(caseload, plan, "children", *YEAR, seed=42)
    eligible = eligible_cases(caseload, plan, "children", *YEAR)
    children = {r.child for r in eligible}
    assert sample.size.population == len(children) < len(eligible)
    assert sample.size.sample_size == 91  # about 1,000 children: Cochran's 160, at most 91
    assert len(set(sample.units)) == len(sample.units) == 91
    assert not set(sample.units) & set(sample.reserve_units)
    assert len(sample.reserve) == max(3, math.ceil(0.25 * 91))
    assert worst_deviation(sample.balance) <= 1
    assert sum(b.population for b in sample.balance["outcome"].values()) == len(children)
    # Bail and remand records make children eligible; a child stands in the balance by the
    # latest record, which is the sentence after a remand in the window.
    assert any(r.outcome in codes.BAIL_REMAND for r in eligible)
    shuffled = list(caseload)
    random.Random(1).shuffle(shuffled)
    assert draw_sample(shuffled, plan, "children", *YEAR, seed=42) == sample
    # Linking two children's records makes them one child: another population.
    first, second = [r for r in eligible if r.child_ref == ""][:2]
    relinked = [replace(r, child_ref="LINKED") if r in (first, second) else r for r in caseload]
    again = draw_sample(relinked, plan, "children", *YEAR, seed=42)
    assert again.size.population == len(children) - 1
    assert again.fingerprint != sample.fingerprint
    # The court sample of the same plan is by case, as before.
    court = draw_sample(caseload, plan, "court", *YEAR, seed=42)
    assert court.unit == "case" and court.units == court.cases


def test_a_victims_sample_has_its_own_bounds_strata_and_reserve(
    victims: list[VictimRow],
) -> None:
    plan = get_plan("hmip-2025")
    sample = draw_victims_sample(victims, plan, *YEAR, seed=8)
    eligible = victim_population(victims, plan, "victims", *YEAR)
    assert sample.unit == "victim" and sample.domain == "victims"
    assert sample.size.population == len(eligible.units) > 24
    assert sample.size.sample_size == 24  # at most 24 victims
    assert set(sample.cases) <= set(eligible.units) and sample.units == sample.cases
    assert list(sample.balance) == ["offence_category", "consent_to_contact"]
    assert worst_deviation(sample.balance) <= 1
    assert len(sample.reserve) == 6 and not set(sample.cases) & set(sample.reserve)
    assert draw_victims_sample(list(reversed(victims)), plan, *YEAR, seed=8) == sample
    changed = [
        replace(v, consent_to_contact=not v.consent_to_contact)
        if v.victim_ref == sample.cases[0]
        else v
        for v in victims
    ]
    assert draw_victims_sample(changed, plan, *YEAR, seed=8).fingerprint != sample.fingerprint
    data = sample_as_dict(sample)
    assert data["unit"] == "victim" and data["cases"] == list(sample.cases)
    replacement = best_replacement(sample.cases, sample.reserve, sample.cases[0], eligible.units)
    assert replacement in sample.reserve


def test_a_small_victims_population_is_drawn_whole_and_a_plan_without_victims_refuses(
    victims: list[VictimRow],
) -> None:
    plan = get_plan("hmip-2025")
    few = victims[:5]
    window = (min(v.offence_date for v in few), max(v.offence_date for v in few))
    sample = draw_victims_sample(few, plan, *window, seed=1)
    assert sorted(sample.cases) == sorted(v.victim_ref for v in few)
    assert sample.size.working[-1] == "clamped to the population 5 (every eligible victim)"
    with pytest.raises(InputError, match="no eligible victims in the window for victims"):
        draw_victims_sample(few, plan, date(2030, 1, 1), date(2030, 2, 1), seed=1)
    with pytest.raises(InputError, match="has no domain 'victims'"):
        draw_victims_sample(few, get_plan("hmip-2018"), *YEAR, seed=1)
    with pytest.raises(InputError, match=r"victim \S+ appears more than once"):
        draw_victims_sample([*few, few[0]], plan, *window, seed=1)
    with pytest.raises(InputError, match="drawn from a victims' caseload"):
        draw_sample([], plan, "victims", *YEAR, seed=1)


def cochran_80_5(population: int, low: int, high: int) -> int:
    """HMIP's size, worked out here: 80% confidence, 5 points, clamped, at most everyone."""
    n0 = 1.2815515655446004**2 * 0.25 / 0.05**2
    n = math.ceil(n0 / (1 + (n0 - 1) / population) - 1e-9)
    return min(population, high, max(low, n))


@st.composite
def children_caseloads(draw: st.DrawFn) -> tuple[list[CaseloadRow], int]:
    """Children with 1 to 4 records each (some before the window, some prevention), a seed."""
    count = draw(st.integers(1, 160))
    layout = random.Random(draw(st.integers(0, 2**32)))
    outcomes = list(codes.OUTCOME)
    rows: list[CaseloadRow] = []
    for child in range(count):
        records = layout.choice([1, 1, 1, 2, 3, 4])
        for number in range(records):
            rows.append(
                replace(
                    row(
                        f"K{child:03d}-{number}",
                        layout.choice(outcomes),
                        date(2025, 1, 1) + timedelta(days=layout.randrange(480)),
                        sex=layout.choice(["male", "male", "female"]),
                        rosh=layout.choice(["low", "medium", "high"]),
                    ),
                    child_ref=f"K{child:03d}" if records > 1 else "",
                )
            )
    return rows, draw(st.integers(0, 2**31))


@settings(max_examples=60, deadline=None)
@given(children_caseloads(), st.randoms(use_true_random=False))
def test_a_children_s_sample_is_within_bounds_takes_a_child_once_and_replays(
    case: tuple[list[CaseloadRow], int], rng: random.Random
) -> None:
    rows, seed = case
    plan = get_plan("hmip-2025")
    eligible = eligible_cases(rows, plan, "children", *YEAR)
    children = {r.child for r in eligible}
    if not children:
        with pytest.raises(InputError, match="no eligible children"):
            draw_sample(rows, plan, "children", *YEAR, seed=seed)
        return
    sample = draw_sample(rows, plan, "children", *YEAR, seed=seed)
    n = len(sample.cases)
    assert n == cochran_80_5(len(children), 14, 91)
    drawn = [*sample.units, *sample.reserve_units]
    assert len(drawn) == len(set(drawn))  # a child at most once, sample and reserve together
    assert set(drawn) <= children
    child_of = {r.case_ref: r.child for r in eligible}
    assert [child_of[ref] for ref in sample.cases] == list(sample.units)
    shuffled = list(rows)
    rng.shuffle(shuffled)
    assert draw_sample(shuffled, plan, "children", *YEAR, seed=seed) == sample


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 80), st.integers(0, 2**32), st.integers(0, 2**31))
def test_a_victims_sample_is_within_9_to_24_and_replays(count: int, layout: int, seed: int) -> None:
    rng = random.Random(layout)
    victims = [
        VictimRow(
            victim_ref=f"V{i:03d}",
            case_ref=f"C{i % 7}",
            offence_category=rng.choice(list(codes.OFFENCE_CATEGORY)),
            offence_date=date(2025, 4, 1) + timedelta(days=rng.randrange(365)),
            first_contact_date=None,
            consent_to_contact=rng.choice([True, False, None]),
            restorative_justice_offered=None,
            restorative_justice_took_part=None,
            safety_planning_needed=None,
            support_given="none",
        )
        for i in range(count)
    ]
    plan = get_plan("hmip-2025")
    sample = draw_victims_sample(victims, plan, *YEAR, seed=seed)
    assert len(sample.cases) == cochran_80_5(count, 9, 24)
    assert len(set(sample.cases)) == len(sample.cases)
    assert not set(sample.cases) & set(sample.reserve)
    rng.shuffle(victims)
    assert draw_victims_sample(victims, plan, *YEAR, seed=seed) == sample
