"""The youth justice plan's sections filled from yjqa's own records: indicators, inspection,
the improvement plan's progress, feedback."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from yjqa.core.documents.youth_justice_plan import BudgetLine, PlanInput
from yjqa.core.indicators.engine import compute_indicators
from yjqa.web.improvement.board_pack import feedback_summary, latest_inspection
from yjqa.web.improvement.queries import improvement_plan_progress_rows
from yjqa.web.indicators.dashboard import financial_year, financial_year_label
from yjqa.web.indicators.models import ChildOutcome
from yjqa.web.indicators.services import service_data
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.yjplan.models import YouthJusticePlan


def _figure(value: Any, suffix: str = "", places: int = 1) -> str:
    if value is None:
        return "not known"
    if isinstance(value, int):
        return f"{value:,}{suffix}"
    return f"{value:,.{places}f}{suffix}"


def performance_rows(plan: YouthJusticePlan) -> tuple[list[tuple[str, str, str]], str]:
    """The previous year's indicators: the year the plan looks back on."""
    period = financial_year(plan.start_year - 1)
    if not ChildOutcome.objects.filter(service=plan.service).exists():
        return [], financial_year_label(period)
    figures = compute_indicators(service_data(plan.service), period.start, period.end)[
        "services"
    ].get(plan.service.name)
    if figures is None:
        return [], financial_year_label(period)
    kpis = figures.get("kpis") or {}
    rows = [
        ("First time entrants", "children", _figure(figures["fte"]["count"])),
        (
            "First time entrants",
            "per 100,000 aged 10 to 17",
            _figure(figures["fte"]["rate_per_100k"]),
        ),
        (
            "Proven reoffending",
            "% of the cohort",
            _figure(figures["reoffending"]["binary_rate"], "%"),
        ),
        (
            "Proven reoffending",
            "reoffences per reoffender",
            _figure(figures["reoffending"]["per_reoffender"], "", 2),
        ),
        ("Use of custody", "custodial sentences", _figure(figures["custody"]["count"])),
        (
            "Use of custody",
            "per 1,000 aged 10 to 17",
            _figure(figures["custody"]["rate_per_1000"], "", 2),
        ),
    ]
    for key, label in (
        ("accommodation", "KPI 1: suitable accommodation"),
        ("ete", "KPI 2: suitable education, training or employment"),
        ("mental_health", "KPI 4: mental health need, attended"),
    ):
        value = kpis.get(key) or {}
        rows.append((label, "% of those ending an order", _figure(value.get("percent"), "%")))
    return rows, financial_year_label(period)


def inspection_rows(plan: YouthJusticePlan) -> tuple[list[tuple[str, str]], str]:
    inspection = latest_inspection(plan.service)
    if inspection is None:
        return [], ""
    rating = inspection_rating(inspection)
    framework = inspection.framework
    rows = [
        (f"{r.standard_id} {framework.standard(r.standard_id).title}", r.rating)
        for r in rating.standards
    ]
    summary = inspection.title
    if rating.overall:
        summary += f": {rating.overall} overall, a score of {rating.score}/{rating.max_score}"
    if inspection.status != Inspection.Status.PUBLISHED:
        summary += f" ({inspection.get_status_display().lower()}: the ratings may change)"
    return rows, summary + "."


def youth_justice_plan_input(plan: YouthJusticePlan, today: date | None = None) -> PlanInput:
    performance, performance_period = performance_rows(plan)
    ratings, inspection = inspection_rows(plan)
    return PlanInput(
        service=plan.service.name,
        period=plan.period,
        texts=dict(plan.texts),
        budget=[
            BudgetLine(line.source, Decimal(line.cash), Decimal(line.in_kind))
            for line in plan.budget.all()
        ],
        performance=performance,
        performance_period=performance_period,
        ratings=ratings,
        inspection=inspection,
        improvement=improvement_plan_progress_rows(plan.service, today or date.today()),
        feedback=[
            (survey, f"{responses} responses. {headline}")
            for survey, responses, headline in feedback_summary(plan.service)
        ],
        signed_off_by=plan.signed_off_by,
        signed_off_on=plan.signed_off_on,
    )
