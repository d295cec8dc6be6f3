"""The caseload upload benchmark runs end to end and ends with its one line of figures
(issue 20: a 20,000-row upload answers with its progress page in under a second).

No speed is asserted here (the machine is shared): the figures are printed into the test log.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from helpers import ROOT

LAST_LINE = re.compile(
    r"rows=(?P<rows>\d+) upload_s=\d+\.\d+ progress_page_s=\d+\.\d+ answer_s=\d+\.\d+ "
    r"worker_s=\d+\.\d+ baseline_s=\d+\.\d+ ratio_answer_baseline=\d+\.\d+"
)


@pytest.mark.slow
def test_the_upload_benchmark_ends_with_its_figures(capsys: pytest.CaptureFixture[str]) -> None:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "YJQA_DATA_DIR")}
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "bench_caseload_upload.py"), "--rows", "2000"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    last = result.stdout.strip().splitlines()[-1]
    with capsys.disabled():
        print(f"\n{last}")
    found = LAST_LINE.fullmatch(last)
    assert found, last
    assert found["rows"] == "2000"
