"""Importing into the national benchmark with progress: the one piece of work behind
`yjqa benchmark import`'s progress bar and the upload page's background job (a job of no
service: the benchmark is every service's).

Reading published reports is the slow part (a PDF's text layer, a folder of them), so it is
reported report by report; then everything read is written in one transaction
(`do_import_benchmark`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yjqa.core.validation.problems import InputError
from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.services import (
    BenchmarkSource,
    ImportResult,
    Outcome,
    do_import_benchmark,
    read_benchmark_source,
)
from yjqa.web.jobs.services import JobFailed, JobProgress

log = logging.getLogger(__name__)

Report = Callable[[float, str], None]

# Of the bar: reading the reports (or the ratings CSV), then writing the entries.
READ = 0.9


def import_benchmark_path(
    actor: Actor, path: Path, *, report: Report, name: str | None = None
) -> tuple[BenchmarkSource, ImportResult]:
    """Read a report, a folder of reports or the ratings CSV, then write it, calling
    `report(fraction, message)` as it goes. `name` is the file's own name where `path` is a
    copy of it (an upload). An InputError, if the path cannot be read at all, writes nothing.
    """

    def on_report(read: int, total: int, file: Path) -> None:
        report(READ * read / total, f"Read {read:,} of {total:,} reports ({file.name})")

    report(0.0, f"Reading {name or path.name}")
    source = read_benchmark_source(path, name=name, progress=on_report)
    report(READ, f"Writing {len(source.candidates):,} entries")
    return source, do_import_benchmark(actor, source)


def _said(outcome: Outcome | None, name: str, missing: list[str]) -> str:
    """What the upload page said of the report, for the finished job's page."""
    if outcome is None:
        return f"{name}: nothing was read, so nothing was added."
    if outcome.stored and not outcome.problems:
        said = {
            "new": "added to the national benchmark",
            "updated": "its entry in the national benchmark is updated",
        }.get(outcome.status, "already in the national benchmark, unchanged")
        message = f"{outcome.where}: {said}."
        message += "".join(f" It replaces {replaced}." for replaced in outcome.replaced)
    elif outcome.stored:
        message = (
            f"{outcome.where}: kept as a flagged entry, left out of the benchmark's figures, "
            f"because it breaks the rating rules: {'; '.join(outcome.problems)}."
        )
    else:
        message = f"{outcome.where}: not added to the national benchmark: "
        message += f"{'; '.join(outcome.problems)}."
    if missing:
        message += f" Not read (the file may be cut short or damaged): {', '.join(missing)}."
    return message


def benchmark_import_job(progress: JobProgress, *, file_name: str) -> str:
    """The upload page's background job: read the uploaded report and add it, then send the
    person back to the upload page (where they landed before), which shows the benchmark."""
    with progress.payload_path() as path:
        try:
            source, result = import_benchmark_path(
                progress.actor, path, name=file_name, report=progress
            )
        except (InputError, PermissionDenied, JobFailed):
            raise
        except Exception:  # an untrusted file must never be a server error
            log.exception("reading the uploaded report %s", file_name)
            raise JobFailed(
                f"Nothing has been changed: {file_name} could not be read as a report: it may "
                "be damaged, or not a report at all."
            ) from None
    candidate = source.candidates[0] if source.candidates else None
    outcome = result.outcomes[0] if result.outcomes else None
    progress.done(_said(outcome, file_name, list(candidate.missing) if candidate else []))
    return reverse("benchmark_import")
