"""Writes to inspections, case audits and judgements: one function per write.

Saving an audit or a judgement is optimistic: the form carries the version it was read
at, and a save against a newer version is refused with `EditConflict`, so two people
working on the same audit never silently overwrite each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from yjqa.core.caseload.codes import outcome_group
from yjqa.core.rating.rules import domain_for_outcome
from yjqa.web.accounts.models import User
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.models import (
    AuditAnswer,
    CaseAudit,
    Inspection,
    JudgementRecord,
    PromptAnswer,
)
from yjqa.web.tenancy.models import Service


class EditConflict(Exception):
    """Someone else saved this record after it was opened."""

    def __init__(self, who: str | None, when: Any) -> None:
        self.who, self.when = who, when
        super().__init__(f"changed by {who} at {when}")


class ReadOnly(ValidationError):
    pass


def ensure_writable(inspection: Inspection) -> None:
    if inspection.is_read_only:
        raise ReadOnly("This inspection has been published and can no longer be changed.")


@transaction.atomic
def do_create_inspection(
    service: Service, *, team: Iterable[User] = (), **fields: Any
) -> Inspection:
    inspection = Inspection.objects.create(service=service, **fields)
    inspection.framework  # noqa: B018 - fails early on an unknown framework
    inspection.team.set(team)
    return inspection


@transaction.atomic
def do_update_inspection(
    inspection: Inspection, *, team: Iterable[User], **fields: Any
) -> Inspection:
    ensure_writable(inspection)
    for name, value in fields.items():
        setattr(inspection, name, value)
    inspection.save()
    inspection.team.set(team)
    return inspection


@transaction.atomic
def do_change_status(inspection: Inspection, status: str) -> Inspection:
    """Change the status; publishing freezes the report as it stands."""
    ensure_writable(inspection)
    if status == Inspection.Status.PUBLISHED:
        # Imported here: the report module reads samples, whose module writes through this one.
        from yjqa.web.inspections.report import freeze_report

        freeze_report(inspection)
    inspection.status = status
    inspection.save(update_fields=["status"])
    return inspection


@dataclass(frozen=True)
class AddedCases:
    added: list[CaseAudit]
    not_in_framework: list[str]  # case refs whose outcome no domain of the framework covers


@transaction.atomic
def do_add_cases(
    inspection: Inspection, cases: Iterable[CaseRecord], auditor: User | None
) -> AddedCases:
    ensure_writable(inspection)
    framework = inspection.framework
    existing = set(inspection.audits.values_list("case_id", flat=True))  # any marking
    added, skipped = [], []
    for case in cases:
        if case.service_id != inspection.service_id:
            raise ValidationError("A case can only be audited in its own service's inspection.")
        if case.pk in existing:
            continue
        domain = domain_for_outcome(framework, outcome_group(case.outcome))
        if domain is None:
            skipped.append(case.case_ref)
            continue
        added.append(
            CaseAudit.objects.create(
                inspection=inspection, case=case, domain_id=domain.id, auditor=auditor
            )
        )
    return AddedCases(added, skipped)


@dataclass(frozen=True)
class AuditInput:
    answers: Mapping[str, str]  # key question id -> yes | no | n/a | ""
    evidence: Mapping[str, str]  # key question id -> note
    prompt_answers: Mapping[str, str]  # prompt id -> yes | no | n/a | ""
    case_manager_interviewed: bool | None


def audit_key_questions(audit: CaseAudit) -> list[str]:
    domain = next(d for d in audit.inspection.framework.domains if d.id == audit.domain_id)
    return [q.id for s in domain.standards if s.kind == "case" for q in s.key_questions]


@transaction.atomic
def do_save_audit(
    audit: CaseAudit, user: User, expected_version: int, data: AuditInput, *, submit: bool
) -> list[str]:
    """Save the audit; submit it if asked and every key question is answered.

    Returns the key questions still unanswered (a refused submission is saved as a draft,
    so no work is lost).
    """
    ensure_writable(audit.inspection)
    questions = audit_key_questions(audit)
    unanswered = [q for q in questions if not data.answers.get(q)]
    submitting = submit and not unanswered
    status = CaseAudit.Status.SUBMITTED if submitting else CaseAudit.Status.DRAFT
    changed = CaseAudit.objects.filter(pk=audit.pk, version=expected_version).update(
        version=F("version") + 1,
        status=status,
        case_manager_interviewed=data.case_manager_interviewed,
        updated_by=user,
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
    return unanswered if submit else []


@transaction.atomic
def do_reopen_audit(audit: CaseAudit, user: User) -> None:
    ensure_writable(audit.inspection)
    CaseAudit.objects.filter(pk=audit.pk).update(
        status=CaseAudit.Status.DRAFT, version=F("version") + 1, updated_by=user, submitted_at=None
    )


@transaction.atomic
def do_save_judgement(
    inspection: Inspection,
    standard_id: str,
    user: User,
    expected_version: int,
    **fields: str,
) -> JudgementRecord:
    ensure_writable(inspection)
    record, _ = JudgementRecord.objects.get_or_create(
        inspection=inspection, standard_id=standard_id
    )
    changed = JudgementRecord.objects.filter(pk=record.pk, version=expected_version).update(
        version=F("version") + 1, updated_by=user, updated_at=timezone.now(), **fields
    )
    if not changed:
        record.refresh_from_db()
        raise EditConflict(
            record.updated_by.full_name if record.updated_by else None, record.updated_at
        )
    record.refresh_from_db()
    return record
