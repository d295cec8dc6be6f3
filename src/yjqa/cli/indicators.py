"""`yjqa indicators`: performance indicators from case-level records (docs/indicators.md)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator, Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.table import Table

from yjqa.core.caseload.codes import ETHNICITY, SEX
from yjqa.core.validation.problems import InputError, Problem

indicators_app = typer.Typer(
    help="Performance indicators (first time entrants, reoffending, custody, KPIs, "
    "disproportionality) from case-level records.",
    no_args_is_help=True,
)
out = Console(soft_wrap=False)
NONE = "\N{EN DASH}"  # shown for a figure with no value (a denominator of 0)
err = Console(stderr=True)


class IndicatorFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"


def register(app: typer.Typer) -> None:
    app.add_typer(indicators_app, name="indicators")


@indicators_app.command("compute")
def compute(
    data_dir: Annotated[
        Path,
        typer.Argument(
            metavar="DATA_DIR",
            help="A folder with people, outcomes and population files (.csv, .parquet or .xlsx).",
        ),
    ],
    start: Annotated[str, typer.Option("--from", metavar="DATE", help="First day (YYYY-MM-DD).")],
    end: Annotated[str, typer.Option("--to", metavar="DATE", help="Last day (YYYY-MM-DD).")],
    service: Annotated[
        list[str] | None,
        typer.Option(metavar="NAME", help="Only this service (repeat for more); default all."),
    ] = None,
    output_format: Annotated[
        IndicatorFormat,
        typer.Option(
            "--format",
            help="table (rounded to 1 decimal place), json (docs/indicators.md) or csv "
            "(one row per service, indicator and measure).",
        ),
    ] = IndicatorFormat.table,
) -> None:
    """Compute the indicators for a period, for every service in the data or those named."""
    from yjqa.core.indicators.data import read_indicator_data
    from yjqa.core.indicators.engine import compute_indicators

    first, last = iso_date(start, "--from"), iso_date(end, "--to")
    if last < first:
        raise InputError([Problem("--to", f"{last} is before --from {first}")])
    with err.status(f"Reading {data_dir}…"):
        data = read_indicator_data(data_dir)
    with err.status("Computing the indicators…"):
        result = compute_indicators(data, first, last, service or None)
    if output_format is IndicatorFormat.json:
        print(json.dumps(result, ensure_ascii=False))
    elif output_format is IndicatorFormat.csv:
        write_csv(result)
    else:
        for renderable in indicator_tables(result):
            out.print(renderable)


def iso_date(text: str, option: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(
            [Problem(option, f"'{text}' is not a date: write it as YYYY-MM-DD")]
        ) from None


# --- CSV ---------------------------------------------------------------------------------------


def write_csv(result: dict[str, Any]) -> None:
    """service,indicator,measure,value: one row per figure (see docs/indicators.md)."""
    from yjqa.core.indicators.engine import flatten

    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(["service", "indicator", "measure", "value"])
    for service, indicator, measure, value in flatten(result):
        writer.writerow([service, indicator, measure, _csv_value(value)])


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


# --- Tables ------------------------------------------------------------------------------------


def _count(value: int | None) -> str:
    return NONE if value is None else f"{value:,}"


def _one(value: float | None) -> str:
    """A rate or percentage as the table shows it: 1 decimal place."""
    return NONE if value is None else f"{value:,.1f}"


def indicator_tables(result: dict[str, Any]) -> Iterator[RenderableType]:
    """Rich tables of a contract object: per service, the indicators then disproportionality."""
    from yjqa.core.indicators.definitions import get_indicator_set

    defs = get_indicator_set()
    period = result["period"]
    for name, figures in result["services"].items():
        yield (
            f"\n[bold]{name}[/]: {period['from']} to {period['to']} "
            f"(population year {period['population_year']})"
        )
        yield _main_table(figures, defs.kpis)
        quarters = figures["reoffending"]["quarters"]
        if len(quarters) > 1:
            yield _cohort_table(quarters)
        for cohort, dimensions in figures["disproportionality"].items():
            yield _disproportionality_table(cohort, dimensions)
    if not result["services"]:
        yield "No services in the data."


def _main_table(figures: dict[str, Any], kpis: Any) -> Table:
    table = Table("Indicator", "Count", "Out of", "Value", "Unit", title="Indicators")
    for column in table.columns[1:4]:
        column.justify = "right"
    fte, reoffending, custody = figures["fte"], figures["reoffending"], figures["custody"]
    table.add_row(
        "First time entrants",
        _count(fte["count"]),
        _count(fte["population"]),
        _one(fte["rate_per_100k"]),
        "per 100,000 aged 10-17",
    )
    table.add_row(
        "Proven reoffending: binary rate",
        _count(reoffending["reoffenders"]),
        _count(reoffending["cohort"]),
        _one(reoffending["binary_rate"]),
        "% of the cohort",
    )
    table.add_row(
        "Reoffences per reoffender",
        _count(reoffending["reoffences"]),
        _count(reoffending["reoffenders"]),
        _one(reoffending["per_reoffender"]),
        "",
    )
    table.add_row(
        "Reoffences per child",
        _count(reoffending["reoffences"]),
        _count(reoffending["cohort"]),
        _one(reoffending["per_offender"]),
        "",
    )
    table.add_row(
        "Use of custody",
        _count(custody["count"]),
        _count(custody["population"]),
        _one(custody["rate_per_1000"]),
        "per 1,000 aged 10-17",
        end_section=True,
    )
    for key, kpi in kpis.items():
        title = f"KPI {kpi.kpi}: {kpi.title}"
        value = figures["kpis"][key]
        if value is None:
            table.add_row(title, NONE, NONE, NONE, "not from case-level data")
        elif "percent" in value:
            table.add_row(*_fraction_row(title, value))
            if "rj_offered" in value:
                rj_offered = value["rj_offered"]
                table.add_row(*_fraction_row("    restorative justice offered", rj_offered))
        elif "population" in value:
            table.add_row(
                title,
                _count(value["count"]),
                _count(value["population"]),
                _one(value["rate_per_10k"]),
                "per 10,000 aged 10-17",
            )
        else:
            table.add_row(title, _count(value["count"]), "", "", "ended in the period")
    return table


def _fraction_row(title: str, value: dict[str, Any]) -> list[str]:
    return [
        title,
        _count(value["numerator"]),
        _count(value["denominator"]),
        _one(value["percent"]),
        "%",
    ]


def _cohort_table(quarters: Sequence[dict[str, Any]]) -> Table:
    table = Table(
        "From", "To", "Cohort", "Reoffenders", "Reoffences", "Binary rate %",
        title="Proven reoffending by 3-month cohort",
    )  # fmt: skip
    for column in table.columns[2:]:
        column.justify = "right"
    for quarter in quarters:
        cohort, reoffenders = quarter["cohort"], quarter["reoffenders"]
        table.add_row(
            quarter["from"],
            quarter["to"],
            _count(cohort),
            _count(reoffenders),
            _count(quarter["reoffences"]),
            _one(100 * reoffenders / cohort if cohort else None),
        )
    return table


_COHORT_TITLES = {
    "fte": "first time entrants",
    "outcomes": "children with an outcome",
    "custody": "children sentenced to custody",
}
_DIMENSION_LABELS = {
    "ethnicity": {code: code.capitalize() for code in ETHNICITY} | {"unknown": "Not known"},
    "sex": SEX,
}


def _disproportionality_table(cohort: str, dimensions: dict[str, Any]) -> Table:
    table = Table(
        "Group", "Cohort", "%", "Population", "%", "Gap (pp)", "Per 1,000", "Rate ratio",
        "95% CI", "Over",
        title=f"Disproportionality: {_COHORT_TITLES.get(cohort, cohort)}",
        caption="% = share of the cohort, then of the children aged 10-17; rate ratio against "
        "the largest group; Over = over-represented (the whole interval above 1)",
    )  # fmt: skip
    for column in table.columns[1:9]:
        column.justify = "right"
    for dimension, groups in dimensions.items():
        labels = _DIMENSION_LABELS.get(dimension, {})
        for number, (group, figures) in enumerate(groups.items()):
            label = labels.get(group) or f"Aged {group}"
            interval = figures["ci95"]
            table.add_row(
                label,
                _count(figures["cohort"]),
                _one(figures["cohort_share"]),
                _count(figures["population"]),
                _one(figures["population_share"]),
                _one(figures["gap_pp"]),
                _one(figures["rate_per_1000"]),
                _two(figures["rate_ratio"]),
                NONE if interval is None else f"{_two(interval[0])} to {_two(interval[1])}",
                "yes" if figures["over_represented"] else "",
                end_section=number == len(groups) - 1,
            )
    return table


def _two(value: float | None) -> str:
    """Rate ratios read better with 2 decimal places (1.04 against 0.96)."""
    return NONE if value is None else f"{value:,.2f}"
