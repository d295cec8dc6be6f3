"""A plain pandas reference for the performance indicators, written from docs/indicators.md alone.

The indicator benchmark (bench/indicators.py) checks the engine (`yjqa.core.indicators.engine`)
against this: the same definitions, written independently, as straightforward pandas
(filters, group-bys and merges), for readability rather than speed. It reads nothing from the
engine.

`reference_indicators(data, periods)` returns, for each period (start, end), for each service,
the indicator object in the JSON shape of docs/indicators.md (`fte`, `reoffending`, `custody`,
`kpis`, `disproportionality`), with unrounded floats and dates as `datetime.date`.

Points the contract leaves open, and the reading taken here:

- services: every service named in any of the three tables;
- disproportionality groups: every code of the dimension (sex: male, female, other, unknown;
  ethnicity: white, mixed, asian, black, other, unknown; age band: 10-14, 15-17), with a
  `population` of 0 where the population table has none;
- the age_band cohort total, for `cohort_share`, counts only the people aged 10 to 17;
- the reference group is the group with the largest population (the first in code order on a
  tie); it gets a rate ratio of 1 with its interval from the same formula;
- follow-on KPIs (send, mental health, substance misuse, restorative justice offered): the
  denominator is the outcomes whose first answer (need identified, victim contacted) is true
  and whose follow-on answer is recorded; the numerator those whose follow-on answer is true;
- 3-month cohorts start at `from` plus 3, 6, 9... calendar months (day clamped to the month's
  end, as `offset_by`).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import pandas as pd

from yjqa.core.caseload.codes import ETHNICITY, SEX
from yjqa.core.indicators.data import KPI_COLUMNS, IndicatorData

CAUTION_OR_SENTENCE = [
    "youth_caution",
    "youth_conditional_caution",
    "referral_order",
    "youth_rehabilitation_order",
    "detention_and_training_order",
    "long_term_detention",
]
CUSTODIAL = ["detention_and_training_order", "long_term_detention"]
OUT_OF_COURT = ["community_resolution", "outcome_22", "youth_caution", "youth_conditional_caution"]
SERIOUS_VIOLENCE = ["drugs", "robbery", "violence_against_the_person"]
Z95 = 1.959964

# KPI: the column whose true answers are the numerator, over those recorded.
SIMPLE_KPIS = {
    "accommodation": "accommodation_suitable",
    "ete": "ete_suitable",
    "wider_services": "wider_services",
}
# KPI: (the answer that must be true to count, the follow-on answer that must be true).
FOLLOW_ON_KPIS = {
    "send": ("send_identified", "send_plan"),
    "mental_health": ("mental_health_need", "mental_health_attended"),
    "substance_misuse": ("substance_misuse_need", "substance_misuse_attended"),
}
GROUPS = {
    "ethnicity": list(ETHNICITY),
    "sex": list(SEX),
    "age_band": ["10-14", "15-17"],
}

Period = tuple[date, date]


@dataclass
class Tables:
    people: pd.DataFrame
    outcomes: pd.DataFrame
    population: pd.DataFrame
    first_caution_or_sentence: pd.DataFrame  # person_id, service, date
    services: list[str]


def prepare(data: IndicatorData) -> Tables:
    people = data.people.to_pandas()
    outcomes = data.outcomes.to_pandas()
    population = data.population.to_pandas()
    for column in ("offence_date", "outcome_date", "end_date"):
        outcomes[column] = pd.to_datetime(outcomes[column])
    people["date_of_birth"] = pd.to_datetime(people["date_of_birth"])
    for column in KPI_COLUMNS:
        outcomes[column] = outcomes[column].astype("boolean")
    outcomes["caution_or_sentence"] = outcomes["outcome"].isin(CAUTION_OR_SENTENCE)
    first = (
        outcomes[outcomes["caution_or_sentence"]]
        .groupby(["person_id", "service"], as_index=False)["outcome_date"]
        .min()
        .rename(columns={"outcome_date": "date"})
    )
    services = sorted(
        set(people["service"]) | set(outcomes["service"]) | set(population["service"])
    )
    return Tables(people, outcomes, population, first, services)


def reference_indicators(
    data: IndicatorData, periods: list[Period]
) -> dict[Period, dict[str, dict[str, Any]]]:
    tables = prepare(data)
    return {(start, end): indicators_for_period(tables, start, end) for start, end in periods}


# --- Helpers -----------------------------------------------------------------------------------


def ratio(numerator: float, denominator: float, factor: float) -> float | None:
    return None if denominator == 0 else numerator / denominator * factor


def between(column: pd.Series, start: date, end: date) -> pd.Series:
    return (column >= pd.Timestamp(start)) & (column <= pd.Timestamp(end))


def count_by_service(frame: pd.DataFrame) -> dict[str, int]:
    return {k: int(v) for k, v in frame.groupby("service").size().items()}


def sum_by_service(frame: pd.DataFrame, column: str) -> dict[str, int]:
    return {k: int(v) for k, v in frame.groupby("service")[column].sum().items()}


def age_on(date_of_birth: pd.Series, on: pd.Series) -> pd.Series:
    """Whole years (a 29 February birthday falls on 1 March in other years)."""
    before_birthday = (on.dt.month < date_of_birth.dt.month) | (
        (on.dt.month == date_of_birth.dt.month) & (on.dt.day < date_of_birth.dt.day)
    )
    return on.dt.year - date_of_birth.dt.year - before_birthday.astype(int)


def add_months(day: date, months: int) -> date:
    return (pd.Timestamp(day) + pd.DateOffset(months=months)).date()


def cohorts_of(start: date, end: date) -> list[Period]:
    found = []
    k = 0
    while True:
        cohort_start = add_months(start, 3 * k)
        if cohort_start > end:
            return found
        next_start = add_months(start, 3 * (k + 1))
        found.append((cohort_start, min(end, next_start - timedelta(days=1))))
        k += 1


# --- One period --------------------------------------------------------------------------------


def indicators_for_period(tables: Tables, start: date, end: date) -> dict[str, dict[str, Any]]:
    outcomes = tables.outcomes
    population = tables.population[tables.population["year"] == start.year]
    population_total = sum_by_service(population, "count")

    fte_people = tables.first_caution_or_sentence[
        between(tables.first_caution_or_sentence["date"], start, end)
    ]
    fte = count_by_service(fte_people)

    quarters = [reoffending_cohort(tables, a, b) for a, b in cohorts_of(start, end)]

    in_period = outcomes[between(outcomes["outcome_date"], start, end)]
    custodial = in_period[in_period["outcome"].isin(CUSTODIAL)]
    custody = count_by_service(custodial)

    ended = outcomes[between(outcomes["end_date"], start, end)]
    kpis = kpi_counts(ended).to_dict(orient="index")
    serious = in_period[
        in_period["offence_category"].isin(SERIOUS_VIOLENCE) & (in_period["gravity_score"] >= 5)
    ]
    serious_count = count_by_service(serious)

    first_any = in_period.groupby(["person_id", "service"], as_index=False)["outcome_date"].min()
    first_custodial = custodial.groupby(["person_id", "service"], as_index=False)[
        "outcome_date"
    ].min()
    disproportionality = {
        "fte": groups_by_service(tables, fte_people, population),
        "outcomes": groups_by_service(
            tables, first_any.rename(columns={"outcome_date": "date"}), population
        ),
        "custody": groups_by_service(
            tables, first_custodial.rename(columns={"outcome_date": "date"}), population
        ),
    }

    result: dict[str, dict[str, Any]] = {}
    for service in tables.services:
        pop = population_total.get(service, 0)
        fte_count = fte.get(service, 0)
        custody_count = custody.get(service, 0)
        serious_n = serious_count.get(service, 0)
        service_quarters = []
        for (a, b), figures in zip(cohorts_of(start, end), quarters, strict=True):
            in_cohort, with_reoffence, proven = figures.get(service, (0, 0, 0))
            service_quarters.append(
                {
                    "from": a,
                    "to": b,
                    "cohort": in_cohort,
                    "reoffenders": with_reoffence,
                    "reoffences": proven,
                }
            )
        cohort = sum(q["cohort"] for q in service_quarters)
        reoffenders = sum(q["reoffenders"] for q in service_quarters)
        reoffences = sum(q["reoffences"] for q in service_quarters)
        service_kpis = kpis_for(kpis.get(service, {}))
        service_kpis["serious_violence"] = {
            "count": serious_n,
            "population": pop,
            "rate_per_10k": ratio(serious_n, pop, 10_000),
        }
        result[service] = {
            "fte": {
                "count": fte_count,
                "population": pop,
                "rate_per_100k": ratio(fte_count, pop, 100_000),
            },
            "reoffending": {
                "cohort": cohort,
                "reoffenders": reoffenders,
                "binary_rate": ratio(reoffenders, cohort, 100),
                "reoffences": reoffences,
                "per_reoffender": ratio(reoffences, reoffenders, 1),
                "per_offender": ratio(reoffences, cohort, 1),
                "quarters": service_quarters,
            },
            "custody": {
                "count": custody_count,
                "population": pop,
                "rate_per_1000": ratio(custody_count, pop, 1_000),
            },
            "kpis": service_kpis,
            "disproportionality": {
                cohort_name: by_service[service]
                for cohort_name, by_service in disproportionality.items()
            },
        }
    return result


# --- Proven reoffending ------------------------------------------------------------------------


def reoffending_cohort(tables: Tables, start: date, end: date) -> dict[str, tuple[int, int, int]]:
    """Per service: (cohort, reoffenders, reoffences) for one 3-month cohort."""
    cautions_and_sentences = tables.outcomes[tables.outcomes["caution_or_sentence"]]
    in_cohort = cautions_and_sentences[between(cautions_and_sentences["outcome_date"], start, end)]
    index = (
        in_cohort.groupby(["person_id", "service"], as_index=False)["outcome_date"]
        .min()
        .rename(columns={"outcome_date": "index_date"})
    )
    later = index.merge(
        cautions_and_sentences[["person_id", "offence_date", "outcome_date"]], on="person_id"
    )
    days_after = (later["offence_date"] - later["index_date"]).dt.days
    proven_by = later["index_date"] + pd.DateOffset(months=18)
    later["reoffence"] = (
        (days_after >= 1) & (days_after <= 365) & (later["outcome_date"] <= proven_by)
    )
    per_person = later.groupby(["person_id", "service"], as_index=False)["reoffence"].sum()
    per_person["reoffender"] = per_person["reoffence"] > 0
    per_service = per_person.groupby("service").agg(
        cohort=("person_id", "count"),
        reoffenders=("reoffender", "sum"),
        reoffences=("reoffence", "sum"),
    )
    return {
        str(service): (int(row.cohort), int(row.reoffenders), int(row.reoffences))
        for service, row in per_service.iterrows()
    }


# --- KPIs --------------------------------------------------------------------------------------


def share(numerator: int, denominator: int) -> dict[str, Any]:
    return {
        "numerator": numerator,
        "denominator": denominator,
        "percent": ratio(numerator, denominator, 100),
    }


def kpi_counts(ended: pd.DataFrame) -> pd.DataFrame:
    """Per service, the numerator and denominator of each KPI (1 to 8 and 10)."""

    def true(column: str) -> pd.Series:
        return ended[column].fillna(False).astype(bool)

    def recorded(column: str) -> pd.Series:
        return ended[column].notna()

    counts = pd.DataFrame({"service": ended["service"]})
    for name, column in SIMPLE_KPIS.items():
        counts[f"{name}_numerator"] = true(column)
        counts[f"{name}_denominator"] = recorded(column)
    for name, (first, follow_on) in FOLLOW_ON_KPIS.items():
        eligible = true(first) & recorded(follow_on)
        counts[f"{name}_numerator"] = eligible & true(follow_on)
        counts[f"{name}_denominator"] = eligible
    counts["oocd_completed"] = ended["outcome"].isin(OUT_OF_COURT)
    contacted = true("victim_contacted")
    counts["victims_numerator"] = contacted
    counts["victims_denominator"] = recorded("victim_contacted")
    offered_eligible = contacted & recorded("victim_rj_offered")
    counts["rj_offered_numerator"] = offered_eligible & true("victim_rj_offered")
    counts["rj_offered_denominator"] = offered_eligible
    return counts.groupby("service").sum()


def kpis_for(counts: dict[str, int]) -> dict[str, Any]:
    """The KPI objects from one service's counts (all 0 when nothing ended)."""

    def kpi(name: str) -> dict[str, Any]:
        return share(
            int(counts.get(f"{name}_numerator", 0)), int(counts.get(f"{name}_denominator", 0))
        )

    return {
        "accommodation": kpi("accommodation"),
        "ete": kpi("ete"),
        "send": kpi("send"),
        "mental_health": kpi("mental_health"),
        "substance_misuse": kpi("substance_misuse"),
        "oocd_completed": {"count": int(counts.get("oocd_completed", 0))},
        "board_attendance": None,
        "wider_services": kpi("wider_services"),
        "victims": {**kpi("victims"), "rj_offered": kpi("rj_offered")},
    }


# --- Disproportionality ------------------------------------------------------------------------


def age_band(age: int) -> str | None:
    if 10 <= age <= 14:
        return "10-14"
    if 15 <= age <= 17:
        return "15-17"
    return None


def groups_by_service(
    tables: Tables, cohort: pd.DataFrame, population: pd.DataFrame
) -> dict[str, dict[str, Any]]:
    """Per service, the cohort (person_id, service, date) against the population by group."""
    people = cohort.merge(
        tables.people[["person_id", "sex", "ethnicity", "date_of_birth"]], on="person_id"
    )
    people["age_band"] = age_on(people["date_of_birth"], people["date"]).map(age_band)
    population = population.assign(age_band=population["age"].astype(int).map(age_band))
    # {dimension: {(service, group): count}}
    cohort_counts = {
        dimension: people.groupby(["service", dimension]).size().to_dict() for dimension in GROUPS
    }
    population_counts = {
        dimension: population.groupby(["service", dimension])["count"].sum().to_dict()
        for dimension in GROUPS
    }
    return {
        service: {
            dimension: group_figures(
                {group: int(cohort_counts[dimension].get((service, group), 0)) for group in groups},
                {
                    group: int(population_counts[dimension].get((service, group), 0))
                    for group in groups
                },
                groups,
            )
            for dimension, groups in GROUPS.items()
        }
        for service in tables.services
    }


def group_figures(
    cohort: dict[str, int], population: dict[str, int], groups: list[str]
) -> dict[str, dict[str, Any]]:
    """Shares, gap, rate and rate ratio against the largest group, for each group."""
    cohort_total = sum(int(cohort.get(g, 0)) for g in groups)
    population_total = sum(int(population.get(g, 0)) for g in groups)
    populations = [int(population.get(g, 0)) for g in groups]
    reference = groups[populations.index(max(populations))]
    b = int(cohort.get(reference, 0))
    n0 = int(population.get(reference, 0))
    figures: dict[str, dict[str, Any]] = {}
    for group in groups:
        a = int(cohort.get(group, 0))
        n1 = int(population.get(group, 0))
        cohort_share = ratio(a, cohort_total, 100)
        population_share = ratio(n1, population_total, 100)
        gap = (
            None
            if cohort_share is None or population_share is None
            else cohort_share - population_share
        )
        rate_ratio: float | None = None
        ci95: list[float] | None = None
        if n1 > 0 and n0 > 0 and a > 0 and b > 0:
            rate_ratio = (a / n1) / (b / n0)
            spread = Z95 * math.sqrt(1 / a - 1 / n1 + 1 / b - 1 / n0)
            ci95 = [
                math.exp(math.log(rate_ratio) - spread),
                math.exp(math.log(rate_ratio) + spread),
            ]
        figures[group] = {
            "cohort": a,
            "cohort_share": cohort_share,
            "population": n1,
            "population_share": population_share,
            "gap_pp": gap,
            "rate_per_1000": ratio(a, n1, 1_000),
            "rate_ratio": rate_ratio,
            "ci95": ci95,
            "over_represented": ci95 is not None and ci95[0] > 1,
        }
    return figures
