"""Case-level indicator data built to match seed 003's reoffending by sex (its figures are in
tests/data/published/003_*.yaml, from "Westmorland and Furness Youth Justice Service Plan
2025-26", section 4): for each sex, that many children cautioned or sentenced in April 2024 to
March 2025, that many of whom are proven to reoffend. Nothing here is copied into an answer:
the tests count what the engine makes of these rows."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import polars as pl

from yjqa.core.indicators.data import SCHEMAS, IndicatorData
from yjqa.core.indicators.engine import Period

from helpers import youth_justice_plan_facts

SERVICE = "Westmorland and Furness YJS"
YEAR = Period(date(2024, 4, 1), date(2025, 3, 31))
# The index cautions and sentences, one a week through the year, so every 3-month cohort has
# children in it; each child is in one cohort only (their reoffence is proven after March 2025).
_FIRST = date(2024, 4, 3)
_INDEXES = (
    "youth_caution",
    "youth_conditional_caution",
    "referral_order",
    "youth_rehabilitation_order",
)


def seed_reoffending() -> dict[str, dict[str, Any]]:
    """The seed's table as printed: female, male and its (wrong) total row."""
    table: dict[str, dict[str, Any]] = youth_justice_plan_facts()["reoffending"]
    return table


def reoffending_data(service: str = SERVICE) -> IndicatorData:
    """Children and outcomes for the seed's female and male rows (never its total row)."""
    table = seed_reoffending()
    people: list[dict[str, Any]] = []
    outcomes: list[dict[str, Any]] = []
    number = 0
    for sex in ("female", "male"):
        children, reoffenders = table[sex]["children"], table[sex]["reoffenders"]
        for child in range(children):
            number += 1
            pid = f"P{number:04d}"
            people.append(
                {
                    "person_id": pid,
                    "service": service,
                    "sex": sex,
                    "ethnicity": "white",
                    "date_of_birth": date(2008, 1, 1) + timedelta(days=number),
                }
            )
            index = _FIRST + timedelta(days=7 * (number % 52))
            outcomes.append(_outcome(pid, service, _INDEXES[number % 4], index, index))
            if child < reoffenders:
                # Offended again in April 2025 (within a year of any index date in the
                # year), cautioned in May 2025 (within 18 months): a proven reoffence.
                outcomes.append(
                    _outcome(pid, service, "youth_caution", date(2025, 5, 6), date(2025, 4, 2))
                )
            elif child % 3 == 0:
                # Cautioned again, but for an offence from before the index: not a reoffence.
                outcomes.append(
                    _outcome(
                        pid, service, "youth_caution", date(2025, 5, 6), index - timedelta(days=1)
                    )
                )
    rows = [{"outcome_id": f"O{n}", **row} for n, row in enumerate(outcomes, 1)]
    return IndicatorData(
        pl.DataFrame(people, schema=dict(SCHEMAS["people"]), orient="row"),
        pl.DataFrame(
            [{k: r.get(k) for k in SCHEMAS["outcomes"]} for r in rows],
            schema=dict(SCHEMAS["outcomes"]),
        ),
        pl.DataFrame(
            [
                {
                    "service": service,
                    "year": 2024,
                    "sex": "male",
                    "ethnicity": "white",
                    "age": 15,
                    "count": 19137,
                }
            ],
            schema=dict(SCHEMAS["population"]),
        ),
    )


def _outcome(
    pid: str, service: str, kind: str, outcome_date: date, offence_date: date
) -> dict[str, Any]:
    return {
        "person_id": pid,
        "service": service,
        "offence_date": offence_date,
        "outcome_date": outcome_date,
        "outcome": kind,
        "offence_category": "violence_against_the_person",
        "gravity_score": 3,
        "end_date": None,
    }


def seed_disposals() -> dict[str, int]:
    """The seed's disposals in 2024-25 as printed: total 182, prevention 53, out-of-court 81,
    statutory orders 46 (which make 180)."""
    disposals: dict[str, int] = youth_justice_plan_facts()["disposals_2024_25"]
    return disposals


def disposals_data(service: str = SERVICE) -> IndicatorData:
    """One child per disposal, for the seed's prevention, out-of-court and statutory figures
    (never its total): the statutory orders are its four custodial sentences and court orders
    in the community."""
    facts = youth_justice_plan_facts()
    table, custody = seed_disposals(), facts["custody_2024_25"]["sentenced"]
    kinds = (
        ["prevention"] * table["prevention"]
        + [("community_resolution", "outcome_22", "youth_caution")[n % 3]
           for n in range(table["out_of_court"])]
        + ["detention_and_training_order"] * custody
        + [("referral_order", "youth_rehabilitation_order")[n % 2]
           for n in range(table["statutory_orders"] - custody)]
    )  # fmt: skip
    people = []
    outcomes = []
    for number, kind in enumerate(kinds, 1):
        pid = f"D{number:04d}"
        people.append({"person_id": pid, "service": service, "sex": "male", "ethnicity": "white",
                       "date_of_birth": date(2008, 1, 1)})  # fmt: skip
        day = YEAR.start + timedelta(days=number % 365)
        outcomes.append(_outcome(pid, service, kind, day, day))
    rows = [{"outcome_id": f"O{n}", **row} for n, row in enumerate(outcomes, 1)]
    return IndicatorData(
        pl.DataFrame(people, schema=dict(SCHEMAS["people"]), orient="row"),
        pl.DataFrame(
            [{k: r.get(k) for k in SCHEMAS["outcomes"]} for r in rows],
            schema=dict(SCHEMAS["outcomes"]),
        ),
        pl.DataFrame(schema=dict(SCHEMAS["population"])),
    )
