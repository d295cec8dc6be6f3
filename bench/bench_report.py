"""Benchmark: rendering the demo inspection's report as HTML, PDF and Word.

    .venv/bin/python bench/bench_report.py [--repeat 3]

Seeds the demo services into a fresh SQLite database in a temporary data directory, builds
Northshire's report once, then times each renderer (best of --repeat) and prints seconds and
each as a multiple of the HTML render measured in the same run; then freezes the report (as
publishing does) and times its PDF's first download (rendered and kept in storage) and the
next ones (read from storage). Target (issue 20): the PDF
within 2.5 times the HTML. The last line is always
`html_s=<x> pdf_s=<y> docx_s=<z> ratio_pdf_html=<y/x>`.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections.abc import Callable


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, object]:
    from yjqa.reports.charts import chart_png, chart_svg

    best, result = float("inf"), None
    for _ in range(repeat):
        chart_svg.cache_clear()  # time each format from cold: charts drawn afresh
        chart_png.cache_clear()
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    return best, result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    os.environ["YJQA_DATA_DIR"] = tempfile.mkdtemp(prefix="yjqa-bench-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from yjqa.reports import render_docx, render_html, render_pdf
    from yjqa.web.audit.trail import Actor
    from yjqa.web.demo import DEMO_INSPECTION_TITLE, seed_demo
    from yjqa.web.inspections.models import Inspection
    from yjqa.web.inspections.report import inspection_report
    from yjqa.web.inspections.report_files import report_file_bytes
    from yjqa.web.inspections.report_services import do_freeze_report

    call_command("migrate", verbosity=0)
    seed_demo()
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    build, report = best_of(args.repeat, lambda: inspection_report(inspection))
    timings = [("build the report (database)", build)]
    html, _ = best_of(args.repeat, lambda: render_html(report))  # type: ignore[arg-type]
    pdf, pdf_bytes = best_of(args.repeat, lambda: render_pdf(report))  # type: ignore[arg-type]
    word, word_bytes = best_of(args.repeat, lambda: render_docx(report))  # type: ignore[arg-type]
    timings += [("HTML (baseline)", html), ("PDF", pdf), ("Word", word)]
    # A frozen (published) report's PDF is rendered once, kept in storage, then served from it.
    do_freeze_report(Actor.operator(), inspection)
    first, _ = best_of(1, lambda: report_file_bytes(inspection, "pdf"))
    kept, _ = best_of(args.repeat, lambda: report_file_bytes(inspection, "pdf"))
    timings += [("PDF frozen, first (kept)", first), ("PDF frozen, from storage", kept)]
    print(f"Northshire demo inspection report; best of {args.repeat}")
    print(f"{'':30}{'seconds':>10}{'x HTML':>10}")
    for name, seconds in timings:
        print(f"{name:30}{seconds:>10.3f}{seconds / html:>10.1f}")
    print(f"PDF {len(pdf_bytes) / 1e3:.0f} kB, Word {len(word_bytes) / 1e3:.0f} kB")  # type: ignore[arg-type]
    print(f"html_s={html:.3f} pdf_s={pdf:.3f} docx_s={word:.3f} ratio_pdf_html={pdf / html:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
