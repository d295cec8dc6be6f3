"""The youth justice plan's performance section filled from the service's indicators."""

from __future__ import annotations

from typing import Any

from yjqa.core.documents.plan_performance import PlanPerformance
from yjqa.core.indicators.breakdowns import breakdowns
from yjqa.core.indicators.engine import compute_indicators
from yjqa.core.indicators.suppression import is_suppressed, suppress_one
from yjqa.web.indicators.dashboard import financial_year, financial_year_label
from yjqa.web.indicators.models import ChildOutcome
from yjqa.web.indicators.services import service_data
from yjqa.web.yjplan.models import YouthJusticePlan

PERIODS_OVER_TIME = 12  # quarters of first time entrants and custody: three financial years


def _figure(value: Any, suffix: str = "", places: int = 1) -> str:
    if value is None:
        return "not known"
    if is_suppressed(value):  # from fewer than 5 children: the plan is published
        return str(value)
    if isinstance(value, int):
        return f"{value:,}{suffix}"
    return f"{value:,.{places}f}{suffix}"


def plan_performance(plan: YouthJusticePlan) -> PlanPerformance:
    """The previous year's indicators and their breakdowns: the year the plan looks back on."""
    period = financial_year(plan.start_year - 1)
    if not ChildOutcome.objects.filter(service=plan.service).exists():
        return PlanPerformance(financial_year_label(period))
    data = service_data(plan.service)
    figures = compute_indicators(data, period.start, period.end)["services"].get(plan.service.name)
    if figures is None:
        return PlanPerformance(financial_year_label(period))
    figures = suppress_one(figures)
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
    # The tables of the section, suppressed as the headline figures are: the plan is published.
    tables = breakdowns(data, period, plan.service.name, periods_over_time=PERIODS_OVER_TIME)
    return PlanPerformance(financial_year_label(period), rows, tables.suppressed())
