"""Breakdowns of the indicators, as a youth justice plan's performance section shows them.

Reoffending by sex, disposals by type and by outcome, offence types, first time entrants and
use of custody over time, and first time entrants by outcome: each computed from the
case-level tables (`IndicatorData`) for one service, with the engine's own rules
(docs/indicators.md, "Breakdowns"):

- **reoffending by sex** is the engine's reoffending cohort of the period (its 3-month cohorts
  summed, as the headline figure is), split by each child's sex;
- **disposals** are the outcomes dated in the period, typed by the indicator set's outcome
  groups (custody: the custody indicator's group; out-of-court: KPI 6's group; court disposals
  in the community: the other cautions and sentences; prevention), bail and remand left out;
- **offence types** are the offence categories of the period's out-of-court, court and custody
  disposals (prevention is not for a proven offence);
- **over time** is the engine's first time entrants and custody counts for each of the last
  few periods (quarters by default) up to the period's end;
- **entrants by outcome** is each year's first time entrants by the caution or sentence that
  made them one (youth caution, youth conditional caution, court sentence).

Every total is the sum of the rows, worked out, never read from anywhere. Each table's
`suppressed()` is a copy with small numbers hidden by the rules of
`yjqa.core.indicators.suppression` (a count from fewer than 5 children hidden, and a second
count where the hidden one could be worked out from a total shown), for a published plan.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from typing import TypeVar

import polars as pl

from yjqa.core.caseload.codes import OUTCOME, OUTCOME_GROUP_LABELS, PREVENTION, SEX
from yjqa.core.indicators.data import OFFENCE_CATEGORY, IndicatorData
from yjqa.core.indicators.definitions import IndicatorSet, get_indicator_set
from yjqa.core.indicators.engine import (
    Period,
    add_months,
    assign_periods,
    compute_many,
    first_time_entrants,
    reoffending_by,
    service_names,
    split_period,
)
from yjqa.core.indicators.suppression import THRESHOLD, Suppressed, protect

Count = int | Suppressed
Rate = float | None | Suppressed
K = TypeVar("K", bound=Hashable)

TOTAL = "total"
# Reoffending rows in the order the plans print them; a child with no sex recorded is "unknown".
SEX_ORDER = ("female", "male", "other", "unknown")
DISPOSAL_TYPES = ("prevention", "out_of_court", "court", "custody")
STATUTORY = "statutory"
STATUTORY_LABEL = "Statutory orders (court and custody)"
# In English whatever the locale (calendar.month_name follows it).
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip


def period_label(period: Period) -> str:
    """'April to June 2024', 'December 2024 to February 2025', 'April 2024 to March 2025';
    a period that is not whole months reads by its days ('1 April 2024 to 15 May 2024')."""
    whole = period.start.day == 1 and (period.end + timedelta(days=1)).day == 1
    if not whole:
        return f"{_day(period.start)} to {_day(period.end)}"
    first, last = _MONTHS[period.start.month - 1], _MONTHS[period.end.month - 1]
    if period.start.year == period.end.year:
        if period.start.month == period.end.month:
            return f"{first} {period.start.year}"
        return f"{first} to {last} {period.end.year}"
    return f"{first} {period.start.year} to {last} {period.end.year}"


def _day(day: date) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _hidden(cells: Mapping[K, int], groups: Sequence[Sequence[K]]) -> dict[K, Count]:
    """Each cell as shown in a published table: the count, or why it is hidden."""
    reasons = protect(cells, groups, THRESHOLD)
    return {
        key: Suppressed(reasons[key]) if key in reasons else value for key, value in cells.items()
    }


def _percent(top: int, bottom: int) -> float | None:
    return top / bottom * 100 if bottom else None


def has_suppressed(*values: object) -> bool:
    return any(isinstance(value, Suppressed) for value in values)


# --- Reoffending by sex ------------------------------------------------------------------------


@dataclass(frozen=True)
class ReoffendingRow:
    code: str  # a sex code, or "total"
    label: str
    offenders: Count  # children in the cohort (once for each 3-month cohort they are in)
    reoffenders: Count
    binary_rate: Rate  # reoffenders / offenders x 100; hidden if either count is


@dataclass(frozen=True)
class ReoffendingBySex:
    period: Period
    rows: tuple[ReoffendingRow, ...]  # the groups with children in the cohort, in SEX_ORDER
    total: ReoffendingRow  # the sums of the rows, and the rate from those sums

    def suppressed(self) -> ReoffendingBySex:
        if self.any_suppressed:  # suppressed already (the same again)
            return self
        everyone = (*self.rows, self.total)
        cells: dict[tuple[str, str], int] = {}
        for row in everyone:
            cells[(row.code, "offenders")] = _int(row.offenders)
            cells[(row.code, "reoffenders")] = _int(row.reoffenders)
        groups = [[(row.code, part) for row in self.rows] for part in ("offenders", "reoffenders")]
        shown = _hidden(cells, groups)

        def hide(row: ReoffendingRow) -> ReoffendingRow:
            offenders = shown[(row.code, "offenders")]
            reoffenders = shown[(row.code, "reoffenders")]
            reasons = [v.reason for v in (offenders, reoffenders) if isinstance(v, Suppressed)]
            rate: Rate = row.binary_rate
            if reasons:  # a rate is hidden with either count it is built on
                rate = Suppressed("small" if "small" in reasons else "complementary")
            return replace(row, offenders=offenders, reoffenders=reoffenders, binary_rate=rate)

        return replace(self, rows=tuple(hide(r) for r in self.rows), total=hide(self.total))

    @property
    def any_suppressed(self) -> bool:
        return any(
            has_suppressed(r.offenders, r.reoffenders, r.binary_rate)
            for r in (*self.rows, self.total)
        )


def _int(value: Count) -> int:
    if isinstance(value, Suppressed):  # suppressed() returns a table with any hidden as it is
        raise ValueError("a figure is hidden already")
    return value


def reoffending_by_sex(
    data: IndicatorData,
    period: Period,
    service: str,
    *,
    definitions: IndicatorSet | None = None,
) -> ReoffendingBySex:
    """The period's reoffending cohort by sex: offenders, reoffenders, binary rate, and a
    total row worked out from the rows."""
    frame = reoffending_by(data, [period], "sex", [service], definitions=definitions)
    found = frame.select("group", "cohort", "reoffenders").iter_rows()
    merged: dict[str, tuple[int, int]] = {}
    for group, cohort, reoffenders in found:  # no people row: "unknown", as no sex recorded
        code = group if group is not None else "unknown"
        old = merged.get(code, (0, 0))
        merged[code] = (old[0] + cohort, old[1] + reoffenders)
    rows = tuple(
        ReoffendingRow(code, SEX[code], *merged[code], _percent(*merged[code][::-1]))
        for code in SEX_ORDER
        if merged.get(code, (0, 0))[0] > 0
    )
    offenders = sum(_int(r.offenders) for r in rows)
    reoffenders = sum(_int(r.reoffenders) for r in rows)
    total = ReoffendingRow(TOTAL, "Total", offenders, reoffenders, _percent(reoffenders, offenders))
    return ReoffendingBySex(period, rows, total)


# --- Disposals ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class CountRow:
    code: str
    label: str
    count: Count


@dataclass(frozen=True)
class OutcomeRow:
    code: str  # an outcome code
    label: str
    disposal_type: str  # one of DISPOSAL_TYPES
    count: Count


@dataclass(frozen=True)
class Disposals:
    period: Period
    types: tuple[CountRow, ...]  # every type in DISPOSAL_TYPES, in that order
    statutory: Count  # court disposals in the community and custody: the plans' "statutory orders"
    outcomes: tuple[OutcomeRow, ...]  # outcomes given in the period, lightest first
    total: Count  # the sum of the types (and so of the outcomes)

    def suppressed(self) -> Disposals:
        if self.any_suppressed:  # suppressed already (the same again)
            return self
        cells: dict[str, int] = {row.code: _int(row.count) for row in self.types}
        cells |= {f"outcome:{row.code}": _int(row.count) for row in self.outcomes}
        cells[STATUTORY] = _int(self.statutory)
        cells[TOTAL] = _int(self.total)
        # Innermost sums first (protect() is greedy: hiding the smallest cell of a wide group
        # first would hide more than needed): each type's outcomes add up to its count (so a
        # type hidden is not the sum of its outcomes shown), court and custody to statutory
        # orders, then the wider sums to the total.
        groups: list[list[str]] = []
        for kind in DISPOSAL_TYPES:
            groups.append([f"outcome:{r.code}" for r in self.outcomes if r.disposal_type == kind])
            groups[-1].append(kind)
        groups += [
            ["court", "custody"],
            ["prevention", "out_of_court", STATUTORY],
            list(DISPOSAL_TYPES),
        ]  # (the outcomes add up to the total too, but through their types: already covered)
        shown = _hidden(cells, groups)
        return replace(
            self,
            types=tuple(replace(r, count=shown[r.code]) for r in self.types),
            statutory=shown[STATUTORY],
            outcomes=tuple(replace(r, count=shown[f"outcome:{r.code}"]) for r in self.outcomes),
            total=shown[TOTAL],
        )

    @property
    def any_suppressed(self) -> bool:
        return has_suppressed(
            self.statutory,
            self.total,
            *(r.count for r in self.types),
            *(r.count for r in self.outcomes),
        )


def disposal_types(definitions: IndicatorSet | None = None) -> dict[str, tuple[str, ...]]:
    """The outcome codes of each disposal type, from the indicator set's groups, each code in
    one type only (custody first, then out-of-court, court, prevention); bail and remand are
    not disposals."""
    defs = definitions or get_indicator_set()
    custody = set(defs.group(defs.custody.outcomes))
    out_of_court = set(defs.group(defs.kpis.oocd_completed.outcomes)) - custody
    court = set(defs.group(defs.reoffending.outcomes)) - custody - out_of_court
    prevention = set(PREVENTION) - custody - out_of_court - court
    chosen = {
        "prevention": prevention,
        "out_of_court": out_of_court,
        "court": court,
        "custody": custody,
    }
    return {kind: tuple(c for c in OUTCOME if c in chosen[kind]) for kind in DISPOSAL_TYPES}


def _period_outcomes(data: IndicatorData, period: Period, service: str) -> pl.DataFrame:
    """The service's outcomes dated in the period (the engine's period rule)."""
    service_names(data, [service])
    mine = data.outcomes.lazy().filter(pl.col("service") == service)
    return assign_periods(mine, "outcome_date", [period]).collect()


def disposals(
    data: IndicatorData,
    period: Period,
    service: str,
    *,
    definitions: IndicatorSet | None = None,
) -> Disposals:
    """Disposals given in the period, by type and by outcome, with the totals worked out."""
    types = disposal_types(definitions)
    counts = dict(_period_outcomes(data, period, service).group_by("outcome").len().iter_rows())
    outcomes = tuple(
        OutcomeRow(code, OUTCOME[code], kind, counts[code])
        for kind in DISPOSAL_TYPES
        for code in types[kind]
        if counts.get(code, 0) > 0
    )
    by_type = {kind: sum(counts.get(code, 0) for code in types[kind]) for kind in DISPOSAL_TYPES}
    return Disposals(
        period,
        tuple(CountRow(kind, OUTCOME_GROUP_LABELS[kind], by_type[kind]) for kind in DISPOSAL_TYPES),
        by_type["court"] + by_type["custody"],
        outcomes,
        sum(by_type.values()),
    )


# --- Offence types -----------------------------------------------------------------------------


@dataclass(frozen=True)
class OffenceTypes:
    period: Period
    rows: tuple[CountRow, ...]  # categories with offences, most common first
    total: Count

    def suppressed(self) -> OffenceTypes:
        if self.any_suppressed:  # suppressed already (the same again)
            return self
        cells = {row.code: _int(row.count) for row in self.rows} | {TOTAL: _int(self.total)}
        shown = _hidden(cells, [[row.code for row in self.rows]])
        return replace(
            self,
            rows=tuple(replace(r, count=shown[r.code]) for r in self.rows),
            total=shown[TOTAL],
        )

    @property
    def any_suppressed(self) -> bool:
        return has_suppressed(self.total, *(r.count for r in self.rows))


def offence_types(
    data: IndicatorData,
    period: Period,
    service: str,
    *,
    definitions: IndicatorSet | None = None,
) -> OffenceTypes:
    """The offence categories of the period's out-of-court, court and custody disposals, most
    common first (ties in the categories' order), with the total worked out."""
    types = disposal_types(definitions)
    offences = [c for kind in ("out_of_court", "court", "custody") for c in types[kind]]
    counts = dict(
        _period_outcomes(data, period, service)
        .filter(pl.col("outcome").is_in(offences))
        .group_by("offence_category")
        .len()
        .iter_rows()
    )
    order = list(OFFENCE_CATEGORY)
    rows = tuple(
        CountRow(code, OFFENCE_CATEGORY[code], counts[code])
        for code in sorted(counts, key=lambda c: (-counts[c], order.index(c)))
    )
    return OffenceTypes(period, rows, sum(counts.values()))


# --- Over time ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class OverTimeRow:
    period: Period
    label: str
    fte: Count  # first time entrants
    custody: Count  # custodial sentences


@dataclass(frozen=True)
class OverTime:
    rows: tuple[OverTimeRow, ...]  # oldest first
    fte_total: Count
    custody_total: Count
    per_year: int = 4  # rows in a year (4 quarters; 0: not whole years): they add up to its figure

    @property
    def period(self) -> Period:
        return Period(self.rows[0].period.start, self.rows[-1].period.end)

    def suppressed(self) -> OverTime:
        if self.any_suppressed:  # suppressed already (the same again)
            return self
        cells: dict[tuple[int | str, str], int] = {}
        for index, row in enumerate(self.rows):
            cells[(index, "fte")] = _int(row.fte)
            cells[(index, "custody")] = _int(row.custody)
        cells[(TOTAL, "fte")] = _int(self.fte_total)
        cells[(TOTAL, "custody")] = _int(self.custody_total)
        groups: list[list[tuple[int | str, str]]] = []
        indices = list(range(len(self.rows)))
        # The rows add up to the total; each year's rows (counted back from the last) to the
        # year's figure, which the plan's headline table or the dashboard shows.
        step = self.per_year
        years = (
            [indices[end - step : end] for end in range(len(indices), step - 1, -step)]
            if step
            else []
        )
        for part in ("fte", "custody"):
            groups.append([(i, part) for i in indices])
            groups += [[(i, part) for i in year] for year in years]
        shown = _hidden(cells, groups)
        return replace(
            self,
            rows=tuple(
                replace(r, fte=shown[(i, "fte")], custody=shown[(i, "custody")])
                for i, r in enumerate(self.rows)
            ),
            fte_total=shown[(TOTAL, "fte")],
            custody_total=shown[(TOTAL, "custody")],
        )

    @property
    def any_suppressed(self) -> bool:
        return has_suppressed(
            self.fte_total, self.custody_total, *(v for r in self.rows for v in (r.fte, r.custody))
        )


def recent_periods(end: date, count: int = 12, months: int = 3) -> list[Period]:
    """The `count` periods of `months` months ending on `end` (the last ends on it), oldest
    first: by default the last 12 quarters (three financial years, for a plan's March end)."""
    if count < 1 or months < 1:
        raise ValueError("give at least one period of at least one month")
    start = add_months(end + timedelta(days=1), -count * months)
    return split_period(start, end, months)


def over_time(
    data: IndicatorData,
    end: date,
    service: str,
    *,
    count: int = 12,
    months: int = 3,
    definitions: IndicatorSet | None = None,
) -> OverTime:
    """First time entrants and custodial sentences in each of the last `count` periods of
    `months` months up to `end`, as the engine counts them, with the totals worked out."""
    periods = recent_periods(end, count, months)
    figures = compute_many(data, periods, [service], definitions=definitions)
    rows = tuple(
        OverTimeRow(
            period,
            period_label(period),
            figures[period][service]["fte"]["count"],
            figures[period][service]["custody"]["count"],
        )
        for period in periods
    )
    return OverTime(
        rows,
        sum(_int(r.fte) for r in rows),
        sum(_int(r.custody) for r in rows),
        per_year=12 // months if 12 % months == 0 else 0,
    )


@dataclass(frozen=True)
class EntrantsRow:
    period: Period
    label: str
    counts: tuple[Count, ...]  # one for each of the table's columns
    total: Count  # the sum of the counts: the period's first time entrants


@dataclass(frozen=True)
class EntrantsByOutcome:
    """First time entrants by the outcome that made them one, period by period."""

    columns: tuple[tuple[str, str], ...]  # (code, label): each out-of-court outcome, then court
    rows: tuple[EntrantsRow, ...]  # oldest first

    @property
    def period(self) -> Period:
        return Period(self.rows[0].period.start, self.rows[-1].period.end)

    def suppressed(self) -> EntrantsByOutcome:
        if self.any_suppressed:  # suppressed already (the same again)
            return self
        width = len(self.columns)
        cells: dict[tuple[int, int], int] = {}
        for i, row in enumerate(self.rows):
            cells |= {(i, c): _int(count) for c, count in enumerate(row.counts)}
            cells[(i, width)] = _int(row.total)
        # A row's counts add up to its total; a column's over the periods to no figure shown.
        groups = [[(i, c) for c in range(width)] for i in range(len(self.rows))]
        shown = _hidden(cells, groups)
        return replace(
            self,
            rows=tuple(
                replace(
                    row,
                    counts=tuple(shown[(i, c)] for c in range(width)),
                    total=shown[(i, width)],
                )
                for i, row in enumerate(self.rows)
            ),
        )

    @property
    def any_suppressed(self) -> bool:
        return any(has_suppressed(r.total, *r.counts) for r in self.rows)


COURT_SENTENCE = ("court_sentence", "Court sentence")


def entrants_by_outcome(
    data: IndicatorData,
    end: date,
    service: str,
    *,
    count: int = 3,
    months: int = 12,
    definitions: IndicatorSet | None = None,
) -> EntrantsByOutcome:
    """First time entrants in each of the last `count` periods of `months` months up to `end`
    (by default three years), by the outcome that made them one: each out-of-court outcome of
    the FTE group (youth caution, youth conditional caution) on its own, and every court
    sentence together; each row's total is its sum, the engine's FTE count."""
    defs = definitions or get_indicator_set()
    periods = recent_periods(end, count, months)
    out_of_court = disposal_types(defs)["out_of_court"]
    group = defs.group(defs.fte.outcomes)
    cautions = [code for code in group if code in out_of_court]
    columns = (*((code, OUTCOME[code]) for code in cautions), COURT_SENTENCE)
    kind = pl.when(pl.col("outcome").is_in(cautions)).then(pl.col("outcome"))
    found = (
        first_time_entrants(data, periods, [service], definitions=defs)
        .with_columns(kind.otherwise(pl.lit(COURT_SENTENCE[0])).alias("kind"))
        .group_by("from", "kind")
        .len()
    )
    counts = {(start, kind): n for start, kind, n in found.iter_rows()}
    rows = []
    for period in periods:
        parts = tuple(counts.get((period.start, code), 0) for code, _ in columns)
        rows.append(EntrantsRow(period, period_label(period), parts, sum(parts)))
    return EntrantsByOutcome(columns, tuple(rows))


# --- All of them -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Breakdowns:
    reoffending: ReoffendingBySex
    disposals: Disposals
    offences: OffenceTypes
    over_time: OverTime
    entrants: EntrantsByOutcome

    def suppressed(self) -> Breakdowns:
        return Breakdowns(
            self.reoffending.suppressed(),
            self.disposals.suppressed(),
            self.offences.suppressed(),
            self.over_time.suppressed(),
            self.entrants.suppressed(),
        )

    @property
    def any_suppressed(self) -> bool:
        return any(
            part.any_suppressed
            for part in (
                self.reoffending,
                self.disposals,
                self.offences,
                self.over_time,
                self.entrants,
            )
        )


def breakdowns(
    data: IndicatorData,
    period: Period,
    service: str,
    *,
    periods_over_time: int = 12,
    definitions: IndicatorSet | None = None,
) -> Breakdowns:
    """Every breakdown of the period for one service (over time: the last
    `periods_over_time` quarters up to the period's end, and entrants by outcome for the years
    they span)."""
    return Breakdowns(
        reoffending_by_sex(data, period, service, definitions=definitions),
        disposals(data, period, service, definitions=definitions),
        offence_types(data, period, service, definitions=definitions),
        over_time(data, period.end, service, count=periods_over_time, definitions=definitions),
        entrants_by_outcome(
            data, period.end, service, count=max(1, periods_over_time // 4), definitions=definitions
        ),
    )
