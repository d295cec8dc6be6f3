"""The indicator engine against the independent pandas reference (bench/pandas_reference.py).

The slow test runs the benchmark small (3 services over 2 years), prints its figures into the
test log and asserts the engine and the reference agree on every figure. The others check, on a
few hand-made records at the edges of the definitions, that both sides agree, and that the
benchmark's comparison does notice a difference.
"""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from typing import Any

import polars as pl
import pytest

from yjqa.core.indicators.data import KPI_COLUMNS, SCHEMAS, IndicatorData
from yjqa.core.indicators.engine import Period, compute_many

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from indicators import differences, keyed, same_float
from pandas_reference import reference_indicators

D = date


@pytest.mark.slow
def test_the_benchmark_run_small_finds_the_engine_equal_to_the_reference(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "indicators.py"), "--services", "3", "--years", "2"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    with capsys.disabled():  # the figures go into the CI log even when the test passes
        print("\n--- bench/indicators.py --services 3 --years 2 ---")
        print(result.stdout + result.stderr)
    last = result.stdout.strip().splitlines()[-1]
    assert last.startswith("engine_s="), last
    assert last.endswith("equal=true"), result.stdout
    assert result.returncode == 0


# --- Hand-made records at the edges of the definitions -----------------------------------------


def _people(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=list(SCHEMAS["people"].items()), orient="row")


def _outcomes(rows: list[tuple[Any, ...]]) -> pl.DataFrame:
    full = []
    for row in rows:
        kpis: dict[str, bool | None] = row[9] if len(row) > 9 else {}
        full.append([*row[:9], *(kpis.get(k) for k in KPI_COLUMNS)])
    return pl.DataFrame(full, schema=list(SCHEMAS["outcomes"].items()), orient="row")


def _population(services: list[str], years: list[int]) -> pl.DataFrame:
    groups = (("white", 300), ("black", 40), ("mixed", 25), ("asian", 60), ("other", 10))
    rows = [
        (service, year, sex, ethnicity, age, count + age)
        for service in services
        for year in years
        for sex in ("male", "female")
        for ethnicity, count in groups
        for age in range(10, 18)
    ]
    return pl.DataFrame(rows, schema=list(SCHEMAS["population"].items()), orient="row")


PEOPLE = [
    ("A", "S1", "male", "white", D(2002, 5, 5)),
    ("B", "S1", "female", "black", D(2004, 2, 29)),
    ("C", "S1", "other", "unknown", D(2000, 1, 1)),
    ("E", "S1", "unknown", "mixed", D(2003, 3, 1)),
    ("F", "S2", "male", "asian", D(2005, 6, 1)),
]
OUTCOMES = [
    # A's index outcome is on 31 August 2016; 18 months on is 28 February 2018.
    ("o1", "A", "S1", D(2016, 8, 1), D(2016, 8, 31), "youth_caution", "theft", 2, D(2016, 8, 31),
     {"accommodation_suitable": True, "send_identified": True, "send_plan": None}),
    # Committed 1 day after the index, proven on the last day allowed: counts.
    ("o2", "A", "S1", D(2016, 9, 1), D(2018, 2, 28), "referral_order", "robbery", 6,
     D(2018, 8, 28)),
    # Committed 365 days after: counts.
    ("o3", "A", "S1", D(2017, 8, 31), D(2017, 10, 1), "youth_rehabilitation_order",
     "violence_against_the_person", 5, D(2018, 4, 1)),
    # Committed 366 days after: does not count; still open.
    ("o4", "A", "S1", D(2017, 9, 1), D(2017, 10, 2), "youth_rehabilitation_order", "drugs", 4,
     None),
    # Committed on the index date: does not count.
    ("o5", "A", "S1", D(2016, 8, 31), D(2016, 9, 15), "referral_order", "theft", 3,
     D(2016, 12, 31),
     {"send_identified": True, "send_plan": True, "victim_contacted": False}),
    # Not a caution or sentence: does not count.
    ("o6", "A", "S1", D(2016, 10, 1), D(2016, 10, 5), "community_resolution", "theft", 1,
     D(2016, 10, 5), {"ete_suitable": False}),
    # Proven a day too late: does not count.
    ("o7", "A", "S1", D(2017, 1, 1), D(2018, 3, 1), "youth_caution", "theft", 1, D(2018, 3, 1)),
    # B, born 29 February 2004, is 14 on 28 February 2019 and 15 on 1 March.
    ("o8", "B", "S1", D(2019, 1, 1), D(2019, 2, 28), "detention_and_training_order", "robbery",
     7, D(2019, 8, 28)),
    ("o9", "B", "S1", D(2019, 1, 2), D(2019, 3, 1), "long_term_detention", "robbery", 8, None),
    # C is 19: left out of the age bands.
    ("o10", "C", "S1", D(2019, 1, 1), D(2019, 1, 10), "community_resolution", "other", 2,
     D(2019, 1, 10)),
    ("o11", "C", "S1", D(2019, 1, 1), D(2019, 3, 31), "youth_conditional_caution", "drugs", 5,
     D(2019, 3, 31),
     {"victim_contacted": True, "victim_rj_offered": None, "mental_health_need": True}),
    # E: a community resolution first, so a first time entrant only at the caution.
    ("o12", "E", "S1", D(2016, 1, 1), D(2016, 1, 2), "community_resolution", "theft", 1,
     D(2016, 1, 2)),
    ("o13", "E", "S1", D(2016, 3, 1), D(2016, 4, 1), "youth_caution", "theft", 1, D(2016, 4, 1),
     {"wider_services": True}),
    ("o14", "E", "S1", D(2016, 3, 2), D(2016, 6, 30), "youth_caution", "theft", 1,
     D(2016, 6, 30)),
    # F's service has no population in 2019.
    ("o15", "F", "S2", D(2019, 1, 1), D(2019, 1, 1), "referral_order",
     "violence_against_the_person", 5, D(2019, 7, 1)),
]  # fmt: skip
PERIODS = [
    (D(2016, 1, 1), D(2016, 3, 31)),
    (D(2016, 4, 1), D(2016, 6, 30)),
    (D(2016, 7, 1), D(2016, 9, 30)),
    (D(2016, 1, 1), D(2016, 12, 31)),
    (D(2016, 4, 1), D(2017, 3, 31)),
    (D(2016, 8, 31), D(2016, 11, 30)),
    (D(2018, 1, 1), D(2018, 12, 31)),
    (D(2019, 1, 1), D(2019, 3, 31)),
    (D(2019, 1, 1), D(2019, 12, 31)),
    (D(2020, 1, 1), D(2020, 3, 31)),
]


def test_engine_equals_reference_at_the_edges() -> None:
    population = _population(["S1", "S2"], [2016, 2017, 2018]).vstack(_population(["S1"], [2019]))
    data = IndicatorData(_people(PEOPLE), _outcomes(OUTCOMES), population)
    engine = compute_many(data, [Period(a, b) for a, b in PERIODS])
    reference = reference_indicators(data, PERIODS)
    assert list(differences(keyed(engine), keyed(reference))) == []
    # The reference itself reads the edges as the contract says.
    q3 = reference[PERIODS[2]]["S1"]["reoffending"]
    assert (q3["cohort"], q3["reoffenders"], q3["reoffences"]) == (1, 1, 2)
    assert reference[PERIODS[1]]["S1"]["fte"]["count"] == 1  # E, at the caution
    bands = reference[PERIODS[7]]["S1"]["disproportionality"]["custody"]["age_band"]
    assert (bands["10-14"]["cohort"], bands["15-17"]["cohort"]) == (1, 0)  # B, 14 on 28 Feb
    outcomes_bands = reference[PERIODS[7]]["S1"]["disproportionality"]["outcomes"]["age_band"]
    assert outcomes_bands["10-14"]["cohort"] + outcomes_bands["15-17"]["cohort"] == 1  # not C
    assert reference[PERIODS[7]]["S2"]["fte"]["rate_per_100k"] is None  # no population


def test_the_comparison_notices_differences() -> None:
    reference = {"p": {"S1": {"count": 3, "rate": 12.345678, "ci95": [0.5, 1.5], "flag": False}}}
    assert list(differences(reference, reference)) == []
    rounded = {"p": {"S1": {"count": 3, "rate": 12.3457, "ci95": [0.5, 1.5], "flag": False}}}
    assert list(differences(rounded, reference)) == []  # the contract's 4 places
    for changed in (
        {"count": 4, "rate": 12.345678, "ci95": [0.5, 1.5], "flag": False},
        {"count": 3, "rate": 12.3456, "ci95": [0.5, 1.5], "flag": False},
        {"count": 3, "rate": None, "ci95": [0.5, 1.5], "flag": False},
        {"count": 3, "rate": 12.345678, "ci95": [0.5], "flag": False},
        {"count": 3, "rate": 12.345678, "ci95": [0.5, 1.5], "flag": True},
        {"count": 3, "rate": 12.345678, "ci95": [0.5, 1.5]},
    ):
        assert list(differences({"p": {"S1": changed}}, reference)), changed
    assert same_float(0.1235, 0.12345) and same_float(0.1234, 0.12345)  # a tie: either way
    assert not same_float(0.1234, 0.123456)
