"""Double marking in the database, read: each case's markings, the moderation queue, history.

The rules (which answers count, which cases to double mark) are the core's; this module
reads the audits and rulings; `moderation_services` writes second markings and decisions.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import cast

from django.db.models import QuerySet

from yjqa.core.rating.moderation import Ruling, moderated_answers
from yjqa.core.rating.rules import Answer
from yjqa.web.accounts.models import User
from yjqa.web.inspections.models import (
    AuditAnswer,
    CaseAudit,
    Inspection,
    ModerationDecision,
)

Subject = tuple[int, int | None]  # CaseAudit.subject: (case id, victim id or None)
# What one pair of markings is of: the case (or victim) in one framework domain, since a case
# may be audited in several (the national standards' at court and in the community).
Marked = tuple[int, int | None, str]


def marked_subject(audit: CaseAudit) -> Marked:
    return (audit.case_id, audit.victim_id, audit.domain_id)


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
    audits = inspection.audits.select_related("case", "victim", "auditor").prefetch_related(
        "answers"
    )
    first: dict[Marked, CaseAudit] = {}
    second: dict[Marked, CaseAudit] = {}
    for audit in audits:
        (first if audit.marking == FIRST else second)[marked_subject(audit)] = audit
    return [MarkedCase(audit, second.get(subject)) for subject, audit in first.items()]


def hidden_markings(inspection: Inspection, user: User) -> set[int]:
    """Audits `user` may not read yet: the other marking of a case they are still marking.

    Keeping each auditor's answers out of the other's sight until both are submitted is what
    makes double marking independent.
    """
    mine = {
        (case_id, victim_id, domain_id): marking
        for case_id, victim_id, domain_id, marking in inspection.audits.filter(auditor=user)
        .exclude(status=SUBMITTED)
        .values_list("case_id", "victim_id", "domain_id", "marking")
    }
    others = inspection.audits.filter(case_id__in=[case for case, _, _ in mine]).values_list(
        "pk", "case_id", "victim_id", "domain_id", "marking"
    )
    return {
        pk
        for pk, case_id, victim_id, domain_id, marking in others
        if (key := (case_id, victim_id, domain_id)) in mine and marking != mine[key]
    }


def _answers(audit: CaseAudit) -> dict[str, Answer]:
    return {a.key_question_id: cast(Answer, a.answer) for a in audit.answers.all() if a.answer}


def _rulings(inspection: Inspection) -> dict[Subject, dict[str, list[Ruling]]]:
    rulings: dict[Subject, dict[str, list[Ruling]]] = defaultdict(lambda: defaultdict(list))
    for d in inspection.moderation_decisions.all():
        rulings[(d.case_id, d.victim_id)][d.key_question_id].append(
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

    by_case: dict[str, dict[str, Answer]]  # CaseAudit.answer_key -> key question -> answer
    awaiting: list[tuple[str, str]]  # (case or victim ref, key question)


def counted_answers(inspection: Inspection) -> CountedAnswers:
    """Submitted first markings, with moderated answers where a second marking disagreed.

    A case audited in several domains (the national standards) counts in each: its answers
    are to each domain's own key questions, so they are gathered under the case, none lost.
    """
    rulings = _rulings(inspection)
    by_case: dict[str, dict[str, Answer]] = {}
    awaiting: list[tuple[str, str]] = []
    for marked in marked_cases(inspection):
        if marked.first.status != SUBMITTED:
            continue
        second = _answers(marked.second) if marked.both_submitted and marked.second else None
        result = moderated_answers(
            _answers(marked.first), second, rulings.get(marked.first.subject, {})
        )
        by_case.setdefault(marked.first.answer_key, {}).update(result.answers)
        awaiting += [(marked.first.ref, q) for q in result.awaiting]
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
            rulings.get(marked.first.subject, {}),
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
            if d.marked.first.ref == case_ref and d.key_question_id == key_question_id
        ),
        None,
    )


def history(inspection: Inspection) -> QuerySet[ModerationDecision]:
    return inspection.moderation_decisions.select_related(
        "case", "first_auditor", "second_auditor", "moderated_by"
    ).order_by("-moderated_at", "-id")


def is_independent(user: User, disagreement: Disagreement) -> bool:
    """A moderator is neither of the case's two auditors."""
    second = disagreement.marked.second
    auditors = {disagreement.marked.first.auditor_id, second.auditor_id if second else None}
    return user.pk not in auditors
