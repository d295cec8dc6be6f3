"""Benchmark: how fast the core caseload importer reads a large synthetic CSV (or XLSX).

Run from the repository root:

    .venv/bin/python bench/bench_caseload_import.py [--rows 100000] [--repeat 3] [--xlsx]

It writes a synthetic caseload of N rows (yjqa.core.synthetic.caseload, invented data only) to a
temporary directory, then times, best of --repeat runs:

- baseline: a plain `csv.reader` over the file doing nothing with the rows;
- read_caseload: the full import (decoding, checking and building every row);

and prints rows, seconds, rows per second and each time as a multiple of the baseline. With
--xlsx it also writes the same rows to a workbook and times read_caseload on that. It makes no
assertions: timings vary with the machine.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path

from yjqa.core.caseload.reader import CASELOAD_COLUMNS, caseload_cells, read_caseload
from yjqa.core.synthetic.caseload import SyntheticCase, generate_services

OUTCOMES_PER_SERVICE_YEAR = 2000


def synthetic_cases(rows: int, seed: int) -> Iterator[SyntheticCase]:
    """`rows` invented cases with unique case references (each service's code prefixes them)."""
    services = generate_services(
        max(1, math.ceil(rows / OUTCOMES_PER_SERVICE_YEAR)),
        seed=seed,
        outcomes_per_year=OUTCOMES_PER_SERVICE_YEAR,
    )
    seen: set[str] = set()
    for service in services:
        for case in service.cases:
            if len(seen) == rows:
                return
            if case.case_ref in seen:  # never happens: codes differ; kept as a guard
                raise SystemExit(f"duplicate case_ref {case.case_ref}")
            seen.add(case.case_ref)
            yield case


def write_csv(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CASELOAD_COLUMNS)
        writer.writerows(rows)


def write_xlsx(path: Path, rows: list[list[str]]) -> None:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Caseload")
    sheet.append(list(CASELOAD_COLUMNS))
    for row in rows:
        sheet.append(row)
    book.save(path)


def best_of(repeat: int, run: Callable[[], int]) -> tuple[int, float]:
    """The row count and the shortest wall-clock time of `repeat` runs."""
    best = math.inf
    count = 0
    for _ in range(repeat):
        start = time.perf_counter()
        count = run()
        best = min(best, time.perf_counter() - start)
    return count, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate (100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (best kept)")
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--xlsx", action="store_true", help="also time an .xlsx of the rows")
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be at least 1")

    start = time.perf_counter()
    rows = [caseload_cells(case) for case in synthetic_cases(args.rows, args.seed)]
    print(f"generated {len(rows):,} synthetic rows in {time.perf_counter() - start:.1f} s")

    with tempfile.TemporaryDirectory(prefix="yjqa-bench-") as tmp:
        csv_path = Path(tmp) / "caseload.csv"
        write_csv(csv_path, rows)
        size = csv_path.stat().st_size / 1_000_000
        print(f"file {csv_path.name}: {size:.1f} MB; best of {args.repeat} runs\n")

        def baseline() -> int:
            with csv_path.open(encoding="utf-8", newline="") as handle:
                count = -1  # not the header
                for _ in csv.reader(handle):
                    count += 1
            return count

        timings: list[tuple[str, int, float]] = [
            ("csv.reader baseline", *best_of(args.repeat, baseline)),
            ("read_caseload (.csv)", *best_of(args.repeat, lambda: len(read_caseload(csv_path)))),
        ]
        if args.xlsx:
            xlsx_path = Path(tmp) / "caseload.xlsx"
            write_xlsx(xlsx_path, rows)
            timings.append(
                (
                    "read_caseload (.xlsx)",
                    *best_of(args.repeat, lambda: len(read_caseload(xlsx_path))),
                )
            )

    base = timings[0][2]
    print(f"{'':24}{'rows':>10}{'seconds':>10}{'rows/s':>12}{'x baseline':>12}")
    for name, count, seconds in timings:
        print(
            f"{name:24}{count:>10,}{seconds:>10.3f}{count / seconds:>12,.0f}{seconds / base:>12.1f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
