"""`yjqa import-report`: read a published HMIP youth inspection report (docs/report-import.md)."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from yjqa.cli.errors import fail
from yjqa.core.published_reports.records import FRAMEWORK_2025, Consistency, ImportedReport
from yjqa.core.validation.problems import InputError

out = Console(soft_wrap=False)
NONE = "\N{EN DASH}"


class ImportFormat(StrEnum):
    table = "table"
    json = "json"


def import_report(
    file: Annotated[
        Path,
        typer.Argument(
            metavar="FILE",
            help="A published report: the PDF, the web page saved from HMIP's site (.html), "
            "or a .txt of its extracted text.",
        ),
    ],
    output_format: Annotated[
        ImportFormat,
        typer.Option("--format", help="table (readable, the default) or json."),
    ] = ImportFormat.table,
) -> None:
    """Read a published HMIP youth inspection report (2018, 2021 or 2025 framework).

    Shows its ratings, key-question figures, cases and recommendations, and checks them
    against the framework's rating rules (for 2025, its provisional area and overall rules).
    Nothing is guessed: what cannot be read is left empty, with a warning, and a report cut
    short is read for what it holds.
    """
    # Imported here, not at the top, so `yjqa --help` does not load the report readers.
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn

    from yjqa.core.published_reports.consistency import check_consistency
    from yjqa.core.published_reports.output import report_as_dict
    from yjqa.core.published_reports.parsing import read_report

    try:
        # Reading a PDF's text layer is the slow part: a bar (on stderr, gone when it is
        # read) shows it is under way, as `yjqa benchmark import` shows its reports.
        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as progress:
            reading = progress.add_task(f"Reading {escape(file.name)}", total=None)
            report = read_report(file)
            progress.update(reading, total=1, completed=1)
    except InputError as exc:
        if output_format is not ImportFormat.json:
            raise
        # With --format json, an error is JSON too (on stdout), and the message on stderr.
        print(json.dumps({"error": exc.describe()}, ensure_ascii=False))
        fail(exc.describe())
    consistency = check_consistency(report)
    if output_format is ImportFormat.json:
        print(json.dumps(report_as_dict(report, consistency), ensure_ascii=False, indent=2))
    else:
        show_report(report, consistency)


def show_report(report: ImportedReport, consistency: Consistency) -> None:
    from yjqa.core.frameworks.shipped import get_framework

    def shown(value: object) -> str:
        return NONE if value is None else escape(str(value))

    score = NONE if report.score is None else f"{report.score}/{report.max_score}"
    out.print(f"[bold]{shown(report.service)}[/]  ({escape(report.source)})")
    out.print(
        f"Framework {shown(report.framework)}; fieldwork {shown(report.fieldwork)}; "
        f"published {shown(report.published)}"
    )
    is_2025 = report.framework == FRAMEWORK_2025
    if is_2025:
        out.print(f"Kind of inspection {shown(report.inspection_type)}")
        out.print(f"Overall rating [bold]{shown(report.overall)}[/] (2025 reports print no score)")
    else:
        out.print(f"Overall rating [bold]{shown(report.overall)}[/]; score {score}")
    cases = ", ".join(f"{domain} {shown(n)}" for domain, n in report.cases.items())
    out.print(f"Cases inspected: {cases}")

    titles = {}
    framework = None
    if report.framework is not None:
        framework = get_framework(report.framework)
        titles = {s.id: s.title for s in framework.iter_standards()}
    if report.areas and framework is not None:
        areas = Table("Area", "Rating", title="Areas")
        for area_id, rating in report.areas.items():
            areas.add_row(framework.area(area_id).title, shown(rating))
        out.print(areas)
    columns = (
        ("Standard", "Title", "Rating")
        if is_2025
        else ("Standard", "Title", "Rating", "% Yes by key question")
    )
    table = Table(*columns, title="Standards and activities" if is_2025 else "Standards")
    for standard_id, rating in report.standards.items():
        figures = report.key_questions.get(standard_id, ())
        if figures is None:
            printed = "not read"
        else:
            printed = "  ".join(NONE if f is None else f"{f}%" for f in figures)
        row = [standard_id, titles.get(standard_id, ""), shown(rating)]
        table.add_row(*row, *([] if is_2025 else [printed]))
    out.print(table)

    if report.recommendations:
        out.print("[bold]Recommendations[/]")
        addressee: str | None = ""
        for rec in report.recommendations:
            if rec.addressee != addressee:
                addressee = rec.addressee
                who = escape(addressee) if addressee else "(addressee not known)"
                out.print(f"  [italic]{who} should:[/]")
            out.print(f"    {shown(rec.number)}. {escape(rec.text)}", soft_wrap=True)

    if consistency.nothing_checked:
        out.print("[bold yellow]Not checked against the framework's rating rules.[/]")
    elif consistency.ok:
        rules = "provisional rating rules" if consistency.provisional else "rating rules"
        out.print(f"[green]Consistent with the framework's {rules}.[/]")
    else:
        out.print("[bold red]Not consistent with the framework's rating rules:[/]")
        for problem in consistency.problems:
            out.print(f"  - {escape(problem)}", soft_wrap=True)
    for note in consistency.unchecked:
        out.print(f"  Not checked: {escape(note)}", soft_wrap=True)
    if consistency.provisional:
        out.print(
            "  The 2025 framework's area and overall rules are yjqa's provisional defaults "
            "(HMIP has not published them): a problem here is a disagreement with the "
            "default, not with HMIP's rules.",
            soft_wrap=True,
        )
    if not report.complete:
        out.print(
            "[bold yellow]Incomplete:[/] not read: " + escape(", ".join(report.missing)),
            soft_wrap=True,
        )
    if report.warnings:
        out.print("[bold yellow]Warnings[/]")
        for warning in report.warnings:
            out.print(f"  - {escape(warning)}", soft_wrap=True)
