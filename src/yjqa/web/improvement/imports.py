"""Importing an improvement plan's Excel file with progress: the work behind the import
page's background job.

The workbook is read, checked and applied by `services.do_import_improvement_plan`, all or
nothing in one transaction, with the plan's actions locked and each action written only if it
still has the version exported (compare-and-set): a file with any problem, or an action changed
since it was exported or while it is imported, writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.urls import reverse

from yjqa.web.audit.trail import Actor
from yjqa.web.improvement.models import ImprovementPlan
from yjqa.web.improvement.services import do_import_improvement_plan
from yjqa.web.improvement.spreadsheet import ImportResult
from yjqa.web.jobs.services import JobFailed, JobProgress

Report = Callable[[float, str], None]


def summary(result: ImportResult) -> str:
    """What an import did, as the plan's page said it: "1 action added, 2 changed, ..."."""
    parts = [
        f"{result.created} action{'s' if result.created != 1 else ''} added",
        f"{result.updated} changed",
        f"{result.unchanged} unchanged",
    ]
    if result.items_created:
        parts.append(f"{result.items_created} new items")
    return ", ".join(parts)


def import_improvement_plan_file(
    actor: Actor, plan: ImprovementPlan, content: bytes, *, source: str, report: Report
) -> ImportResult:
    """Read, check and apply the workbook, calling `report(fraction, message)` as it goes."""
    report(0.1, f"Reading and checking {source}")
    result = do_import_improvement_plan(actor, plan, content, source)
    report(0.95, f"Imported {source}")
    return result


def improvement_plan_import_job(
    progress: JobProgress, *, improvement_plan_id: int, file_name: str
) -> str:
    """The import page's background job: import the uploaded workbook, then show the plan."""
    plan = (
        ImprovementPlan.objects.select_related("service", "inspection")
        .filter(pk=improvement_plan_id, service=progress.service)
        .first()
    )
    if plan is None:
        raise JobFailed("The improvement plan is no longer there.")
    with progress.payload_path() as path:
        content = path.read_bytes()
    result = import_improvement_plan_file(
        progress.actor, plan, content, source=file_name, report=progress
    )
    progress.done(f"{file_name} imported: {summary(result)}.")
    return reverse(
        "improvement_plan_detail",
        kwargs={"slug": progress.service.slug, "improvement_plan_id": plan.pk},
    )
