"""Sampling: plan files, Cochran sample sizes, eligibility windows and the balanced draw."""

from __future__ import annotations

import itertools
import json
import math
import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path

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
from yjqa.core.sampling.sampling_plans import (
    SamplingPlan,
    eligible_cases,
    get_plan,
    licence_start,
    load_plan_file,
    shipped_plans,
)
from yjqa.core.sampling.size import plan_sample_size, sample_size, sample_size_as_dict
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.validation.problems import InputError

from helpers import ROOT

PLANS = ROOT / "src" / "yjqa" / "sampling_plans"
YEAR = (date(2025, 4, 1), date(2026, 3, 31))

# From a standard normal table (and scipy.stats.norm.ppf(0.90)), not from the module.
Z_80 = 1.2815515655446004
Z_95 = 1.959963984540054


def cochran(population: int, z: float, margin: float) -> int:
    """The textbook formula, written out here independently of yjqa."""
    n0 = z**2 * 0.5 * (1 - 0.5) / margin**2
    return math.ceil(round(n0 / (1 + (n0 - 1) / population), 9))


def row(
    ref: str,
    outcome: str,
    outcome_date: date,
    end_date: date | None = None,
    *,
    sex: str = "male",
    rosh: str = "low",
    safety: str = "low",
) -> CaseloadRow:
    return CaseloadRow(
        case_ref=ref,
        sex=sex,
        ethnicity="white",
        date_of_birth=date(2010, 1, 1),
        outcome=outcome,
        outcome_date=outcome_date,
        rosh=rosh,
        safety_wellbeing=safety,
        end_date=end_date,
        likelihood_of_reoffending="",
        case_manager="Alex Ashdown",
        looked_after=None,
        send=False,
    )


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


# --- sample sizes -----------------------------------------------------------------------------


def test_z_and_n0_for_80_percent_and_5_points() -> None:
    size = sample_size(1000)
    assert size.z == pytest.approx(Z_80, abs=1e-12)
    assert size.n0 == pytest.approx(164.2374, abs=1e-4)
    assert size.n0 == pytest.approx(Z_80**2 * 0.25 / 0.05**2)
    assert size.working[0] == "z for 80% confidence = 1.2816"
    assert size.working[1].startswith("n0 = z² × 0.25 / e² = ")  # noqa: RUF001
    assert size.working[1].endswith("= 164.2")


@pytest.mark.parametrize("population", [10, 30, 50, 100, 1000, 100_000])
def test_sample_size_matches_the_formula(population: int) -> None:
    size = sample_size(population, confidence=0.8, margin=0.05)
    assert size.sample_size == cochran(population, Z_80, 0.05)
    assert size.corrected == pytest.approx(
        size.n0 / (1 + (size.n0 - 1) / population)  # type: ignore[operator]
    )
    assert size.method == "cochran"
    assert size.population == population


@pytest.mark.parametrize(
    ("population", "expected", "corrected"),
    [(10, 10, 9.48), (30, 26, 25.50), (50, 39, 38.51), (100, 63, 62.39), (1000, 142, 141.19)],
)
def test_hand_checked_sample_sizes(population: int, expected: int, corrected: float) -> None:
    # e.g. N = 30: 164.237 / (1 + 163.237 / 30) = 164.237 / 6.4412 = 25.498, rounded up to 26.
    size = sample_size(population)
    assert size.sample_size == expected
    assert size.corrected == pytest.approx(corrected, abs=0.01)
    assert f"rounded up to {expected}" in size.working[-1]


def test_the_working_reads_as_a_person_would_check_it() -> None:
    assert sample_size(30).working[-1] == (
        "finite-population correction: n = n0 / (1 + (n0 − 1) / N) = "  # noqa: RUF001
        "164.2 / (1 + 163.2 / 30) = 25.5, rounded up to 26"
    )
    # 163.96 is shown as such, never as "164.0, rounded up to 164".
    assert sample_size(100_000).working[-1].endswith("= 163.97, rounded up to 164")


def test_95_percent_and_5_points_gives_the_textbook_385() -> None:
    size = sample_size(10**9, confidence=0.95, margin=0.05)
    assert size.z == pytest.approx(Z_95, abs=1e-12)
    assert size.n0 == pytest.approx(384.15, abs=0.005)
    assert size.sample_size == 385
    assert size.working[0] == "z for 95% confidence = 1.9600"


def test_sizes_are_clamped_to_the_minimum_maximum_and_population() -> None:
    assert sample_size(30, minimum=14, maximum=91).sample_size == 26
    small = sample_size(16, minimum=14, maximum=91)
    assert small.sample_size == 15  # 164.2 / (1 + 163.2 / 16) = 14.7 → 15
    tiny = sample_size(10, minimum=14, maximum=91)
    assert tiny.sample_size == 10
    assert tiny.working[-2:] == (
        "clamped to the minimum 14",
        "clamped to the population 10 (every eligible case)",
    )
    big = sample_size(1000, minimum=14, maximum=91)
    assert big.sample_size == 91
    assert big.working[-1] == "clamped to the maximum 91"
    assert sample_size(5, minimum=1).sample_size == 5
    assert sample_size(0).sample_size == 0


@pytest.mark.parametrize(
    ("kwargs", "place"),
    [
        ({"confidence": 1.0}, "confidence"),
        ({"confidence": 0.0}, "confidence"),
        ({"margin": 0.0}, "margin"),
        ({"margin": 1.5}, "margin"),
        ({"minimum": 20, "maximum": 10}, "maximum"),
        ({"minimum": -1}, "minimum"),
    ],
)
def test_bad_size_arguments_are_input_errors(kwargs: dict[str, float], place: str) -> None:
    with pytest.raises(InputError) as caught:
        sample_size(100, **kwargs)  # type: ignore[arg-type]
    assert caught.value.problems[0].place == place
    with pytest.raises(InputError, match="population: must not be negative"):
        sample_size(-1)


def test_plan_sizes_for_every_method() -> None:
    hmip_2025 = get_plan("hmip-2025")
    assert plan_sample_size(hmip_2025, 30).sample_size == 26
    assert plan_sample_size(hmip_2025, 1000).sample_size == 91
    assert plan_sample_size(hmip_2025, 12).sample_size == 12
    assert plan_sample_size(get_plan("hmip-2018"), 1000).sample_size == 142

    yjb = get_plan("yjb-ns-2019")
    assert plan_sample_size(yjb, 150).sample_size == 30  # 20% of 150
    assert plan_sample_size(yjb, 101).sample_size == 21  # 20.2 rounded up
    assert plan_sample_size(yjb, 60).sample_size == 20  # 12, raised to 20
    assert plan_sample_size(yjb, 12).sample_size == 12  # every case when fewer than 20
    assert plan_sample_size(yjb, 150).method == "proportion"
    assert plan_sample_size(yjb, 150).z is None

    fixed = get_plan("fixed")
    assert plan_sample_size(fixed, 1200, 500).sample_size == 500
    assert plan_sample_size(fixed, 40, 500).sample_size == 40
    with pytest.raises(InputError, match="needs the number of cases"):
        plan_sample_size(fixed, 100)
    with pytest.raises(InputError, match="must be at least 1"):
        plan_sample_size(fixed, 100, 0)
    with pytest.raises(InputError, match="cochran method: a size cannot be given"):
        plan_sample_size(hmip_2025, 100, 20)
    twenty = fixed.model_copy(update={"size": fixed.size.model_copy(update={"cases": 20})})
    assert plan_sample_size(twenty, 100).sample_size == 20
    assert plan_sample_size(twenty, 100, 20).sample_size == 20
    with pytest.raises(InputError, match="fixes the size at 20 cases"):
        plan_sample_size(twenty, 100, 30)


def test_sample_size_as_dict() -> None:
    data = sample_size_as_dict(sample_size(30, minimum=14, maximum=91))
    assert list(data) == [
        "population",
        "sample_size",
        "confidence",
        "margin",
        "z",
        "n0",
        "corrected",
        "minimum",
        "maximum",
        "working",
    ]
    assert data["population"] == 30
    assert data["sample_size"] == 26
    assert (data["minimum"], data["maximum"]) == (14, 91)
    json.dumps(data)


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


def test_get_plan_by_path_and_unknown_ids(tmp_path: Path) -> None:
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


# --- eligibility ------------------------------------------------------------------------------


def refs(rows: Sequence[CaseloadRow]) -> list[str]:
    return [r.case_ref for r in rows]


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


def test_every_eligible_case_when_the_sample_is_the_population() -> None:
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
def test_within_one_case_whenever_any_sample_is(case: tuple) -> None:
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


def test_bad_draw_arguments() -> None:
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
