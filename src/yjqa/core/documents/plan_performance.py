"""The youth justice plan's performance section: the indicators over the year the plan looks
back on, as the plan's tables (seed 003, section 4): the headline indicators, disposals by type
and by outcome, offence types, first time entrants and custody over time, first time entrants
by the outcome that made them one, and reoffending by sex. Every total is the breakdown's own
sum (`yjqa.core.indicators.breakdowns`); a published plan's breakdowns come suppressed (figures
from fewer than 5 children hidden) and say so."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from yjqa.core.documents.model import Block, Cell, Paragraph, Table
from yjqa.core.indicators.breakdowns import (
    STATUTORY_LABEL,
    Breakdowns,
    Count,
    Disposals,
    EntrantsByOutcome,
    OffenceTypes,
    OverTime,
    Rate,
    ReoffendingBySex,
    period_label,
)
from yjqa.core.indicators.suppression import Suppressed

NO_DATA = "No indicator data is held for this period."
SMALL_NUMBERS_NOTE = (
    "The plan is published, so no figure from fewer than 5 children is shown: such a figure "
    "reads 'fewer than 5', and a figure from which one could be worked out reads 'not shown'."
)


@dataclass(frozen=True)
class PlanPerformance:
    period: str = ""  # e.g. "April 2024 to March 2025"
    rows: Sequence[tuple[str, str, str]] = ()  # headline indicators: (indicator, measure, figure)
    breakdowns: Breakdowns | None = None  # the tables, suppressed if the plan is to be published


def count_text(value: Count) -> str:
    return str(value) if isinstance(value, Suppressed) else f"{value:,}"


def rate_text(value: Rate) -> str:
    if value is None:
        return "not known"
    if isinstance(value, Suppressed):
        return str(value)
    return f"{value:.1f}%"


def _cell(text: str, *, total: bool = False, numeric: bool = True) -> Cell:
    return Cell(text=text, bold=total, numeric=numeric)


def _row(label: str, *figures: str, total: bool = False) -> tuple[Cell, ...]:
    return (_cell(label, total=total, numeric=False), *(_cell(f, total=total) for f in figures))


def _notes(suppressed: bool) -> tuple[str, ...]:
    return (SMALL_NUMBERS_NOTE,) if suppressed else ()


def performance_blocks(performance: PlanPerformance) -> list[Block]:
    found: list[Block] = []
    if performance.rows:
        found.append(
            Table(
                caption=f"Performance indicators, {performance.period}",
                header=("Indicator", "Measure", "Figure"),
                rows=tuple(
                    (Cell(text=a), Cell(text=b), Cell(text=c, numeric=True))
                    for a, b, c in performance.rows
                ),
                numeric_columns=(2,),
            )
        )
    if performance.breakdowns is not None:
        found += breakdown_blocks(performance.breakdowns)
    return found or [Paragraph(text=NO_DATA, style="small")]


def breakdown_blocks(breakdowns: Breakdowns) -> list[Block]:
    """The tables of the breakdowns, in the order of the plans: disposals, offence types, first
    time entrants and custody over time, entrants by first outcome, reoffending by sex."""
    return [
        *disposal_blocks(breakdowns.disposals),
        *offence_blocks(breakdowns.offences),
        *over_time_blocks(breakdowns.over_time),
        *entrants_blocks(breakdowns.entrants),
        *reoffending_blocks(breakdowns.reoffending),
    ]


def _month(day: date) -> str:
    return f"{day:%B} {day.year}"


def disposal_blocks(disposals: Disposals) -> list[Block]:
    period = period_label(disposals.period)
    types = {row.code: row for row in disposals.types}
    summary = Paragraph(
        text=f"Between {_month(disposals.period.start)} and {_month(disposals.period.end)} "
        f"the service gave "
        f"{count_text(disposals.total)} disposals: {count_text(types['prevention'].count)} "
        f"prevention, {count_text(types['out_of_court'].count)} out-of-court and "
        f"{count_text(disposals.statutory)} statutory orders (court disposals in the community "
        "and custody)."
    )
    by_type = Table(
        caption=f"Disposals by type, {period}",
        header=("Type of disposal", "Disposals"),
        rows=(
            _row(types["prevention"].label, count_text(types["prevention"].count)),
            _row(types["out_of_court"].label, count_text(types["out_of_court"].count)),
            _row(types["court"].label, count_text(types["court"].count)),
            _row(types["custody"].label, count_text(types["custody"].count)),
            _row(STATUTORY_LABEL, count_text(disposals.statutory)),
            _row("Total", count_text(disposals.total), total=True),
        ),
        numeric_columns=(1,),
        footnotes=(
            "Statutory orders are the court disposals in the community and custody together, "
            "included in the total once.",
            *_notes(disposals.any_suppressed),
        ),
    )
    by_outcome = Table(
        caption=f"Disposals by outcome, {period}",
        header=("Outcome", "Type of disposal", "Disposals"),
        rows=(
            *(
                (
                    _cell(row.label, numeric=False),
                    _cell(types[row.disposal_type].label, numeric=False),
                    _cell(count_text(row.count)),
                )
                for row in disposals.outcomes
            ),
            (
                _cell("Total", total=True, numeric=False),
                _cell("", numeric=False),
                _cell(count_text(disposals.total), total=True),
            ),
        ),
        numeric_columns=(2,),
        footnotes=_notes(disposals.any_suppressed),
    )
    return [summary, by_type, by_outcome]


def offence_blocks(offences: OffenceTypes) -> list[Block]:
    period = period_label(offences.period)
    if not offences.rows:
        return [Paragraph(text=f"No offence was dealt with in {period}.")]
    return [
        Table(
            caption=f"Offence types, {period}",
            header=("Type of offence", "Offences"),
            rows=(
                *(_row(row.label, count_text(row.count)) for row in offences.rows),
                _row("Total", count_text(offences.total), total=True),
            ),
            numeric_columns=(1,),
            footnotes=(
                "The offences of the out-of-court disposals, court disposals and custodial "
                "sentences given in the period, most common first.",
                *_notes(offences.any_suppressed),
            ),
        )
    ]


def over_time_blocks(over_time: OverTime) -> list[Block]:
    return [
        Table(
            caption=f"First time entrants and use of custody, {period_label(over_time.period)}",
            header=("Period", "First time entrants", "Custodial sentences"),
            rows=(
                *(_row(r.label, count_text(r.fte), count_text(r.custody)) for r in over_time.rows),
                _row(
                    "Total",
                    count_text(over_time.fte_total),
                    count_text(over_time.custody_total),
                    total=True,
                ),
            ),
            numeric_columns=(1, 2),
            footnotes=_notes(over_time.any_suppressed),
        )
    ]


def entrants_blocks(entrants: EntrantsByOutcome) -> list[Block]:
    return [
        Table(
            caption=f"First time entrants by first outcome, {period_label(entrants.period)}",
            header=("Period", *(label for _, label in entrants.columns), "Total"),
            rows=tuple(
                _row(r.label, *(count_text(c) for c in r.counts), count_text(r.total))
                for r in entrants.rows
            ),
            numeric_columns=tuple(range(1, len(entrants.columns) + 2)),
            footnotes=(
                "Each child once, by the caution or sentence that made them a first time "
                "entrant (the heavier, if two fell on that day).",
                *_notes(entrants.any_suppressed),
            ),
        )
    ]


def reoffending_blocks(reoffending: ReoffendingBySex) -> list[Block]:
    period = period_label(reoffending.period)
    if not reoffending.rows:
        return [Paragraph(text=f"No child was cautioned or sentenced in {period}.")]
    return [
        Table(
            caption=f"Proven reoffending by sex, children cautioned or sentenced {period}",
            header=("Sex", "Offenders", "Reoffenders", "Reoffending rate"),
            rows=tuple(
                _row(
                    row.label,
                    count_text(row.offenders),
                    count_text(row.reoffenders),
                    rate_text(row.binary_rate),
                    total=row is reoffending.total,
                )
                for row in (*reoffending.rows, reoffending.total)
            ),
            numeric_columns=(1, 2, 3),
            footnotes=(
                "Offenders: children cautioned or sentenced in the period (once for each "
                "three-month cohort they are in). Reoffenders: those proven to have offended "
                "again within a year. The total is the sum of the rows.",
                *_notes(reoffending.any_suppressed),
            ),
        )
    ]
