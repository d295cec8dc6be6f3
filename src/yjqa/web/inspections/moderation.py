"""Double marking in the database: second audits, the moderation queue and its history.

The rules (which answers count, which cases to double mark) are the core's; this module
reads the audits and rulings and writes new second markings and moderation decisions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet

from yjqa.core.rating.moderation import Ruling, cases_to_double_mark, moderated_answers
from yjqa.core.rating.rules import Answer
from yjqa.web.accounts.models import User
from yjqa.web.inspections.models import (
    AuditAnswer,
    CaseAudit,
    Inspection,
    ModerationDecision,
)
from yjqa.web.inspections.services import ensure_writable

SUBMITTED = CaseAudit.Status.SUBMITTED
FIRST, SECOND = CaseAudit.Marking.FIRST, CaseAudit.Marking.SECOND


@dataclass(frozen=True)
class MarkedCase:
    """A case's audits: the first marking and, if double marked, the second."""

    first: CaseAudit
    second: CaseAudit | None

    @property
    def both_submitted(self) -> bool:
        return (
            self.second is not None
            and self.first.status == SUBMITTED
            and self.second.status == SUBMITTED
        )


@dataclass(frozen=True)
class Disagreement:
    marked: MarkedCase
    key_question_id: str
    first: AuditAnswer
    second: AuditAnswer


def marked_cases(inspection: Inspection) -> list[MarkedCase]:
    audits = inspection.audits.select_related("case", "auditor").prefetch_related("answers")
    first: dict[int, CaseAudit] = {}
    second: dict[int, CaseAudit] = {}
    for audit in audits:
        (first if audit.marking == FIRST else second)[audit.case_id] = audit
    return [MarkedCase(audit, second.get(case_id)) for case_id, audit in first.items()]


def hidden_markings(inspection: Inspection, user: User) -> set[int]:
    """Audits `user` may not read yet: the other marking of a case they are still marking.

    Keeping each auditor's answers out of the other's sight until both are submitted is what
    makes double marking independent.
    """
    mine = dict(
        inspection.audits.filter(auditor=user)
        .exclude(status=SUBMITTED)
        .values_list("case_id", "marking")
    )
    others = inspection.audits.filter(case_id__in=mine).values_list("pk", "case_id", "marking")
    return {pk for pk, case_id, marking in others if marking != mine[case_id]}


def _answers(audit: CaseAudit) -> dict[str, Answer]:
    return {a.key_question_id: cast(Answer, a.answer) for a in audit.answers.all() if a.answer}


def _rulings(inspection: Inspection) -> dict[int, dict[str, list[Ruling]]]:
    rulings: dict[int, dict[str, list[Ruling]]] = defaultdict(lambda: defaultdict(list))
    for d in inspection.moderation_decisions.all():
        rulings[d.case_id][d.key_question_id].append(
            Ruling(
                cast(Answer, d.first_answer),
                cast(Answer, d.second_answer),
                cast(Answer, d.agreed_answer),
            )
        )
    return rulings


@dataclass(frozen=True)
class CountedAnswers:
    """The answers ratings are built from, and what still awaits moderation."""

    by_case: dict[str, dict[str, Answer]]  # case ref -> key question -> answer
    awaiting: list[tuple[str, str]]  # (case ref, key question)


def counted_answers(inspection: Inspection) -> CountedAnswers:
    """Submitted first markings, with moderated answers where a second marking disagreed."""
    rulings = _rulings(inspection)
    by_case: dict[str, dict[str, Answer]] = {}
    awaiting: list[tuple[str, str]] = []
    for marked in marked_cases(inspection):
        if marked.first.status != SUBMITTED:
            continue
        second = _answers(marked.second) if marked.both_submitted and marked.second else None
        result = moderated_answers(
            _answers(marked.first), second, rulings.get(marked.first.case_id, {})
        )
        ref = marked.first.case.case_ref
        by_case[ref] = result.answers
        awaiting += [(ref, q) for q in result.awaiting]
    return CountedAnswers(by_case, awaiting)


def moderation_queue(inspection: Inspection) -> list[Disagreement]:
    """Disagreements between submitted first and second markings with no ruling yet."""
    rulings = _rulings(inspection)
    queue: list[Disagreement] = []
    for marked in marked_cases(inspection):
        if not marked.both_submitted or marked.second is None:
            continue
        first = {a.key_question_id: a for a in marked.first.answers.all() if a.answer}
        second = {a.key_question_id: a for a in marked.second.answers.all() if a.answer}
        result = moderated_answers(
            {q: cast(Answer, a.answer) for q, a in first.items()},
            {q: cast(Answer, a.answer) for q, a in second.items()},
            rulings.get(marked.first.case_id, {}),
        )
        queue += [Disagreement(marked, q, first[q], second[q]) for q in result.awaiting]
    return queue


def find_disagreement(
    inspection: Inspection, case_ref: str, key_question_id: str
) -> Disagreement | None:
    return next(
        (
            d
            for d in moderation_queue(inspection)
            if d.marked.first.case.case_ref == case_ref and d.key_question_id == key_question_id
        ),
        None,
    )


def history(inspection: Inspection) -> QuerySet[ModerationDecision]:
    return inspection.moderation_decisions.select_related(
        "case", "first_auditor", "second_auditor", "moderated_by"
    ).order_by("-moderated_at", "-id")


def may_moderate(user: User, disagreement: Disagreement) -> bool:
    """A moderator is neither of the case's two auditors."""
    second = disagreement.marked.second
    auditors = {disagreement.marked.first.auditor_id, second.auditor_id if second else None}
    return user.pk not in auditors


@transaction.atomic
def do_moderate(
    inspection: Inspection,
    disagreement: Disagreement,
    *,
    agreed_answer: str,
    reason: str,
    user: User,
) -> ModerationDecision:
    ensure_writable(inspection)
    if not may_moderate(user, disagreement):
        raise ValidationError(
            "You audited this case, so someone else must moderate it: moderation must be "
            "independent of both auditors."
        )
    if not reason.strip():
        raise ValidationError("Give the reason for the agreed answer.")
    second = disagreement.marked.second
    assert second is not None
    return ModerationDecision.objects.create(
        inspection=inspection,
        case=disagreement.marked.first.case,
        key_question_id=disagreement.key_question_id,
        first_answer=disagreement.first.answer,
        second_answer=disagreement.second.answer,
        first_auditor=disagreement.marked.first.auditor,
        second_auditor=second.auditor,
        agreed_answer=agreed_answer,
        reason=reason.strip(),
        moderated_by=user,
    )


@transaction.atomic
def do_add_second_marking(inspection: Inspection, first: CaseAudit, auditor: User) -> CaseAudit:
    """Ask `auditor` to audit the case again, independently of its first auditor."""
    ensure_writable(inspection)
    if first.marking != FIRST or first.inspection_id != inspection.pk:
        raise ValidationError("Only a case's first audit can be double marked.")
    if first.auditor_id == auditor.pk:
        raise ValidationError(
            f"{auditor.full_name} is the first auditor of {first.case.case_ref}: "
            "choose someone else, so that the second marking is independent."
        )
    if inspection.audits.filter(case=first.case, marking=SECOND).exists():
        raise ValidationError(f"{first.case.case_ref} is already double marked.")
    return CaseAudit.objects.create(
        inspection=inspection,
        case=first.case,
        domain_id=first.domain_id,
        marking=SECOND,
        auditor=auditor,
    )


@transaction.atomic
def do_choose_double_marking(inspection: Inspection, auditors: Iterable[User]) -> list[CaseAudit]:
    """Double mark enough cases to reach the inspection's share, shared among `auditors`.

    Each chosen case goes to the auditor with the fewest second markings so far who is not
    its first auditor; the cases are drawn by a seed fixed to the inspection, so asking
    again chooses the same ones.
    """
    ensure_writable(inspection)
    pool = list(auditors)
    marked = marked_cases(inspection)
    by_domain: dict[str, list[str]] = defaultdict(list)
    for m in marked:
        by_domain[m.first.domain_id].append(m.first.case.case_ref)
    already = [m.first.case.case_ref for m in marked if m.second is not None]
    chosen = cases_to_double_mark(
        by_domain, inspection.double_marking_percent, already, seed=inspection.pk
    )
    firsts = {m.first.case.case_ref: m.first for m in marked}
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
                f"No one in the inspection team other than its first auditor can double "
                f"mark {ref}: add another auditor to the team."
            )
        auditor = min(candidates, key=lambda u: (load[u.pk], u.full_name))
        load[auditor.pk] += 1
        added.append(do_add_second_marking(inspection, first, auditor))
    return added
