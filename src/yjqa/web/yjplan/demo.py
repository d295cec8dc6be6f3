"""A draft youth justice plan for a demo service: some sections written, a budget."""

from __future__ import annotations

from decimal import Decimal

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.models import YouthJusticePlan
from yjqa.web.yjplan.services import do_create_youth_justice_plan, do_save_youth_justice_plan

DEMO_YEAR = 2025
DEMO_TEXTS = {
    "introduction": "Our vision is that every child we work with is safe, is treated as a child "
    "first, and leaves us with a positive future.\n\nThe plan was agreed by the management board "
    "after a workshop with staff, partners and children.",
    "governance": "The management board meets every quarter, chaired by the local authority's "
    "director of children's services, with the police, health, probation and education.",
    "child_first": "We see children as children, build on their strengths, and divert them from "
    "the justice system wherever it is safe to do so.",
    "priorities": "Make assessment of the risks to other people consistently good.\n\nImprove "
    "access to emotional and mental health support.",
}
DEMO_BUDGET = {
    "Youth Justice Board grant": (Decimal(412_000), Decimal(0)),
    "Local authority": (Decimal(650_500), Decimal(40_000)),
    "Police": (Decimal(45_000), Decimal(60_000)),
    "Probation": (Decimal(10_000), Decimal(55_000)),
    "Health": (Decimal(30_000), Decimal(85_000)),
}


def seed_demo_youth_justice_plan(service: Service) -> YouthJusticePlan:
    """The demo's draft plan for 2025 to 2026, written once (idempotent), through the services."""
    actor = Actor.operator(via=AuditEvent.Via.DEMO)
    plan, created = do_create_youth_justice_plan(actor, service, DEMO_YEAR)
    if created:
        do_save_youth_justice_plan(
            actor,
            plan,
            # The demo's HMIP inspection is not published yet: the plan chooses it.
            inspection=service.inspections.filter(kind=Inspection.Kind.HMIP)
            .order_by("created_at", "id")
            .first(),
            texts=DEMO_TEXTS,
            budget={
                source: DEMO_BUDGET.get(source, (Decimal(0), Decimal(0)))
                for source in FUNDING_SOURCES
            },
        )
    return plan
