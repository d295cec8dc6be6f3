"""The youth justice plan is written by its services alone.

Each refuses a person who may not manage the service's improvement work (writing nothing) and
records who changed what: each section, budget figure and the sign-off before and after.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Membership, Service
from yjqa.web.yjplan.models import BudgetLine, YouthJusticePlan
from yjqa.web.yjplan.queries import last_year
from yjqa.web.yjplan.services import do_create_youth_justice_plan, do_save_youth_justice_plan

pytestmark = pytest.mark.django_db
MANAGER, BOARD, AUDITOR = (
    "manager@northshire.example",
    "board@northshire.example",
    "qa@northshire.example",
)


def actor(email: str, slug: str = "northshire") -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=email, service__slug=slug
        )
    )


def northshire() -> Service:
    return Service.objects.get(slug="northshire")


def demo_plan() -> YouthJusticePlan:
    """The demo's draft plan for 2025 to 2026: four sections written, a budget, not signed."""
    return YouthJusticePlan.objects.select_related("service").get(
        service__slug="northshire", start_year=2025
    )


def counts() -> tuple[int, int, int]:
    return (
        YouthJusticePlan.objects.count(),
        BudgetLine.objects.count(),
        AuditEvent.objects.count(),
    )


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def budget(cash: dict[str, int] | None = None) -> dict[str, tuple[Decimal, Decimal]]:
    """Every funding source's (cash, in kind) as the demo has it, with these cash figures."""
    lines = {line.source: line for line in demo_plan().budget.all()}
    figures = {s: (lines[s].cash, lines[s].in_kind) for s in FUNDING_SOURCES}
    for source, amount in (cash or {}).items():
        figures[source] = (Decimal(amount), figures[source][1])
    return figures


def test_starting_a_youth_justice_plan_is_refused_to_a_board_member() -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        do_create_youth_justice_plan(actor(BOARD), northshire(), 2030)
    assert counts() == before


def test_starting_a_youth_justice_plan_is_refused_to_another_services_manager() -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        do_create_youth_justice_plan(
            actor("manager@southvale.example", "southvale"), northshire(), 2030
        )
    assert counts() == before


def test_starting_a_youth_justice_plan_records_who_and_its_year() -> None:
    year = last_year(date.today())  # next year: the latest a plan may start in
    plan, made = do_create_youth_justice_plan(actor(MANAGER), northshire(), year)
    assert made
    event = latest("create_youth_justice_plan")
    assert event.actor is not None and event.actor.email == MANAGER
    assert (event.actor_label, event.via, event.service.slug) == (MANAGER, "web", "northshire")
    assert (event.object_type, event.object_id) == ("youth justice plan", str(plan.pk))
    assert event.changes == {"start_year": {"before": None, "after": year}}
    # Starting it again opens the same plan and records nothing.
    before = counts()
    assert do_create_youth_justice_plan(actor(MANAGER), northshire(), year) == (plan, False)
    assert counts() == before


@pytest.mark.parametrize("year", [1999, "next + 1", 99999])
def test_a_plan_cannot_start_outside_the_years_allowed(year: int | str) -> None:
    wanted = last_year(date.today()) + 1 if year == "next + 1" else int(year)
    before = counts()
    with pytest.raises(ValueError, match="cannot start in"):
        do_create_youth_justice_plan(actor(MANAGER), northshire(), wanted)
    assert counts() == before


def test_saving_the_inspection_a_plan_reports_is_recorded() -> None:
    plan = demo_plan()
    chosen = plan.inspection
    assert chosen is not None  # the demo's plan chose the demo's HMIP inspection
    do_save_youth_justice_plan(
        actor(MANAGER), plan, texts=dict(plan.texts), budget=budget(), inspection=None
    )
    assert latest("save_youth_justice_plan").changes == {
        "inspection": {"before": chosen.title, "after": "the latest published HMIP inspection"}
    }
    plan.refresh_from_db()
    assert plan.inspection is None
    other = Inspection.objects.filter(service__slug="southvale").first()
    assert other is not None
    with pytest.raises(PermissionDenied):
        do_save_youth_justice_plan(
            actor(MANAGER), plan, texts=dict(plan.texts), budget=budget(), inspection=other
        )


def test_saving_a_youth_justice_plan_is_refused_to_an_auditor() -> None:
    plan = demo_plan()
    before = counts()
    with pytest.raises(PermissionDenied):
        do_save_youth_justice_plan(
            actor(AUDITOR),
            plan,
            texts={"introduction": "Rewritten"},
            budget=budget({"Police": 1}),
            signed_off_by="Pat Chair",
            signed_off_on=date(2025, 6, 30),
        )
    assert counts() == before
    plan.refresh_from_db()
    assert plan.signed_off_by == "" and plan.texts["introduction"] != "Rewritten"


def test_saving_a_youth_justice_plan_records_sections_budget_and_sign_off_before_and_after() -> (
    None
):
    plan = demo_plan()
    texts = dict(plan.texts)
    old_introduction = texts["introduction"]
    texts["introduction"] = " Our new vision. "
    old_police = budget()["Police"]
    do_save_youth_justice_plan(
        actor(MANAGER),
        plan,
        texts=texts,
        budget=budget({"Police": 50_000}),
        signed_off_by="Pat Chair",
        signed_off_on=date(2025, 6, 30),
    )
    event = latest("save_youth_justice_plan")
    assert event.actor is not None and event.actor.email == MANAGER
    assert (event.actor_label, event.via) == (MANAGER, "web")
    assert (event.object_type, event.object_id) == ("youth justice plan", str(plan.pk))
    assert event.changes == {
        "section: introduction": {"before": old_introduction, "after": "Our new vision."},
        "budget: Police, cash": {"before": str(old_police[0]), "after": "50000"},
        "signed off by": {"before": "", "after": "Pat Chair"},
        "signed off on": {"before": None, "after": "2025-06-30"},
    }
    plan.refresh_from_db()
    assert plan.texts["introduction"] == "Our new vision."
    assert BudgetLine.objects.get(plan=plan, source="Police").cash == Decimal(50_000)


def test_saving_a_youth_justice_plan_unchanged_records_nothing() -> None:
    plan = demo_plan()
    before = counts()
    do_save_youth_justice_plan(actor(MANAGER), plan, texts=dict(plan.texts), budget=budget())
    assert counts() == before
