"""A published report read back becomes a row of the national benchmark."""

from __future__ import annotations

from yjqa.core.published_reports.benchmark_records import to_benchmark_record
from yjqa.core.published_reports.records import BenchmarkRecord, ImportedReport

from helpers import WARWICKSHIRE_RATINGS, WESTMORLAND_RATINGS, seed_path


def test_reports_become_benchmark_records(
    westmorland_report: ImportedReport, warwickshire_report: ImportedReport
) -> None:
    record = to_benchmark_record(westmorland_report)
    assert record == BenchmarkRecord(
        service="Westmorland and Furness",
        framework="hmip-youth-2021",
        fieldwork="2024-12",
        year=2024,
        published="2025-03",
        overall="Requires improvement",
        score=14,
        max_score=36,
        standards=WESTMORLAND_RATINGS,
        source="report",
        problems=[],
        reference=str(seed_path("000")),
        notes=[],
    )
    record = to_benchmark_record(warwickshire_report)
    # No score is printed: the record's is the ratings' points, and says so.
    assert (record.score, record.max_score, record.year) == (27, 36, 2018)
    assert record.notes and "not printed" in record.notes[0]
    assert record.standards == WARWICKSHIRE_RATINGS and record.problems == []
