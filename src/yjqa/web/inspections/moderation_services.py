"""Writes for double marking and moderation: second audits and moderators' decisions."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from yjqa.core.rating.moderation import cases_to_double_mark
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor, created, record, require
from yjqa.web.inspections.guards import ensure_writable, may_moderate
from yjqa.web.inspections.models import CaseAudit, Inspection, ModerationDecision
from yjqa.web.inspections.moderation import (
    FIRST,
    SECOND,
    Disagreement,
    is_independent,
    marked_cases,
)


@transaction.atomic
def do_moderate_disagreement(
    actor: Actor,
    inspection: Inspection,
    disagreement: Disagreement,
    *,
    agreed_answer: str,
    reason: str,
) -> ModerationDecision:
    """Record the agreed answer to a key question the case's two auditors answered apart."""
    if not may_moderate(actor, inspection):
        raise PermissionDenied(f"{actor.label} may not moderate this inspection.")
    ensure_writable(inspection)
    if actor.user is not None and not is_independent(actor.user, disagreement):
        raise ValidationError(
            "You audited this case, so someone else must moderate it: moderation must be "
            "independent of both auditors."
        )
    if not reason.strip():
        raise ValidationError("Give the reason for the agreed answer.")
    second = disagreement.marked.second
    assert second is not None
    decision = ModerationDecision.objects.create(
        inspection=inspection,
        case=disagreement.marked.first.case,
        victim=disagreement.marked.first.victim,
        key_question_id=disagreement.key_question_id,
        first_answer=disagreement.first.answer,
        second_answer=disagreement.second.answer,
        first_auditor=disagreement.marked.first.auditor,
        second_auditor=second.auditor,
        agreed_answer=agreed_answer,
        reason=reason.strip(),
        moderated_by=actor.user,
    )
    record(
        actor,
        "moderate_disagreement",
        decision,
        service=inspection.service,
        object_label=f"{disagreement.marked.first.ref} {decision.key_question_id}",
        changes=created(
            {
                "case": disagreement.marked.first.ref,
                "key_question": decision.key_question_id,
                "first_answer": decision.first_answer,
                "second_answer": decision.second_answer,
                "agreed_answer": decision.agreed_answer,
                "reason": decision.reason,
            }
        ),
        inspection_id=inspection.pk,
    )
    return decision


@transaction.atomic
def do_add_second_marking(
    actor: Actor, inspection: Inspection, first: CaseAudit, auditor: User
) -> CaseAudit:
    """Ask `auditor` to audit the case again, independently of its first auditor."""
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    if first.marking != FIRST or first.inspection_id != inspection.pk:
        raise ValidationError("Only a case's first audit can be double marked.")
    if first.auditor_id == auditor.pk:
        raise ValidationError(
            f"{auditor.full_name} is the first auditor of {first.ref}: "
            "choose someone else, so that the second marking is independent.",
            code="first_auditor",
        )
    if inspection.audits.filter(
        case=first.case, victim=first.victim, domain_id=first.domain_id, marking=SECOND
    ).exists():
        raise ValidationError(f"{first.ref} is already double marked.", code="double_marked")
    second = CaseAudit.objects.create(
        inspection=inspection,
        case=first.case,
        victim=first.victim,
        domain_id=first.domain_id,
        marking=SECOND,
        auditor=auditor,
    )
    record(
        actor,
        "add_second_marking",
        second,
        service=inspection.service,
        object_label=first.ref,
        changes=created({"case": first.ref, "auditor": auditor.full_name}),
        inspection_id=inspection.pk,
    )
    return second


@transaction.atomic
def do_choose_double_marking(
    actor: Actor, inspection: Inspection, auditors: Iterable[User]
) -> list[CaseAudit]:
    """Double mark enough cases to reach the inspection's share, shared among `auditors`.

    Each chosen case goes to the auditor with the fewest second markings so far who is not
    its first auditor; the cases are drawn by a seed fixed to the inspection, so asking
    again chooses the same ones.
    """
    require(actor, inspection.service, "manage_inspections")
    ensure_writable(inspection)
    pool = list(auditors)
    marked = marked_cases(inspection)
    # A case audited in several domains (the national standards) is a case to double mark
    # in each: it is named with its domain there, so the draw tells them apart.
    domains_of: dict[str, set[str]] = defaultdict(set)
    for m in marked:
        domains_of[m.first.ref].add(m.first.domain_id)

    def key(audit: CaseAudit) -> str:
        many = len(domains_of[audit.ref]) > 1
        return f"{audit.ref} ({audit.domain_id})" if many else audit.ref

    by_domain: dict[str, list[str]] = defaultdict(list)
    for m in marked:
        by_domain[m.first.domain_id].append(key(m.first))
    already = [key(m.first) for m in marked if m.second is not None]
    chosen = cases_to_double_mark(
        by_domain, inspection.double_marking_percent, already, seed=inspection.pk
    )
    firsts = {key(m.first): m.first for m in marked}
    load: dict[int, int] = defaultdict(int)
    for m in marked:
        if m.second is not None and m.second.auditor_id is not None:
            load[m.second.auditor_id] += 1
    added: list[CaseAudit] = []
    for ref in chosen:
        first = firsts[ref]
        candidates = [u for u in pool if u.pk != first.auditor_id]
        if not candidates:
            raise ValidationError(
                (
                    "The inspection team has no auditors yet, so no one can double mark its "
                    "cases: add at least two auditors to the team in the inspection's details."
                )
                if not pool
                else f"No one in the inspection team other than its first auditor can double "
                f"mark {ref}: add a second auditor to the team in the inspection's details.",
                code="no_second_auditor",
            )
        auditor = min(candidates, key=lambda u: (load[u.pk], u.full_name))
        load[auditor.pk] += 1
        added.append(do_add_second_marking(actor, inspection, first, auditor))
    if added:
        record(
            actor,
            "choose_double_marking",
            inspection,
            service=inspection.service,
            changes=created(
                {
                    "share": inspection.double_marking_percent,
                    "cases": [a.ref for a in added],
                }
            ),
            inspection_id=inspection.pk,
        )
    return added
