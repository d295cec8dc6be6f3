"""Writes to case audits: saving (as a draft or submitted) and reopening.

Saving is optimistic: the form carries the version it was read at, and a save against a
newer version is refused with `EditConflict`, so two people working on the same audit never
silently overwrite each other.

A submitted audit is locked: saving it again (even "as a draft") is refused with
`AuditLocked`, never a silent withdrawal from the ratings. Only `do_reopen_audit`, with a
reason that the trail keeps, takes it back to a draft, and so out of the ratings until it is
submitted again.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yjqa.web.audit.trail import Actor, changes_between, record
from yjqa.web.inspections.guards import EditConflict, ensure_writable, may_edit_audit
from yjqa.web.inspections.models import AuditAnswer, CaseAudit, PromptAnswer


class AuditLocked(Exception):
    """The audit is submitted: it must be reopened, with a reason, before it is changed."""

    def __init__(self, audit: CaseAudit) -> None:
        super().__init__(f"The audit of {audit.label} is submitted: reopen it to change it.")


@dataclass(frozen=True)
class AuditInput:
    answers: Mapping[str, str]  # key question id -> yes | no | n/a | ""
    evidence: Mapping[str, str]  # key question id -> note
    prompt_answers: Mapping[str, str]  # prompt id -> yes | no | n/a | ""
    case_manager_interviewed: bool | None


def audit_key_questions(audit: CaseAudit) -> list[str]:
    domain = audit.inspection.framework.domain(audit.domain_id)
    return [q.id for s in domain.standards if s.kind == "case" for q in s.key_questions]


def _audit_state(audit: CaseAudit) -> dict[str, Any]:
    """The audit as saved: its status and every answer, evidence note and prompt answer
    given (an empty one is left out, so it reads as "not set" before and after)."""
    stored = CaseAudit.objects.get(pk=audit.pk)
    state: dict[str, Any] = {
        "status": stored.status,
        "case_manager_interviewed": stored.case_manager_interviewed,
    }
    for answer in AuditAnswer.objects.filter(audit=audit).order_by("key_question_id"):
        if answer.answer:
            state[f"answer {answer.key_question_id}"] = answer.answer
        if answer.evidence:
            state[f"evidence {answer.key_question_id}"] = answer.evidence
    for prompt in PromptAnswer.objects.filter(audit=audit).order_by("prompt_id"):
        if prompt.answer:
            state[f"prompt {prompt.prompt_id}"] = prompt.answer
    return state


def _may_edit(actor: Actor, audit: CaseAudit) -> None:
    if not may_edit_audit(actor, audit):
        raise PermissionDenied(f"{actor.label} may not change this audit.")
    ensure_writable(audit.inspection)


def _recorded_audit(actor: Actor, action: str, audit: CaseAudit, before: dict[str, Any]) -> None:
    record(
        actor,
        action,
        audit,
        service=audit.inspection.service,
        object_label=audit.ref,
        changes=changes_between(before, _audit_state(audit)),
        inspection_id=audit.inspection_id,
    )


@transaction.atomic
def do_save_audit(
    actor: Actor, audit: CaseAudit, expected_version: int, data: AuditInput, *, submit: bool
) -> list[str]:
    """Save the audit; submit it if asked and every key question is answered.

    Only the audit's own auditor, the inspection's lead, a manager or an administrator may.
    Returns the key questions still unanswered (a refused submission is saved as a draft,
    so no work is lost). A submitted audit is locked: any save raises `AuditLocked` and
    changes nothing (reopen it first).
    """
    _may_edit(actor, audit)
    stored = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    if stored.status == CaseAudit.Status.SUBMITTED:
        raise AuditLocked(audit)
    before = _audit_state(audit)
    questions = audit_key_questions(audit)
    unanswered = [q for q in questions if not data.answers.get(q)]
    submitting = submit and not unanswered
    status = CaseAudit.Status.SUBMITTED if submitting else CaseAudit.Status.DRAFT
    changed = CaseAudit.objects.filter(pk=audit.pk, version=expected_version).update(
        version=F("version") + 1,
        status=status,
        case_manager_interviewed=data.case_manager_interviewed,
        updated_by=actor.user,
        updated_at=timezone.now(),
        submitted_at=timezone.now() if submitting else None,
    )
    if not changed:
        audit.refresh_from_db()
        raise EditConflict(
            audit.updated_by.full_name if audit.updated_by else None, audit.updated_at
        )
    for question in questions:
        AuditAnswer.objects.update_or_create(
            audit=audit,
            key_question_id=question,
            defaults={
                "answer": data.answers.get(question, ""),
                "evidence": data.evidence.get(question, ""),
            },
        )
    for prompt_id, answer in data.prompt_answers.items():
        PromptAnswer.objects.update_or_create(
            audit=audit, prompt_id=prompt_id, defaults={"answer": answer}
        )
    audit.refresh_from_db()
    _recorded_audit(actor, "save_audit", audit, before)
    return unanswered if submit else []


@transaction.atomic
def do_reopen_audit(actor: Actor, audit: CaseAudit, reason: str) -> None:
    """Take a submitted audit back to a draft, so it can be changed: the same people who may
    edit it, and only with a reason, which the trail keeps. Until it is submitted again its
    answers are out of the ratings."""
    _may_edit(actor, audit)
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why the audit needs reopening"})
    stored = CaseAudit.objects.select_for_update().get(pk=audit.pk)
    if stored.status != CaseAudit.Status.SUBMITTED:
        raise ValidationError(
            {"reason": "This audit is not submitted, so it is open for changes already"}
        )
    before = _audit_state(audit)
    CaseAudit.objects.filter(pk=audit.pk).update(
        status=CaseAudit.Status.DRAFT,
        version=F("version") + 1,
        updated_by=actor.user,
        updated_at=timezone.now(),
        submitted_at=None,
    )
    audit.refresh_from_db()
    record(
        actor,
        "reopen_audit",
        audit,
        service=audit.inspection.service,
        object_label=audit.ref,
        changes={
            **changes_between(before, _audit_state(audit)),
            "reason": {"before": None, "after": reason},
        },
        inspection_id=audit.inspection_id,
    )
