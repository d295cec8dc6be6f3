"""`yjqa plan`: a service's improvement plan, outside the web app.

Django is imported only inside the commands, so the core commands stay fast.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from yjqa.cli.web import setup_django
from yjqa.core.validation.problems import InputError, Problem

plan_app = typer.Typer(help="A service's improvement plan.", no_args_is_help=True)
out = Console()


class PlanFormat(StrEnum):
    xlsx = "xlsx"


@plan_app.command("export")
def export(
    service: Annotated[
        str, typer.Argument(metavar="SERVICE", help="The service's name, slug or code.")
    ],
    output_format: Annotated[PlanFormat, typer.Option("--format")] = PlanFormat.xlsx,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "improvement-plan.xlsx"
    ),
    plan_id: Annotated[
        int | None,
        typer.Option("--plan", help="The plan's id; the service's latest plan if not given."),
    ] = None,
) -> None:
    """Write a service's improvement plan as an Excel workbook, one row per action.

    The workbook is the one the web app exports: edit it and import it back on the plan's
    page.
    """
    setup_django()
    from django.db.models import Q

    from yjqa.web.improvement.spreadsheet import plan_workbook
    from yjqa.web.tenancy.models import Service

    found = Service.objects.filter(
        Q(slug__iexact=service) | Q(name__iexact=service) | Q(code__iexact=service)
    ).first()
    if found is None:
        raise InputError([Problem("SERVICE", f"no service called {service}")])
    plans = found.improvement_plans.order_by("-created_at", "-id")
    plan = plans.filter(pk=plan_id).first() if plan_id is not None else plans.first()
    if plan is None:
        which = f"no improvement plan {plan_id}" if plan_id is not None else "no improvement plan"
        raise InputError([Problem("SERVICE", f"{found.name} has {which}")])
    if output_format is PlanFormat.xlsx:
        output.write_bytes(plan_workbook(plan))
    actions = sum(item.actions.count() for item in plan.items.all())
    out.print(f"{output}: {plan.title} ({found.name}), {actions} actions")
