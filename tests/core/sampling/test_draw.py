"""The balanced draw: a whole sample, its balance on every stratification field, replacements."""

from __future__ import annotations

import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from yjqa.core.caseload.reader import CaseloadRow, caseload_row
from yjqa.core.sampling.draw import (
    balance_of,
    balanced_draw,
    best_replacement,
    draw_sample,
    sample_as_dict,
    units_by_ref,
    worst_deviation,
)
from yjqa.core.sampling.sampling_plans import eligible_cases, get_plan
from yjqa.core.sampling.size import plan_sample_size
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.validation.problems import InputError

from helpers import case_refs as refs
from helpers import case_row as row

YEAR = (date(2025, 4, 1), date(2026, 3, 31))


@pytest.fixture(scope="module")
def caseload() -> list[CaseloadRow]:
    service = generate_service("Test YJS", "T01", seed=7, outcomes_per_year=1500)
    return [caseload_row(case) for case in service.cases]


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
