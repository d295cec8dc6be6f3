"""The report benchmark runs end to end and ends with its one line of figures (issue 20).

No speed is asserted here (the machine is shared): the figures are printed into the test log.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpers import ROOT

LAST_LINE = re.compile(
    r"html_s=(?P<html>\d+\.\d+) pdf_s=(?P<pdf>\d+\.\d+) docx_s=\d+\.\d+ "
    r"ratio_pdf_html=(?P<ratio>\d+\.\d+)"
)


@pytest.mark.slow
def test_the_report_benchmark_ends_with_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_report.py"), "--repeat", "1"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    with capsys.disabled():
        print(result.stdout)
    last = result.stdout.strip().splitlines()[-1]
    found = LAST_LINE.fullmatch(last)
    assert found, last
    ratio = float(found["pdf"]) / float(found["html"])
    assert abs(ratio - float(found["ratio"])) < 0.01 + 0.01 * ratio
