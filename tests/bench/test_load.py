"""The load benchmark runs end to end, small, and prints its lines with no errors (issue 20).

No speed is asserted here (the machine is shared): the figures are printed into the test log.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from helpers import ROOT

TARGETS = ("inspections_list", "ratings_page", "ratings_api")
TARGET_LINE = re.compile(
    r"target=(?P<name>\w+) requests=(?P<requests>\d+) errors=(?P<errors>\d+) "
    r"rps=\d+\.\d p50_ms=\d+\.\d p95_ms=\d+\.\d p99_ms=\d+\.\d"
)
RATIO_LINE = re.compile(r"ratio_ratings_page=\d+\.\d\d ratio_ratings_api=\d+\.\d\d")


@pytest.mark.slow
def test_the_load_benchmark_prints_every_target_with_no_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "load.py"), "--seconds", "2", "--requests", "100"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    with capsys.disabled():  # the figures go into the CI log even when the test passes
        print("\n--- bench/load.py --seconds 2 --requests 100 ---")
        print(result.stdout + result.stderr[-2000:])
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    found = [TARGET_LINE.fullmatch(line) for line in lines[:-1]]
    assert all(found), lines
    assert [m["name"] for m in found if m] == list(TARGETS)
    assert all(m["errors"] == "0" and int(m["requests"]) > 0 for m in found if m)
    assert RATIO_LINE.fullmatch(lines[-1]), lines[-1]
