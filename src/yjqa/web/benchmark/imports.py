"""Importing into the national benchmark with progress: the one piece of work behind
`yjqa benchmark import`'s progress bar (and, once jobs can be installation-wide, the upload
page's background job).

Reading published reports is the slow part (a PDF's text layer, a folder of them), so it is
reported report by report; then everything read is written in one transaction
(`do_import_benchmark`).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.services import (
    BenchmarkSource,
    ImportResult,
    do_import_benchmark,
    read_benchmark_source,
)

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
