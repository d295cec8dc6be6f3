"""Writes to improvement plans and board meetings: one `do_<verb>_<noun>(actor, ...)` each.

Every function checks that the actor may manage the service's improvement work
(`manage_improvement`: administrators and managers) before it writes anything, runs in one
transaction and writes its audit-trail row (`yjqa.web.audit.trail.record`).

Every change to an action is also kept in the action's own history (`ActionChange`), which
the plan's pages show: who, when, the field, the old and new values as shown, and the reason
where the rules ask for one. `_history` is the one place that writes both that history and the
audit row. Saving an action is optimistic, as in inspections: the form carries the version it
was read at, and a save against a newer version is refused with `EditConflict`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone

from yjqa.core.documents.board_pack import build_board_pack, long_date, pack_to_json
from yjqa.core.improvement.rules import (
    RuleProblem,
    Status,
    agency_label,
    check_change,
    item_status,
)
from yjqa.core.validation.problems import InputError, Problem
from yjqa.web.audit.trail import Actor, changes_between, created, record, require, snapshot
from yjqa.web.improvement.board_pack import meeting_pack_input
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
from yjqa.web.improvement.spreadsheet import (
    SOURCE,
    ActionRow,
    ImportResult,
    ItemRow,
    changed_meanwhile,
    check_rows,
    read_rows,
    row_order,
)
from yjqa.web.inspections.guards import EditConflict
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Service

__all__ = [
    "ActionRulesBroken",
    "EditConflict",
    "MeetingHeld",
    "do_add_action",
    "do_add_evidence",
    "do_add_improvement_plan_item",
    "do_change_board_meeting",
    "do_change_improvement_plan_item",
    "do_create_improvement_plan_from_inspection",
    "do_import_improvement_plan",
    "do_mark_meeting_held",
    "do_record_board_meeting",
    "do_update_action",
]

MANAGE = "manage_improvement"
ACTION_FIELDS = ("description", "owner", "due_date", "status", "closed_reason")
ITEM_FIELDS = ("text", "addressee", "order")


class ActionRulesBroken(Exception):
    """The change breaks the status rules of `yjqa.core.improvement.rules`."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


class MeetingHeld(Exception):
    """The meeting is held: its pack is frozen, so what it reports cannot change."""


# --- Improvement plans and their items ------------------------------------------------------


@transaction.atomic
def do_create_improvement_plan_from_inspection(
    actor: Actor, inspection: Inspection
) -> tuple[ImprovementPlan, int]:
    """The inspection's improvement plan, with an item for every recommendation.

    Idempotent: the plan is made once, and a recommendation already in it is not added
    again, so running it after recommendations are added only adds the new ones. Returns the
    plan and how many items were added.
    """
    require(actor, inspection.service, MANAGE)
    plan, made = ImprovementPlan.objects.get_or_create(
        inspection=inspection,
        defaults={
            "service": inspection.service,
            "title": f"Improvement plan: {inspection.title}",
        },
    )
    present = set(plan.items.exclude(recommendation=None).values_list("recommendation", flat=True))
    before = plan.items.count()
    order = plan.items.aggregate(last=Max("order"))["last"] or 0
    added = []
    for recommendation in inspection.recommendations.all():
        if recommendation.pk in present:
            continue
        order += 1
        item = PlanItem.objects.create(
            plan=plan,
            recommendation=recommendation,
            text=recommendation.text,
            addressee=recommendation.addressee,
            order=order,
        )
        added.append(item.text)
    if made or added:
        changes: dict[str, Any] = (
            created({"title": plan.title, "inspection": inspection.title}) if made else {}
        )
        changes["items"] = {"before": before, "after": before + len(added)}
        record(
            actor,
            "create_improvement_plan_from_inspection",
            plan,
            service=plan.service,
            changes=changes,
            inspection_id=inspection.pk,
        )
    return plan, len(added)


@transaction.atomic
def do_add_improvement_plan_item(
    actor: Actor, plan: ImprovementPlan, *, text: str, addressee: str = "", order: int
) -> PlanItem:
    require(actor, plan.service, MANAGE)
    item = PlanItem.objects.create(
        plan=plan, text=text.strip(), addressee=addressee.strip(), order=order
    )
    record(
        actor,
        "add_improvement_plan_item",
        item,
        service=plan.service,
        changes=created(snapshot(item, ITEM_FIELDS)),
    )
    return item


@transaction.atomic
def do_change_improvement_plan_item(
    actor: Actor, item: PlanItem, *, text: str, addressee: str = ""
) -> bool:
    """Change an item's wording and addressee; False if neither changed."""
    service = item.plan.service
    require(actor, service, MANAGE)
    before = snapshot(item, ITEM_FIELDS)
    item.text, item.addressee = text.strip(), addressee.strip()
    changes = changes_between(before, snapshot(item, ITEM_FIELDS))
    if not changes:
        return False
    item.save(update_fields=["text", "addressee"])
    record(actor, "change_improvement_plan_item", item, service=service, changes=changes)
    return True


# --- Actions, their evidence and history ----------------------------------------------------


def _shown(field: str, value: object) -> str:
    """A value as the action's history shows it (nothing: empty)."""
    if value is None or value == "":
        return ""
    if field == "status":
        return Status(str(value)).label
    if isinstance(value, date):
        return long_date(value)
    return str(value)


def _history(
    actor: Actor,
    verb: str,
    action: Action,
    entries: Sequence[tuple[str, object, object]],
    changes: Mapping[str, Any],
    *,
    reasons: Mapping[str, str] | None = None,
    source: str = "",
    subject: models.Model | None = None,
) -> None:
    """The one place a change to an action is written down, twice over: in the action's own
    history (`entries`: one `ActionChange` per (field, old, new), as its pages show it) and as
    the audit-trail row `verb` with the values before and after (`changes`)."""
    user = actor.user
    # As the service knows them (their membership's name), not as another service does.
    name = actor.membership.name if actor.membership else (user.full_name if user else "")
    for field, old, new in entries:
        ActionChange.objects.create(
            action=action,
            user=user,
            user_name=name,
            field=field,
            old_value=_shown(field, old),
            new_value=_shown(field, new),
            reason=(reasons or {}).get(field, "").strip(),
            source=source,
        )
    record(actor, verb, subject or action, service=action.item.plan.service, changes=changes)


def _store_evidence(
    action: Action, actor: Actor, note: str, upload: UploadedFile | None = None
) -> tuple[Evidence, str]:
    """The evidence record (and its file), and how the action's history describes it."""
    evidence = Evidence(action=action, note=note.strip(), added_by=actor.user)
    if upload is not None:
        evidence.file_name = (upload.name or "evidence")[-200:]
        evidence.file.save(upload.name or "evidence", upload, save=False)
    evidence.save()
    described = evidence.note
    if evidence.file_name:
        described = (
            f"{described} (file: {evidence.file_name})"
            if described
            else (f"File: {evidence.file_name}")
        )
    return evidence, described


@transaction.atomic
def do_add_action(
    actor: Actor,
    item: PlanItem,
    *,
    description: str,
    owner: str,
    due_date: date,
    status: Status = Status.NOT_STARTED,
    closed_reason: str = "",
    evidence_note: str = "",
    source: str = "",
) -> Action:
    """A new action; it may start at any status the rules allow from "not started"."""
    require(actor, item.plan.service, MANAGE)
    problems = check_change(
        Status.NOT_STARTED,
        status,
        evidence=1 if evidence_note.strip() else 0,
        closed_reason=closed_reason,
    )
    if problems:
        raise ActionRulesBroken(problems)
    action = Action.objects.create(
        item=item,
        description=description.strip(),
        owner=owner.strip(),
        due_date=due_date,
        status=status.value,
        closed_reason=closed_reason.strip() if status is Status.CLOSED else "",
        updated_by=actor.user,
    )
    entries: list[tuple[str, object, object]] = [("created", "", action.description)]
    for field in ("owner", "due_date", "status", "closed_reason"):
        value = getattr(action, field)
        if value and not (field == "status" and status is Status.NOT_STARTED):
            entries.append((field, "", value))
    values: dict[str, Any] = {"item": item.order, **snapshot(action, ACTION_FIELDS)}
    if evidence_note.strip():
        _evidence, described = _store_evidence(action, actor, evidence_note)
        entries.append(("evidence", "", described))
        values["evidence"] = described
    _history(actor, "add_action", action, entries, created(values), source=source)
    return action


@transaction.atomic
def do_update_action(
    actor: Actor,
    action: Action,
    expected_version: int,
    *,
    description: str,
    owner: str,
    due_date: date,
    status: Status,
    closed_reason: str = "",
    reopen_reason: str = "",
    evidence_note: str = "",
    source: str = "",
) -> list[str]:
    """Save the action's fields; returns the names of the fields that changed.

    Refused with `EditConflict` if the action has been saved since `expected_version`, and
    with `ActionRulesBroken` if the change of status breaks a rule. Nothing changed (and no
    note given) is not a save: the version stays as it is, and nothing is recorded.
    """
    require(actor, action.item.plan.service, MANAGE)
    current = (
        Action.objects.select_for_update(of=("self",))
        .select_related("updated_by", "item__plan__service")
        .get(pk=action.pk)
    )
    if current.version != expected_version:
        raise EditConflict(
            current.updated_by.full_name if current.updated_by else None, current.updated_at
        )
    old_status = Status(current.status)
    note = evidence_note.strip()
    problems = check_change(
        old_status,
        status,
        evidence=current.evidence.count() + (1 if note else 0),
        closed_reason=closed_reason,
        reopen_reason=reopen_reason,
    )
    if problems:
        raise ActionRulesBroken(problems)
    wanted = {
        "description": description.strip(),
        "owner": owner.strip(),
        "due_date": due_date,
        "closed_reason": closed_reason.strip() if status is Status.CLOSED else "",
        "status": status.value,
    }
    changed = [name for name, value in wanted.items() if getattr(current, name) != value]
    if not changed and not note:
        action.refresh_from_db()
        return []
    before = snapshot(current, ACTION_FIELDS)
    entries: list[tuple[str, object, object]] = [
        (name, getattr(current, name), wanted[name]) for name in changed
    ]
    for name in changed:
        setattr(current, name, wanted[name])
    changes: dict[str, Any] = changes_between(before, snapshot(current, ACTION_FIELDS))
    if note:
        _evidence, described = _store_evidence(current, actor, note)
        entries.append(("evidence", "", described))
        changes["evidence"] = {"before": None, "after": described}
    if changed:
        current.version += 1
        current.updated_by = actor.user
        current.save()
        changes["version"] = {"before": expected_version, "after": current.version}
    reopened = old_status.is_done and not status.is_done
    _history(
        actor,
        "update_action",
        current,
        entries,
        changes,
        reasons={"status": reopen_reason} if reopened else None,
        source=source,
    )
    action.refresh_from_db()
    return changed + (["evidence"] if note else [])


@transaction.atomic
def do_add_evidence(
    actor: Actor, action: Action, *, note: str, upload: UploadedFile | None = None
) -> Evidence:
    require(actor, action.item.plan.service, MANAGE)
    evidence, described = _store_evidence(action, actor, note, upload)
    _history(
        actor,
        "add_evidence",
        action,
        [("evidence", "", described)],
        created({"action": action.pk, "note": evidence.note, "file_name": evidence.file_name}),
        subject=evidence,
    )
    return evidence


# --- Importing an improvement plan from Excel -------------------------------------------------


@transaction.atomic
def do_import_improvement_plan(
    actor: Actor, plan: ImprovementPlan, content: bytes, source: str
) -> ImportResult:
    """Read, check and apply a workbook, all or nothing, in one transaction.

    InputError naming every problem by row and column, and no change, if any row has one.
    The versions are checked inside the transaction, with the plan's actions locked, and each
    action is written only if it still has the version exported (compare-and-set), so an
    action changed since the file was exported, or while it is imported, is never overwritten.
    """
    require(actor, plan.service, MANAGE)
    rows, problems = read_rows(content, source)
    problems += check_rows(plan, rows)
    if problems:
        raise InputError(sorted(problems, key=row_order), source)
    result = ImportResult()
    _apply(actor, plan, rows, result, source)  # an InputError rolls the transaction back
    record(
        actor,
        "import_improvement_plan",
        plan,
        service=plan.service,
        changes=created(
            {
                "file": source,
                "actions_added": result.created,
                "actions_changed": result.updated,
                "actions_unchanged": result.unchanged,
                "items_added": result.items_created,
                "items_changed": result.items_updated,
            }
        ),
    )
    return result


def _apply(
    actor: Actor, plan: ImprovementPlan, rows: list[ItemRow], result: ImportResult, source: str
) -> None:
    """Write the checked rows; an InputError naming the row if one can no longer be written."""
    items: dict[int, PlanItem] = {i.order: i for i in plan.items.select_related("plan__service")}
    updated_items: set[int] = set()
    for row in rows:
        try:
            _apply_row(actor, plan, row, items, updated_items, result)
        except EditConflict as conflict:
            raise InputError([changed_meanwhile(row, conflict.who)], source) from None
        except ActionRulesBroken as error:
            raise InputError(
                [Problem(f"row {row.number}", f"nothing was imported: {error}")], source
            ) from None


def _apply_row(
    actor: Actor,
    plan: ImprovementPlan,
    row: ItemRow,
    items: dict[int, PlanItem],
    updated_items: set[int],
    result: ImportResult,
) -> None:
    item = items.get(row.item)
    if item is None:
        item = do_add_improvement_plan_item(
            actor, plan, text=row.item_text, addressee=row.addressee, order=row.item
        )
        items[row.item] = item
        result.items_created += 1
    elif (
        row.item not in updated_items
        and row.item_text
        and do_change_improvement_plan_item(
            actor, item, text=row.item_text, addressee=row.addressee
        )
    ):
        updated_items.add(row.item)
        result.items_updated += 1
    if not isinstance(row, ActionRow):
        return
    if row.action_id is None:
        do_add_action(actor, item, **_action_fields(row))
        result.created += 1
        return
    assert row.version is not None  # read_rows refuses an action's row without its version
    action = Action.objects.select_related("item__plan__service").get(
        pk=row.action_id, item__plan=plan
    )
    changed = do_update_action(
        actor,
        action,
        row.version,  # compare-and-set: the version exported, not the one it has now
        reopen_reason=row.reopen_reason,
        **_action_fields(row),
    )
    if changed:
        result.updated += 1
    else:
        result.unchanged += 1


def _action_fields(row: ActionRow) -> dict[str, Any]:
    """An action row's fields, as both adding and changing an action take them."""
    return {
        "description": row.description,
        "owner": row.owner,
        "due_date": row.due_date,
        "status": row.status,
        "closed_reason": row.closed_reason,
        "evidence_note": row.new_evidence,
        "source": SOURCE,
    }


# --- Board meetings ---------------------------------------------------------------------------


def _meeting_state(meeting: BoardMeeting) -> dict[str, Any]:
    """A meeting as the audit trail records it: date, notes, the inspection its pack reports,
    each agency and each decision."""
    state: dict[str, Any] = {
        "date": meeting.date,
        "notes": meeting.notes,
        "inspection": meeting.inspection.title
        if meeting.inspection
        else "the latest published HMIP inspection",
    }
    for attendance in meeting.attendance.all():
        came = attendance.attended
        state[f"attendance: {agency_label(attendance.agency)}"] = (
            f"attended ({attendance.representative})"
            if came and attendance.representative
            else ("attended" if came else "absent")
        )
    for review in meeting.reviews.select_related("item"):
        state[f"decision on item {review.item.order}"] = review.decision
    return state


@transaction.atomic
def do_record_board_meeting(
    actor: Actor,
    service: Service,
    *,
    date: date,
    notes: str = "",
    attendance: Mapping[str, tuple[bool, str]],
    decisions: Mapping[int, str],
    inspection: Inspection | None = None,
    today: date | None = None,
) -> BoardMeeting:
    """A new meeting: attendance by agency (attended, represented by), the board's decision
    on each plan item it reviewed (item id → decision; empty: not reviewed) and the
    inspection its pack reports (None: the latest published HMIP inspection)."""
    require(actor, service, MANAGE)
    _check_inspection(service, inspection)
    meeting = BoardMeeting.objects.create(
        service=service, date=date, notes=notes.strip(), inspection=inspection
    )
    _save_meeting_details(meeting, attendance, decisions, today)
    record(
        actor,
        "record_board_meeting",
        meeting,
        service=service,
        changes=created(_meeting_state(meeting)),
    )
    return meeting


@transaction.atomic
def do_change_board_meeting(
    actor: Actor,
    meeting: BoardMeeting,
    *,
    date: date,
    notes: str = "",
    attendance: Mapping[str, tuple[bool, str]],
    decisions: Mapping[int, str],
    inspection: Inspection | None = None,
    today: date | None = None,
) -> BoardMeeting:
    """Change a recorded meeting. A review keeps the item's status from when its decision was
    first recorded. A held meeting's date and inspection stay as they were (its pack is
    frozen): changing either is refused with `MeetingHeld`; its notes, attendance and
    decisions may still be completed (the frozen pack keeps what the board saw)."""
    require(actor, meeting.service, MANAGE)
    _check_inspection(meeting.service, inspection)
    if meeting.held_at is not None and (date != meeting.date or inspection != meeting.inspection):
        raise MeetingHeld(
            "The meeting has been marked held: its date and the inspection its pack reports "
            "cannot change"
        )
    before = _meeting_state(meeting)
    meeting.date, meeting.notes, meeting.inspection = date, notes.strip(), inspection
    meeting.save(update_fields=["date", "notes", "inspection"])
    _save_meeting_details(meeting, attendance, decisions, today)
    changes = changes_between(before, _meeting_state(meeting))
    if changes:
        record(actor, "change_board_meeting", meeting, service=meeting.service, changes=changes)
    return meeting


def _save_meeting_details(
    meeting: BoardMeeting,
    attendance: Mapping[str, tuple[bool, str]],
    decisions: Mapping[int, str],
    today: date | None,
) -> None:
    for agency, (attended, representative) in attendance.items():
        Attendance.objects.update_or_create(
            meeting=meeting,
            agency=agency,
            defaults={
                "attended": attended,
                "representative": representative.strip() if attended else "",
            },
        )
    items = {
        item.pk: item
        for item in PlanItem.objects.filter(
            plan__service=meeting.service, pk__in=list(decisions)
        ).prefetch_related("actions")
    }
    when = today or timezone.localdate()
    for item_id, decision in decisions.items():
        item = items.get(item_id)
        if item is None:
            continue
        if not decision.strip():
            ItemReview.objects.filter(meeting=meeting, item=item).delete()
            continue
        review = ItemReview.objects.filter(meeting=meeting, item=item).first()
        if review is None:
            status = item_status([a.facts for a in item.actions.all()], when)
            ItemReview.objects.create(
                meeting=meeting, item=item, decision=decision.strip(), status_at_review=status
            )
        elif review.decision != decision.strip():
            review.decision = decision.strip()
            review.save(update_fields=["decision"])


def _check_inspection(service: Service, inspection: Inspection | None) -> None:
    if inspection is not None and inspection.service_id != service.pk:
        raise PermissionDenied("That inspection is another service's")


@transaction.atomic
def do_mark_meeting_held(
    actor: Actor, meeting: BoardMeeting, *, today: date | None = None
) -> BoardMeeting:
    """Mark the meeting held and freeze its pack as the board saw it: built now (the plan's
    status as at `today`), saying "As presented to the board on <the meeting's date>", and
    kept as JSON in `BoardMeeting.pack`, from which it is always rendered from now on. A
    meeting already held stays as it is (its pack is never rebuilt)."""
    require(actor, meeting.service, MANAGE)
    current = BoardMeeting.objects.select_for_update().get(pk=meeting.pk)
    if current.held_at is not None:
        meeting.refresh_from_db()
        return meeting
    when = today or timezone.localdate()
    pack = build_board_pack(meeting_pack_input(current, when, presented=True))
    current.pack = pack_to_json(pack)
    current.held_at = timezone.now()
    current.save(update_fields=["pack", "held_at"])
    record(
        actor,
        "mark_meeting_held",
        current,
        service=current.service,
        changes={
            "held_at": {"before": None, "after": current.held_at.isoformat()},
            "pack": {"before": None, "after": f"frozen, plan status as at {long_date(when)}"},
        },
    )
    meeting.refresh_from_db()
    return meeting
