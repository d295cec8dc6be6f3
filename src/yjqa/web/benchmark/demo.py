"""The demo's national benchmark: the bundled ratings CSV (src/yjqa/benchmark_data/README.md).

Idempotent: importing the same file again finds every entry in place and changes nothing.
"""

from __future__ import annotations

from importlib.resources import as_file, files

from yjqa.web.benchmark.services import do_import_benchmark, read_benchmark_source

BUNDLED_RATINGS = "hmip-youth-ratings.csv"


def seed_demo_benchmark() -> None:
    """Load the bundled ratings CSV into the national benchmark: 79 entries, and 4 flagged."""
    with as_file(files("yjqa") / "benchmark_data" / BUNDLED_RATINGS) as path:
        do_import_benchmark(read_benchmark_source(path))
