"""Performance indicators computed from case-level records (docs/indicators.md is the contract).

Everything is computed for every service and every period at once: rows are given the index of
the period (or 3-month cohort) their date falls in by a binary search over the sorted period
starts, and the figures are Polars aggregations over (service, period). Python only assembles
the nested JSON objects at the end.

The definitions (outcome groups, factors, windows, KPI columns, the serious-violence rule, age
bands) come from the shipped YAML in `yjqa/indicators` (see `indicator_definitions`).
"""

from __future__ import annotations

import calendar
import gc
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

import polars as pl
import polars.selectors as cs

from yjqa.core.indicators.data import IndicatorData
from yjqa.core.indicators.definitions import IndicatorSet, get_indicator_set
from yjqa.core.validation.problems import InputError, Problem

NATIONAL = "England and Wales"
DECIMALS = 4  # JSON floats are rounded to this many places, in `_rounded` only

_SERVICE = "service"
_PERIOD = "_p"  # index of a period in the list being computed
_COHORT = "_c"  # index of a 3-month cohort
_PERSON = "_person"  # a whole number for each person_id (faster to group and join than text)
_KEYS = [_SERVICE, _PERIOD]
_EPOCH = date(1970, 1, 1).toordinal()  # Polars dates count days from 1 January 1970
_DAYS = 1 << 22  # a sort key is person * _DAYS + days since the first outcome
_RATE_KEYS = {100: "percent", 1000: "rate_per_1000", 10000: "rate_per_10k", 100000: "rate_per_100k"}


@dataclass(frozen=True, order=True)
class Period:
    """A run of days, both ends included."""

    start: date
    end: date  # inclusive

    def as_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat()}


def add_months(day: date, months: int) -> date:
    """The same day `months` calendar months later, or the month's last day (like Polars "1mo")."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def financial_year_start(day: date) -> int:
    """The year in which the financial year (April to March) holding `day` begins."""
    return day.year if day.month >= 4 else day.year - 1


def _check_period(start: date, end: date) -> None:
    if end < start:
        raise InputError(
            [Problem("period", f"ends on {end.isoformat()}, before it starts on {start}")]
        )


def split_period(start: date, end: date, months: int) -> list[Period]:
    """Consecutive `months`-month periods from `start` (the last one ends at `end`)."""
    _check_period(start, end)
    found: list[Period] = []
    step = 0
    while (first := add_months(start, step * months)) <= end:
        last = min(add_months(start, (step + 1) * months) - timedelta(days=1), end)
        found.append(Period(first, last))
        step += 1
    return found


def quarters(start: date, end: date) -> list[Period]:
    """Consecutive 3-month periods from `start`; the last is cut short at `end`."""
    return split_period(start, end, 3)


# --- Public API --------------------------------------------------------------------------------


def compute_indicators(
    data: IndicatorData,
    start: date,
    end: date,
    services: Sequence[str] | None = None,
    *,
    definitions: IndicatorSet | None = None,
) -> dict[str, Any]:
    """The contract object: {"period": {...}, "services": {name: {...}}}."""
    period = Period(start, end)
    per_service = compute_many(data, [period], services, definitions=definitions)[period]
    return {
        "period": {**period.as_dict(), "population_year": period.start.year},
        "services": per_service,
    }


def compute_many(
    data: IndicatorData,
    periods: Sequence[Period],
    services: Sequence[str] | None = None,
    *,
    definitions: IndicatorSet | None = None,
) -> dict[Period, dict[str, dict[str, Any]]]:
    """The per-service indicator objects for many periods at once, by period then service."""
    defs = definitions or get_indicator_set()
    wanted = list(dict.fromkeys(periods))
    for period in wanted:
        _check_period(period.start, period.end)
    names = service_names(data, services)
    if services is not None:
        data = data.for_services(names)
    if not wanted:
        return {}
    if not names:
        return {period: {} for period in wanted}
    return _Engine(data, wanted, names, defs).run()


def national(
    data: IndicatorData, period: Period, *, definitions: IndicatorSet | None = None
) -> dict[str, Any]:
    """The indicator object for every service pooled together (England and Wales).

    Children stay distinct: a child is a person_id within a service, so the same person_id in
    two services is two children here too.
    """
    _check_period(period.start, period.end)
    defs = definitions or get_indicator_set()
    engine = _Engine(data, [period], [NATIONAL], defs, pooled=True)
    return engine.run()[period][NATIONAL]


def first_time_entrants(
    data: IndicatorData,
    periods: Sequence[Period],
    services: Sequence[str] | None = None,
    *,
    definitions: IndicatorSet | None = None,
) -> pl.DataFrame:
    """Each period's first time entrants, one row per child: (service, from, to, date,
    outcome), the outcome the one that made them an entrant (the heaviest, if two fell on
    that day). The rows of a period are its `fte` count."""
    defs = definitions or get_indicator_set()
    wanted, names, data = _prepared(data, periods, services)
    schema = {"service": pl.String, "from": pl.Date, "to": pl.Date, "date": pl.Date,
              "outcome": pl.String}  # fmt: skip
    if not wanted or not names:
        return pl.DataFrame(schema=schema)
    found = _Engine(data, wanted, names, defs).fte_entries()
    return found.join(_bounds(wanted), on=_PERIOD).select(
        pl.col(_SERVICE).cast(pl.String), "from", "to", "date", "outcome"
    )


def _prepared(
    data: IndicatorData, periods: Sequence[Period], services: Sequence[str] | None
) -> tuple[list[Period], list[str], IndicatorData]:
    """The distinct periods (checked), the services (checked) and their data."""
    wanted = list(dict.fromkeys(periods))
    for period in wanted:
        _check_period(period.start, period.end)
    names = service_names(data, services)
    return wanted, names, data if services is None else data.for_services(names)


def _bounds(periods: Sequence[Period]) -> pl.DataFrame:
    """(period index, from, to) of each period."""
    return pl.DataFrame(
        {
            _PERIOD: pl.Series(range(len(periods)), dtype=pl.UInt32),
            "from": [p.start for p in periods],
            "to": [p.end for p in periods],
        }
    )


def reoffending_by(
    data: IndicatorData,
    periods: Sequence[Period],
    dimension: Literal["ethnicity", "sex"],
    services: Sequence[str] | None = None,
    *,
    definitions: IndicatorSet | None = None,
) -> pl.DataFrame:
    """Each period's reoffending figures by group (a child's sex or ethnicity): one row per
    (service, from, to, group) with children in the cohort, `group` the code (null for a child
    with no people row), and `cohort`, `reoffenders`, `reoffences`. The groups' figures add up
    to the period's headline figures (the same 3-month cohorts, summed)."""
    defs = definitions or get_indicator_set()
    wanted, names, data = _prepared(data, periods, services)
    schema = {
        "service": pl.String, "from": pl.Date, "to": pl.Date, "group": pl.String,
        "cohort": pl.Int64, "reoffenders": pl.Int64, "reoffences": pl.Int64,
    }  # fmt: skip
    if not wanted or not names:
        return pl.DataFrame(schema=schema)
    found = _Engine(data, wanted, names, defs).reoffending_by_group(dimension)
    return found.join(_bounds(wanted), on=_PERIOD).select(
        pl.col(_SERVICE).cast(pl.String), "from", "to", "group", "cohort", "reoffenders",
        "reoffences",
    )  # fmt: skip


def service_names(data: IndicatorData, services: Sequence[str] | None = None) -> list[str]:
    """The services asked for (checked against the data), or every service in the data."""
    known = sorted(
        set(data.people["service"].unique().drop_nulls())
        | set(data.outcomes["service"].unique().drop_nulls())
        | set(data.population["service"].unique().drop_nulls())
    )
    if services is None:
        return known
    known_set = set(known)
    unknown = [name for name in dict.fromkeys(services) if name not in known_set]
    if unknown:
        listed = ", ".join(known) if known else "none"
        raise InputError(
            [
                Problem("service", f"no service '{name}' in the data; the services are: {listed}")
                for name in unknown
            ]
        )
    return list(dict.fromkeys(services))


# --- Assigning rows to periods -----------------------------------------------------------------


def _layers(periods: Sequence[Period]) -> list[list[int]]:
    """Indices of the periods in layers of non-overlapping periods, each sorted by start."""
    layers: list[list[int]] = []
    for index in sorted(range(len(periods)), key=lambda i: (periods[i].start, periods[i].end)):
        for layer in layers:
            if periods[layer[-1]].end < periods[index].start:
                layer.append(index)
                break
        else:
            layers.append([index])
    return layers


def assign_periods(
    frame: pl.LazyFrame, column: str, periods: Sequence[Period], name: str = _PERIOD
) -> pl.LazyFrame:
    """The rows whose `column` date is in a period, with the period's index as `name`.

    A binary search of the sorted period starts finds the last period starting on or before
    the date; the row is kept if the date is no later than that period's end. Overlapping
    periods are searched in separate layers, so a row in two of them appears twice.
    """
    parts = []
    for layer in _layers(periods):
        starts = pl.Series([periods[i].start for i in layer], dtype=pl.Date)
        ends = pl.Series([periods[i].end for i in layer], dtype=pl.Date)
        ids = pl.Series(layer, dtype=pl.UInt32)
        position = pl.lit(starts).search_sorted(pl.col(column), side="right").cast(pl.Int64) - 1
        parts.append(
            frame.filter(pl.col(column).is_not_null())
            .with_columns(position.alias("_at"))
            .filter(pl.col("_at") >= 0)
            .filter(pl.col(column) <= pl.lit(ends).gather(pl.col("_at")))
            .with_columns(pl.lit(ids).gather(pl.col("_at")).alias(name))
            .drop("_at")
        )
    return parts[0] if len(parts) == 1 else pl.concat(parts)


def _first_rows(by: str) -> pl.Expr:
    """True on a person's first row in each `by` (rows sorted by person, then date)."""
    person = pl.col(_PERSON)
    return ((person != person.shift(1)) | (pl.col(by) != pl.col(by).shift(1))).fill_null(True)


def _person_numbers(outcomes: pl.DataFrame, people: pl.DataFrame) -> tuple[pl.Series, int]:
    """Each outcome's person as a number: their row in people, or past them if not there.

    A person is a person_id within a service (the same person_id in two services is two
    children). Also how many people are in the outcomes but not in the people table.
    """
    key = [_SERVICE, "person_id"]
    numbers = (
        outcomes.select(key)
        .join(people.select(key).with_row_index(_PERSON), on=key, how="left", maintain_order="left")
        .get_column(_PERSON)
    )
    if not numbers.null_count():
        return numbers, 0
    # People missing from the people table still count (with no sex, ethnicity or age).
    strangers = (
        outcomes.filter(numbers.is_null())
        .select(key)
        .unique(maintain_order=True)
        .with_row_index("_stranger", offset=people.height)
    )
    numbered = outcomes.select(key).join(strangers, on=key, how="left", maintain_order="left")
    return numbers.fill_null(numbered.get_column("_stranger")), strangers.height


def _group_number(value: pl.Expr, groups: Sequence[str]) -> pl.Expr:
    """The position of a code in `groups` (null if it is not one of them)."""
    numbers = {group: number for number, group in enumerate(groups)}
    return value.replace_strict(numbers, default=None, return_dtype=pl.UInt8)


def _packed(parts: Sequence[tuple[pl.Expr, int]]) -> pl.Expr:
    """Whole numbers in [0, size) (or null) packed into one: a key Polars groups fast."""
    code = pl.lit(0, dtype=pl.UInt64)
    for value, size in parts:
        code = code * (size + 1) + (value.cast(pl.UInt64) + 1).fill_null(0)
    return code


def _unpacked(code: str, parts: Sequence[tuple[str, int]]) -> list[pl.Expr]:
    """The inverse of `_packed`, as columns named by `parts`."""
    found = []
    divisor = 1
    for name, size in reversed(parts):
        digit = (pl.col(code) // divisor) % (size + 1)
        found.append(pl.when(digit > 0).then(digit - 1).cast(pl.UInt32).alias(name))
        divisor *= size + 1
    return found


def _age(on: pl.Expr, born: pl.Expr) -> pl.Expr:
    """Age in whole years on a date (a 29 February birthday falls on 1 March in other years)."""

    def month_day(day: pl.Expr) -> pl.Expr:
        return day.dt.month().cast(pl.Int32) * 100 + day.dt.day().cast(pl.Int32)

    return on.dt.year() - born.dt.year() - (month_day(on) < month_day(born)).cast(pl.Int32)


def _ratio(numerator: str | pl.Expr, denominator: str | pl.Expr, factor: float = 1) -> pl.Expr:
    top = pl.col(numerator) if isinstance(numerator, str) else numerator
    bottom = pl.col(denominator) if isinstance(denominator, str) else denominator
    return pl.when(bottom > 0).then(top.cast(pl.Float64) / bottom * factor).otherwise(None)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while building many small dicts (none form cycles).

    Otherwise it runs over and over as the objects pile up, doubling the assembly time.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _rounded(frame: pl.DataFrame) -> pl.DataFrame:
    """Every float rounded to DECIMALS places (and -0.0 made 0.0): the one place JSON is rounded."""
    return frame.with_columns(cs.float().round(DECIMALS) + 0.0)


# --- The engine --------------------------------------------------------------------------------


class _Engine:
    """One computation: the tables prepared once, then each indicator for every (service,
    period), then the nested objects.

    Prepared: services as a Polars Enum; each person numbered (`_PERSON`); the outcomes sorted
    by person then outcome date (`dated`), so "a person's first outcome in a period" is the
    first of their rows there and a person's later outcomes are a run found by binary search.
    """

    def __init__(
        self,
        data: IndicatorData,
        periods: list[Period],
        services: list[str],
        defs: IndicatorSet,
        *,
        pooled: bool = False,
    ) -> None:
        self.defs = defs
        self.periods = periods
        self.services = services
        self.service_type = pl.Enum(services)
        self.period_frame = pl.DataFrame(
            {
                _PERIOD: pl.Series(range(len(periods)), dtype=pl.UInt32),
                "year": pl.Series([p.start.year for p in periods], dtype=pl.Int32),
            }
        )
        self.grid = (
            pl.DataFrame({_SERVICE: pl.Series(services, dtype=self.service_type)})
            .join(self.period_frame, how="cross")
            .sort(_SERVICE, _PERIOD)
        )
        people = data.people
        numbers, strangers = _person_numbers(data.outcomes, people)
        if len(numbers) != data.outcomes.height:  # a person listed twice: use the first row
            people = people.unique([_SERVICE, "person_id"], keep="first", maintain_order=True)
            numbers, strangers = _person_numbers(data.outcomes, people)
        # Pooled (national figures): every row belongs to the one service, once each child
        # has been numbered by their own service.
        typed = (
            pl.lit(NATIONAL, dtype=self.service_type).alias(_SERVICE)
            if pooled
            else pl.col(_SERVICE).cast(self.service_type)
        )
        outcomes = data.outcomes.drop("outcome_id", "person_id").with_columns(numbers, typed)
        # For the KPIs, which need no order.
        self.outcomes = outcomes.lazy()
        first = outcomes.get_column("outcome_date").min()
        self.first_day = (
            first if isinstance(first, date) else date(1970, 1, 1)
        ).toordinal() - _EPOCH
        # For everything about people: sorted by person, then outcome date, so a person's
        # first outcome in a period is the first of their rows in it.
        self.dated = (
            outcomes.select(
                _PERSON,
                _SERVICE,
                "outcome",
                "offence_date",
                "outcome_date",
                "offence_category",
                "gravity_score",
            )
            .with_columns(self._sort_key(pl.col(_PERSON), pl.col("outcome_date")).alias("_key"))
            .sort("_key")
        )
        rule = defs.disproportionality
        coded = [
            _group_number(pl.col(dimension), groups).alias(dimension)
            for dimension, groups in rule.dimensions.items()
        ]
        # Each person's group in each coded dimension, and date of birth, by person number
        # (people missing from the people table have none).
        known = people.select(*coded, "date_of_birth")
        self.person_groups = known.vstack(
            pl.DataFrame(
                {c: pl.Series([None] * strangers, dtype=known[c].dtype) for c in known.columns}
            )
        )
        years = sorted({p.start.year for p in periods})
        self.population = (
            data.population.lazy()
            .filter(pl.col("year").is_in(years))
            .with_columns(typed, pl.col("count").cast(pl.Int64), *coded)
        )

    def _sort_key(self, person: pl.Expr, day: pl.Expr) -> pl.Expr:
        """One number ordered by person, then date: person * _DAYS + days since the first
        outcome (later dates, over 11,000 years on, are clamped: that only widens a search)."""
        days = (day.cast(pl.Int64) - self.first_day).clip(0, _DAYS - 1)
        return person.cast(pl.Int64) * _DAYS + days

    def run(self) -> dict[Period, dict[str, dict[str, Any]]]:
        dated = assign_periods(self.dated.lazy(), "outcome_date", self.periods).collect()
        fte_people = self._fte_people()
        cohort_people = self._cohort_people(dated, fte_people)
        base = self._base(dated, fte_people)
        reoffending = self._reoffending()
        disproportionality = self._disproportionality(cohort_people)
        with _collector_paused():
            return self._assemble(base, reoffending, disproportionality)

    # Counts per (service, period) -------------------------------------------------------------

    def _fte_people(self) -> pl.DataFrame:
        """The first time entrants: (service, period, person, date of first caution or sentence)."""
        group = self.defs.group(self.defs.fte.outcomes)
        person = pl.col(_PERSON)
        first = (
            self.dated.lazy()
            .filter(pl.col("outcome").is_in(group))
            .filter((person != person.shift(1)).fill_null(True))
            .select(_SERVICE, _PERSON, pl.col("outcome_date").alias("date"))
        )
        return assign_periods(first, "date", self.periods).collect()

    def fte_entries(self) -> pl.DataFrame:
        """The first time entrants of each period with the outcome that made them one:
        (service, period, person, date, outcome). Where a child had two cautions or sentences
        on that first day, the outcome is the one listed last in the FTE group (the heaviest)."""
        group = self.defs.group(self.defs.fte.outcomes)
        entrants = self._fte_people().lazy()
        that_day = (
            self.dated.lazy()
            .filter(pl.col("outcome").is_in(group))
            .select(
                _PERSON,
                pl.col("outcome_date").alias("date"),
                _group_number(pl.col("outcome"), group).alias("_o"),
            )
        )
        return (
            entrants.join(that_day, on=[_PERSON, "date"])
            .group_by(_SERVICE, _PERIOD, _PERSON, "date")
            .agg(pl.col("_o").max())
            .with_columns(
                pl.col("_o")
                .replace_strict(dict(enumerate(group)), return_dtype=pl.String)
                .alias("outcome")
            )
            .drop("_o")
            .sort(_SERVICE, _PERIOD, "date", _PERSON)
            .collect()
        )

    def _base(self, dated: pl.DataFrame, fte_people: pl.DataFrame) -> pl.DataFrame:
        """One row per (service, period): every figure but reoffending and disproportionality."""
        defs = self.defs
        custodial = defs.group(defs.custody.outcomes)
        violence = defs.kpis.serious_violence
        counts = (
            dated.lazy()
            .group_by(_KEYS)
            .agg(
                pl.col("outcome").is_in(custodial).sum().alias("custody"),
                (
                    pl.col("offence_category").is_in(list(violence.offence_categories))
                    & (pl.col("gravity_score") >= violence.min_gravity)
                )
                .sum()
                .alias("serious_violence"),
            )
        )
        fte = fte_people.lazy().group_by(_KEYS).agg(pl.len().alias("fte"))
        population = self.population.group_by(_SERVICE, "year").agg(
            pl.col("count").sum().alias("population")
        )
        kpis = self._kpis()
        frame = (
            self.grid.lazy()
            .join(counts, on=_KEYS, how="left")
            .join(fte, on=_KEYS, how="left")
            .join(kpis, on=_KEYS, how="left")
            .join(population, on=[_SERVICE, "year"], how="left")
            .with_columns(cs.numeric().exclude(_PERIOD, "year").fill_null(0).cast(pl.Int64))
        )
        rates = [
            _ratio("fte", "population", defs.fte.factor or 1).alias("fte_rate"),
            _ratio("custody", "population", defs.custody.factor or 1).alias("custody_rate"),
            _ratio("serious_violence", "population", violence.factor or 1).alias("sv_rate"),
        ]
        for name, kpi in defs.kpis.ratios().items():
            rates.append(_ratio(f"{name}_n", f"{name}_d", kpi.factor or 1).alias(f"{name}_pct"))
        rates.append(
            _ratio("victims_rj_n", "victims_rj_d", defs.kpis.victims.factor or 1).alias(
                "victims_rj_pct"
            )
        )
        return frame.with_columns(rates).collect()

    def _kpis(self) -> pl.LazyFrame:
        """Numerators and denominators of the KPIs, for outcomes ending in each period."""
        kpis = self.defs.kpis
        ended = assign_periods(self.outcomes, "end_date", self.periods)
        sums: list[pl.Expr] = []
        ratios = [(name, kpi.ratio()) for name, kpi in kpis.ratios().items()]
        ratios.append(("victims_rj", kpis.victims.rj_offered))
        for name, ratio in ratios:
            counted = pl.col(ratio.result_column).is_not_null()
            if ratio.need_column is not None:
                counted = counted & pl.col(ratio.need_column).fill_null(False)
            sums.append(counted.sum().alias(f"{name}_d"))
            sums.append((counted & pl.col(ratio.result_column)).sum().alias(f"{name}_n"))
        oocd = self.defs.group(kpis.oocd_completed.outcomes)
        sums.append(pl.col("outcome").is_in(oocd).sum().alias("oocd_completed"))
        return ended.group_by(_KEYS).agg(sums)

    # Proven reoffending -------------------------------------------------------------------------

    def _reoffending(self) -> pl.DataFrame:
        """Per (service, period, cohort): the cohort's figures, cohorts in order."""
        members, periods = self._reoffending_members()
        sizes = members.group_by(_SERVICE, _COHORT).agg(
            pl.len().alias("cohort"),
            (pl.col("reoffences") > 0).sum().alias("reoffenders"),
            pl.col("reoffences").sum().alias("reoffences"),
        )
        return (
            pl.DataFrame({_SERVICE: pl.Series(self.services, dtype=self.service_type)})
            .lazy()
            .join(periods.lazy(), how="cross")
            .join(sizes, on=[_SERVICE, _COHORT], how="left")
            .with_columns(pl.col("cohort", "reoffenders", "reoffences").fill_null(0).cast(pl.Int64))
            .sort(_SERVICE, _PERIOD, "position")
            .collect()
        )

    def reoffending_by_group(self, dimension: Literal["ethnicity", "sex"]) -> pl.DataFrame:
        """Per (service, period, group of `dimension`): the period's reoffending figures, summed
        over its 3-month cohorts as the headline figure is. `group` is the code, null for a
        person with no group recorded (no people row)."""
        groups = list(self.defs.disproportionality.dimensions[dimension])
        members, periods = self._reoffending_members()
        numbers = self.person_groups.get_column(dimension)
        return (
            members.join(periods.lazy().select(_PERIOD, _COHORT), on=_COHORT)
            .with_columns(pl.lit(numbers).gather(pl.col(_PERSON)).alias("_g"))
            .group_by(_SERVICE, _PERIOD, "_g")
            .agg(
                pl.len().alias("cohort"),
                (pl.col("reoffences") > 0).sum().cast(pl.Int64).alias("reoffenders"),
                pl.col("reoffences").sum().cast(pl.Int64).alias("reoffences"),
            )
            .with_columns(
                pl.col("_g")
                .replace_strict(dict(enumerate(groups)), default=None, return_dtype=pl.String)
                .alias("group"),
                pl.col("cohort").cast(pl.Int64),
            )
            .sort(_SERVICE, _PERIOD, "_g", nulls_last=True)
            .drop("_g")
            .collect()
        )

    def _reoffending_members(self) -> tuple[pl.LazyFrame, pl.DataFrame]:
        """Each member of each 3-month cohort (service, cohort, person, index date) with the
        number of their proven reoffences; and the cohorts of each period (period, position,
        cohort, from, to)."""
        rule = self.defs.reoffending
        numbers: dict[Period, int] = {}  # each distinct cohort, numbered
        mapping: list[tuple[int, int, int]] = []  # (period, position in period, cohort)
        for number, period in enumerate(self.periods):
            split = split_period(period.start, period.end, rule.cohort_months)
            for position, cohort in enumerate(split):
                mapping.append((number, position, numbers.setdefault(cohort, len(numbers))))
        cohorts = list(numbers)
        group = self.defs.group(rule.outcomes)
        sentences = self.dated.filter(pl.col("outcome").is_in(group))  # still sorted
        members = (
            assign_periods(sentences.lazy(), "outcome_date", cohorts, _COHORT)
            .filter(_first_rows(_COHORT))
            .select(_SERVICE, _COHORT, _PERSON, pl.col("outcome_date").alias("date"))
            .with_row_index("_member")
            .collect()
            .lazy()
        )
        # A person's later cautions and sentences are a run of their sorted rows: those with
        # an outcome date from the first day an offence can count to the last day it can be
        # proven. Find each run by binary search, then check the offence dates in it.
        first_day, last_day = rule.offence_within_days
        index = pl.col("date")
        earliest, latest = index + timedelta(days=first_day), index + timedelta(days=last_day)
        proven_by = index.dt.offset_by(f"{rule.proven_within_months}mo")
        keys = pl.lit(sentences.get_column("_key"))
        after = self._sort_key(pl.col(_PERSON), earliest)
        until = self._sort_key(pl.col(_PERSON), proven_by)
        run = members.with_columns(
            keys.search_sorted(after, side="left").alias("_from"),
            keys.search_sorted(until, side="right").alias("_to"),
        )
        offences = pl.lit(sentences.get_column("offence_date"))
        reoffences = (
            run.filter(pl.col("_to") > pl.col("_from"))
            .select("_member", "date", pl.int_ranges("_from", "_to").alias("_row"))
            .explode("_row", empty_as_null=False)
            .filter(offences.gather(pl.col("_row")).is_between(earliest, latest))
            .group_by("_member")
            .agg(pl.len().alias("reoffences"))
        )
        counted = members.join(reoffences, on="_member", how="left").with_columns(
            pl.col("reoffences").fill_null(0).cast(pl.Int64)
        )
        cohort_frame = pl.DataFrame(
            {
                _COHORT: pl.Series(range(len(cohorts)), dtype=pl.UInt32),
                "from": [c.start.isoformat() for c in cohorts],
                "to": [c.end.isoformat() for c in cohorts],
            }
        )
        periods = pl.DataFrame(
            mapping,
            schema={_PERIOD: pl.UInt32, "position": pl.UInt32, _COHORT: pl.UInt32},
            orient="row",
        ).join(cohort_frame, on=_COHORT)
        return counted, periods

    # Disproportionality -------------------------------------------------------------------------

    def _cohort_people(self, dated: pl.DataFrame, fte_people: pl.DataFrame) -> pl.DataFrame:
        """(cohort, service, period, person, date that put them in the cohort), every cohort."""
        custodial = self.defs.group(self.defs.custody.outcomes)
        date = pl.col("outcome_date").alias("date")
        found = {
            "fte": fte_people.lazy(),
            "outcomes": dated.lazy().filter(_first_rows(_PERIOD)).with_columns(date),
            "custody": dated.lazy()
            .filter(pl.col("outcome").is_in(custodial))
            .filter(_first_rows(_PERIOD))
            .with_columns(date),
        }
        wanted = self.defs.disproportionality.cohorts
        return pl.concat(
            [
                found[name]
                .select(_SERVICE, _PERIOD, _PERSON, "date")
                .with_columns(pl.lit(number, dtype=pl.UInt32).alias("_k"))
                for number, name in enumerate(wanted)
            ]
        ).collect()

    def _dimensions(self) -> list[tuple[str, list[str], pl.Expr]]:
        """(dimension, its groups in order, the expression giving a row's group number)."""
        rule = self.defs.disproportionality
        band: pl.Expr = pl.lit(None, dtype=pl.UInt8)
        for number, (low, high) in reversed(list(enumerate(rule.age_bands.values()))):
            band = pl.when(pl.col("age").is_between(low, high)).then(number).otherwise(band)
        found: list[tuple[str, list[str], pl.Expr]] = [
            (dimension, list(groups), pl.col(dimension))
            for dimension, groups in rule.dimensions.items()
        ]
        found.append(("age_band", list(rule.age_bands), band))
        return found

    def _disproportionality(self, cohort_people: pl.DataFrame) -> pl.DataFrame:
        """One row per (service, period, cohort, dimension, group), in the order reported."""
        rule = self.defs.disproportionality
        dimensions = self._dimensions()
        # People counted by every combination of groups first (one packed key), then by each
        # dimension from those few combinations.
        keys = [
            ("_s", len(self.services)),
            (_PERIOD, len(self.periods)),
            ("_k", len(rule.cohorts)),
            *((dimension, len(groups)) for dimension, groups, _ in dimensions),
        ]
        person = pl.col(_PERSON)
        combinations = (
            cohort_people.lazy()
            .with_columns(
                pl.col(_SERVICE).to_physical().alias("_s"),
                *(pl.lit(column).gather(person) for column in self.person_groups.iter_columns()),
            )
            .with_columns(_age(pl.col("date"), pl.col("date_of_birth")).alias("age"))
            .select(
                _packed(
                    [(pl.col(name), size) for name, size in keys[:3]]
                    + [(group, len(groups)) for _, groups, group in dimensions]
                ).alias("_code")
            )
            .group_by("_code")
            .agg(pl.len().alias("cohort"))
            .select(*_unpacked("_code", keys), "cohort")
            .collect()
            .lazy()
        )
        counted = []
        populations = []
        for dimension, _, group in dimensions:
            counted.append(
                combinations.filter(pl.col(dimension).is_not_null())
                .group_by("_s", _PERIOD, "_k", pl.col(dimension).alias("_order"))
                .agg(pl.col("cohort").sum())
                .with_columns(pl.lit(dimension).alias("dimension"))
            )
            populations.append(
                self.population.with_columns(pl.col("age").cast(pl.Int32))
                .group_by(_SERVICE, "year", group.cast(pl.UInt32).alias("_order"))
                .agg(pl.col("count").sum().alias("population"))
                .drop_nulls("_order")
                .with_columns(pl.lit(dimension).alias("dimension"))
            )
        groups = pl.DataFrame(
            [
                (number, dimension, name, order)
                for number, (dimension, names, _) in enumerate(dimensions)
                for order, name in enumerate(names)
            ],
            schema={
                "_d": pl.UInt32,
                "dimension": pl.String,
                "group": pl.String,
                "_order": pl.UInt32,
            },
            orient="row",
        )
        kinds = pl.DataFrame(
            {"kind": list(rule.cohorts), "_k": pl.Series(range(len(rule.cohorts)), dtype=pl.UInt32)}
        )
        within = ["_s", _PERIOD, "_k", "_d"]
        largest = [pl.col("population"), pl.col("_order")]  # the reference group comes first
        a, n1 = pl.col("cohort"), pl.col("population")
        b, n0 = pl.col("_ref_cohort"), pl.col("_ref_population")
        variance = 1 / a - 1 / n1 + 1 / b - 1 / n0
        usable = (a > 0) & (b > 0) & (n1 > 0) & (n0 > 0)
        spread = rule.z * pl.col("_variance").sqrt()
        interval = usable & (pl.col("_variance") >= 0)
        rate_ratio = pl.col("rate_ratio")
        return (
            self.grid.lazy()
            .with_columns(pl.col(_SERVICE).to_physical().cast(pl.UInt32).alias("_s"))
            .join(kinds.lazy(), how="cross")
            .join(groups.lazy(), how="cross")
            .join(pl.concat(counted), on=["_s", _PERIOD, "_k", "dimension", "_order"], how="left")
            .join(pl.concat(populations), on=[_SERVICE, "year", "dimension", "_order"], how="left")
            .with_columns(pl.col("cohort", "population").fill_null(0).cast(pl.Int64))
            .with_columns(
                a.sort_by(largest, descending=[True, False])
                .first()
                .over(within)
                .alias(b.meta.output_name()),
                n1.sort_by(largest, descending=[True, False])
                .first()
                .over(within)
                .alias(n0.meta.output_name()),
                a.sum().over(within).alias("_cohort_total"),
                n1.sum().over(within).alias("_population_total"),
            )
            .with_columns(
                _ratio(a, "_cohort_total", 100).alias("cohort_share"),
                _ratio(n1, "_population_total", 100).alias("population_share"),
                _ratio(a, n1, rule.factor or 1).alias("rate"),
                pl.when(usable).then((a / n1) / (b / n0)).alias("rate_ratio"),
                pl.when(usable).then(variance).alias("_variance"),
            )
            .with_columns(
                (pl.col("cohort_share") - pl.col("population_share")).alias("gap_pp"),
                pl.when(interval).then(rate_ratio * (-spread).exp()).alias("ci_low"),
                pl.when(interval).then(rate_ratio * spread.exp()).alias("ci_high"),
            )
            .with_columns((pl.col("ci_low") > 1).fill_null(False).alias("over_represented"))
            .sort([*within, "_order"])
            .collect()
        )

    # The JSON objects ---------------------------------------------------------------------------

    def _assemble(
        self, base: pl.DataFrame, reoffending: pl.DataFrame, disproportionality: pl.DataFrame
    ) -> dict[Period, dict[str, dict[str, Any]]]:
        defs = self.defs
        dimensions = [dimension for dimension, _, _ in self._dimensions()]
        ratios = set(defs.kpis.ratios())
        objects: dict[tuple[str, int], dict[str, Any]] = {}
        quarters = _quarters_by_key(_rounded(reoffending))
        for row in _rounded(_with_reoffending_totals(base, reoffending)).iter_rows(named=True):
            key = (row[_SERVICE], row[_PERIOD])
            objects[key] = {
                "fte": {
                    "count": row["fte"],
                    "population": row["population"],
                    _rate_key(defs.fte.factor): row["fte_rate"],
                },
                "reoffending": {
                    "cohort": row["r_cohort"],
                    "reoffenders": row["r_reoffenders"],
                    "binary_rate": row["binary_rate"],
                    "reoffences": row["r_reoffences"],
                    "per_reoffender": row["per_reoffender"],
                    "per_offender": row["per_offender"],
                    "quarters": quarters.get(key, []),
                },
                "custody": {
                    "count": row["custody"],
                    "population": row["population"],
                    _rate_key(defs.custody.factor): row["custody_rate"],
                },
                "kpis": self._kpi_objects(row, ratios),
                "disproportionality": {
                    kind: {dimension: {} for dimension in dimensions}
                    for kind in defs.disproportionality.cohorts
                },
            }
        rate = _rate_key(defs.disproportionality.factor)
        columns = (
            _SERVICE, _PERIOD, "kind", "dimension", "group", "cohort", "cohort_share",
            "population", "population_share", "gap_pp", "rate", "rate_ratio", "ci_low",
            "ci_high", "over_represented",
        )  # fmt: skip
        place: tuple[Any, ...] = ()
        groups: dict[str, Any] = {}
        for (
            service, period, kind, dimension, group, cohort, cohort_share, population,
            population_share, gap, per_1000, ratio, low, high, over,
        ) in _rounded(disproportionality).select(columns).iter_rows():  # fmt: skip
            if (service, period, kind, dimension) != place:  # the rows come sorted
                place = (service, period, kind, dimension)
                groups = objects[(service, period)]["disproportionality"][kind][dimension]
            groups[group] = {
                "cohort": cohort,
                "cohort_share": cohort_share,
                "population": population,
                "population_share": population_share,
                "gap_pp": gap,
                rate: per_1000,
                "rate_ratio": ratio,
                "ci95": None if low is None else [low, high],
                "over_represented": over,
            }
        result: dict[Period, dict[str, dict[str, Any]]] = {}
        for index, period in enumerate(self.periods):
            result[period] = {name: objects[(name, index)] for name in self.services}
        return result

    def _kpi_objects(self, row: dict[str, Any], ratios: set[str]) -> dict[str, Any]:
        kpis = self.defs.kpis
        found: dict[str, Any] = {}
        for name, kpi in kpis.items():
            if name in ratios:
                found[name] = _fraction(row, name)
                if name == "victims":
                    found[name]["rj_offered"] = _fraction(row, "victims_rj")
            elif name == "oocd_completed":
                found[name] = {"count": row["oocd_completed"]}
            elif name == "serious_violence":
                found[name] = {
                    "count": row["serious_violence"],
                    "population": row["population"],
                    _rate_key(kpi.factor): row["sv_rate"],
                }
            else:
                found[name] = None  # not from case-level data (board attendance)
        return found


def _fraction(row: dict[str, Any], name: str) -> dict[str, Any]:
    return {
        "numerator": row[f"{name}_n"],
        "denominator": row[f"{name}_d"],
        "percent": row[f"{name}_pct"],
    }


def _rate_key(factor: int | None) -> str:
    return _RATE_KEYS[factor or 100]


def _with_reoffending_totals(base: pl.DataFrame, reoffending: pl.DataFrame) -> pl.DataFrame:
    """The period's reoffending figures: the sums over its 3-month cohorts, and the rates."""
    totals = reoffending.group_by(_KEYS).agg(
        pl.col("cohort").sum().alias("r_cohort"),
        pl.col("reoffenders").sum().alias("r_reoffenders"),
        pl.col("reoffences").sum().alias("r_reoffences"),
    )
    return base.join(totals, on=_KEYS, how="left").with_columns(
        _ratio("r_reoffenders", "r_cohort", 100).alias("binary_rate"),
        _ratio("r_reoffences", "r_reoffenders").alias("per_reoffender"),
        _ratio("r_reoffences", "r_cohort").alias("per_offender"),
    )


def _quarters_by_key(reoffending: pl.DataFrame) -> dict[tuple[str, int], list[dict[str, Any]]]:
    found: dict[tuple[str, int], list[dict[str, Any]]] = {}
    columns = (_SERVICE, _PERIOD, "from", "to", "cohort", "reoffenders", "reoffences")
    for service, period, first, last, cohort, reoffenders, count in reoffending.select(
        columns
    ).iter_rows():
        found.setdefault((service, period), []).append(
            {
                "from": first,
                "to": last,
                "cohort": cohort,
                "reoffenders": reoffenders,
                "reoffences": count,
            }
        )
    return found


def flatten(indicators: dict[str, Any]) -> Iterable[tuple[str, str, str, Any]]:
    """(service, indicator, measure, value) rows of a contract object (the CSV long format)."""
    for service, figures in indicators["services"].items():
        for name in ("fte", "reoffending", "custody"):
            for measure, value in figures[name].items():
                if measure == "quarters":
                    for quarter in value:
                        for part in ("cohort", "reoffenders", "reoffences"):
                            label = f"quarter {quarter['from']} to {quarter['to']}.{part}"
                            yield service, name, label, quarter[part]
                else:
                    yield service, name, measure, value
        for name, kpi in figures["kpis"].items():
            if not isinstance(kpi, dict):
                yield service, f"kpis.{name}", "value", kpi
                continue
            for measure, value in kpi.items():
                if isinstance(value, dict):
                    for inner, number in value.items():
                        yield service, f"kpis.{name}", f"{measure}.{inner}", number
                else:
                    yield service, f"kpis.{name}", measure, value
        for cohort, dimensions in figures["disproportionality"].items():
            for dimension, groups in dimensions.items():
                for group, measures in groups.items():
                    indicator = f"disproportionality.{cohort}.{dimension}.{group}"
                    for measure, value in measures.items():
                        if measure == "ci95":
                            low, high = value if value is not None else (None, None)
                            yield service, indicator, "ci95.low", low
                            yield service, indicator, "ci95.high", high
                        else:
                            yield service, indicator, measure, value
