"""Safety concerns raised from audits, and the auditors' feedback to case managers.

Reads first (the home pages use them), then the writes, each one service function that
checks who may, runs in one transaction and records an audit-trail row.

- `open_concerns(service)`: the concerns not yet resolved, the longest-waiting first. The
  managers' and QA leads' home pages show them at the top until someone records what was done.
- `feedback_for(membership)`: the feedback (and replies) a person may read: a case manager
  the feedback on their own cases (matched by `CaseRecord.case_manager`, case-insensitive, to
  their full name), QA leads and managers all of the service's, anyone else none.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from yjqa.web.audit.trail import Actor, created, record, require
from yjqa.web.inspections.guards import may_edit_audit
from yjqa.web.inspections.models import AuditFeedback, CaseAudit, SafetyConcern
from yjqa.web.tenancy.access import can
from yjqa.web.tenancy.models import Membership, Role, Service


def open_concerns(service: Service) -> QuerySet[SafetyConcern]:
    """The service's safety concerns that no one has yet recorded what was done about,
    the longest-waiting first (each with its audit, inspection, case and victim loaded)."""
    return (
        SafetyConcern.objects.filter(audit__inspection__service=service, resolved_at__isnull=True)
        .select_related("audit__inspection", "audit__case", "audit__victim")
        .order_by("raised_at", "id")
    )


def concerns_on(audit: CaseAudit) -> QuerySet[SafetyConcern]:
    """Every concern raised on the audit, open or resolved, the newest first."""
    return SafetyConcern.objects.filter(audit=audit).order_by("-raised_at", "-id")


def _feedback(service: Service) -> QuerySet[AuditFeedback]:
    return (
        AuditFeedback.objects.filter(audit__inspection__service=service)
        .select_related("audit__inspection", "audit__case", "audit__victim")
        .order_by("audit__case__case_ref", "audit_id", "written_at", "id")
    )


def case_manager_name(membership: Membership) -> str:
    """The name the service's caseload gives the person's cases: their name in this service
    (the account's, if the service gave none); empty if they have neither."""
    return (membership.display_name or membership.user.full_name).strip()


def is_case_manager_of(membership: Membership, audit: CaseAudit) -> bool:
    """The person is a case manager in the audit's service and the case is theirs
    (`CaseRecord.case_manager` is their name in the service, whatever its case)."""
    name = case_manager_name(membership)
    return (
        membership.is_active
        and membership.role == Role.CASE_MANAGER
        and membership.service_id == audit.inspection.service_id
        and bool(name)
        and audit.case.case_manager.strip().casefold() == name.casefold()
    )


def feedback_for(membership: Membership) -> QuerySet[AuditFeedback]:
    """The feedback and replies the person may read, grouped by audit, oldest first within
    each: a case manager's own cases' (none if they have no full name), all of the service's
    for QA leads and managers, none for anyone else."""
    service = membership.service
    if not membership.is_active or not can(membership, "read_feedback"):
        return AuditFeedback.objects.none()
    if membership.role == Role.CASE_MANAGER:
        name = case_manager_name(membership)
        if not name:
            return AuditFeedback.objects.none()
        return _feedback(service).filter(audit__case__case_manager__iexact=name)
    return _feedback(service)


def feedback_on(audit: CaseAudit) -> QuerySet[AuditFeedback]:
    """The audit's feedback thread, oldest first."""
    return AuditFeedback.objects.filter(audit=audit).order_by("written_at", "id")


# Writes ------------------------------------------------------------------------------------


def _name(actor: Actor) -> str:
    return (actor.user.full_name or actor.user.email) if actor.user is not None else actor.label


def _require_may_edit(actor: Actor, audit: CaseAudit) -> None:
    if not may_edit_audit(actor, audit):
        raise PermissionDenied(f"{actor.label} may not write on this audit.")


def _record(
    actor: Actor, action: str, obj: SafetyConcern | AuditFeedback, changes: dict[str, Any]
) -> None:
    audit = obj.audit
    record(
        actor,
        action,
        obj,
        service=audit.inspection.service,
        object_label=audit.ref,
        changes=changes,
        inspection_id=audit.inspection_id,
    )


@transaction.atomic
def do_raise_concern(actor: Actor, audit: CaseAudit, note: str) -> SafetyConcern:
    """Raise a concern about a child's or others' safety from the audit: its auditor, or
    anyone who may edit it (the inspection's lead, a QA lead, a manager). It stays open
    until someone records what was done. Even a published inspection's audit may raise one:
    a child's safety does not wait for the next inspection."""
    _require_may_edit(actor, audit)
    note = note.strip()
    if not note:
        raise ValidationError({"note": "Say what the concern is"})
    concern = SafetyConcern.objects.create(
        audit=audit, note=note, raised_by=actor.user, raised_by_name=_name(actor)
    )
    _record(actor, "raise_concern", concern, created({"note": note}))
    return concern


@transaction.atomic
def do_resolve_concern(actor: Actor, concern: SafetyConcern, action_taken: str) -> SafetyConcern:
    """Record what was done about an open concern, which closes it (a QA lead or manager)."""
    require(actor, concern.audit.inspection.service, "resolve_concerns")
    action_taken = action_taken.strip()
    if not action_taken:
        raise ValidationError({"action_taken": "Say what was done about the concern"})
    concern = SafetyConcern.objects.select_for_update().get(pk=concern.pk)
    if not concern.is_open:
        raise ValidationError(
            {
                "action_taken": f"{concern.resolved_by_name} has already recorded what was"
                " done about this concern"
            }
        )
    concern.action_taken = action_taken
    concern.resolved_by = actor.user
    concern.resolved_by_name = _name(actor)
    concern.resolved_at = timezone.now()
    concern.save(update_fields=["action_taken", "resolved_by", "resolved_by_name", "resolved_at"])
    _record(
        actor,
        "resolve_concern",
        concern,
        {"what was done": {"before": None, "after": action_taken}},
    )
    return concern


@transaction.atomic
def do_leave_feedback(actor: Actor, audit: CaseAudit, text: str) -> AuditFeedback:
    """Leave feedback for the case's case manager: the audit's auditor, or anyone who may
    edit it."""
    _require_may_edit(actor, audit)
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write the feedback for the case manager"})
    feedback = AuditFeedback.objects.create(
        audit=audit, author=actor.user, author_name=_name(actor), text=text, is_reply=False
    )
    _record(actor, "leave_feedback", feedback, created({"feedback": text}))
    return feedback


@transaction.atomic
def do_reply_to_feedback(actor: Actor, audit: CaseAudit, text: str) -> AuditFeedback:
    """Reply to the feedback on an audit: the case's own case manager only, and only once
    there is feedback to reply to."""
    if actor.membership is None or not is_case_manager_of(actor.membership, audit):
        raise PermissionDenied(f"{actor.label} is not this case's case manager.")
    require(actor, audit.inspection.service, "read_feedback")
    if not AuditFeedback.objects.filter(audit=audit, is_reply=False).exists():
        raise ValidationError({"text": "There is no feedback on this case to reply to"})
    text = text.strip()
    if not text:
        raise ValidationError({"text": "Write your reply"})
    reply = AuditFeedback.objects.create(
        audit=audit, author=actor.user, author_name=_name(actor), text=text, is_reply=True
    )
    _record(actor, "reply_to_feedback", reply, created({"reply": text}))
    return reply
