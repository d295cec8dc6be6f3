"""A published report read back becomes a row of the national benchmark."""

from __future__ import annotations

from dataclasses import replace

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


def test_a_2025_report_keeps_its_kind_and_areas_and_has_no_score(
    westhaven_report: ImportedReport,
) -> None:
    record = to_benchmark_record(westhaven_report)
    assert (record.framework, record.inspection_type) == ("hmip-youth-2025", "full")
    assert record.areas == {
        "organisational_delivery": "Good",
        "work_with_children": "Good",
        "work_with_victims": "Outstanding",
    }
    assert record.standards["1.4"] == "Good" and record.standards["2.2"] == "Requires improvement"
    assert (record.score, record.max_score, record.year) == (None, None, 2026)
    assert (record.problems, record.notes) == ([], [])


def test_a_2025_report_at_odds_with_a_provisional_rule_is_noted_not_flagged(
    eastmoor_report: ImportedReport,
) -> None:
    # HMIP's published rating is the fact; yjqa's 2025 area and overall rules are defaults.
    report = replace(eastmoor_report, overall="Outstanding")
    record = to_benchmark_record(report)
    assert record.problems == []
    assert len(record.notes) == 1
    assert record.notes[0].startswith(
        "not as the provisional 2025 rules give: the overall rating is Outstanding"
    )
