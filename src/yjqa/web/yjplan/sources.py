"""The youth justice plan's sections filled from yjqa's own records: indicators, inspection,
the improvement plan's progress, feedback."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from yjqa.core.documents.ratings_table import (
    area_rating_rows,
    inspection_kind,
    overall_sentence,
)
from yjqa.core.documents.youth_justice_plan import NO_PUBLISHED_INSPECTION, BudgetLine, PlanInput
from yjqa.web.improvement.board_pack import feedback_summary, reported_inspection
from yjqa.web.improvement.queries import improvement_plan_progress_rows
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.yjplan.models import YouthJusticePlan
from yjqa.web.yjplan.performance import plan_performance


@dataclass(frozen=True)
class InspectionRows:
    rows: list[tuple[str, str]]  # (standard, or area or activity, rating)
    summary: str
    label: str = "Standard"  # what the rows are


def inspection_summary(plan: YouthJusticePlan) -> InspectionRows:
    """The ratings of the inspection the plan reports (chosen for it, or by default the latest
    published HMIP inspection): by standard with the score, or for a kind of inspection (2025)
    by area and activity, in the report's words, with no score."""
    inspection = reported_inspection(plan.service, plan.inspection)
    if inspection is None:
        return InspectionRows([], NO_PUBLISHED_INSPECTION)
    rating = inspection_rating(inspection)
    framework = inspection.framework
    pending = ""
    if inspection.status != Inspection.Status.PUBLISHED:
        pending = f" ({inspection.get_status_display().lower()}: the ratings may change)"
    if rating.inspection_type is not None:
        kind = inspection_kind(framework, rating)
        summary = (
            f"{inspection.title}, {_lower_first(kind.title_for(plan.service.name))}{pending}. "
            f"{overall_sentence(framework, rating, plan.service.name)}"
        )
        return InspectionRows(area_rating_rows(framework, rating), summary, "Area and activity")
    rows = [
        (f"{r.standard_id} {framework.standard(r.standard_id).title}", r.rating)
        for r in rating.standards
    ]
    summary = inspection.title
    if rating.overall:
        summary += f": {rating.overall} overall"
        if rating.score is not None:
            summary += f", a score of {rating.score}/{rating.max_score}"
    return InspectionRows(rows, summary + pending + ".")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def youth_justice_plan_input(plan: YouthJusticePlan, today: date | None = None) -> PlanInput:
    inspection = inspection_summary(plan)
    return PlanInput(
        service=plan.service.name,
        period=plan.period,
        texts=dict(plan.texts),
        budget=[
            BudgetLine(line.source, Decimal(line.cash), Decimal(line.in_kind))
            for line in plan.budget.all()
        ],
        performance=plan_performance(plan),
        ratings=inspection.rows,
        inspection=inspection.summary,
        ratings_label=inspection.label,
        improvement=improvement_plan_progress_rows(plan.service, today or date.today()),
        feedback=[
            (survey, f"{responses} responses. {headline}")
            for survey, responses, headline in feedback_summary(plan.service)
        ],
        signed_off_by=plan.signed_off_by,
        signed_off_on=plan.signed_off_on,
    )
