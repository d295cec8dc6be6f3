"""The indicator engine against small datasets whose figures are worked out by hand.

Every expected value below is counted from the rows in the test (see the comments), never
from the engine. docs/indicators.md is the contract.
"""

from __future__ import annotations

import math
import random
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

import polars as pl
import pytest

from yjqa.core.indicators.data import SCHEMAS, IndicatorData
from yjqa.core.indicators.definitions import get_indicator_set
from yjqa.core.indicators.engine import (
    NATIONAL,
    Period,
    compute_indicators,
    compute_many,
    flatten,
    national,
    quarters,
)
from yjqa.core.validation.problems import InputError

Z = 1.959964
YEAR_2025 = (date(2025, 4, 1), date(2026, 3, 31))  # a financial year; population year 2025
Q1_2025 = (date(2025, 1, 1), date(2025, 3, 31))


# --- Building datasets -------------------------------------------------------------------------


def person(pid: str, service: str = "A", sex: str = "male", ethnicity: str = "white",
           born: str = "2009-01-01") -> dict[str, Any]:  # fmt: skip
    return {"person_id": pid, "service": service, "sex": sex, "ethnicity": ethnicity,
            "date_of_birth": date.fromisoformat(born)}  # fmt: skip


def outcome(
    pid: str,
    kind: str,
    outcome_date: str,
    offence_date: str | None = None,
    *,
    service: str = "A",
    category: str = "theft",
    gravity: int = 3,
    end: str | None = None,
    **kpis: bool | None,
) -> dict[str, Any]:
    return {
        "person_id": pid,
        "service": service,
        "offence_date": date.fromisoformat(offence_date or outcome_date),
        "outcome_date": date.fromisoformat(outcome_date),
        "outcome": kind,
        "offence_category": category,
        "gravity_score": gravity,
        "end_date": None if end is None else date.fromisoformat(end),
        **kpis,
    }


def population(service: str = "A", year: int = 2025, count: int = 20_000, *,
               sex: str = "male", ethnicity: str = "white", age: int = 15) -> dict[str, Any]:  # fmt: skip
    return {"service": service, "year": year, "sex": sex, "ethnicity": ethnicity, "age": age,
            "count": count}  # fmt: skip


def build(
    people: list[dict[str, Any]],
    outcomes: list[dict[str, Any]],
    populations: list[dict[str, Any]] | None = None,
) -> IndicatorData:
    """Typed frames, as read_indicator_data returns them (outcome ids numbered in order)."""
    rows = [{"outcome_id": f"O{n}", **row} for n, row in enumerate(outcomes, 1)]
    full = [{name: row.get(name) for name in SCHEMAS["outcomes"]} for row in rows]
    return IndicatorData(
        pl.DataFrame(people, schema=dict(SCHEMAS["people"]), orient="row")
        if people
        else pl.DataFrame(schema=dict(SCHEMAS["people"])),
        pl.DataFrame(full, schema=dict(SCHEMAS["outcomes"])),
        pl.DataFrame(
            populations if populations is not None else [population()],
            schema=dict(SCHEMAS["population"]),
        ),
    )


def figures(data: IndicatorData, period: tuple[date, date], service: str = "A") -> dict[str, Any]:
    return compute_indicators(data, *period)["services"][service]


# --- Periods -----------------------------------------------------------------------------------


def test_quarters_run_from_the_start_and_the_last_is_cut_short() -> None:
    assert quarters(date(2025, 4, 1), date(2026, 3, 31)) == [
        Period(date(2025, 4, 1), date(2025, 6, 30)),
        Period(date(2025, 7, 1), date(2025, 9, 30)),
        Period(date(2025, 10, 1), date(2025, 12, 31)),
        Period(date(2026, 1, 1), date(2026, 3, 31)),
    ]
    assert quarters(date(2025, 1, 1), date(2025, 4, 15)) == [
        Period(date(2025, 1, 1), date(2025, 3, 31)),
        Period(date(2025, 4, 1), date(2025, 4, 15)),
    ]
    # From the 31st: each quarter starts 3, 6, ... months after the start (30 April is the
    # last day of April), so no day is lost or counted twice.
    assert quarters(date(2025, 1, 31), date(2025, 7, 31)) == [
        Period(date(2025, 1, 31), date(2025, 4, 29)),
        Period(date(2025, 4, 30), date(2025, 7, 30)),
        Period(date(2025, 7, 31), date(2025, 7, 31)),
    ]
    with pytest.raises(InputError, match="before it starts"):
        quarters(date(2025, 2, 1), date(2025, 1, 1))


def test_the_result_has_the_shape_of_the_contract() -> None:
    data = build([person("P1")], [outcome("P1", "youth_caution", "2025-05-01")])
    result = compute_indicators(data, *YEAR_2025)
    assert result["period"] == {"from": "2025-04-01", "to": "2026-03-31", "population_year": 2025}
    service = result["services"]["A"]
    assert list(service) == ["fte", "reoffending", "custody", "kpis", "disproportionality"]
    assert list(service["fte"]) == ["count", "population", "rate_per_100k"]
    assert list(service["reoffending"]) == [
        "cohort", "reoffenders", "binary_rate", "reoffences", "per_reoffender", "per_offender",
        "quarters",
    ]  # fmt: skip
    assert list(service["reoffending"]["quarters"][0]) == [
        "from", "to", "cohort", "reoffenders", "reoffences",
    ]  # fmt: skip
    assert list(service["custody"]) == ["count", "population", "rate_per_1000"]
    assert list(service["kpis"]) == [
        "accommodation", "ete", "send", "mental_health", "substance_misuse", "oocd_completed",
        "board_attendance", "wider_services", "serious_violence", "victims",
    ]  # fmt: skip
    assert list(service["kpis"]["serious_violence"]) == ["count", "population", "rate_per_10k"]
    assert list(service["kpis"]["victims"]) == ["numerator", "denominator", "percent", "rj_offered"]
    assert list(service["disproportionality"]) == ["fte", "outcomes", "custody"]
    assert list(service["disproportionality"]["fte"]) == ["ethnicity", "sex", "age_band"]
    assert list(service["disproportionality"]["fte"]["age_band"]) == ["10-14", "15-17"]
    assert list(service["disproportionality"]["fte"]["ethnicity"]["white"]) == [
        "cohort", "cohort_share", "population", "population_share", "gap_pp", "rate_per_1000",
        "rate_ratio", "ci95", "over_represented",
    ]  # fmt: skip


# --- First time entrants -----------------------------------------------------------------------


def test_first_time_entrants_count_a_first_caution_or_sentence_ever() -> None:
    data = build(
        [person(f"P{n}") for n in range(1, 8)],
        [
            # P1: first caution before the period, so a sentence in it is not a first entry.
            outcome("P1", "youth_caution", "2024-12-01"),
            outcome("P1", "referral_order", "2025-06-01"),
            # P2: a community resolution first does not count; the caution in the period does.
            outcome("P2", "community_resolution", "2025-01-10"),
            outcome("P2", "youth_caution", "2025-05-01"),
            # P3: prevention only. P4: Outcome 22 only. Neither is a first time entrant.
            outcome("P3", "prevention", "2025-05-01"),
            outcome("P4", "outcome_22", "2025-05-01"),
            # P5: a referral order on the first day of the period: a first time entrant...
            outcome("P5", "referral_order", "2025-04-01"),
            # ...counted once, though sentenced again in the period.
            outcome("P5", "youth_rehabilitation_order", "2025-09-01"),
            # P6: first caution the day after the period ends.
            outcome("P6", "youth_caution", "2026-04-01"),
            # P7: first (conditional) caution on the last day of the period.
            outcome("P7", "youth_conditional_caution", "2026-03-31"),
        ],
        [population(count=12_000), population(count=8_000, sex="female")],
    )
    fte = figures(data, YEAR_2025)["fte"]
    # P2, P5, P7 = 3; population 12,000 + 8,000 = 20,000; 3 / 20,000 x 100,000 = 15.
    assert fte == {"count": 3, "population": 20_000, "rate_per_100k": 15.0}


def test_population_year_is_the_year_the_period_starts() -> None:
    data = build(
        [person("P1")],
        [outcome("P1", "youth_caution", "2026-01-10")],
        [population(year=2025, count=10_000), population(year=2026, count=40_000)],
    )
    result = compute_indicators(data, date(2025, 12, 1), date(2026, 2, 28))
    assert result["period"]["population_year"] == 2025
    # 1 / 10,000 x 100,000 = 10 (not 1 / 40,000 x 100,000 = 2.5).
    assert result["services"]["A"]["fte"] == {
        "count": 1,
        "population": 10_000,
        "rate_per_100k": 10.0,
    }


def test_no_population_gives_null_rates() -> None:
    data = build([person("P1")], [outcome("P1", "youth_caution", "2025-05-01")], [])
    result = figures(data, YEAR_2025)
    assert result["fte"] == {"count": 1, "population": 0, "rate_per_100k": None}
    assert result["custody"] == {"count": 0, "population": 0, "rate_per_1000": None}


# --- Proven reoffending ------------------------------------------------------------------------


def reoffending_data() -> IndicatorData:
    """Eight people cautioned or sentenced in January to March 2025 (one 3-month cohort)."""
    return build(
        [person(pid) for pid in "ABCDEFGH"],
        [
            # A: index 15 January 2025; offence 365 days later (15 January 2026), proven
            # 1 February 2026, before 15 July 2026 (index + 18 months): a reoffence.
            outcome("A", "youth_caution", "2025-01-15"),
            outcome("A", "referral_order", "2026-02-01", "2026-01-15"),
            # B: the offence is 366 days after the index: not a reoffence.
            outcome("B", "youth_caution", "2025-01-15"),
            outcome("B", "referral_order", "2026-02-01", "2026-01-16"),
            # C: offences on the index day itself (day 0), one proven the same day and one
            # later in the cohort: not reoffences.
            outcome("C", "youth_caution", "2025-01-15"),
            outcome("C", "youth_caution", "2025-01-15"),
            outcome("C", "referral_order", "2025-03-01", "2025-01-15"),
            # D: index 31 January 2025; proven exactly 18 months later, 31 July 2026: counts.
            outcome("D", "referral_order", "2025-01-31"),
            outcome("D", "youth_rehabilitation_order", "2026-07-31", "2025-06-01"),
            # E: the same, proven one day later (1 August 2026): too late.
            outcome("E", "referral_order", "2025-01-31"),
            outcome("E", "youth_rehabilitation_order", "2026-08-01", "2025-06-01"),
            # F: reoffends twice: two reoffences, one reoffender.
            outcome("F", "youth_caution", "2025-02-01"),
            outcome("F", "youth_conditional_caution", "2025-04-01", "2025-03-01"),
            outcome("F", "referral_order", "2025-06-01", "2025-05-01"),
            # G: an offence committed before the index (5 February) but proven after it
            # (10 March): not a reoffence. The index is the caution of 10 February.
            outcome("G", "youth_caution", "2025-02-10", "2025-02-01"),
            outcome("G", "referral_order", "2025-03-10", "2025-02-05"),
            # H: a community resolution after the index is not a caution or sentence.
            outcome("H", "youth_caution", "2025-02-15"),
            outcome("H", "community_resolution", "2025-05-01", "2025-04-01"),
            # Not in the cohort: a community resolution only (I) and a caution in April (J).
            outcome("I", "community_resolution", "2025-02-01"),
            outcome("J", "youth_caution", "2025-04-01"),
        ],
    )


def test_proven_reoffending_counts_at_the_edges_of_its_windows() -> None:
    reoffending = figures(reoffending_data(), Q1_2025)["reoffending"]
    # Cohort A-H = 8; reoffenders A, D, F = 3; reoffences A 1 + D 1 + F 2 = 4.
    assert reoffending == {
        "cohort": 8,
        "reoffenders": 3,
        "binary_rate": 37.5,  # 3 / 8 x 100
        "reoffences": 4,
        "per_reoffender": 1.3333,  # 4 / 3, rounded to 4 places
        "per_offender": 0.5,  # 4 / 8
        "quarters": [
            {"from": "2025-01-01", "to": "2025-03-31", "cohort": 8, "reoffenders": 3,
             "reoffences": 4},
        ],
    }  # fmt: skip


def test_eighteen_months_from_the_end_of_a_month_is_the_end_of_february() -> None:
    data = build(
        [person("K"), person("L")],
        [
            # Index 31 August 2024: + 18 months is 28 February 2026 (no 31st).
            outcome("K", "youth_caution", "2024-08-31"),
            outcome("K", "referral_order", "2026-02-28", "2025-01-01"),  # proven in time
            outcome("L", "youth_caution", "2024-08-31"),
            outcome("L", "referral_order", "2026-03-01", "2025-01-01"),  # a day late
        ],
    )
    reoffending = figures(data, (date(2024, 7, 1), date(2024, 9, 30)))["reoffending"]
    assert (reoffending["cohort"], reoffending["reoffenders"], reoffending["reoffences"]) == (
        2,
        1,
        1,
    )


def test_a_twelve_month_set_sums_its_three_month_cohorts() -> None:
    data = build(
        [person("J"), person("M")],
        [
            # J: cautioned in the first quarter (index 1 February) and sentenced in the
            # second (index 1 May) for an offence on 20 April, 78 days after the first index.
            outcome("J", "youth_caution", "2025-02-01"),
            outcome("J", "referral_order", "2025-05-01", "2025-04-20"),
            # M: cautioned in the fourth quarter only; no reoffence.
            outcome("M", "youth_caution", "2025-11-15"),
        ],
    )
    reoffending = figures(data, (date(2025, 1, 1), date(2025, 12, 31)))["reoffending"]
    # J is in two cohorts: a reoffender in the first, not in the second.
    assert reoffending["quarters"] == [
        {"from": "2025-01-01", "to": "2025-03-31", "cohort": 1, "reoffenders": 1, "reoffences": 1},
        {"from": "2025-04-01", "to": "2025-06-30", "cohort": 1, "reoffenders": 0, "reoffences": 0},
        {"from": "2025-07-01", "to": "2025-09-30", "cohort": 0, "reoffenders": 0, "reoffences": 0},
        {"from": "2025-10-01", "to": "2025-12-31", "cohort": 1, "reoffenders": 0, "reoffences": 0},
    ]
    # Sums: cohort 3, reoffenders 1, reoffences 1.
    assert {k: v for k, v in reoffending.items() if k != "quarters"} == {
        "cohort": 3,
        "reoffenders": 1,
        "binary_rate": 33.3333,  # 1 / 3 x 100
        "reoffences": 1,
        "per_reoffender": 1.0,
        "per_offender": 0.3333,
    }


def test_no_cohort_gives_null_reoffending_rates() -> None:
    data = build([person("P1")], [outcome("P1", "prevention", "2025-02-01")])
    reoffending = figures(data, Q1_2025)["reoffending"]
    assert reoffending["cohort"] == 0
    assert reoffending["binary_rate"] is None
    assert reoffending["per_reoffender"] is None
    assert reoffending["per_offender"] is None


# --- Use of custody ----------------------------------------------------------------------------


def test_custody_rate_counts_custodial_outcomes() -> None:
    data = build(
        [person("P1"), person("P2")],
        [
            outcome("P1", "detention_and_training_order", "2025-05-01"),
            outcome("P1", "long_term_detention", "2025-09-01"),  # the same child again: counts
            outcome("P2", "detention_and_training_order", "2026-03-31"),
            outcome("P2", "detention_and_training_order", "2026-04-01"),  # after the period
            outcome("P2", "youth_rehabilitation_order", "2025-06-01"),  # not custodial
        ],
    )
    # 3 custodial outcomes; 3 / 20,000 x 1,000 = 0.15.
    assert figures(data, YEAR_2025)["custody"] == {
        "count": 3,
        "population": 20_000,
        "rate_per_1000": 0.15,
    }


# --- KPIs --------------------------------------------------------------------------------------


def kpi_data() -> IndicatorData:
    ending = "2025-06-30"  # in the period
    return build(
        [person("P1")],
        [
            outcome("P1", "referral_order", "2025-01-01", end=ending, accommodation_suitable=True,
                    ete_suitable=True, send_identified=True, send_plan=True,
                    mental_health_need=True, mental_health_attended=True,
                    substance_misuse_need=True, substance_misuse_attended=False,
                    wider_services=True, victim_contacted=True, victim_rj_offered=True),
            outcome("P1", "referral_order", "2025-01-02", end=ending, accommodation_suitable=True,
                    ete_suitable=False, send_identified=True, send_plan=False,
                    mental_health_need=True, mental_health_attended=None,
                    substance_misuse_need=False, substance_misuse_attended=True,
                    wider_services=False, victim_contacted=True, victim_rj_offered=None),
            outcome("P1", "youth_caution", "2025-01-03", end=ending, accommodation_suitable=False,
                    send_identified=True, send_plan=None, mental_health_need=False,
                    mental_health_attended=True, wider_services=None, victim_contacted=False,
                    victim_rj_offered=True),
            outcome("P1", "community_resolution", "2025-01-04", end=ending,
                    send_identified=False, send_plan=True, substance_misuse_need=None,
                    substance_misuse_attended=True),
            outcome("P1", "youth_rehabilitation_order", "2025-01-05", end=ending,
                    send_identified=None, send_plan=True),
            # Ending outside the period, or not ended: left out of every KPI.
            outcome("P1", "youth_caution", "2025-01-06", end="2026-04-01",
                    accommodation_suitable=True, victim_contacted=True),
            outcome("P1", "outcome_22", "2025-01-07", accommodation_suitable=False),
        ],
    )  # fmt: skip


def test_each_kpi_follows_its_missing_data_rule() -> None:
    kpis = figures(kpi_data(), YEAR_2025)["kpis"]
    # 1: accommodation true on rows 1, 2; false on 3; empty on 4, 5: 2 of 3.
    assert kpis["accommodation"] == {"numerator": 2, "denominator": 3, "percent": 66.6667}
    # 2: ete true on 1, false on 2, empty elsewhere: 1 of 2.
    assert kpis["ete"] == {"numerator": 1, "denominator": 2, "percent": 50.0}
    # 3: a need on 1 (plan), 2 (no plan), 3 (plan empty: out); 4 no need; 5 need empty: 1 of 2.
    assert kpis["send"] == {"numerator": 1, "denominator": 2, "percent": 50.0}
    # 4: a need on 1 (attended) and 2 (attended empty: out); 3 has no need: 1 of 1.
    assert kpis["mental_health"] == {"numerator": 1, "denominator": 1, "percent": 100.0}
    # 5: a need on 1 only (not attended): 0 of 1.
    assert kpis["substance_misuse"] == {"numerator": 0, "denominator": 1, "percent": 0.0}
    # 6: out-of-court outcomes ending in the period: the caution (3) and the community
    # resolution (4); the caution ending in April 2026 and the Outcome 22 with no end do not.
    assert kpis["oocd_completed"] == {"count": 2}
    assert kpis["board_attendance"] is None
    # 8: true on 1, false on 2, empty on 3, 4, 5: 1 of 2.
    assert kpis["wider_services"] == {"numerator": 1, "denominator": 2, "percent": 50.0}
    # 10: contacted on 1, 2; not on 3; empty on 4, 5: 2 of 3. Restorative justice among the
    # contacted: offered on 1, empty on 2 (out): 1 of 1 (row 3's true is not contacted).
    assert kpis["victims"] == {
        "numerator": 2,
        "denominator": 3,
        "percent": 66.6667,
        "rj_offered": {"numerator": 1, "denominator": 1, "percent": 100.0},
    }


def test_kpis_with_nothing_ending_are_null_percentages() -> None:
    kpis = figures(kpi_data(), Q1_2025)["kpis"]  # nothing ends in January to March 2025
    assert kpis["accommodation"] == {"numerator": 0, "denominator": 0, "percent": None}
    assert kpis["victims"]["rj_offered"] == {"numerator": 0, "denominator": 0, "percent": None}
    assert kpis["oocd_completed"] == {"count": 0}


def test_serious_violence_counts_by_gravity_threshold_and_category() -> None:
    data = build(
        [person("P1")],
        [
            outcome("P1", "referral_order", "2025-05-01", category="violence_against_the_person",
                    gravity=5),  # counts: gravity 5
            outcome("P1", "referral_order", "2025-05-02", category="violence_against_the_person",
                    gravity=4),  # gravity 4: no
            outcome("P1", "youth_caution", "2025-05-03", category="robbery", gravity=4),  # no
            outcome("P1", "referral_order", "2025-05-04", category="robbery", gravity=8),  # yes
            outcome("P1", "referral_order", "2025-05-05", category="drugs", gravity=6),  # yes
            outcome("P1", "referral_order", "2025-05-06", category="theft", gravity=8),  # no
            outcome("P1", "referral_order", "2025-05-07", category="sexual", gravity=8),  # no
            # Any outcome type counts: a community resolution for a gravity 5 violence offence.
            outcome("P1", "community_resolution", "2025-05-08",
                    category="violence_against_the_person", gravity=5),  # yes
            # By outcome date, not end date: outcome before the period, ending in it: no.
            outcome("P1", "referral_order", "2025-03-01", category="drugs", gravity=7,
                    end="2025-05-01"),
        ],
    )  # fmt: skip
    # 4 outcomes; 4 / 20,000 x 10,000 = 2.
    assert figures(data, YEAR_2025)["kpis"]["serious_violence"] == {
        "count": 4,
        "population": 20_000,
        "rate_per_10k": 2.0,
    }


# --- Disproportionality ------------------------------------------------------------------------


def disproportionality_data() -> IndicatorData:
    """25 children with an outcome: 18 White, 6 Black, 1 of unknown ethnicity."""
    people = (
        [person(f"W{n}", ethnicity="white") for n in range(18)]
        + [person(f"B{n}", ethnicity="black") for n in range(6)]
        + [person("U", ethnicity="unknown")]
    )
    outcomes = [outcome(p["person_id"], "referral_order", "2025-05-01") for p in people]
    outcomes.append(outcome("W0", "referral_order", "2025-06-01"))  # a child counts once
    populations = [
        population(count=9_000, ethnicity="white"),
        population(count=1_000, ethnicity="black"),
    ]
    return build(people, outcomes, populations)


def test_disproportionality_of_two_groups_matches_a_hand_calculation() -> None:
    groups = figures(disproportionality_data(), YEAR_2025)["disproportionality"]["outcomes"]
    ethnicity = groups["ethnicity"]
    # The reference is White, the largest population (9,000).
    white, black = ethnicity["white"], ethnicity["black"]
    # Shares of the cohort (25): 18 = 72%, 6 = 24%, 1 = 4%. Of the population (10,000):
    # 90% and 10%. Gaps: 72 - 90 = -18, 24 - 10 = 14. Rates: 18 / 9,000 x 1,000 = 2,
    # 6 / 1,000 x 1,000 = 6. Rate ratio of Black children: 6 / 2 = 3.
    se = math.sqrt(1 / 6 - 1 / 1_000 + 1 / 18 - 1 / 9_000)
    low, high = math.exp(math.log(3) - Z * se), math.exp(math.log(3) + Z * se)
    assert low > 1  # about 1.19: over-represented
    assert black == {
        "cohort": 6,
        "cohort_share": 24.0,
        "population": 1_000,
        "population_share": 10.0,
        "gap_pp": 14.0,
        "rate_per_1000": 6.0,
        "rate_ratio": 3.0,
        "ci95": [round(low, 4), round(high, 4)],
        "over_represented": True,
    }
    # The reference group against itself: a ratio of 1, never over-represented.
    se_white = math.sqrt(2 * (1 / 18 - 1 / 9_000))
    assert white == {
        "cohort": 18,
        "cohort_share": 72.0,
        "population": 9_000,
        "population_share": 90.0,
        "gap_pp": -18.0,
        "rate_per_1000": 2.0,
        "rate_ratio": 1.0,
        "ci95": [round(math.exp(-Z * se_white), 4), round(math.exp(Z * se_white), 4)],
        "over_represented": False,
    }
    # Unknown ethnicity takes part in the shares but has no population: no rate or ratio.
    assert ethnicity["unknown"] == {
        "cohort": 1,
        "cohort_share": 4.0,
        "population": 0,
        "population_share": 0.0,
        "gap_pp": 4.0,
        "rate_per_1000": None,
        "rate_ratio": None,
        "ci95": None,
        "over_represented": False,
    }
    # A group with neither children nor population.
    assert ethnicity["asian"]["cohort_share"] == 0.0
    assert ethnicity["asian"]["rate_ratio"] is None
    # All 25 are male, aged 16 on 1 May 2025 (born 1 January 2009); the population is all
    # male and aged 15.
    assert groups["sex"]["male"]["cohort"] == 25
    assert groups["sex"]["male"]["cohort_share"] == 100.0
    assert groups["sex"]["male"]["rate_ratio"] == 1.0
    assert groups["age_band"]["15-17"]["cohort"] == 25
    assert groups["age_band"]["10-14"] == {
        "cohort": 0,
        "cohort_share": 0.0,
        "population": 0,
        "population_share": 0.0,
        "gap_pp": 0.0,
        "rate_per_1000": None,
        "rate_ratio": None,
        "ci95": None,
        "over_represented": False,
    }


def test_disproportionality_takes_each_cohort_at_its_age() -> None:
    data = build(
        [
            person("Y", born="2010-06-15"),  # 14 on 14 June 2025, 15 on 15 June 2025
            person("O", born="2007-05-01"),  # 18 on 1 May 2025: outside 10-17
            person("C", sex="female", born="2012-01-01"),  # 13
        ],
        [
            outcome("Y", "youth_caution", "2025-06-14"),  # first outcome: aged 14
            outcome("Y", "detention_and_training_order", "2025-06-15"),  # custody: aged 15
            outcome("O", "referral_order", "2025-05-01"),
            outcome("C", "community_resolution", "2025-05-01"),  # not a first time entrant
        ],
        [
            population(count=300, age=12),
            population(count=100, age=16),
            population(count=500, age=13, sex="female"),
        ],
    )
    groups = figures(data, YEAR_2025)["disproportionality"]
    # fte: Y (14) and O (18); O has no age band, so the bands hold Y only.
    assert groups["fte"]["sex"]["male"]["cohort"] == 2
    assert groups["fte"]["age_band"]["10-14"]["cohort"] == 1
    assert groups["fte"]["age_band"]["15-17"]["cohort"] == 0
    assert groups["fte"]["age_band"]["10-14"]["cohort_share"] == 100.0
    # Population: 10-14 = 300 + 500 = 800, 15-17 = 100; shares 88.8889% and 11.1111%.
    assert groups["fte"]["age_band"]["10-14"]["population"] == 800
    assert groups["fte"]["age_band"]["15-17"]["population_share"] == 11.1111
    # outcomes: Y, O and C; sex shares 2 of 3 male, 1 of 3 female.
    assert groups["outcomes"]["sex"]["male"]["cohort_share"] == 66.6667
    assert groups["outcomes"]["sex"]["female"]["cohort_share"] == 33.3333
    # The female population (500) is larger than the male (400): female is the reference.
    # Male rate 2 / 400, female 1 / 500: ratio (2 / 400) / (1 / 500) = 2.5.
    assert groups["outcomes"]["sex"]["male"]["rate_ratio"] == 2.5
    se = math.sqrt(1 / 2 - 1 / 400 + 1 / 1 - 1 / 500)
    assert groups["outcomes"]["sex"]["male"]["ci95"] == [
        round(2.5 * math.exp(-Z * se), 4),
        round(2.5 * math.exp(Z * se), 4),
    ]
    assert groups["outcomes"]["sex"]["male"]["over_represented"] is False
    # custody: Y, aged 15 on the custodial outcome's date.
    assert groups["custody"]["age_band"]["15-17"]["cohort"] == 1
    assert groups["custody"]["age_band"]["10-14"]["cohort"] == 0


# --- Many periods, services and the national figures -------------------------------------------


def random_data(seed: int = 7) -> IndicatorData:
    """Three services, 150 children, 600 outcomes over 2023-2026 (for cross-checks only)."""
    rng = random.Random(seed)
    kinds = list(get_indicator_set().outcome_groups["caution_or_sentence"])
    kinds += ["prevention", "community_resolution", "outcome_22"]
    people = [
        person(
            f"P{n}",
            service=rng.choice("ABC"),
            sex=rng.choice(["male", "female", "unknown"]),
            ethnicity=rng.choice(["white", "black", "asian", "mixed", "unknown"]),
            born=f"{rng.randint(2005, 2013)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        )
        for n in range(150)
    ]
    outcomes = []
    for _ in range(600):
        who = rng.choice(people)
        day = date(2023, 1, 1) + timedelta(days=rng.randint(0, 3 * 365))
        ends = day + timedelta(days=rng.randint(0, 300))
        outcomes.append(
            outcome(
                who["person_id"], rng.choice(kinds), day.isoformat(),
                (day - timedelta(days=rng.randint(0, 60))).isoformat(),
                service=who["service"], category=rng.choice(["drugs", "robbery", "theft"]),
                gravity=rng.randint(1, 8),
                end=ends.isoformat() if rng.random() < 0.8 else None,
                accommodation_suitable=rng.choice([True, False, None]),
                victim_contacted=rng.choice([True, False, None]),
                victim_rj_offered=rng.choice([True, False, None]),
            )
        )  # fmt: skip
    populations = [
        population(service=s, year=y, count=rng.randint(100, 900), sex=sex, ethnicity=e, age=a)
        for s in "ABC"
        for y in (2023, 2024, 2025)
        for sex in ("male", "female")
        for e in ("white", "black", "asian", "mixed")
        for a in (12, 16)
    ]
    return build(people, outcomes, populations)


def test_compute_many_over_quarters_equals_each_quarter_alone() -> None:
    data = random_data()
    periods = quarters(date(2023, 4, 1), date(2025, 3, 31))
    many = compute_many(data, periods)
    assert list(many) == periods
    for period in periods:
        alone = compute_indicators(data, period.start, period.end)["services"]
        assert many[period] == alone
        assert list(alone) == ["A", "B", "C"]


def test_overlapping_periods_are_each_computed_whole() -> None:
    data = random_data(11)
    year = Period(date(2024, 1, 1), date(2024, 12, 31))
    spring = Period(date(2024, 3, 15), date(2024, 6, 14))
    both = compute_many(data, [year, spring])
    assert both[year] == compute_many(data, [year])[year]
    assert both[spring] == compute_many(data, [spring])[spring]
    # The year's reoffending is the sum of its quarters, each computed as a period.
    parts = compute_many(data, quarters(year.start, year.end))
    for service in "ABC":
        total = sum(part[service]["reoffending"]["cohort"] for part in parts.values())
        assert both[year][service]["reoffending"]["cohort"] == total


def test_the_services_filter_keeps_only_the_services_named() -> None:
    data = random_data()
    everyone = compute_indicators(data, *YEAR_2025)["services"]
    only_b = compute_indicators(data, *YEAR_2025, services=["B"])["services"]
    assert list(only_b) == ["B"]
    assert only_b["B"] == everyone["B"]
    with pytest.raises(InputError) as error:
        compute_indicators(data, *YEAR_2025, services=["B", "Nowhere"])
    assert "no service 'Nowhere' in the data; the services are: A, B, C" in str(error.value)


def test_national_figures_pool_every_service() -> None:
    data = random_data()
    period = Period(date(2024, 4, 1), date(2025, 3, 31))
    pooled = IndicatorData(
        *(
            frame.with_columns(pl.lit("All").alias("service"))
            for frame in (data.people, data.outcomes)
        ),
        data.population.with_columns(pl.lit("All").alias("service"))
        .group_by("service", "year", "sex", "ethnicity", "age")
        .agg(pl.col("count").sum()),
    )
    expected = compute_indicators(pooled, period.start, period.end)["services"]["All"]
    assert national(data, period) == expected
    # Counts add up across services (each child belongs to one service).
    services = compute_many(data, [period])[period]
    for indicator, measure in [("fte", "count"), ("custody", "count"), ("reoffending", "cohort"),
                               ("fte", "population")]:  # fmt: skip
        total = sum(figures[indicator][measure] for figures in services.values())
        assert expected[indicator][measure] == total
    assert NATIONAL == "England and Wales"


def test_a_child_is_a_person_id_within_a_service() -> None:
    # Two services both number their children from P1: they are two different children.
    data = build(
        [person("P1", service="A"), person("P1", service="B", sex="female")],
        [
            outcome("P1", "youth_caution", "2025-05-01", service="A"),
            outcome("P1", "youth_caution", "2024-01-01", service="B"),  # before the period
            outcome("P1", "referral_order", "2025-06-01", service="B"),
        ],
        [population(service="A"), population(service="B", count=5_000)],
    )
    services = compute_indicators(data, *YEAR_2025)["services"]
    # A's P1 is a first time entrant; B's P1 had a caution in 2024, so is not.
    assert services["A"]["fte"]["count"] == 1
    assert services["B"]["fte"]["count"] == 0
    assert services["B"]["disproportionality"]["outcomes"]["sex"]["female"]["cohort"] == 1
    pooled = national(data, Period(*YEAR_2025))
    assert pooled["fte"] == {"count": 1, "population": 25_000, "rate_per_100k": 4.0}
    # Two children with an outcome in the period, one male and one female.
    assert pooled["disproportionality"]["outcomes"]["sex"]["male"]["cohort"] == 1
    assert pooled["disproportionality"]["outcomes"]["sex"]["female"]["cohort"] == 1


def test_people_missing_from_the_people_table_still_count() -> None:
    data = build([person("P1")], [outcome("P2", "youth_caution", "2025-05-01")])
    result = figures(data, YEAR_2025)
    assert result["fte"]["count"] == 1
    # No sex, ethnicity or age is known, so the breakdowns leave the child out.
    assert result["disproportionality"]["fte"]["sex"]["male"]["cohort"] == 0


def test_empty_data_gives_no_services() -> None:
    data = build([], [], [])
    assert compute_indicators(data, *YEAR_2025)["services"] == {}
    assert compute_many(data, []) == {}


def test_period_ending_before_it_starts_is_refused() -> None:
    with pytest.raises(InputError, match="before it starts"):
        compute_many(random_data(), [Period(date(2025, 2, 1), date(2025, 1, 1))])


def test_flatten_gives_one_row_per_figure() -> None:
    result = compute_indicators(reoffending_data(), *Q1_2025)
    rows = list(flatten(result))
    assert ("A", "reoffending", "binary_rate", 37.5) in rows
    assert ("A", "reoffending", "quarter 2025-01-01 to 2025-03-31.reoffenders", 3) in rows
    assert ("A", "kpis.board_attendance", "value", None) in rows
    assert ("A", "kpis.victims", "rj_offered.denominator", 0) in rows
    assert ("A", "disproportionality.outcomes.ethnicity.black", "ci95.low", None) in rows
    assert all(len(row) == 4 for row in rows)


# --- Definitions -------------------------------------------------------------------------------


def test_the_engine_reads_its_rules_from_the_definitions() -> None:
    data = build(
        [person("P1")],
        [outcome("P1", "referral_order", "2025-05-01", category="robbery", gravity=4)],
    )
    defs = get_indicator_set()
    violence = defs.kpis.serious_violence.model_copy(update={"min_gravity": 4})
    lower = defs.model_copy(
        update={"kpis": defs.kpis.model_copy(update={"serious_violence": violence})}
    )
    shipped = compute_indicators(data, *YEAR_2025)["services"]["A"]["kpis"]["serious_violence"]
    changed = compute_indicators(data, *YEAR_2025, definitions=lower)["services"]["A"]["kpis"]
    assert shipped["count"] == 0
    assert changed["serious_violence"]["count"] == 1


def test_a_period_is_hashable_and_ordered() -> None:
    first = Period(date(2025, 1, 1), date(2025, 3, 31))
    assert replace(first, end=date(2025, 2, 1)) < first
    assert {first: 1}[Period(date(2025, 1, 1), date(2025, 3, 31))] == 1
