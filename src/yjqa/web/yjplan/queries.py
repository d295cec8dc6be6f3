"""Reading youth justice plans: plain functions the pages (and anything else) share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db.models import QuerySet

from yjqa.core.indicators.engine import financial_year_start
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.models import StaffPost, YouthJusticePlan

FIRST_YEAR = 2000  # the earliest year a plan may start in


def last_year(today: date) -> int:
    """The latest year a plan may start in: the next financial year's (a plan is written
    ahead), so next year's at most."""
    return financial_year_start(today) + 1


def youth_justice_plans(service: Service) -> QuerySet[YouthJusticePlan]:
    """The service's youth justice plans, the latest year first."""
    return YouthJusticePlan.objects.filter(service=service)


def next_start_year(service: Service, today: date) -> int:
    """The year the next plan to start would begin: this financial year's, or the next one's
    if this year's plan is already started."""
    year = financial_year_start(today)
    if youth_justice_plans(service).filter(start_year=year).exists():
        year += 1
    return year


def budget_by_source(
    plan: YouthJusticePlan,
) -> dict[str, tuple[Decimal, Decimal, Decimal, Decimal]]:
    """Funding source → (cash staffing, cash other, in kind staffing, in kind other), for the
    sources the plan has figures for."""
    return {
        line.source: (
            line.cash_staffing,
            line.cash_other,
            line.in_kind_staffing,
            line.in_kind_other,
        )
        for line in plan.budget.all()
    }


def staff_posts(plan: YouthJusticePlan) -> QuerySet[StaffPost]:
    """The rows of the plan's staffing structure, in the order they were added."""
    return plan.staffing.all()


def written_sections(plan: YouthJusticePlan) -> set[str]:
    """The ids of the sections with something written in them."""
    return {section for section, text in (plan.texts or {}).items() if text.strip()}
