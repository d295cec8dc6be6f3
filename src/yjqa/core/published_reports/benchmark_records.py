"""Reports and ratings CSV rows as rows of the national benchmark."""

from __future__ import annotations

from yjqa.core.published_reports.consistency import check_consistency, rules_for
from yjqa.core.published_reports.records import BenchmarkRecord, CsvRow, ImportedReport
from yjqa.core.rating.rules import score_from_ratings

# --------------------------------------------------------------------------------------------
# Benchmark records


def to_benchmark_record(item: ImportedReport | CsvRow) -> BenchmarkRecord:
    """A report or a CSV row as one row of the national benchmark."""
    if isinstance(item, CsvRow):
        year = int(item.published[:4]) if item.published else None
        return BenchmarkRecord(
            service=item.service,
            framework=item.framework,
            fieldwork=None,
            year=year,
            published=item.published,
            overall=item.overall,
            score=item.score,
            max_score=item.max_score,
            standards=dict(item.standards),
            source="csv",
            problems=list(item.problems),
            reference=item.url,
            notes=list(item.notes),
        )
    notes: list[str] = []
    consistency = check_consistency(item)
    problems = list(consistency.problems)
    if consistency.provisional:
        # The 2025 framework's area and overall rules are yjqa's defaults, not HMIP's: a report
        # that disagrees with them is noted, never flagged (HMIP's rating is the fact).
        notes += [f"not as the provisional 2025 rules give: {p}" for p in problems]
        problems = []
    score, max_score = item.score, item.max_score
    framework, _ = rules_for(item.framework)
    if score is None and framework is not None:
        score = score_from_ratings(framework, item.standards)
        max_score = framework.max_score()
        if score is not None:
            notes.append("score not printed: the sum of the points of its standards' ratings")
    if max_score is None and framework is not None:
        max_score = framework.max_score()
    when = item.fieldwork or item.published
    return BenchmarkRecord(
        service=item.service,
        framework=item.framework,
        fieldwork=item.fieldwork,
        year=int(when[:4]) if when else None,
        published=item.published,
        overall=item.overall,
        score=score,
        max_score=max_score,
        standards={k: v for k, v in item.standards.items() if v is not None},
        source="report",
        problems=problems,
        reference=item.source,
        notes=notes,
        inspection_type=item.inspection_type,
        areas={k: v for k, v in item.areas.items() if v is not None},
    )
