"""Writes to improvement plans and board meetings: one function per write.

Every change to an action is recorded in its history (`ActionChange`): who, when, the field,
the old and new values, and the reason where the rules ask for one. Saving an action is
optimistic, as in inspections: the form carries the version it was read at, and a save
against a newer version is refused with `EditConflict`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from yjqa.core.documents.board_pack import long_date
from yjqa.core.improvement.rules import (
    ItemStatus,
    PlanSummary,
    RuleProblem,
    Status,
    check_change,
    days_overdue,
    is_due_soon,
    is_overdue,
    item_status,
    summarise,
)
from yjqa.web.accounts.models import User
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
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.services import EditConflict
from yjqa.web.tenancy.models import Service

__all__ = [
    "ActionRulesBroken",
    "EditConflict",
    "ItemView",
    "do_add_action",
    "do_add_evidence",
    "do_add_item",
    "do_create_plan_from_inspection",
    "do_save_meeting",
    "do_update_action",
    "plan_view",
]


class ActionRulesBroken(Exception):
    """The change breaks the status rules of `yjqa.core.improvement.rules`."""

    def __init__(self, problems: list[RuleProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


# --- Plans and items ----------------------------------------------------------------------


@transaction.atomic
def do_create_plan_from_inspection(inspection: Inspection) -> tuple[ImprovementPlan, int]:
    """The inspection's improvement plan, with an item for every recommendation.

    Idempotent: the plan is made once, and a recommendation already in it is not added
    again, so running it after recommendations are added only adds the new ones. Returns the
    plan and how many items were added.
    """
    plan, _ = ImprovementPlan.objects.get_or_create(
        inspection=inspection,
        defaults={
            "service": inspection.service,
            "title": f"Improvement plan: {inspection.title}",
        },
    )
    present = set(plan.items.exclude(recommendation=None).values_list("recommendation", flat=True))
    order = plan.items.aggregate(last=Max("order"))["last"] or 0
    added = 0
    for recommendation in inspection.recommendations.all():
        if recommendation.pk in present:
            continue
        order += 1
        PlanItem.objects.create(
            plan=plan,
            recommendation=recommendation,
            text=recommendation.text,
            addressee=recommendation.addressee,
            order=order,
        )
        added += 1
    return plan, added


def do_add_item(plan: ImprovementPlan, *, text: str, addressee: str = "", order: int) -> PlanItem:
    return PlanItem.objects.create(
        plan=plan, text=text.strip(), addressee=addressee.strip(), order=order
    )


# --- Actions --------------------------------------------------------------------------------


def _shown(field: str, value: object) -> str:
    """A value as the history shows it."""
    if value is None:
        return ""
    if field == "status":
        return Status(str(value)).label
    if isinstance(value, date):
        return long_date(value)
    return str(value)


def _record(
    action: Action,
    user: User | None,
    field: str,
    old: object,
    new: object,
    *,
    reason: str = "",
    source: str = "",
) -> ActionChange:
    return ActionChange.objects.create(
        action=action,
        user=user,
        user_name=user.full_name if user else "",
        field=field,
        old_value=_shown(field, old),
        new_value=_shown(field, new),
        reason=reason.strip(),
        source=source,
    )


def _add_evidence(
    action: Action,
    user: User | None,
    note: str,
    upload: UploadedFile | None = None,
    *,
    source: str = "",
) -> Evidence:
    evidence = Evidence(action=action, note=note.strip(), added_by=user)
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
    _record(action, user, "evidence", "", described, source=source)
    return evidence


@transaction.atomic
def do_add_action(
    item: PlanItem,
    user: User | None,
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
        updated_by=user,
    )
    _record(action, user, "created", "", action.description, source=source)
    for field in ("owner", "due_date", "status", "closed_reason"):
        value = getattr(action, field)
        if value and not (field == "status" and status is Status.NOT_STARTED):
            _record(action, user, field, "", value, source=source)
    if evidence_note.strip():
        _add_evidence(action, user, evidence_note, source=source)
    return action


FIELD_LABELS = {
    "created": "Action added",
    "description": "Action",
    "owner": "Owner",
    "due_date": "Due date",
    "status": "Status",
    "closed_reason": "Reason closed",
    "evidence": "Evidence added",
}


@transaction.atomic
def do_update_action(
    action: Action,
    user: User | None,
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
    note given) is not a save: the version stays as it is.
    """
    current = Action.objects.select_for_update().get(pk=action.pk)
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
    reopened = old_status.is_done and not status.is_done
    for name in changed:
        reason = reopen_reason if name == "status" and reopened else ""
        _record(
            current, user, name, getattr(current, name), wanted[name], reason=reason, source=source
        )
        setattr(current, name, wanted[name])
    if note:
        _add_evidence(current, user, note, source=source)
    if changed:
        current.version += 1
        current.updated_by = user
        current.save()
    action.refresh_from_db()
    return changed + (["evidence"] if note else [])


def do_add_evidence(
    action: Action, user: User | None, *, note: str, upload: UploadedFile | None = None
) -> Evidence:
    with transaction.atomic():
        return _add_evidence(action, user, note, upload)


# --- Board meetings ---------------------------------------------------------------------------


@transaction.atomic
def do_save_meeting(
    service: Service,
    meeting: BoardMeeting | None,
    *,
    date: date,
    notes: str = "",
    attendance: Mapping[str, tuple[bool, str]],
    decisions: Mapping[int, str],
    today: date | None = None,
) -> BoardMeeting:
    """Create or update a meeting: attendance by agency (attended, represented by) and the
    board's decision on each plan item it reviewed (item id → decision; empty: not reviewed).

    A review keeps the item's status from when its decision was first recorded.
    """
    if meeting is None:
        meeting = BoardMeeting.objects.create(service=service, date=date, notes=notes.strip())
    else:
        meeting.date, meeting.notes = date, notes.strip()
        meeting.save(update_fields=["date", "notes"])
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
            plan__service=service, pk__in=list(decisions)
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
    return meeting


# --- Reading a plan ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionView:
    action: Action
    overdue: bool
    days_overdue: int
    due_soon: bool
    latest_evidence: Evidence | None


@dataclass(frozen=True)
class ItemView:
    item: PlanItem
    status: ItemStatus
    actions: list[ActionView]

    @property
    def overdue(self) -> int:
        return sum(a.overdue for a in self.actions)


def action_view(action: Action, today: date) -> ActionView:
    return ActionView(
        action=action,
        overdue=is_overdue(action.status_enum, action.due_date, today),
        days_overdue=days_overdue(action.status_enum, action.due_date, today),
        due_soon=is_due_soon(action.status_enum, action.due_date, today),
        latest_evidence=next(iter(action.evidence.all()), None),
    )


def plan_items(plan: ImprovementPlan) -> Iterable[PlanItem]:
    return plan.items.prefetch_related(
        Prefetch("actions", queryset=Action.objects.prefetch_related("evidence"))
    )


def plan_view(plan: ImprovementPlan, today: date) -> tuple[list[ItemView], PlanSummary]:
    """The plan's items with their derived status and each action's timeliness."""
    items = []
    for item in plan_items(plan):
        actions = list(item.actions.all())
        views = [action_view(a, today) for a in actions]
        items.append(ItemView(item, item_status([a.facts for a in actions], today), views))
    summary = summarise([[a.action.facts for a in i.actions] for i in items], today)
    return items, summary
