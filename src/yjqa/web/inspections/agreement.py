"""How alike auditors answer: agreement over an inspection's double-marked cases.

Pairs are the two markings' own answers, before moderation: agreement measures the
auditors, not the moderator.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any, cast

from yjqa.core.rating.agreement import KAPPA_FLAG_BELOW, KAPPA_MIN_CASES, Agreement, agreement
from yjqa.core.rating.outputs import number
from yjqa.core.rating.rules import Answer, Tally
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.moderation import marked_cases
from yjqa.web.tenancy.models import Membership

Pair = tuple[Answer, Answer]


@dataclass(frozen=True)
class YesRates:
    """The same cases' % Yes as the service's auditors and as the inspectors answered."""

    key_question_id: str
    cases: int
    service: Tally
    inspectors: Tally


@dataclass(frozen=True)
class AgreementReport:
    double_marked: int  # cases whose two markings are both submitted
    overall: Agreement
    by_key_question: dict[str, Agreement]  # framework order
    by_auditor_pair: dict[tuple[str, str], Agreement]
    service_and_inspectors: list[YesRates]
    min_cases: int = KAPPA_MIN_CASES  # kappa from fewer cases rests on too few


def inspection_agreement(inspection: Inspection) -> AgreementReport:
    framework = inspection.framework
    inspectors = set(
        Membership.objects.filter(service=inspection.service, is_inspector=True).values_list(
            "user_id", flat=True
        )
    )
    by_question: dict[str, list[Pair]] = defaultdict(list)
    by_people: dict[tuple[str, str], list[Pair]] = defaultdict(list)
    # The double-marked cases behind each set of pairs (a case gives one pair a question).
    people_cases: dict[tuple[str, str], set[int]] = defaultdict(set)
    compared: set[int] = set()
    rates: dict[str, tuple[Tally, Tally, int]] = {}
    double_marked = 0
    for marked in marked_cases(inspection):
        second = marked.second
        if not marked.both_submitted or second is None:
            continue
        double_marked += 1
        first_answers = {a.key_question_id: a.answer for a in marked.first.answers.all()}
        people = tuple(
            sorted(
                a.auditor.full_name if a.auditor else "Not assigned" for a in (marked.first, second)
            )
        )
        first_is_inspector = marked.first.auditor_id in inspectors
        second_is_inspector = second.auditor_id in inspectors
        for answer in second.answers.all():
            mine = first_answers.get(answer.key_question_id, "")
            if not (mine and answer.answer):
                continue
            pair = (cast(Answer, mine), cast(Answer, answer.answer))
            by_question[answer.key_question_id].append(pair)
            by_people[(people[0], people[1])].append(pair)
            people_cases[(people[0], people[1])].add(marked.first.pk)
            compared.add(marked.first.pk)
            if first_is_inspector != second_is_inspector:
                service, inspector = pair if second_is_inspector else pair[::-1]
                staff, insp, cases = rates.get(answer.key_question_id, (Tally(), Tally(), 0))
                rates[answer.key_question_id] = (
                    staff.add(service),
                    insp.add(inspector),
                    cases + 1,
                )
    order = [q.id for s in framework.iter_standards() for q in s.key_questions]
    return AgreementReport(
        double_marked=double_marked,
        overall=agreement(
            [p for pairs in by_question.values() for p in pairs], cases=len(compared)
        ),
        by_key_question={
            q: agreement(by_question[q], cases=len(by_question[q]))
            for q in order
            if q in by_question
        },
        by_auditor_pair={
            k: agreement(v, cases=len(people_cases[k])) for k, v in sorted(by_people.items())
        },
        service_and_inspectors=[
            YesRates(q, rates[q][2], rates[q][0], rates[q][1]) for q in order if q in rates
        ],
    )


def _agreement_dict(result: Agreement) -> dict[str, Any]:
    return {
        "pairs": result.pairs,
        "agreed": result.agreed,
        "percent_agreement": None if result.percent is None else round(result.percent, 1),
        "kappa": None if result.kappa is None else round(result.kappa, 3),
        "ci95": None if result.ci95 is None else [round(b, 3) for b in result.ci95],
        "flagged": result.flagged,
        "cases": result.cases,
        "too_few_cases": result.too_few_cases,
    }


def agreement_as_dict(inspection: Inspection, report: AgreementReport) -> dict[str, Any]:
    """The JSON of `yjqa agreement --format json` and the agreement API."""
    return {
        "inspection": inspection.pk,
        "framework": inspection.framework_id,
        "double_marked_cases": report.double_marked,
        "kappa_flag_below": KAPPA_FLAG_BELOW,
        "kappa_min_cases": KAPPA_MIN_CASES,
        "overall": _agreement_dict(report.overall),
        "key_questions": {q: _agreement_dict(a) for q, a in report.by_key_question.items()},
        "auditor_pairs": [
            {"auditors": list(pair), **_agreement_dict(a)}
            for pair, a in report.by_auditor_pair.items()
        ],
        "service_and_inspectors": {
            r.key_question_id: {
                "cases": r.cases,
                "service_yes_percent": number(r.service.percentage),
                "inspector_yes_percent": number(r.inspectors.percentage),
            }
            for r in report.service_and_inspectors
        },
    }
