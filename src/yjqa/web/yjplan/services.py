"""Writes to the youth justice plan: one `do_<verb>_<noun>(actor, ...)` each.

Each checks that the actor may manage the service's improvement work (`manage_improvement`:
administrators and managers) before it writes anything, runs in one transaction and writes
its audit-trail row, with each written section, budget figure and the sign-off before and
after.

Signing off freezes the plan: its document is kept as it was signed, and every change to it
(its text, budget, inspection or staffing) is refused with `PlanSignedOff` until the plan is
reopened, with a reason, which discards the frozen copy.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace
from datetime import date
from decimal import Decimal
from types import EllipsisType
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yjqa.core.documents.youth_justice_plan import build_plan
from yjqa.web.audit.trail import Actor, changes_between, created, record, require, snapshot
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.models import BudgetLine, StaffPost, YouthJusticePlan
from yjqa.web.yjplan.queries import FIRST_YEAR, last_year
from yjqa.web.yjplan.sources import youth_justice_plan_input

MANAGE = "manage_improvement"
BUDGET_FIELDS = ("cash_staffing", "cash_other", "in_kind_staffing", "in_kind_other")
BUDGET_LABELS = ("cash, staffing", "cash, other", "in kind, staffing", "in kind, other")
STAFF_FIELDS = ("role", "contract", "posts", "fte")
# A funding source's (cash staffing, cash other, in kind staffing, in kind other).
BudgetFigures = tuple[Decimal, Decimal, Decimal, Decimal]


class PlanSignedOff(Exception):
    """A change to a plan that has been signed off: it must be reopened first."""

    def __init__(self, plan: YouthJusticePlan) -> None:
        when = f"{plan.signed_off_on:%d %B %Y}".lstrip("0") if plan.signed_off_on else ""
        super().__init__(
            f"This plan was signed off by {plan.signed_off_by} on {when}, so it cannot be "
            "changed. Reopen it first (say why): the signed copy is then discarded."
        )


def ensure_open(plan: YouthJusticePlan) -> None:
    """Refuse a change to a signed-off plan."""
    if plan.signed_off_on is not None:
        raise PlanSignedOff(plan)


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
    """The plan as the audit trail records it: each section, each budget figure, the inspection."""
    texts = plan.texts or {}
    lines = {line.source: line for line in BudgetLine.objects.filter(plan=plan)}
    state: dict[str, Any] = {f"section: {s}": texts.get(s, "") for s in sections}
    for source in sources:
        line = lines.get(source)
        for name, label in zip(BUDGET_FIELDS, BUDGET_LABELS, strict=True):
            state[f"budget: {source}, {label}"] = getattr(line, name) if line else None
    state["inspection"] = (
        plan.inspection.title if plan.inspection else "the latest published HMIP inspection"
    )
    return state


@transaction.atomic
def do_save_youth_justice_plan(
    actor: Actor,
    plan: YouthJusticePlan,
    *,
    texts: Mapping[str, str],
    budget: Mapping[str, BudgetFigures],
    inspection: Inspection | EllipsisType | None = ...,
) -> YouthJusticePlan:
    """Save the written sections (section id → Markdown; these replace the plan's texts), the
    budget (funding source → cash staffing, cash other, in kind staffing, in kind other) and
    the inspection the plan reports (None: the latest published HMIP inspection; not given: as
    it was). A signed-off plan is refused (`PlanSignedOff`)."""
    require(actor, plan.service, MANAGE)
    ensure_open(plan)
    if isinstance(inspection, Inspection) and inspection.service_id != plan.service_id:
        raise PermissionDenied("That inspection is another service's")
    for source, figures in budget.items():
        if len(figures) != len(BUDGET_FIELDS) or any(f < 0 for f in figures):
            raise ValueError(f"The budget for {source} needs four amounts, none negative")
    sections = list(dict.fromkeys([*(plan.texts or {}), *texts]))
    before = _state(plan, sections, budget)
    plan.texts = {section: text.strip() for section, text in texts.items() if text.strip()}
    if not isinstance(inspection, EllipsisType):
        plan.inspection = inspection
    plan.save()
    for source, figures in budget.items():
        BudgetLine.objects.update_or_create(
            plan=plan, source=source, defaults=dict(zip(BUDGET_FIELDS, figures, strict=True))
        )
    changes = changes_between(before, _state(plan, sections, budget))
    if changes:
        record(actor, "save_youth_justice_plan", plan, service=plan.service, changes=changes)
    return plan


@transaction.atomic
def do_add_staff_post(
    actor: Actor,
    plan: YouthJusticePlan,
    *,
    role: str,
    contract: str,
    posts: int,
    fte: Decimal,
) -> StaffPost:
    """A row of the plan's staffing structure: a role, its contract, posts and FTE."""
    require(actor, plan.service, MANAGE)
    ensure_open(plan)
    if not role.strip():
        raise ValueError("A post needs its role")
    if contract not in StaffPost.Contract.values:
        raise ValueError(f"Unknown contract {contract!r}")
    if posts < 1 or fte < 0 or fte > posts:
        raise ValueError("A row needs at least one post, and no more FTE than posts")
    post = StaffPost.objects.create(
        plan=plan, role=role.strip(), contract=contract, posts=posts, fte=fte
    )
    record(
        actor,
        "add_staff_post",
        post,
        service=plan.service,
        object_label=f"{post} in {plan}",
        changes=created(snapshot(post, STAFF_FIELDS)),
    )
    return post


@transaction.atomic
def do_remove_staff_post(actor: Actor, post: StaffPost) -> None:
    """Take a row out of the plan's staffing structure."""
    plan = post.plan
    require(actor, plan.service, MANAGE)
    ensure_open(plan)
    before = snapshot(post, STAFF_FIELDS)
    label = f"{post} in {plan}"
    record(
        actor,
        "remove_staff_post",
        post,
        service=plan.service,
        object_label=label,
        changes={name: {"before": value, "after": None} for name, value in before.items()},
    )
    post.delete()


@transaction.atomic
def do_sign_off_youth_justice_plan(
    actor: Actor,
    plan: YouthJusticePlan,
    *,
    chair: str,
    signed_on: date,
    today: date | None = None,
) -> YouthJusticePlan:
    """The chair of the management board signed the plan on `signed_on`: keep its document as
    it stands now, with the sign-off, so that what was signed never changes. A plan already
    signed off is refused (`PlanSignedOff`); no chair or a date after today is a ValueError."""
    require(actor, plan.service, MANAGE)
    ensure_open(plan)
    chair = chair.strip()
    if not chair:
        raise ValueError("Enter the name of the chair who signed the plan")
    if signed_on > (today or timezone.localdate()):
        raise ValueError("The date signed cannot be in the future")
    document = build_plan(
        replace(youth_justice_plan_input(plan), signed_off_by=chair, signed_off_on=signed_on)
    )
    plan.signed_off_by, plan.signed_off_on = chair, signed_on
    plan.signed_document = document.model_dump_json()
    plan.save(update_fields=["signed_off_by", "signed_off_on", "signed_document", "updated_at"])
    record(
        actor,
        "sign_off_youth_justice_plan",
        plan,
        service=plan.service,
        changes={
            "signed off by": {"before": "", "after": chair},
            "signed off on": {"before": None, "after": signed_on.isoformat()},
        },
    )
    return plan


@transaction.atomic
def do_reopen_youth_justice_plan(
    actor: Actor, plan: YouthJusticePlan, *, reason: str
) -> YouthJusticePlan:
    """Reopen a signed-off plan so that it can be changed, saying why: the sign-off and the
    signed copy are discarded (the audit trail keeps who signed it, when, and the reason)."""
    require(actor, plan.service, MANAGE)
    reason = reason.strip()
    if plan.signed_off_on is None:
        raise ValueError("This plan has not been signed off, so there is nothing to reopen")
    if not reason:
        raise ValueError("Say why the plan is being reopened")
    changes = {
        "signed off by": {"before": plan.signed_off_by, "after": ""},
        "signed off on": {"before": plan.signed_off_on.isoformat(), "after": None},
        "reason": {"before": None, "after": reason},
    }
    plan.signed_off_by, plan.signed_off_on, plan.signed_document = "", None, ""
    plan.save(update_fields=["signed_off_by", "signed_off_on", "signed_document", "updated_at"])
    record(actor, "reopen_youth_justice_plan", plan, service=plan.service, changes=changes)
    return plan
