"""`yjqa benchmark import` reports its progress report by report (reading published reports is
the slow part), through the same work function a background job will call, and writes
everything read in one transaction."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from yjqa.core.validation.problems import InputError
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.benchmark.imports import READ, import_benchmark_path
from yjqa.web.benchmark.models import BenchmarkEntry

from helpers import PUBLISHED

pytestmark = pytest.mark.django_db
REPORTS = ("000_westmorland-and-furness-2025.txt", "004_warwickshire-2018.txt")


def folder_of_reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name in REPORTS:
        shutil.copy(PUBLISHED / name, folder / name)
    (folder / "minutes.txt").write_text("Minutes of the meeting.\n", encoding="utf-8")
    return folder


def test_a_folder_is_read_report_by_report_then_written(tmp_path: Path) -> None:
    seen: list[tuple[float, str]] = []
    source, result = import_benchmark_path(
        Actor.operator(), folder_of_reports(tmp_path), report=lambda f, m: seen.append((f, m))
    )
    assert seen == [
        (0.0, "Reading reports"),
        (READ / 3, f"Read 1 of 3 reports ({REPORTS[0]})"),
        (READ * 2 / 3, f"Read 2 of 3 reports ({REPORTS[1]})"),
        (READ, "Read 3 of 3 reports (minutes.txt)"),
        (READ, "Writing 2 entries"),
    ]
    assert len(source.candidates) == 2 and [u.where for u in source.unread] == ["minutes.txt"]
    assert len(result.imported) + len(result.flagged) == 2
    assert AuditEvent.objects.filter(action="import_benchmark").exists()


def test_a_path_that_cannot_be_read_writes_nothing(tmp_path: Path) -> None:
    before = (BenchmarkEntry.objects.count(), AuditEvent.objects.count())
    with pytest.raises(InputError):
        import_benchmark_path(Actor.operator(), tmp_path / "missing.pdf", report=lambda f, m: None)
    assert (BenchmarkEntry.objects.count(), AuditEvent.objects.count()) == before


def test_the_command_imports_a_folder_through_the_same_work(
    run_cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    result = run_cli("benchmark", "import", folder_of_reports(tmp_path))
    assert result.exit_code == 0, result.stderr
    assert "3 reports read" in result.stdout
    assert "minutes.txt" in result.stdout  # not imported, with its reason
    event = AuditEvent.objects.filter(action="import_benchmark").order_by("-id")[0]
    assert (event.via, event.object_label) == (AuditEvent.Via.COMMAND_LINE, "reports")
