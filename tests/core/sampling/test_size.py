"""Sample sizes: Cochran's formula with the finite-population correction, and each plan's."""

from __future__ import annotations

import json
import math

import pytest

from yjqa.core.sampling.sampling_plans import get_plan
from yjqa.core.sampling.size import plan_sample_size, sample_size, sample_size_as_dict
from yjqa.core.validation.problems import InputError

# From a standard normal table (and scipy.stats.norm.ppf(0.90)), not from the module.
Z_80 = 1.2815515655446004
Z_95 = 1.959963984540054


def cochran(population: int, z: float, margin: float) -> int:
    """The textbook formula, written out here independently of yjqa."""
    n0 = z**2 * 0.5 * (1 - 0.5) / margin**2
    return math.ceil(round(n0 / (1 + (n0 - 1) / population), 9))


def test_80_percent_and_5_points_give_the_textbook_z_and_n0() -> None:
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
def test_each_population_needs_the_sample_size_checked_by_hand(
    population: int, expected: int, corrected: float
) -> None:
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


def test_every_plan_method_sizes_its_sample() -> None:
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


def test_a_sample_size_as_a_dict_has_the_agreed_shape() -> None:
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
