"""What refuses a change to an inspection, before anything is written.

One rule each: a published inspection is read-only; who may edit a case audit; who may
moderate; and the optimistic-locking clash when someone else saved first. Services call
these; views ask the same questions to decide what to show.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

from yjqa.core.frameworks.shipped import shipped_frameworks
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.models import CaseAudit, Inspection


class EditConflict(Exception):
    """Someone else saved this record after it was opened."""

    def __init__(self, who: str | None, when: Any) -> None:
        self.who, self.when = who, when
        super().__init__(f"changed by {who} at {when}")


class ReadOnly(ValidationError):
    pass


class NotReadyToPublish(ValidationError):
    """Publishing refused: the report still lacks figures or judgements (`gaps`, each with
    `text` and the page that fills it)."""

    def __init__(self, gaps: list[Any]) -> None:
        self.gaps = gaps
        super().__init__(
            ["The report cannot be published yet: " + "; ".join(g.text for g in gaps) + "."]
        )


def ensure_writable(inspection: Inspection) -> None:
    """The one "published means read-only" guard: every write to an inspection calls it."""
    if inspection.is_read_only:
        raise ReadOnly("This inspection has been published and can no longer be changed.")


def leads(actor: Actor, inspection: Inspection) -> bool:
    """The inspection's lead, acting through their membership of its service."""
    return (
        actor.user is not None
        and inspection.lead_id == actor.user.pk
        and actor.may(inspection.service, "view_cases")
    )


def may_edit_audit(actor: Actor, audit: CaseAudit) -> bool:
    """Managers, administrators and the lead edit any audit; an auditor edits their own.

    Who may, whatever the inspection's status: `ensure_writable` says whether anyone may.
    """
    service = audit.inspection.service
    if actor.may(service, "manage_inspections") or leads(actor, audit.inspection):
        return True
    return (
        actor.may(service, "record_audits")
        and actor.user is not None
        and audit.auditor_id == actor.user.pk
    )


def may_moderate(actor: Actor, inspection: Inspection) -> bool:
    """Moderators are managers, administrators and the inspection's lead.

    (And never one of the case's auditors: `moderation.is_independent`.)
    """
    return actor.may(inspection.service, "moderate") or leads(actor, inspection)


def inspection_type_problem(framework_id: str, inspection_type: str) -> str | None:
    """Why the kind of inspection does not fit the framework, or None if it does.

    A framework with kinds of inspection (2025) rates different areas for each, so the
    inspection must say which it is; earlier frameworks have no kinds, so it must say none.
    """
    framework = shipped_frameworks().get(framework_id)
    if framework is None:
        return None  # the framework's own check names an unknown framework
    kinds = [kind.id for kind in framework.inspection_types]
    if not kinds:
        return (
            f"{framework.title} has no kinds of inspection: leave what it rates empty"
            if inspection_type
            else None
        )
    if not inspection_type:
        return (
            "Select what the inspection rates: work with children and victims, or a full inspection"
        )
    if inspection_type not in kinds:
        return (
            f"{framework.title} has no kind of inspection '{inspection_type}': "
            f"use {' or '.join(kinds)}"
        )
    return None


def ensure_inspection_type(inspection: Inspection) -> None:
    problem = inspection_type_problem(inspection.framework_id, inspection.inspection_type)
    if problem:
        raise ValidationError({"inspection_type": problem})
