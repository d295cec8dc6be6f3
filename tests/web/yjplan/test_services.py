"""The youth justice plan is written by its services alone.

Each refuses a person who may not manage the service's improvement work (writing nothing) and
records who changed what: each section, budget figure, post of the staffing structure and the
sign-off before and after. A signed-off plan is frozen until it is reopened.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_ACTOR
from yjqa.web.improvement.models import BoardMeeting
from yjqa.web.improvement.services import do_record_board_meeting
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Membership, Service
from yjqa.web.yjplan.models import BudgetLine, StaffPost, YouthJusticePlan
from yjqa.web.yjplan.queries import last_year
from yjqa.web.yjplan.services import (
    BudgetFigures,
    PlanSignedOff,
    do_add_staff_post,
    do_create_youth_justice_plan,
    do_remove_staff_post,
    do_reopen_youth_justice_plan,
    do_save_youth_justice_plan,
    do_sign_off_youth_justice_plan,
)
from yjqa.web.yjplan.sources import youth_justice_plan_document

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
    """The demo's draft plan for 2025 to 2026: every section written, a budget, not signed."""
    return YouthJusticePlan.objects.select_related("service").get(
        service__slug="northshire", start_year=2025
    )


def counts() -> tuple[int, int, int, int]:
    return (
        YouthJusticePlan.objects.count(),
        BudgetLine.objects.count(),
        StaffPost.objects.count(),
        AuditEvent.objects.count(),
    )


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def budget(cash_staffing: dict[str, int] | None = None) -> dict[str, BudgetFigures]:
    """Every funding source's four figures as the demo has them, with these cash staffing."""
    lines = {line.source: line for line in demo_plan().budget.all()}
    figures: dict[str, BudgetFigures] = {
        s: (
            lines[s].cash_staffing,
            lines[s].cash_other,
            lines[s].in_kind_staffing,
            lines[s].in_kind_other,
        )
        for s in FUNDING_SOURCES
    }
    for source, amount in (cash_staffing or {}).items():
        figures[source] = (Decimal(amount), *figures[source][1:])  # type: ignore[assignment]
    return figures


def signed(plan: YouthJusticePlan, chair: str = "Pat Chair") -> YouthJusticePlan:
    return do_sign_off_youth_justice_plan(
        actor(MANAGER), plan, chair=chair, signed_on=date(2025, 6, 30)
    )


def test_the_demo_plan_has_every_section_written_a_budget_and_its_staffing() -> None:
    from yjqa.core.documents.youth_justice_plan import SECTIONS

    plan = demo_plan()
    assert {s.id for s in SECTIONS if s.source != "sign_off"} <= set(plan.texts)
    assert sum(p.posts for p in plan.staffing.all()) == 16
    document = youth_justice_plan_document(plan)
    assert "not-written" not in [s.id for s in document.sections]
    assert [s.id for s in document.sections if s.level == 1][-1] == "staffing"


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
            actor(AUDITOR), plan, texts={"introduction": "Rewritten"}, budget=budget({"Police": 1})
        )
    assert counts() == before
    plan.refresh_from_db()
    assert plan.texts["introduction"] != "Rewritten"


def test_saving_a_youth_justice_plan_records_sections_and_budget_before_and_after() -> None:
    plan = demo_plan()
    texts = dict(plan.texts)
    old_introduction = texts["introduction"]
    texts["introduction"] = " Our new vision. "
    old_police = budget()["Police"]
    do_save_youth_justice_plan(actor(MANAGER), plan, texts=texts, budget=budget({"Police": 50_000}))
    event = latest("save_youth_justice_plan")
    assert event.actor is not None and event.actor.email == MANAGER
    assert (event.actor_label, event.via) == (MANAGER, "web")
    assert (event.object_type, event.object_id) == ("youth justice plan", str(plan.pk))
    assert event.changes == {
        "section: introduction": {"before": old_introduction, "after": "Our new vision."},
        "budget: Police, cash, staffing": {"before": str(old_police[0]), "after": "50000.00"},
    }
    plan.refresh_from_db()
    assert plan.texts["introduction"] == "Our new vision."
    assert BudgetLine.objects.get(plan=plan, source="Police").cash_staffing == Decimal(50_000)


def test_saving_a_youth_justice_plan_unchanged_records_nothing() -> None:
    plan = demo_plan()
    before = counts()
    do_save_youth_justice_plan(actor(MANAGER), plan, texts=dict(plan.texts), budget=budget())
    assert counts() == before


def test_a_negative_budget_figure_is_refused() -> None:
    plan = demo_plan()
    before = counts()
    wrong = budget()
    wrong["Police"] = (Decimal(0), Decimal(-1), Decimal(0), Decimal(0))
    with pytest.raises(ValueError, match="none negative"):
        do_save_youth_justice_plan(actor(MANAGER), plan, texts=dict(plan.texts), budget=wrong)
    assert counts() == before


# --- The staffing structure ---------------------------------------------------------------


def test_adding_a_post_is_refused_to_a_board_member_and_records_nothing() -> None:
    plan = demo_plan()
    before = counts()
    with pytest.raises(PermissionDenied):
        do_add_staff_post(
            actor(BOARD), plan, role="Analyst", contract="seconded", posts=1, fte=Decimal(1)
        )
    post = plan.staffing.first()
    assert post is not None
    with pytest.raises(PermissionDenied):
        do_remove_staff_post(actor(BOARD), post)
    assert counts() == before


def test_adding_and_removing_a_post_records_each_field() -> None:
    plan = demo_plan()
    post = do_add_staff_post(
        actor(MANAGER), plan, role=" Analyst ", contract="seconded", posts=2, fte=Decimal("1.5")
    )
    event = latest("add_staff_post")
    assert (event.actor_label, event.object_type, event.object_id) == (
        MANAGER,
        "staff post",
        str(post.pk),
    )
    assert event.changes == {
        "role": {"before": None, "after": "Analyst"},
        "contract": {"before": None, "after": "seconded"},
        "posts": {"before": None, "after": 2},
        "fte": {"before": None, "after": "1.5"},
    }
    do_remove_staff_post(actor(MANAGER), post)
    removed = latest("remove_staff_post")
    assert removed.changes["role"] == {"before": "Analyst", "after": None}
    assert not StaffPost.objects.filter(pk=post.pk).exists()


@pytest.mark.parametrize(
    ("role", "contract", "posts", "fte", "message"),
    [
        ("", "seconded", 1, "1", "needs its role"),
        ("Analyst", "agency", 1, "1", "Unknown contract"),
        ("Analyst", "seconded", 0, "0", "at least one post"),
        ("Analyst", "seconded", 1, "1.5", "no more FTE than posts"),
    ],
)
def test_a_wrong_post_is_refused(
    role: str, contract: str, posts: int, fte: str, message: str
) -> None:
    before = counts()
    with pytest.raises(ValueError, match=message):
        do_add_staff_post(
            actor(MANAGER), demo_plan(), role=role, contract=contract, posts=posts, fte=Decimal(fte)
        )
    assert counts() == before


# --- Signing off and reopening --------------------------------------------------------------


def test_signing_off_is_refused_to_a_board_member_and_writes_nothing() -> None:
    plan = demo_plan()
    before = counts()
    with pytest.raises(PermissionDenied):
        do_sign_off_youth_justice_plan(
            actor(BOARD), plan, chair="Pat Chair", signed_on=date(2025, 6, 30)
        )
    assert counts() == before
    plan.refresh_from_db()
    assert (plan.signed_off_by, plan.signed_off_on, plan.signed_document) == ("", None, "")


@pytest.mark.parametrize(
    ("chair", "days", "message"),
    [(" ", 0, "Enter the name of the chair"), ("Pat Chair", 1, "cannot be in the future")],
)
def test_signing_off_needs_the_chair_and_a_day_not_after_today(
    chair: str, days: int, message: str
) -> None:
    before = counts()
    with pytest.raises(ValueError, match=message):
        do_sign_off_youth_justice_plan(
            actor(MANAGER), demo_plan(), chair=chair, signed_on=date.today() + timedelta(days=days)
        )
    assert counts() == before


def test_signing_off_records_the_chair_and_day_and_keeps_the_plan_as_signed() -> None:
    plan = signed(demo_plan())
    event = latest("sign_off_youth_justice_plan")
    assert (event.actor_label, event.object_id) == (MANAGER, str(plan.pk))
    assert event.changes == {
        "signed off by": {"before": "", "after": "Pat Chair"},
        "signed off on": {"before": None, "after": "2025-06-30"},
    }
    document = youth_justice_plan_document(plan)
    assert not document.cover.draft and document.cover.published == date(2025, 6, 30)
    sign_off = document.section("sign-off").blocks[0]
    assert getattr(sign_off, "text", "").startswith("Signed on behalf of the management board")
    with pytest.raises(PlanSignedOff):
        signed(plan, "Someone Else")


def test_a_signed_plan_does_not_change_when_meetings_or_the_records_change() -> None:
    plan = signed(demo_plan())
    as_signed = youth_justice_plan_document(plan).model_dump_json()
    # A board meeting in the year the plan looks back on, and another survey of the records.
    do_record_board_meeting(
        DEMO_ACTOR,
        plan.service,
        date=date(2024, 9, 12),
        attendance={"police": (True, ""), "health": (False, "")},
        decisions={},
    )
    assert BoardMeeting.objects.filter(service=plan.service, date=date(2024, 9, 12)).exists()
    plan.refresh_from_db()
    assert youth_justice_plan_document(plan).model_dump_json() == as_signed
    # Reopened, the plan is built from the records again: the meeting is in it.
    do_reopen_youth_justice_plan(actor(MANAGER), plan, reason="The board asked for changes.")
    governance = youth_justice_plan_document(plan).section("governance")
    tables = [b for b in governance.blocks if b.kind == "table"]
    assert tables and ["Police", "1", "1", "100%"] in [
        [c.text for c in row]
        for row in tables[0].rows  # type: ignore[union-attr]
    ]


def test_every_change_to_a_signed_plan_is_refused_with_a_clear_message() -> None:
    plan = signed(demo_plan())
    post = plan.staffing.first()
    assert post is not None
    before = counts()
    for change in (
        lambda: do_save_youth_justice_plan(
            actor(MANAGER), plan, texts={"introduction": "New"}, budget=budget()
        ),
        lambda: do_add_staff_post(
            actor(MANAGER), plan, role="Analyst", contract="seconded", posts=1, fte=Decimal(1)
        ),
        lambda: do_remove_staff_post(actor(MANAGER), post),
    ):
        with pytest.raises(PlanSignedOff, match="signed off by Pat Chair on 30 June 2025") as err:
            change()
        assert "Reopen it first" in str(err.value)
    assert counts() == before


def test_reopening_is_refused_to_a_board_member_and_needs_a_reason() -> None:
    plan = signed(demo_plan())
    before = counts()
    with pytest.raises(PermissionDenied):
        do_reopen_youth_justice_plan(actor(BOARD), plan, reason="Because")
    with pytest.raises(ValueError, match="Say why"):
        do_reopen_youth_justice_plan(actor(MANAGER), plan, reason="  ")
    assert counts() == before
    plan.refresh_from_db()
    assert plan.signed_off_by == "Pat Chair" and plan.signed_document


def test_reopening_records_the_reason_and_discards_the_signed_copy() -> None:
    plan = signed(demo_plan())
    do_reopen_youth_justice_plan(actor(MANAGER), plan, reason=" The board changed a priority. ")
    event = latest("reopen_youth_justice_plan")
    assert (event.actor_label, event.object_id) == (MANAGER, str(plan.pk))
    assert event.changes == {
        "signed off by": {"before": "Pat Chair", "after": ""},
        "signed off on": {"before": "2025-06-30", "after": None},
        "reason": {"before": None, "after": "The board changed a priority."},
    }
    plan.refresh_from_db()
    assert (plan.signed_off_by, plan.signed_off_on, plan.signed_document) == ("", None, "")
    assert youth_justice_plan_document(plan).cover.draft
    # Open again, it can be changed; reopening an open plan is refused.
    do_save_youth_justice_plan(actor(MANAGER), plan, texts={"introduction": "New"}, budget={})
    with pytest.raises(ValueError, match="nothing to reopen"):
        do_reopen_youth_justice_plan(actor(MANAGER), plan, reason="Again")
