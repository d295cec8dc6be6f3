"""Synthetic national indicator data: invented children and outcomes for many services and years.

The indicator tables (`yjqa.core.indicators.data`: people, outcomes and the 10-17 population) at
national scale, for the indicator benchmark and for trying the indicators out. Nothing is drawn
from a real person: services are "Service 001 YJS" and so on, people are ``P0000001``, outcomes
``O00000001``, and every date is random. Generation is vectorised with NumPy and seeded
(`numpy.random.default_rng`), so the same arguments always give the same tables; 150 services
over 10 years (about 1.1 million children and 2.5 million outcomes) take about 5 seconds.

Where the shapes come from (approximate, and deliberately simple):

- **Volume.** Each service has 20,000 to 40,000 children aged 10 to 17 (seed 003: 19,137 in
  Westmorland and Furness; urban services are larger) and takes on about 2.5% of them as new
  children a year, falling by about 3% a year (first time entrants have fallen nationally).
  That is several times the real national volume, so the benchmark works at a size a national
  dataset could reach; rates per head are correspondingly high.
- **Children.** About 80% boys (national youth justice statistics: 85%; seed 003: 79%), 18.5%
  girls and a few `other` or `unknown`. Each service's population has its own White share
  (55% to 95%); children in the data are drawn from that population with Black children about
  2.8 times and Mixed children about 2 times as likely as White children to be in it (the
  over-representation national statistics show), and 3% `unknown`. Ages on the first outcome
  are 10 to 17, skewed to 15 to 17.
- **Offending.** About half the children offend again: each of them offends at their own
  rate (about two offences a year on average, some far more often, at most 12) until they
  stop (on average after about 18 months) or turn 18; offences at 18 or over are not youth
  justice outcomes and are left out, so a child has about 2.3 outcomes on average. Offence
  categories follow the national mix (violence against the person the largest), and each
  category has its own range of gravity scores (robbery, sexual offences, serious violence and
  drug supply high; theft and motoring low); later offences are a little graver.
- **Outcomes.** An ordered choice from community resolution, Outcome 22, youth caution and
  youth conditional caution through referral order and youth rehabilitation order to detention
  and training order and long-term detention, heavier for graver offences, for children with
  more previous offences and for older children (and slightly heavier for Black children, as
  custody figures show). Over half of first outcomes are community resolutions or Outcome 22,
  about a fifth court orders and under 1% custodial; across all outcomes about 3 to 4% are
  custodial. The proven reoffending binary rate comes out at about 35%, with about three
  reoffences per reoffender.
- **Dates.** An outcome follows its offence by days to weeks out of court and by months in
  court, and about 4% take far longer (some beyond 18 months), so some reoffences are proven
  too late to count and some offences committed before a child's index outcome are proven
  after it. Outcomes dated after the last day of the last year (the extract date) are left out.
- **Ends.** ``end_date`` is the outcome date plus the order's or programme's length (community
  resolutions and youth cautions often end the same day; Outcome 22 and conditional cautions
  8 to 16 weeks; referral orders 3 to 12 months; youth rehabilitation orders 6 to 24 months;
  detention and training orders the statutory 4 to 24 months; long-term detention 2 to 6
  years), and is empty for those still open on the extract date.
- **KPIs.** Recorded when an order or programme ends: suitable accommodation about 88%,
  suitable education, training or employment about 70%, special educational needs identified
  for about 28% with a plan for about 60% of those, mental health needs for about 40% (65%
  attended), substance misuse needs for about 30% (55% attended), wider services about 35%,
  victims contacted about 60% (restorative justice offered to about 70% of those). Each is
  missing (empty) for 5 to 15% of records, and the follow-on answer (plan, attended, offered)
  is empty unless the first is true.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from yjqa.core.indicators.data import (
    KPI_COLUMNS,
    OFFENCE_CATEGORY,
    SCHEMAS,
    IndicatorData,
    write_indicator_data,
)

__all__ = ["generate_national", "write_national"]

Ints = npt.NDArray[np.int64]
Floats = npt.NDArray[np.float64]
Bools = npt.NDArray[np.bool_]
Progress = Callable[[str], None]

_EPOCH = date(1970, 1, 1)
_DAYS_PER_YEAR = 365.2425

# --- Services and their populations -----------------------------------------------------------

_POPULATION_RANGE = (20_000, 40_000)  # children aged 10-17 in a service
_POPULATION_GROWTH = (0.005, 0.01)  # mean and spread of yearly growth
_MALE_POPULATION_SHARE = 0.512
_WHITE_SHARE_RANGE = (0.55, 0.95)
# Population ethnicity codes, and how the non-White population splits (roughly England's
# 10-17 population: Asian the largest minority, then Mixed, Black, Other).
_POPULATION_ETHNICITIES = ("white", "mixed", "asian", "black", "other")
_MINORITY_SPLIT = np.array([0.25, 0.40, 0.22, 0.13])  # mixed, asian, black, other
_AGES = np.arange(10, 18)

# --- Children ---------------------------------------------------------------------------------

_NEW_CHILDREN_RATE = 0.025  # new children a year per child in the population
_NEW_CHILDREN_TREND = (-0.03, 0.02)  # mean and spread of the yearly change
_SEXES = ("male", "female", "other", "unknown")
_SEX_SHARES = np.array([0.80, 0.185, 0.006, 0.009])
_ETHNICITIES = ("white", "mixed", "asian", "black", "other", "unknown")
# How much likelier a child of each group is to be in the data than a White child.
_RELATIVE_RISK = np.array([1.0, 2.0, 0.8, 2.8, 1.2])
_UNKNOWN_ETHNICITY_SHARE = 0.03
_FIRST_AGE_WEIGHTS = np.array([1, 2, 5, 10, 16, 21, 22, 23], dtype=np.float64)

# --- Offending --------------------------------------------------------------------------------

_REPEAT_SHARE = 0.48  # children who offend again (before their offending stops)
_REPEAT_SHARE_BOY_FACTOR = 1.1
_OFFENCE_RATE = (1.8, 0.8)  # offences a year: median and log spread, for repeat children
_MAX_RATE = 12.0  # offences a year, at most
_CAREER_YEARS = 1.5  # mean time from the first offence until offending stops
_CATEGORIES = tuple(OFFENCE_CATEGORY)
_CATEGORY_SHARES: Mapping[str, float] = {
    "violence_against_the_person": 0.30,
    "robbery": 0.06,
    "drugs": 0.09,
    "theft": 0.14,
    "burglary": 0.05,
    "criminal_damage": 0.09,
    "public_order": 0.07,
    "sexual": 0.03,
    "motoring": 0.06,
    "other": 0.11,
}
# Lowest and highest gravity score of each category's offences.
_GRAVITY_RANGE: Mapping[str, tuple[int, int]] = {
    "violence_against_the_person": (3, 7),
    "robbery": (5, 8),
    "drugs": (2, 6),
    "theft": (1, 4),
    "burglary": (3, 6),
    "criminal_damage": (2, 4),
    "public_order": (2, 4),
    "sexual": (4, 8),
    "motoring": (1, 4),
    "other": (1, 5),
}

# --- Outcomes ---------------------------------------------------------------------------------

# Lightest to heaviest: the ordered choice's categories.
_OUTCOMES = (
    "community_resolution",
    "outcome_22",
    "youth_caution",
    "youth_conditional_caution",
    "referral_order",
    "youth_rehabilitation_order",
    "detention_and_training_order",
    "long_term_detention",
)
_OUT_OF_COURT = 4  # the first four are out of court
# The ordered choice: a score of gravity, previous offences and age plus logistic noise, cut
# at these thresholds (calibrated for the first-outcome mix in the module docstring).
_SCORE_GRAVITY = 0.9
_SCORE_PREVIOUS = 0.55  # per previous offence, up to _PREVIOUS_CAP
_PREVIOUS_CAP = 6
_SCORE_AGE = 0.25  # per year of age above 14
_SCORE_BLACK = 0.25
_SCORE_NOISE = 0.9
_THRESHOLDS = np.array([3.3, 3.9, 4.6, 5.2, 6.6, 9.3, 11.5])
_LONG_TERM_MIN_GRAVITY = 6  # long-term detention only for grave offences

# Days from offence to outcome: median and log spread, out of court and in court.
_LAG_OUT_OF_COURT = (30.0, 0.8)
_LAG_COURT = (110.0, 0.55)
_LATE_SHARE = 0.04  # outcomes that take far longer
_LATE_EXTRA_DAYS = (150, 800)

_DTO_MONTHS = np.array([4, 6, 8, 10, 12, 18, 24])
_MONTH_DAYS = _DAYS_PER_YEAR / 12

# KPI answers: (share recorded, share true of those recorded).
_KPI_RATES: Mapping[str, tuple[float, float]] = {
    "accommodation_suitable": (0.95, 0.88),
    "ete_suitable": (0.93, 0.70),
    "send_identified": (0.90, 0.28),
    "send_plan": (0.92, 0.60),
    "mental_health_need": (0.92, 0.40),
    "mental_health_attended": (0.90, 0.65),
    "substance_misuse_need": (0.92, 0.30),
    "substance_misuse_attended": (0.90, 0.55),
    "wider_services": (0.90, 0.35),
    "victim_contacted": (0.85, 0.60),
    "victim_rj_offered": (0.92, 0.70),
}
# A follow-on answer is recorded only when the answer it follows is true.
_KPI_FOLLOWS: Mapping[str, str] = {
    "send_plan": "send_identified",
    "mental_health_attended": "mental_health_need",
    "substance_misuse_attended": "substance_misuse_need",
    "victim_rj_offered": "victim_contacted",
}


def _days(day: date) -> int:
    return (day - _EPOCH).days


def _quiet(_message: str) -> None:
    return None


def generate_national(
    services: int,
    years: int,
    seed: int,
    start_year: int = 2016,
    progress: Progress | None = None,
    new_children_rate: float = _NEW_CHILDREN_RATE,
) -> IndicatorData:
    """People, outcomes and population for `services` services over `years` calendar years.

    The years run from 1 January `start_year`; outcomes after the last day of the last year
    (the extract date) are left out, and orders still running then have no end date.
    `new_children_rate` is the share of a service's children who come into the data each
    year: the default gives national-benchmark volumes; about 0.005 gives rates per head
    like the published national ones (first time entrants near 150 per 100,000).
    """
    if services < 1 or years < 1:
        raise ValueError(f"services and years must be at least 1, got {services} and {years}")
    say = progress or _quiet
    rng = np.random.default_rng(seed)
    extract = _days(date(start_year + years - 1, 12, 31))
    year_starts = np.array([_days(date(start_year + y, 1, 1)) for y in range(years + 1)])

    say("services and population")
    names = [f"Service {n:0{max(3, len(str(services)))}d} YJS" for n in range(1, services + 1)]
    shape = _service_shape(rng, services, years, new_children_rate)
    population = _population(rng, names, shape, start_year)

    say("children")
    children = _children(rng, shape, year_starts)

    say("offences and outcomes")
    outcomes = _outcomes(rng, children, extract)

    say("tables")
    has_outcome = np.zeros(len(children["service"]), dtype=np.bool_)
    has_outcome[outcomes["person"]] = True
    return _tables(rng, names, children, has_outcome, outcomes, population)


def write_national(data: IndicatorData, out: Path, fmt: str = "parquet") -> list[Path]:
    """Write the tables as people, outcomes and population files (`csv` or `parquet`)."""
    return write_indicator_data(data, out, fmt)


# --- Services ---------------------------------------------------------------------------------


def _service_shape(
    rng: np.random.Generator, services: int, years: int, new_children_rate: float
) -> dict[str, Any]:
    """Each service's population by year, its ethnic mix and its intake of new children."""
    total = rng.uniform(*_POPULATION_RANGE, size=services)
    growth = rng.normal(*_POPULATION_GROWTH, size=services)
    by_year = total[:, None] * (1 + growth[:, None]) ** np.arange(years)[None, :]
    white = rng.uniform(*_WHITE_SHARE_RANGE, size=services)
    minority = rng.dirichlet(_MINORITY_SPLIT * 40, size=services)
    ethnicity = np.column_stack([white, (1 - white)[:, None] * minority])  # services x 5
    ages = _AGES.size
    age_share = np.full((services, ages), 1 / ages) * rng.normal(1, 0.03, size=(services, ages))
    age_share /= age_share.sum(axis=1, keepdims=True)
    rate = new_children_rate * rng.lognormal(0, 0.25, size=services)
    trend = rng.normal(*_NEW_CHILDREN_TREND, size=services)
    intake = by_year * rate[:, None] * (1 + trend[:, None]) ** np.arange(years)[None, :]
    return {
        "by_year": by_year,
        "ethnicity": ethnicity,
        "age_share": age_share,
        "new_children": rng.poisson(intake),  # services x years
    }


def _population(
    rng: np.random.Generator, names: Sequence[str], shape: Mapping[str, Any], start_year: int
) -> pl.DataFrame:
    by_year: Floats = shape["by_year"]
    sex = np.array([_MALE_POPULATION_SHARE, 1 - _MALE_POPULATION_SHARE])
    expected = (
        by_year[:, :, None, None, None]
        * sex[None, None, :, None, None]
        * shape["ethnicity"][:, None, None, :, None]
        * shape["age_share"][:, None, None, None, :]
    )  # service, year, sex, ethnicity, age
    counts = np.rint(expected * rng.normal(1, 0.02, size=expected.shape)).clip(0).astype(np.int64)
    index = np.indices(counts.shape).reshape(5, -1)
    return pl.DataFrame(
        {
            "service": pl.Series(names).gather(index[0]),
            "year": (index[1] + start_year).astype(np.int32),
            "sex": pl.Series(["male", "female"]).gather(index[2]),
            "ethnicity": pl.Series(_POPULATION_ETHNICITIES).gather(index[3]),
            "age": _AGES[index[4]].astype(np.int8),
            "count": counts.reshape(-1),
        },
        schema=dict(SCHEMAS["population"]),
    )


# --- Children ---------------------------------------------------------------------------------


def _choose(rng: np.random.Generator, shares: Floats, size: int) -> Ints:
    """Indexes drawn with the given shares (normalised)."""
    cumulative = np.cumsum(shares / shares.sum())
    return np.searchsorted(cumulative, rng.random(size), side="right").clip(0, shares.size - 1)


def _children(
    rng: np.random.Generator, shape: Mapping[str, Any], year_starts: Ints
) -> dict[str, Any]:
    """Every new child: service, first outcome date, sex, ethnicity, birth and offending."""
    new: Ints = shape["new_children"]
    services, years = new.shape
    cells = np.repeat(np.arange(services * years), new.reshape(-1))
    service, year = np.divmod(cells, years)
    n = service.size
    year_length = (year_starts[1:] - year_starts[:-1])[year]
    first = year_starts[year] + (rng.random(n) * year_length).astype(np.int64)

    sex = _choose(rng, _SEX_SHARES, n)
    weights = shape["ethnicity"] * _RELATIVE_RISK[None, :]
    weights = weights / weights.sum(axis=1, keepdims=True) * (1 - _UNKNOWN_ETHNICITY_SHARE)
    cumulative = np.cumsum(np.column_stack([weights, np.full(services, 1.0)]), axis=1)
    draw = rng.random(n)
    ethnicity = (draw[:, None] > cumulative[service]).sum(axis=1)

    age = _AGES[_choose(rng, _FIRST_AGE_WEIGHTS, n)] + rng.uniform(0.02, 0.98, size=n)
    birth = first - np.rint(age * _DAYS_PER_YEAR).astype(np.int64)

    repeat_share = np.where(sex == 0, _REPEAT_SHARE * _REPEAT_SHARE_BOY_FACTOR, _REPEAT_SHARE)
    repeat_share = repeat_share * (1 + 0.06 * (15 - np.floor(age)))  # younger: likelier
    repeats = rng.random(n) < repeat_share
    rate = rng.lognormal(np.log(_OFFENCE_RATE[0]), _OFFENCE_RATE[1], size=n).clip(0, _MAX_RATE)
    career = rng.exponential(_CAREER_YEARS, size=n)
    return {
        "service": service,
        "first": first,
        "sex": sex,
        "ethnicity": ethnicity,
        "birth": birth,
        "repeats": repeats,
        "rate": rate,
        "career": career,
    }


# --- Offences and outcomes --------------------------------------------------------------------


def _offence_kind(rng: np.random.Generator, size: int, previous: Ints) -> tuple[Ints, Ints]:
    """Offence category indexes and gravity scores; later offences are a little graver."""
    shares = np.array([_CATEGORY_SHARES[c] for c in _CATEGORIES])
    category = _choose(rng, shares, size)
    low = np.array([_GRAVITY_RANGE[c][0] for c in _CATEGORIES])[category]
    high = np.array([_GRAVITY_RANGE[c][1] for c in _CATEGORIES])[category]
    gravity = low + rng.binomial(high - low, 0.35)
    graver = (previous >= 2) & (rng.random(size) < 0.15)
    return category, np.minimum(gravity + graver, 8)


def _outcome_kind(
    rng: np.random.Generator, gravity: Ints, previous: Ints, age: Floats, black: Bools
) -> Ints:
    """The ordered choice of outcome (index into _OUTCOMES)."""
    score = (
        _SCORE_GRAVITY * gravity
        + _SCORE_PREVIOUS * np.minimum(previous, _PREVIOUS_CAP)
        + _SCORE_AGE * (age - 14)
        + _SCORE_BLACK * black
        + rng.logistic(0, _SCORE_NOISE, size=gravity.size)
    )
    kind = np.searchsorted(_THRESHOLDS, score)
    # Long-term detention is for grave crimes; otherwise a detention and training order.
    return np.where((kind == 7) & (gravity < _LONG_TERM_MIN_GRAVITY), 6, kind)


def _lag(rng: np.random.Generator, kind: Ints) -> Ints:
    """Days from offence to outcome."""
    court = kind >= _OUT_OF_COURT
    median = np.where(court, _LAG_COURT[0], _LAG_OUT_OF_COURT[0])
    spread = np.where(court, _LAG_COURT[1], _LAG_OUT_OF_COURT[1])
    days: Floats = median * np.exp(spread * rng.standard_normal(kind.size))
    late = rng.random(kind.size) < _LATE_SHARE
    days += late * rng.uniform(*_LATE_EXTRA_DAYS, size=kind.size)
    return np.floor(days).astype(np.int64)


def _length(rng: np.random.Generator, kind: Ints) -> Ints:
    """Days from outcome to the end of the order or programme."""
    size = kind.size
    same_day = rng.random(size) < 0.55
    short = rng.uniform(14, 90, size=size) * ~same_day  # community resolution, youth caution
    programme = rng.uniform(56, 112, size=size)  # Outcome 22, conditional caution
    months = np.select(
        [kind == 4, kind == 5, kind == 6, kind == 7],
        [
            rng.integers(3, 13, size=size),
            rng.integers(6, 25, size=size),
            _DTO_MONTHS[rng.integers(0, _DTO_MONTHS.size, size=size)],
            rng.integers(24, 73, size=size),
        ],
        0,
    )
    days: Floats = np.select(
        [np.isin(kind, (0, 2)), np.isin(kind, (1, 3))], [short, programme], months * _MONTH_DAYS
    )
    return np.rint(days).astype(np.int64)


def _outcomes(
    rng: np.random.Generator, children: Mapping[str, Any], extract: int
) -> dict[str, Any]:
    """Every child's offences, each with its outcome, in one set of arrays."""
    n = children["service"].size
    birth: Ints = children["birth"]
    first: Ints = children["first"]
    black: Bools = children["ethnicity"] == _ETHNICITIES.index("black")

    # The first offence: its outcome falls on the child's first outcome date.
    category1, gravity1 = _offence_kind(rng, n, np.zeros(n, dtype=np.int64))
    kind1 = _outcome_kind(
        rng, gravity1, np.zeros(n, dtype=np.int64), (first - birth) / 365.25, black
    )
    ten = birth + np.rint(10 * _DAYS_PER_YEAR).astype(np.int64)
    offence1 = np.maximum(first - _lag(rng, kind1), ten)  # no offence before 10

    # Further offences: at the child's own rate until offending stops or they turn 18.
    eighteen = birth + np.rint(18 * _DAYS_PER_YEAR).astype(np.int64)
    span = np.minimum(children["career"] * _DAYS_PER_YEAR, eighteen - offence1).clip(0)
    expected = np.where(children["repeats"], children["rate"] * span / _DAYS_PER_YEAR, 0.0)
    further = rng.poisson(expected)
    person = np.repeat(np.arange(n), further)
    when = offence1[person] + np.floor(rng.random(person.size) * span[person]).astype(np.int64)
    order = np.lexsort((when, person))
    person, when = person[order], when[order]
    starts = np.cumsum(further) - further
    previous = np.arange(person.size) - starts[person] + 1  # offences before this one
    category2, gravity2 = _offence_kind(rng, person.size, previous)
    kind2 = _outcome_kind(rng, gravity2, previous, (when - birth[person]) / 365.25, black[person])
    outcome2 = when + _lag(rng, kind2)

    person = np.concatenate([np.arange(n), person])
    offence = np.concatenate([offence1, when])
    outcome = np.concatenate([first, outcome2])
    category = np.concatenate([category1, category2])
    gravity = np.concatenate([gravity1, gravity2])
    kind = np.concatenate([kind1, kind2])
    keep = (outcome <= extract) & (offence < eighteen[person])
    person, offence, outcome = person[keep], offence[keep], outcome[keep]
    category, gravity, kind = category[keep], gravity[keep], kind[keep]
    end = outcome + _length(rng, kind)
    return {
        "person": person,
        "offence": offence,
        "outcome": outcome,
        "category": category,
        "gravity": gravity,
        "kind": kind,
        "end": end,
        "open": end > extract,
    }


def _kpis(rng: np.random.Generator, ended: Bools) -> dict[str, pl.Series]:
    """The KPI answers, recorded only for orders and programmes that have ended."""
    size = ended.size
    columns: dict[str, pl.Series] = {}
    answers: dict[str, Bools] = {}
    for name in KPI_COLUMNS:
        recorded_share, true_share = _KPI_RATES[name]
        recorded = ended & (rng.random(size) < recorded_share)
        if name in _KPI_FOLLOWS:
            recorded &= answers[_KPI_FOLLOWS[name]]
        value = rng.random(size) < true_share
        answers[name] = recorded & value
        columns[name] = pl.Series(name, value, dtype=pl.Boolean).set(pl.Series(~recorded), None)
    return columns


def _dates(days: Ints) -> pl.Series:
    return pl.Series(days.astype(np.int32)).cast(pl.Date)


def _ids(prefix: str, count: int) -> pl.Series:
    width = max(7, len(str(count)))
    return pl.select(
        pl.lit(prefix) + pl.int_range(1, count + 1, dtype=pl.Int64).cast(pl.String).str.zfill(width)
    ).to_series()


def _tables(
    rng: np.random.Generator,
    names: Sequence[str],
    children: Mapping[str, Any],
    has_outcome: Bools,
    outcomes: Mapping[str, Any],
    population: pl.DataFrame,
) -> IndicatorData:
    service_names = pl.Series(names)
    # Only children with an outcome by the extract date are in the data; number them in order.
    kept = np.flatnonzero(has_outcome)
    number = np.full(has_outcome.size, -1, dtype=np.int64)
    number[kept] = np.arange(kept.size)
    person_ids = _ids("P", kept.size)
    people = pl.DataFrame(
        {
            "person_id": person_ids,
            "service": service_names.gather(children["service"][kept]),
            "sex": pl.Series(_SEXES).gather(children["sex"][kept]),
            "ethnicity": pl.Series(_ETHNICITIES).gather(children["ethnicity"][kept]),
            "date_of_birth": _dates(children["birth"][kept]),
        },
        schema=dict(SCHEMAS["people"]),
    )

    person = number[outcomes["person"]]
    order = np.lexsort((person, outcomes["outcome"], children["service"][outcomes["person"]]))
    person = person[order]
    ended = ~outcomes["open"][order]
    end = outcomes["end"][order]
    frame = pl.DataFrame(
        {
            "outcome_id": _ids("O", order.size),
            "person_id": person_ids.gather(person),
            "service": service_names.gather(children["service"][outcomes["person"][order]]),
            "offence_date": _dates(outcomes["offence"][order]),
            "outcome_date": _dates(outcomes["outcome"][order]),
            "outcome": pl.Series(_OUTCOMES).gather(outcomes["kind"][order]),
            "offence_category": pl.Series(_CATEGORIES).gather(outcomes["category"][order]),
            "gravity_score": outcomes["gravity"][order].astype(np.int8),
            "end_date": _dates(end).set(pl.Series(~ended), None),
            **_kpis(rng, ended),
        },
        schema=dict(SCHEMAS["outcomes"]),
    )
    return IndicatorData(people, frame, population)
