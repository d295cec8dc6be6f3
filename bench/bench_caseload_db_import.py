"""Benchmark: importing a large caseload file into the database, end to end.

    .venv/bin/python bench/bench_caseload_db_import.py [--rows 100000]

Uses a fresh SQLite database in a temporary data directory (or DATABASE_URL if set: give it
a throwaway database). Prints, for the same synthetic CSV file in the same run:
- baseline: read_caseload alone (reading and checking every row, no database);
- first import: checking plus inserting every row in one transaction;
- re-import: the same file again, which updates every row by case reference.
with rows per second and each time as a multiple of the baseline.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
import tempfile
import time
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    args = parser.parse_args(argv)

    work = Path(tempfile.mkdtemp(prefix="yjqa-bench-"))
    os.environ.setdefault("YJQA_DATA_DIR", str(work))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from yjqa.core.caseload.reader import read_caseload, write_caseload_csv
    from yjqa.core.synthetic.caseload import generate_services
    from yjqa.web.caseload.models import CaseRecord
    from yjqa.web.caseload.services import do_import_caseload
    from yjqa.web.tenancy.models import Service

    call_command("migrate", verbosity=0)
    service, _ = Service.objects.get_or_create(
        slug="bench", defaults={"name": "Benchmark YJS", "code": "BEN"}
    )
    CaseRecord.objects.filter(service=service).delete()

    per_service = 182 * 4
    services = generate_services(args.rows // per_service + 1, seed=1, years=4)
    cases = [
        dataclasses.replace(case, case_ref=f"B{n:07d}")
        for n, case in enumerate(c for s in services for c in s.cases)
    ][: args.rows]
    path = work / "caseload.csv"
    write_caseload_csv(path, cases)

    def timed(run: object) -> float:
        start = time.perf_counter()
        run()  # type: ignore[operator]
        return time.perf_counter() - start

    baseline = timed(lambda: read_caseload(path))
    first = timed(lambda: do_import_caseload(service, read_caseload(path)))
    again = timed(lambda: do_import_caseload(service, read_caseload(path)))
    assert CaseRecord.objects.filter(service=service).count() == len(cases)

    engine = django.db.connection.vendor
    print(f"{len(cases):,} rows, {path.stat().st_size / 1e6:.1f} MB CSV, database: {engine}")
    print(f"{'':24}{'seconds':>10}{'rows/s':>12}{'x baseline':>12}")
    for name, seconds in (
        ("read_caseload baseline", baseline),
        ("first import", first),
        ("re-import (updates)", again),
    ):
        rate = len(cases) / seconds
        print(f"{name:24}{seconds:>10.2f}{rate:>12,.0f}{seconds / baseline:>12.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
