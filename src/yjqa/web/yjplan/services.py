"""Writes to the youth justice plan: one `do_<verb>_<noun>(actor, ...)` each.

Each checks that the actor may manage the service's improvement work (`manage_improvement`:
administrators and managers) before it writes anything, runs in one transaction and writes
its audit-trail row, with each written section, budget figure and the sign-off before and
after.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from types import EllipsisType
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yjqa.web.audit.trail import Actor, changes_between, created, record, require
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.models import BudgetLine, YouthJusticePlan
from yjqa.web.yjplan.queries import FIRST_YEAR, last_year

MANAGE = "manage_improvement"


@transaction.atomic
def do_create_youth_justice_plan(
    actor: Actor, service: Service, start_year: int
) -> tuple[YouthJusticePlan, bool]:
    """The service's youth justice plan for the year from April `start_year`, started now if
    there is none yet (then True). A year outside the years a plan may start in
    (`queries.FIRST_YEAR` to next year) is a ValueError: the form says so first."""
    require(actor, service, MANAGE)
    if not FIRST_YEAR <= start_year <= last_year(timezone.localdate()):
        raise ValueError(f"A youth justice plan cannot start in {start_year}")
    plan, made = YouthJusticePlan.objects.get_or_create(service=service, start_year=start_year)
    if made:
        record(
            actor,
            "create_youth_justice_plan",
            plan,
            service=service,
            changes=created({"start_year": start_year}),
        )
    return plan, made


def _state(
    plan: YouthJusticePlan, sections: Iterable[str], sources: Iterable[str]
) -> dict[str, Any]:
    """The plan as the audit trail records it: each section, each budget figure, the sign-off."""
    texts = plan.texts or {}
    lines = {line.source: line for line in BudgetLine.objects.filter(plan=plan)}
    state: dict[str, Any] = {f"section: {s}": texts.get(s, "") for s in sections}
    for source in sources:
        line = lines.get(source)
        state[f"budget: {source}, cash"] = line.cash if line else None
        state[f"budget: {source}, in kind"] = line.in_kind if line else None
    state["inspection"] = (
        plan.inspection.title if plan.inspection else "the latest published HMIP inspection"
    )
    state["signed off by"] = plan.signed_off_by
    state["signed off on"] = plan.signed_off_on
    return state


@transaction.atomic
def do_save_youth_justice_plan(
    actor: Actor,
    plan: YouthJusticePlan,
    *,
    texts: Mapping[str, str],
    budget: Mapping[str, tuple[Decimal, Decimal]],
    signed_off_by: str = "",
    signed_off_on: date | None = None,
    inspection: Inspection | EllipsisType | None = ...,
) -> YouthJusticePlan:
    """Save the written sections (section id → text; these replace the plan's texts), the
    budget (funding source → cash, in kind), the chair's sign-off and the inspection the plan
    reports (None: the latest published HMIP inspection; not given: as it was)."""
    require(actor, plan.service, MANAGE)
    if isinstance(inspection, Inspection) and inspection.service_id != plan.service_id:
        raise PermissionDenied("That inspection is another service's")
    sections = list(dict.fromkeys([*(plan.texts or {}), *texts]))
    before = _state(plan, sections, budget)
    plan.texts = {section: text.strip() for section, text in texts.items()}
    plan.signed_off_by = signed_off_by.strip()
    plan.signed_off_on = signed_off_on
    if not isinstance(inspection, EllipsisType):
        plan.inspection = inspection
    plan.save()
    for source, (cash, in_kind) in budget.items():
        BudgetLine.objects.update_or_create(
            plan=plan, source=source, defaults={"cash": cash, "in_kind": in_kind}
        )
    changes = changes_between(before, _state(plan, sections, budget))
    if changes:
        record(actor, "save_youth_justice_plan", plan, service=plan.service, changes=changes)
    return plan
