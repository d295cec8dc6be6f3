"""The demo's national benchmark: the bundled ratings CSV (src/yjqa/benchmark_data/README.md).

Idempotent: once the benchmark holds the file's entries, seeding again changes nothing (not
even the audit trail, which would record a second import).
"""

from __future__ import annotations

from importlib.resources import as_file, files

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.queries import holds_entries_from
from yjqa.web.benchmark.services import do_import_benchmark, read_benchmark_source

BUNDLED_RATINGS = "hmip-youth-ratings.csv"


def seed_demo_benchmark() -> None:
    """Load the bundled ratings CSV into the national benchmark: 79 entries, and 4 flagged."""
    if holds_entries_from(BUNDLED_RATINGS):
        return
    with as_file(files("yjqa") / "benchmark_data" / BUNDLED_RATINGS) as path:
        do_import_benchmark(Actor.operator(via=AuditEvent.Via.DEMO), read_benchmark_source(path))
