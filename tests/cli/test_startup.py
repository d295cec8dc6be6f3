"""`yjqa --help` and `yjqa frameworks list` load only what they use (issue 20: a quick command
line). Each runs in a fresh interpreter with `-X importtime`, which names on stderr every module
the run imported; the heavy libraries must not be among them. Speed itself is measured by
`bench/bench_cli.py`, not here."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from helpers import ROOT

# Libraries that cost tens or hundreds of milliseconds to import, and yjqa's own packages that
# pull in Django: commands that need them import them inside their own functions.
HEAVY = {
    "django",
    "scipy",
    "numpy",
    "polars",
    "pandas",
    "pyarrow",
    "matplotlib",
    "weasyprint",
    "docx",
    "openpyxl",
    "fastexcel",
    "pypdf",
    "pdfplumber",
    "gunicorn",
    "yjqa.web",
    "yjqa.reports",
}


def imported_by(*args: str) -> tuple[set[str], str]:
    """The modules `yjqa ARGS...` imports in a fresh interpreter, and what it printed."""
    run = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "yjqa.cli", *args],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        timeout=120,
        check=False,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    modules = {
        line.rsplit("|", 1)[1].strip()
        for line in run.stderr.splitlines()
        if line.startswith("import time:") and line.count("|") == 2
    }
    assert "yjqa.cli.main" in modules  # the report was read: the checks below mean something
    return modules, run.stdout


def heavy_in(modules: set[str]) -> set[str]:
    return {
        module
        for module in modules
        for heavy in HEAVY
        if module == heavy or module.startswith(heavy + ".")
    }


def test_help_imports_no_heavy_library_nor_pydantic_nor_yaml() -> None:
    modules, printed = imported_by("--help")
    assert "frameworks" in printed and "import-report" in printed
    assert heavy_in(modules) == set()
    # Nor the framework models and their YAML: only the commands that read frameworks need them.
    assert {m for m in modules if m.split(".")[0] in {"pydantic", "yaml"}} == set()
    assert "yjqa.core.frameworks.model" not in modules


@pytest.mark.parametrize(
    "args",
    [("frameworks", "list"), ("frameworks", "--help"), ("frameworks", "show", "hmip-youth-2021")],
)
def test_frameworks_commands_import_no_heavy_library(args: tuple[str, ...]) -> None:
    modules, printed = imported_by(*args)
    assert heavy_in(modules) == set()
    if args[1] != "--help":
        assert "hmip-youth-2021" in printed
        # It does read the shipped frameworks: their models and YAML were imported.
        assert {"yjqa.core.frameworks.shipped", "pydantic", "yaml"} <= modules


def test_the_check_sees_a_heavy_import_where_a_command_uses_one() -> None:
    """`yjqa rate` does need scipy: the same check finds it (so the tests above can fail)."""
    modules, printed = imported_by(
        "rate", "--percentages", str(ROOT / "examples" / "westmorland-and-furness-2025.yaml")
    )
    assert "Overall rating" in printed
    assert "scipy" in {module.split(".")[0] for module in heavy_in(modules)}
