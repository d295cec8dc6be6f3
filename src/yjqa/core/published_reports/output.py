"""The `yjqa import-report --format json` contract."""

from __future__ import annotations

from typing import Any

from yjqa.core.published_reports.consistency import check_consistency
from yjqa.core.published_reports.records import Consistency, ImportedReport

# --------------------------------------------------------------------------------------------
# JSON


def report_as_dict(
    report: ImportedReport, consistency: Consistency | None = None
) -> dict[str, Any]:
    """The `yjqa import-report --format json` contract (docs/report-import.md)."""
    consistency = consistency or check_consistency(report)
    return {
        "service": report.service,
        "framework": report.framework,
        "inspection_type": report.inspection_type,
        "fieldwork": report.fieldwork,
        "published": report.published,
        "overall": report.overall,
        "score": report.score,
        "areas": dict(report.areas),
        "standards": dict(report.standards),
        "key_questions": {
            k: (None if v is None else list(v)) for k, v in report.key_questions.items()
        },
        "cases": dict(report.cases),
        "recommendations": [
            {"addressee": r.addressee, "text": r.text} for r in report.recommendations
        ],
        "consistency": {
            "ok": consistency.ok,
            "problems": list(consistency.problems),
            "unchecked": list(consistency.unchecked),
            "provisional": consistency.provisional,
        },
        "complete": report.complete,
        "missing": list(report.missing),
        "warnings": list(report.warnings),
    }
