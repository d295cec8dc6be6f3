"""Importing a caseload file with progress: the one piece of work behind the upload page's
background job and `yjqa caseload import`'s progress bar.

Every row is read and checked first (the core reader), then all are written in one
transaction (`do_import_caseload`): a file with any problem writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from django.urls import reverse

from yjqa.core.caseload.reader import read_caseload
from yjqa.core.validation.limits import check_file
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.services import ImportResult, do_import_caseload
from yjqa.web.jobs.services import JobProgress
from yjqa.web.tenancy.models import Service

Report = Callable[[float, str], None]

# Of the bar: reading and checking the rows, then writing them.
CHECKED = 0.8


def estimated_rows(path: Path) -> int | None:
    """About how many rows the file has (for the bar), or None if that is not cheap to say."""
    try:
        if path.suffix.lower() == ".csv":
            with path.open("rb") as handle:
                lines = sum(chunk.count(b"\n") for chunk in iter(lambda: handle.read(1 << 20), b""))
            return max(lines - 1, 1)
        if path.suffix.lower() == ".xlsx":
            check_file(path)  # never open a workbook the limits refuse (a zip bomb)
            from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

            book = load_workbook(path, read_only=True)
            try:
                rows = book.worksheets[0].max_row if book.worksheets else None
            finally:
                book.close()
            return max(int(rows) - 1, 1) if rows else None
    except Exception:  # a file the reader refuses, with its own clear problem
        return None
    return None


def import_rows_file(
    actor: Actor,
    service: Service,
    path: Path,
    *,
    read: Callable[..., Sequence[Any]],
    write: Callable[..., ImportResult],
    records: str,
    source: str,
    report: Report,
    file_name: str = "",
) -> tuple[int, ImportResult]:
    """Read and check every row of a file with `read`, then write them all with the service
    function `write`, calling `report(fraction, message)` as it goes.

    Returns the number of rows and what was created and updated; an InputError names the
    file (`source`), row and field of every problem, and then nothing has been written. The
    audit trail names the file as `file_name` (else `source`).
    """
    total = estimated_rows(path)

    def on_rows(count: int) -> None:
        fraction = CHECKED * min(count / total, 1.0) if total else 0.0
        report(fraction, f"Checked {count:,} rows")

    report(0.0, f"Checking {source}")
    try:
        rows = read(path, progress=on_rows)
    except InputError as error:
        raise error.with_source(source) from None
    report(CHECKED, f"Writing {len(rows):,} {records}")
    try:
        result = write(actor, service, rows, source=file_name or source)
    except InputError as error:
        raise error.with_source(source) from None
    return len(rows), result


def import_caseload_file(
    actor: Actor,
    service: Service,
    path: Path,
    *,
    source: str,
    report: Report,
    file_name: str = "",
) -> tuple[int, ImportResult]:
    """Read, check and write a caseload file (`import_rows_file` says how)."""
    return import_rows_file(
        actor,
        service,
        path,
        read=read_caseload,
        write=do_import_caseload,
        records="case records",
        source=source,
        report=report,
        file_name=file_name,
    )


def caseload_import_job(progress: JobProgress, *, file_name: str) -> str:
    """The upload page's background job: import the uploaded file, then show the caseload."""
    with progress.payload_path() as path:
        rows, result = import_caseload_file(
            progress.actor, progress.service, path, source=file_name, report=progress
        )
    progress.done(
        f"{file_name}: {rows:,} rows imported ({result.created:,} new case records, "
        f"{result.updated:,} updated)"
    )
    return reverse("case_list", kwargs={"slug": progress.service.slug})
