"""Improvement plans and board meetings are written by the improvement services alone.

Each refuses a person who may not manage the service's improvement work (writing nothing)
and records who changed what in the audit trail; a change to an action is also kept in the
action's own history, which the pages show.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from tests.web.improvement import plan_export

from yjqa.core.improvement.rules import Status
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement import services
from yjqa.web.improvement.models import (
    Action,
    ActionChange,
    Attendance,
    BoardMeeting,
    Evidence,
    ImprovementPlan,
    ItemReview,
    PlanItem,
)
from yjqa.web.improvement.services import (
    MeetingHeld,
    do_add_action,
    do_add_evidence,
    do_add_improvement_plan_item,
    do_change_board_meeting,
    do_change_improvement_plan_item,
    do_create_improvement_plan_from_inspection,
    do_import_improvement_plan,
    do_mark_meeting_held,
    do_record_board_meeting,
    do_update_action,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Membership

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


def inspection() -> Inspection:
    return Inspection.objects.select_related("service").get(
        service__slug="northshire", title=DEMO_INSPECTION_TITLE
    )


def plan() -> ImprovementPlan:
    """The demo's improvement plan: three items, nine actions, two board meetings."""
    return ImprovementPlan.objects.select_related("service").get(inspection=inspection())


def item(order: int = 2) -> PlanItem:
    return PlanItem.objects.select_related("plan__service").get(plan=plan(), order=order)


def on_track_action() -> Action:
    found = (
        Action.objects.select_related("item__plan__service")
        .filter(item__plan=plan(), status=Status.ON_TRACK.value)
        .order_by("pk")
        .first()
    )
    assert found is not None
    return found


def counts() -> tuple[int, ...]:
    """Everything these services might write, the audit trail last."""
    return (
        ImprovementPlan.objects.count(),
        PlanItem.objects.count(),
        Action.objects.count(),
        ActionChange.objects.count(),
        Evidence.objects.count(),
        BoardMeeting.objects.count(),
        Attendance.objects.count(),
        ItemReview.objects.count(),
        AuditEvent.objects.count(),
    )


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def refused(call: object, *args: object, **kwargs: object) -> None:
    """The call raises PermissionDenied, and nothing at all was written."""
    before = counts()
    with pytest.raises(PermissionDenied):
        call(*args, **kwargs)  # type: ignore[operator]
    assert counts() == before


def assert_by_the_manager(event: AuditEvent) -> None:
    assert event.actor is not None and event.actor.email == MANAGER
    assert (event.actor_label, event.via, event.service.slug) == (MANAGER, "web", "northshire")


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


# --- Improvement plans from inspections ---------------------------------------------------------


def test_creating_an_improvement_plan_from_an_inspection_is_refused_to_a_board_member() -> None:
    ImprovementPlan.objects.filter(inspection=inspection()).delete()
    refused(do_create_improvement_plan_from_inspection, actor(BOARD), inspection())


def test_creating_an_improvement_plan_is_refused_to_another_services_manager() -> None:
    ImprovementPlan.objects.filter(inspection=inspection()).delete()
    refused(
        do_create_improvement_plan_from_inspection,
        actor("manager@southvale.example", "southvale"),
        inspection(),
    )


def test_creating_an_improvement_plan_records_who_its_title_and_items_for_the_inspection() -> None:
    demo = inspection()
    ImprovementPlan.objects.filter(inspection=demo).delete()
    made, added = do_create_improvement_plan_from_inspection(actor(MANAGER), demo)
    assert added == 3
    event = latest("create_improvement_plan_from_inspection")
    assert_by_the_manager(event)
    assert (event.object_type, event.object_id) == ("improvement plan", str(made.pk))
    assert event.inspection_id == demo.pk
    assert event.changes == {
        "title": {"before": None, "after": f"Improvement plan: {demo.title}"},
        "inspection": {"before": None, "after": demo.title},
        "items": {"before": 0, "after": 3},
    }
    # Again, with nothing new to add: no change, so nothing recorded.
    before = counts()
    assert do_create_improvement_plan_from_inspection(actor(MANAGER), demo) == (made, 0)
    assert counts() == before


# --- Items ----------------------------------------------------------------------------------------


def test_adding_an_improvement_plan_item_is_refused_to_an_auditor() -> None:
    refused(do_add_improvement_plan_item, actor(AUDITOR), plan(), text="New item", order=4)


def test_adding_an_improvement_plan_item_records_its_text_addressee_and_number() -> None:
    added = do_add_improvement_plan_item(
        actor(MANAGER), plan(), text=" Share intelligence ", addressee="The police", order=4
    )
    event = latest("add_improvement_plan_item")
    assert_by_the_manager(event)
    assert (event.object_type, event.object_id) == ("plan item", str(added.pk))
    assert event.changes == {
        "text": {"before": None, "after": "Share intelligence"},
        "addressee": {"before": None, "after": "The police"},
        "order": {"before": None, "after": 4},
    }


def test_changing_an_improvement_plan_item_is_refused_to_a_board_member() -> None:
    target = item()
    refused(do_change_improvement_plan_item, actor(BOARD), target, text="Other words")
    target.refresh_from_db()
    assert target.text != "Other words"


def test_changing_an_improvement_plan_item_records_its_wording_before_and_after() -> None:
    target = item()
    old_text, old_addressee = target.text, target.addressee
    assert do_change_improvement_plan_item(
        actor(MANAGER), target, text="Reworded item", addressee=old_addressee
    )
    event = latest("change_improvement_plan_item")
    assert_by_the_manager(event)
    assert event.changes == {"text": {"before": old_text, "after": "Reworded item"}}
    before = counts()
    assert not do_change_improvement_plan_item(
        actor(MANAGER), target, text="Reworded item", addressee=old_addressee
    )
    assert counts() == before


# --- Actions ---------------------------------------------------------------------------------------


def test_adding_an_action_is_refused_to_a_board_member() -> None:
    refused(
        do_add_action,
        actor(BOARD),
        item(),
        description="Do something",
        owner="Someone",
        due_date=date(2027, 3, 31),
    )


def test_adding_an_action_records_its_fields_and_keeps_its_history() -> None:
    added = do_add_action(
        actor(MANAGER),
        item(),
        description="Secure a speech and language therapist",
        owner="Head of commissioning",
        due_date=date(2027, 3, 31),
        status=Status.ON_TRACK,
    )
    event = latest("add_action")
    assert_by_the_manager(event)
    assert (event.object_type, event.object_id) == ("action", str(added.pk))
    assert event.changes == {
        "item": {"before": None, "after": 2},
        "description": {"before": None, "after": "Secure a speech and language therapist"},
        "owner": {"before": None, "after": "Head of commissioning"},
        "due_date": {"before": None, "after": "2027-03-31"},
        "status": {"before": None, "after": "on_track"},
        "closed_reason": {"before": None, "after": ""},
    }
    history = list(added.changes.order_by("id").values_list("field", "new_value", "user_name"))
    assert history == [
        ("created", "Secure a speech and language therapist", "Morgan Manager"),
        ("owner", "Head of commissioning", "Morgan Manager"),
        ("due_date", "31 March 2027", "Morgan Manager"),
        ("status", "On track", "Morgan Manager"),
    ]


def test_updating_an_action_is_refused_to_an_auditor() -> None:
    target = on_track_action()
    refused(
        do_update_action,
        actor(AUDITOR),
        target,
        target.version,
        description=target.description,
        owner="Someone else",
        due_date=target.due_date,
        status=Status.AT_RISK,
    )
    target.refresh_from_db()
    assert target.status == Status.ON_TRACK.value


def test_updating_an_action_records_each_changed_field_before_and_after() -> None:
    target = on_track_action()
    old_owner, version = target.owner, target.version
    changed = do_update_action(
        actor(MANAGER),
        target,
        version,
        description=target.description,
        owner="Priya Shah",
        due_date=target.due_date,
        status=Status.AT_RISK,
        evidence_note="Draft circulated to partners",
    )
    assert changed == ["owner", "status", "evidence"]
    event = latest("update_action")
    assert_by_the_manager(event)
    assert (event.object_type, event.object_id) == ("action", str(target.pk))
    assert event.changes == {
        "owner": {"before": old_owner, "after": "Priya Shah"},
        "status": {"before": "on_track", "after": "at_risk"},
        "evidence": {"before": None, "after": "Draft circulated to partners"},
        "version": {"before": version, "after": version + 1},
    }
    # The same change, in the action's own history: one row per field, as the page shows it.
    shown = target.changes.order_by("-id").values_list("field", "old_value", "new_value")[:3]
    assert sorted(shown) == [
        ("evidence", "", "Draft circulated to partners"),
        ("owner", old_owner, "Priya Shah"),
        ("status", "On track", "At risk"),
    ]


def test_saving_an_action_unchanged_records_nothing() -> None:
    target = on_track_action()
    before = counts()
    assert (
        do_update_action(
            actor(MANAGER),
            target,
            target.version,
            description=target.description,
            owner=target.owner,
            due_date=target.due_date,
            status=Status.ON_TRACK,
        )
        == []
    )
    assert counts() == before


def test_reopening_an_action_records_the_reason_in_its_history() -> None:
    target = on_track_action()
    manager = actor(MANAGER)
    do_update_action(
        manager,
        target,
        target.version,
        description=target.description,
        owner=target.owner,
        due_date=target.due_date,
        status=Status.COMPLETE,
        evidence_note="Policy signed off",
    )
    target.refresh_from_db()
    do_update_action(
        manager,
        target,
        target.version,
        description=target.description,
        owner=target.owner,
        due_date=target.due_date,
        status=Status.AT_RISK,
        reopen_reason="The audit found gaps",
    )
    assert latest("update_action").changes["status"] == {"before": "complete", "after": "at_risk"}
    reopened = target.changes.filter(field="status").order_by("-id")[0]
    assert (reopened.old_value, reopened.new_value, reopened.reason) == (
        "Complete",
        "At risk",
        "The audit found gaps",
    )


def test_adding_evidence_is_refused_to_a_board_member(media: Path) -> None:
    refused(do_add_evidence, actor(BOARD), on_track_action(), note="Minutes")


def test_adding_evidence_records_its_note_and_file(media: Path) -> None:
    target = on_track_action()
    upload = SimpleUploadedFile("minutes.pdf", b"%PDF-1.4 minutes")
    evidence = do_add_evidence(actor(MANAGER), target, note="Minutes of the group", upload=upload)
    event = latest("add_evidence")
    assert_by_the_manager(event)
    assert (event.object_type, event.object_id) == ("evidence", str(evidence.pk))
    assert event.changes == {
        "action": {"before": None, "after": target.pk},
        "note": {"before": None, "after": "Minutes of the group"},
        "file_name": {"before": None, "after": "minutes.pdf"},
    }
    history = target.changes.order_by("-id")[0]
    assert (history.field, history.new_value) == (
        "evidence",
        "Minutes of the group (file: minutes.pdf)",
    )


# --- Importing from Excel ----------------------------------------------------------------------------


def edited_workbook(changes: dict[int, dict[str, object]]) -> bytes:
    """The demo plan's workbook with these cells changed, by Action ID and column."""
    return plan_export.edited_workbook(changes)[0]


def test_importing_an_improvement_plan_is_refused_to_a_board_member() -> None:
    target = on_track_action()
    content = edited_workbook({target.pk: {"Owner": "Mark Ellis"}})
    refused(do_import_improvement_plan, actor(BOARD), plan(), content, "plan.xlsx")
    target.refresh_from_db()
    assert target.owner != "Mark Ellis"


def test_importing_an_improvement_plan_records_the_file_and_each_change() -> None:
    target = on_track_action()
    old_owner = target.owner
    content = edited_workbook({target.pk: {"Owner": "Mark Ellis, CAMHS"}})
    result = do_import_improvement_plan(actor(MANAGER), plan(), content, "plan.xlsx")
    assert (result.created, result.updated, result.unchanged) == (0, 1, 8)
    summary = latest("import_improvement_plan")
    assert_by_the_manager(summary)
    assert (summary.object_type, summary.object_id) == ("improvement plan", str(plan().pk))
    assert summary.changes["file"] == {"before": None, "after": "plan.xlsx"}
    assert summary.changes["actions_changed"] == {"before": None, "after": 1}
    change = latest("update_action")
    assert change.object_id == str(target.pk)
    assert change.changes["owner"] == {"before": old_owner, "after": "Mark Ellis, CAMHS"}
    assert target.changes.order_by("-id")[0].source == "spreadsheet import"


def test_an_import_that_fails_part_way_changes_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    actions = list(Action.objects.filter(item__plan=plan()).order_by("pk")[:2])
    content = edited_workbook({a.pk: {"Owner": "New owner"} for a in actions})
    real, calls = services.do_update_action, []

    def clash_on_the_second(*args: object, **kwargs: object) -> list[str]:
        calls.append(1)
        if len(calls) == 2:
            raise services.EditConflict("Someone", None)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(services, "do_update_action", clash_on_the_second)
    before = counts()
    with pytest.raises(InputError, match="changed this action while the file was being"):
        do_import_improvement_plan(actor(MANAGER), plan(), content, "plan.xlsx")
    assert counts() == before
    assert not Action.objects.filter(owner="New owner").exists()


# --- Board meetings ----------------------------------------------------------------------------------


def meeting_details(**changes: object) -> dict[str, object]:
    details: dict[str, object] = {
        "date": date(2026, 3, 12),
        "notes": "Quorate.",
        "attendance": {"police": (True, "Inspector Jo Patel"), "probation": (False, "")},
        "decisions": {item().pk: "Escalate to the integrated care board"},
    }
    return details | changes


def test_recording_a_board_meeting_is_refused_to_a_board_member() -> None:
    refused(do_record_board_meeting, actor(BOARD), plan().service, **meeting_details())


def test_recording_a_board_meeting_records_its_attendance_and_decisions() -> None:
    meeting = do_record_board_meeting(actor(MANAGER), plan().service, **meeting_details())
    event = latest("record_board_meeting")
    assert_by_the_manager(event)
    assert (event.object_type, event.object_id) == ("board meeting", str(meeting.pk))
    assert event.changes == {
        "date": {"before": None, "after": "2026-03-12"},
        "notes": {"before": None, "after": "Quorate."},
        "inspection": {"before": None, "after": "the latest published HMIP inspection"},
        "attendance: Police": {"before": None, "after": "attended (Inspector Jo Patel)"},
        "attendance: Probation": {"before": None, "after": "absent"},
        "decision on item 2": {"before": None, "after": "Escalate to the integrated care board"},
    }


def test_changing_a_board_meeting_is_refused_to_an_auditor() -> None:
    meeting = BoardMeeting.objects.filter(service__slug="northshire").order_by("pk")[0]
    refused(do_change_board_meeting, actor(AUDITOR), meeting, **meeting_details())


def test_changing_a_board_meeting_records_what_changed_before_and_after() -> None:
    manager = actor(MANAGER)
    meeting = do_record_board_meeting(manager, plan().service, **meeting_details())
    do_change_board_meeting(
        manager,
        meeting,
        **meeting_details(
            notes="Quorate. The chair left early.",
            attendance={"police": (True, "Inspector Jo Patel"), "probation": (True, "PDU head")},
            decisions={item().pk: ""},
        ),
    )
    event = latest("change_board_meeting")
    assert_by_the_manager(event)
    assert event.changes == {
        "notes": {"before": "Quorate.", "after": "Quorate. The chair left early."},
        "attendance: Probation": {"before": "absent", "after": "attended (PDU head)"},
        "decision on item 2": {"before": "Escalate to the integrated care board", "after": None},
    }
    assert not meeting.reviews.exists()


def test_marking_a_meeting_held_is_refused_to_a_board_member() -> None:
    meeting = do_record_board_meeting(actor(MANAGER), plan().service, **meeting_details())
    refused(do_mark_meeting_held, actor(BOARD), meeting)
    meeting.refresh_from_db()
    assert meeting.held_at is None and meeting.pack is None


def test_marking_a_meeting_held_freezes_its_pack_once_and_is_recorded() -> None:
    meeting = do_record_board_meeting(actor(MANAGER), plan().service, **meeting_details())
    held = do_mark_meeting_held(actor(MANAGER), meeting, today=date(2026, 3, 12))
    assert held.held_at is not None and held.pack is not None
    assert ["Pack", "As presented to the board on 12 March 2026: it does not change"] in (
        held.pack["cover"]["details"]
    )
    event = latest("mark_meeting_held")
    assert_by_the_manager(event)
    assert event.changes["pack"]["after"] == "frozen, plan status as at 12 March 2026"
    pack, when = held.pack, held.held_at
    again = do_mark_meeting_held(actor(MANAGER), meeting, today=date(2026, 4, 1))
    assert (again.pack, again.held_at) == (pack, when)
    assert (
        AuditEvent.objects.filter(action="mark_meeting_held", object_id=str(meeting.pk)).count()
        == 1
    )


def test_a_held_meetings_date_and_inspection_cannot_change() -> None:
    meeting = do_record_board_meeting(actor(MANAGER), plan().service, **meeting_details())
    do_mark_meeting_held(actor(MANAGER), meeting, today=date(2026, 3, 12))
    with pytest.raises(MeetingHeld):
        do_change_board_meeting(actor(MANAGER), meeting, **meeting_details(date=date(2026, 3, 13)))
    with pytest.raises(MeetingHeld):
        do_change_board_meeting(
            actor(MANAGER), meeting, **meeting_details(inspection=plan().inspection)
        )
    do_change_board_meeting(actor(MANAGER), meeting, **meeting_details(notes="Minutes agreed."))
    meeting.refresh_from_db()
    assert meeting.notes == "Minutes agreed."
