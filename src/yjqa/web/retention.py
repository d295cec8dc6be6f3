"""Retention and erasure (UK GDPR): records past their retention period are deleted or
pseudonymised, and one child's records are erased on request.

A case record that an audit, a sample or a moderation holds is pseudonymised, not deleted: it
gets a new reference and loses its child reference, its date of birth (kept as 1 July of the
year, so ages stay about right), its case manager and every note written about the child, so
the audits' answers and the ratings built on them stay while nothing links them to the child.
Any other case record is deleted, with its victims' records. The periods are data
(`yjqa.core.retention.policy`); `docs/data-protection.md` says what is kept where.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.db import transaction
from django.db.models import Max, Q

from yjqa.core.retention.policy import RetentionPolicy, cutoff, load_policy
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor, record, require, require_operator
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.indicators.models import Child, ChildOutcome
from yjqa.web.inspections.models import (
    AuditAnswer,
    AuditFeedback,
    CaseAudit,
    ModerationDecision,
    SafetyConcern,
    SampledCase,
)
from yjqa.web.surveys.models import ResponseAnswer
from yjqa.web.tenancy.models import AccessLog, Service

REMOVED = "[Removed: the child's records were erased]"
ERASED_PREFIX = "ERASED-"


@dataclass(frozen=True)
class Due:
    """One kind of record past its period: how many, and what happens to them."""

    kind: str
    before: date
    count: int
    then: str


def policy() -> RetentionPolicy:
    """The installation's policy: YJQA_RETENTION_FILE, or the shipped defaults."""
    path = os.environ.get("YJQA_RETENTION_FILE")
    return load_policy(Path(path) if path else None)


def _closed_before(day: date) -> Q:
    return Q(end_date__lt=day) | Q(end_date__isnull=True, outcome_date__lt=day)


def _written_answers(before: date) -> Q:
    """The answers to each survey's text questions, in responses from before the day."""
    from yjqa.web.surveys.models import Survey

    found = Q(pk__in=[])
    surveys = Survey.objects.filter(responses__submitted_at__date__lt=before).distinct()
    for survey in surveys:
        texts = [q.id for q in survey.parsed().questions if q.kind == "text"]
        if texts:
            found |= Q(response__survey=survey, question_id__in=texts)
    return found


def due(rules: RetentionPolicy, today: date) -> list[Due]:
    """What is past its period today, kind by kind (nothing is changed)."""
    periods = rules.periods()
    found = []
    for kind, period in periods.items():
        before = cutoff(today, period.years)
        found.append(Due(kind, before, _due_queryset(kind, before).count(), period.then))
    return found


def _due_queryset(kind: str, before: date):  # type: ignore[no-untyped-def]
    if kind == "case_records":
        return CaseRecord.objects.filter(_closed_before(before)).exclude(
            case_ref__startswith=ERASED_PREFIX
        )
    if kind == "victim_records":
        return VictimRecord.objects.filter(offence_date__lt=before).exclude(
            victim_ref__startswith=ERASED_PREFIX
        )
    if kind == "indicator_records":
        latest = ChildOutcome.objects.values("service_id", "person_id").annotate(
            last=Max("outcome_date")
        )
        stale = {(row["service_id"], row["person_id"]) for row in latest if row["last"] < before}
        ids = [
            child.pk
            for child in Child.objects.only("pk", "service_id", "person_id")
            if (child.service_id, child.person_id) in stale
        ]
        return Child.objects.filter(pk__in=ids)
    if kind == "survey_comments":
        return ResponseAnswer.objects.filter(response__submitted_at__date__lt=before).filter(
            _written_answers(before)
        )
    if kind == "access_log":
        return AccessLog.objects.filter(at__date__lt=before)
    raise ValueError(f"no kind of record {kind!r}")


@transaction.atomic
def do_apply_retention(actor: Actor, rules: RetentionPolicy, today: date) -> list[Due]:
    """Delete or pseudonymise everything past its period, all in one transaction; what was
    done, kind by kind, is in the audit trail (counts, never the records)."""
    require_operator(actor)
    done = due(rules, today)
    for item in done:
        if not item.count:
            continue
        query = _due_queryset(item.kind, item.before)
        if item.kind == "case_records":
            _retire_cases(list(query.select_related("service")))
        elif item.kind == "victim_records":
            _retire_victims_and_forget_refs(list(query))
        elif item.kind == "indicator_records":
            for child in query:
                ChildOutcome.objects.filter(
                    service_id=child.service_id, person_id=child.person_id
                ).delete()
            query.delete()
        else:
            query.delete()
        record(
            actor,
            "apply_retention",
            service=None,
            object_type="retention",
            object_label=item.kind,
            changes={"records": {"before": item.count, "after": 0}, "before": item.before},
        )
    return done


@dataclass(frozen=True)
class Erasure:
    records: int  # the child's case records
    pseudonymised: int  # of them, kept (without the child) for the audits that hold them
    victims: int


@dataclass(frozen=True)
class ChildsRecords:
    """What erasing the child of one case reference would touch (nothing is changed)."""

    cases: list[CaseRecord]  # every case record with the child's reference
    victims: int  # their victims' records
    held: list[str]  # of the cases, the references an audit, sample or moderation holds


def childs_records(service: Service, case_ref: str) -> ChildsRecords:
    """The records of the child one of whose case references is `case_ref`, in `service`;
    CaseRecord.DoesNotExist if the service has no such case (or it is already erased)."""
    first = CaseRecord.objects.filter(service=service, case_ref=case_ref).first()
    if first is None or case_ref.startswith(ERASED_PREFIX):
        raise CaseRecord.DoesNotExist(f"{service.name} has no case {case_ref!r}")
    cases = list(
        CaseRecord.objects.filter(service=service, child_ref=first.child_ref).order_by(
            "outcome_date", "case_ref"
        )
        if first.child_ref
        else [first]
    )
    victims = VictimRecord.objects.filter(case__in=cases).count()
    return ChildsRecords(cases, victims, [case.case_ref for case in cases if _held(case)])


@transaction.atomic
def do_erase_child(actor: Actor, service: Service, case_ref: str, reason: str) -> Erasure:
    """Erase the records of the child one of whose case references is `case_ref`: all their
    case records (by child reference), their victims' records, the notes about them; the
    audits' answers stay, unlinked. Recorded in the audit trail and the access log under the
    new reference only. For the operator and the service's administrators (erase_records);
    the CLI and the web page both call this."""
    require(actor, service, "erase_records")
    if not reason.strip():
        raise ValueError("Give the reason for the erasure (e.g. the request's reference)")
    found = childs_records(service, case_ref)
    cases = found.cases
    victims = found.victims
    kept = _retire_cases(cases)
    label = kept[0] if kept else "deleted"
    AccessLog.objects.create(
        service=service,
        user=actor.user,
        user_email=actor.label,
        action=AccessLog.Action.DELETE,
        record_type="erasure",
        record_ref=label,
    )
    record(
        actor,
        "erase_child",
        service=service,
        object_type="case record",
        object_label=label,
        changes={
            "reason": {"before": None, "after": reason.strip()},
            "records": {"before": len(cases), "after": len(kept)},
        },
    )
    return Erasure(len(cases), len(kept), victims)


def _held(case: CaseRecord) -> bool:
    return (
        CaseAudit.objects.filter(case=case).exists()
        or SampledCase.objects.filter(case=case).exists()
        or ModerationDecision.objects.filter(case=case).exists()
    )


def _retire_cases(cases: Iterable[CaseRecord]) -> list[str]:
    """Delete each case record, or pseudonymise it where the QA record holds it; the new
    references of those kept."""
    kept = []
    renamed: dict[int, dict[str, str]] = {}  # service: old reference to new
    for case in cases:
        renames = renamed.setdefault(case.service_id, {})
        _retire_victims_collecting_renames(list(case.victims.all()), renames)
        if _held(case):
            old = case.case_ref
            renames[old] = _pseudonymise(case)
            kept.append(renames[old])
        else:
            case.delete()
    for service_id, renames in renamed.items():
        _forget_refs(service_id, renames)
    return kept


def _retire_victims_and_forget_refs(victims: list[VictimRecord]) -> None:
    """As cases: delete, or pseudonymise where an audit holds them; then the old references
    out of each service's access log and audit trail (retention of victims' records)."""
    by_service: dict[int, list[VictimRecord]] = {}
    for victim in victims:
        by_service.setdefault(victim.service_id, []).append(victim)
    for service_id, theirs in by_service.items():
        renames: dict[str, str] = {}
        _retire_victims_collecting_renames(theirs, renames)
        _forget_refs(service_id, renames)


def _retire_victims_collecting_renames(
    victims: list[VictimRecord], renames: dict[str, str]
) -> None:
    """As cases: delete, or pseudonymise where an audit holds them; each pseudonymised
    victim's old reference to its new one goes into `renames`, for the caller to forget with
    its cases' (all of one service)."""
    for victim in victims:
        held = (
            CaseAudit.objects.filter(victim=victim).exists()
            or SampledCase.objects.filter(victim=victim).exists()
            or ModerationDecision.objects.filter(victim=victim).exists()
        )
        if held:
            old = victim.victim_ref
            victim.victim_ref = _fresh_ref(VictimRecord, victim.service_id, "victim_ref")
            victim.save(update_fields=["victim_ref"])
            _strip_notes(CaseAudit.objects.filter(victim=victim))
            renames[old] = victim.victim_ref
        else:
            victim.delete()


def _pseudonymise(case: CaseRecord) -> str:
    case.case_ref = _fresh_ref(CaseRecord, case.service_id, "case_ref")
    case.child_ref = ""
    case.case_manager = ""
    case.date_of_birth = date(case.date_of_birth.year, 7, 1)
    case.save(update_fields=["case_ref", "child_ref", "case_manager", "date_of_birth"])
    _strip_notes(CaseAudit.objects.filter(case=case))
    ModerationDecision.objects.filter(case=case).update(reason=REMOVED)
    return case.case_ref


def _strip_notes(audits) -> None:  # type: ignore[no-untyped-def]
    """Remove what people wrote about the child; the answers stay."""
    AuditAnswer.objects.filter(audit__in=audits).exclude(evidence="").update(evidence=REMOVED)
    SafetyConcern.objects.filter(audit__in=audits).update(note=REMOVED, action_taken=REMOVED)
    AuditFeedback.objects.filter(audit__in=audits).update(text=REMOVED)


def _forget_refs(service_id: int, renames: dict[str, str]) -> None:
    """The old references out of the access log and the audit trail: who looked and what was
    done stay, under the new references. One pass over the service's trail."""
    if not renames:
        return
    for old, new in renames.items():
        AccessLog.objects.filter(service_id=service_id, record_ref=old).update(record_ref=new)
    # Whole references only: erasing NS1 must not touch NS10.
    alternatives = "|".join(re.escape(old) for old in sorted(renames, key=len, reverse=True))
    whole = re.compile(rf"(?<![\w/-])(?:{alternatives})(?![\w/-])")

    def swap(text: str) -> str:
        return whole.sub(lambda m: renames[m.group(0)], text)

    for event in AuditEvent.objects.filter(service_id=service_id).only(
        "pk", "object_label", "object_id", "changes"
    ):
        changes = json.dumps(event.changes)
        label, ident = swap(event.object_label), swap(event.object_id)
        new_changes = swap(changes)
        if (label, ident, new_changes) != (event.object_label, event.object_id, changes):
            event.object_label, event.object_id = label, ident
            event.changes = json.loads(new_changes)
            event.save(update_fields=["object_label", "object_id", "changes"])


def _fresh_ref(model: type[CaseRecord] | type[VictimRecord], service_id: int, field: str) -> str:
    while True:
        ref = f"{ERASED_PREFIX}{secrets.token_hex(4).upper()}"
        if not model.objects.filter(service_id=service_id, **{field: ref}).exists():
            return ref
