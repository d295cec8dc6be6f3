"""`yjqa benchmark`: the national benchmark of published inspection results.

The benchmark is one table that every service shares, so loading it is an operator's task:
it is done here, on the command line, or by an installation administrator on the web upload
page (/benchmark/import/), never on any service's pages. Django is imported only inside the
commands, so the core commands stay fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from yjqa.cli.progress import progress_bar
from yjqa.cli.web import migrate, setup_django

benchmark_app = typer.Typer(help="The national benchmark of published inspections.")
out = Console(soft_wrap=True, highlight=False)


@benchmark_app.command("import")
def import_benchmark(
    path: Annotated[
        Path,
        typer.Argument(
            metavar="PATH",
            help="A published report (.pdf, the web page saved as .html, or .txt of its "
            "text), a folder of reports, or the ratings CSV.",
        ),
    ],
) -> None:
    """Import published inspection results into the national benchmark, in one transaction.

    Every entry is checked against its framework's rating rules. Those that break them are
    listed with the reasons and kept as flagged entries, left out of the benchmark's
    figures; the rest are imported. Reports on HMIP's 2025 framework are imported too and
    counted apart from the 2018 and 2021 ones. Importing the same file again changes nothing.
    """
    setup_django()
    migrate()
    from yjqa.web.audit.trail import Actor
    from yjqa.web.benchmark.imports import import_benchmark_path

    # The reports are read one by one (the slow part), with a bar on stderr, then written in
    # one transaction.
    with progress_bar(f"Reading {path.name}") as report:
        source, result = import_benchmark_path(Actor.operator(), path, report=report)
    thing = "row" if source.kind == "csv" else "report"
    out.print(f"{escape(str(path))}: {source.read} {thing}{'' if source.read == 1 else 's'} read")
    imported = result.imported
    out.print(
        f"  {len(imported)} imported into the national benchmark "
        f"({result.count('new')} new, {result.count('updated')} updated, "
        f"{result.count('unchanged')} unchanged)"
    )
    for outcome in result.outcomes:
        for replaced in outcome.replaced:
            out.print(f"    {escape(outcome.where)}: replaces {escape(replaced)}")
    flagged = result.flagged
    if flagged:
        out.print(
            f"  {len(flagged)} break the rating rules: kept as flagged entries, "
            "left out of the benchmark's figures"
        )
        for outcome in flagged:
            out.print(f"    {escape(outcome.where)}, {escape(outcome.service)}:")
            for problem in outcome.problems:
                out.print(f"      - {escape(problem)}")
    else:
        out.print("  none breaks the rating rules")
    skipped = result.not_imported
    if skipped:
        out.print(f"  {len(skipped)} not imported")
        for outcome in skipped:
            who = f", {escape(outcome.service)}" if outcome.service else ""
            out.print(f"    {escape(outcome.where)}{who}:")
            for reason in outcome.problems:
                out.print(f"      - {escape(reason)}")
