"""Shared fixtures: the seed documents and a way to run the `yjqa` command in-process."""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pytest

# Keep tests away from a person's real data directory (~/.yjqa).
os.environ.setdefault("YJQA_DATA_DIR", tempfile.mkdtemp(prefix="yjqa-test-"))

from yjqa.cli.main import main

from helpers import PublishedReport, parse_2021_report, seed


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """Each test starts with an empty cache: a test that writes rows directly (not through a
    service function, which would change the cache's generation tokens) leaves no cached
    figures for the next test to read."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def westmorland() -> PublishedReport:
    return parse_2021_report(seed("000"))


@dataclass
class CliResult:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def run_cli(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch):
    """Run `yjqa ARGS...` through its real entry point and capture what it prints."""

    def run(*args: str | Path) -> CliResult:
        monkeypatch.setattr(sys, "argv", ["yjqa", *map(str, args)])
        monkeypatch.setenv("COLUMNS", "200")
        code = 0
        try:
            main()
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        captured = capsys.readouterr()
        return CliResult(code, captured.out, captured.err)

    return run
