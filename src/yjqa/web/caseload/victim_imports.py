"""Importing a victims' caseload file with progress: the one piece of work behind the victims'
upload page's background job and `yjqa victims import`'s progress bar.

Every row is read and checked first (the core reader), then each victim is linked to their
child's case and all are written in one transaction (`do_import_victims`): a file with any
problem, a victim whose child's case is not in the caseload among them, writes nothing.
"""

from __future__ import annotations

from pathlib import Path

from django.urls import reverse

from yjqa.core.caseload.victims import read_victims
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.imports import Report, import_rows_file
from yjqa.web.caseload.services import ImportResult, do_import_victims
from yjqa.web.jobs.services import JobProgress
from yjqa.web.tenancy.models import Service


def import_victims_file(
    actor: Actor,
    service: Service,
    path: Path,
    *,
    source: str,
    report: Report,
    file_name: str = "",
) -> tuple[int, ImportResult]:
    """Read, check and write a victims' caseload file (`import_rows_file` says how)."""
    return import_rows_file(
        actor,
        service,
        path,
        read=read_victims,
        write=do_import_victims,
        records="victims' records",
        source=source,
        report=report,
        file_name=file_name,
    )


def victims_import_job(progress: JobProgress, *, file_name: str) -> str:
    """The victims' upload page's background job: import the file, then show the victims."""
    with progress.payload_path() as path:
        rows, result = import_victims_file(
            progress.actor, progress.service, path, source=file_name, report=progress
        )
    progress.done(
        f"{file_name}: {rows:,} rows imported ({result.created:,} new victims' records, "
        f"{result.updated:,} updated)"
    )
    return reverse("victim_list", kwargs={"slug": progress.service.slug})
