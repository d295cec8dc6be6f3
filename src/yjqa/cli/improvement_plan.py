"""`yjqa improvement-plan` (also `yjqa plan`): a service's improvement plan, outside the web app.

Django is imported only inside the commands, so the core commands stay fast. Every read goes
through the web app's query functions (`yjqa.web.improvement.queries`), never the ORM.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from yjqa.cli.web import find_service, setup_django
from yjqa.core.validation.problems import InputError, Problem

improvement_plan_app = typer.Typer(help="A service's improvement plan.", no_args_is_help=True)
out = Console()


class ImprovementPlanFormat(StrEnum):
    xlsx = "xlsx"


@improvement_plan_app.command("export")
def export(
    service: Annotated[
        str, typer.Argument(metavar="SERVICE", help="The service's name, slug or code.")
    ],
    output_format: Annotated[
        ImprovementPlanFormat, typer.Option("--format")
    ] = ImprovementPlanFormat.xlsx,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "improvement-plan.xlsx"
    ),
    plan_id: Annotated[
        int | None,
        typer.Option(
            "--plan",
            help="The improvement plan's id; the service's latest improvement plan if not given.",
        ),
    ] = None,
) -> None:
    """Write a service's improvement plan as an Excel workbook, one row per action.

    The workbook is the one the web app exports: edit it and import it back on the
    improvement plan's page.
    """
    setup_django()
    from yjqa.web.improvement.queries import action_count, improvement_plan_or_latest
    from yjqa.web.improvement.spreadsheet import improvement_plan_workbook

    found = find_service(service)
    plan = improvement_plan_or_latest(found, plan_id)
    if plan is None:
        which = f"no improvement plan {plan_id}" if plan_id is not None else "no improvement plan"
        raise InputError([Problem("SERVICE", f"{found.name} has {which}")])
    if output_format is ImprovementPlanFormat.xlsx:
        output.write_bytes(improvement_plan_workbook(plan))
    out.print(f"{output}: {plan.title} ({found.name}), {action_count(plan)} actions")
