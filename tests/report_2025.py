"""A 2025-framework inspection made from case answers, for the report, renderer and board
pack tests: children's cases answering domain 2, victims' cases answering V1.

The answers are made here; the tests work out the figures from them, never from the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from fractions import Fraction
from typing import Any

from yjqa.core.documents.inspection_report import Recommendation, ReportInput, build_report
from yjqa.core.documents.model import Report
from yjqa.core.frameworks.model import Framework
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import (
    Answer,
    FrameworkRating,
    figures_from_tallies,
    rate_available,
    tally_answers,
)
from yjqa.core.rating.uncertainty import StandardUncertainty, uncertainty_from_cases

FRAMEWORK_ID = "hmip-youth-2025"
SERVICE = "Northshire"

# key question -> (yes, no, not applicable) over the cases, in case order.
CHILDREN_ANSWERS: dict[str, tuple[int, int, int]] = {
    "2.1.1": (15, 1, 0),
    "2.1.2": (13, 3, 0),
    "2.2.1": (12, 4, 0),
    "2.2.2": (10, 5, 1),
    "2.3.1": (14, 2, 0),
    "2.3.2": (11, 5, 0),
}
VICTIMS_ANSWERS: dict[str, tuple[int, int, int]] = {
    "V1.1": (7, 3, 0),
    "V1.2": (6, 3, 1),
}
JUDGEMENTS = {
    "1.1": "Good",
    "1.2": "Outstanding",
    "1.3": "Requires improvement",
    "1.4": "Good",
}
RECOMMENDATIONS = (
    Recommendation("Northshire YJS management board", "make sure victims are contacted promptly"),
    Recommendation("Northshire YJS management board", "strengthen planning to keep children safe"),
    Recommendation("The head of service", "review how safety is assessed in out-of-court work"),
)


def make_answers(
    spec: Mapping[str, tuple[int, int, int]], prefix: str
) -> dict[str, dict[str, Answer]]:
    """Case ref -> key question -> answer, the counts of each key question spread over cases."""
    cases = max(sum(counts) for counts in spec.values())
    answers: dict[str, dict[str, Answer]] = {f"{prefix}{n:02d}": {} for n in range(1, cases + 1)}
    for question, (yes, no, not_applicable) in spec.items():
        words: list[Answer] = ["yes"] * yes + ["no"] * no + ["n/a"] * not_applicable
        for ref, word in zip(answers, words, strict=True):
            answers[ref][question] = word
    return answers


def shown_percent(yes: int, no: int) -> int:
    """% Yes among Yes and No, rounded half up as the framework says."""
    return math.floor(Fraction(100 * yes, yes + no) + Fraction(1, 2))


@dataclass(frozen=True)
class Made:
    framework: Framework
    rating: FrameworkRating
    uncertainty: dict[str, StandardUncertainty]
    answers: dict[str, dict[str, Answer]]
    report: Report


def make_2025(
    inspection_type: str, *, victims: bool = True, judgements: Mapping[str, str] | None = None
) -> Made:
    """Rate the made answers as this kind of inspection and build its report."""
    framework = get_framework(FRAMEWORK_ID)
    answers = make_answers(CHILDREN_ANSWERS, "C")
    if victims:
        answers |= make_answers(VICTIMS_ANSWERS, "V")
    rows = [(ref, q, a) for ref, by_q in answers.items() for q, a in by_q.items()]
    cases: dict[str, set[str]] = {}
    for ref, question, _ in rows:
        cases.setdefault(framework.key_question(question)[0].id, set()).add(ref)
    if judgements is None:
        judgements = JUDGEMENTS if inspection_type == "full" else {}
    rating = rate_available(
        framework,
        figures_from_tallies(framework, tally_answers(framework, rows)),
        judgements,
        {sid: len(refs) for sid, refs in cases.items()},
        inspection_type,
    )
    uncertainty = uncertainty_from_cases(framework, rating, answers).standards
    report = build_report(
        ReportInput(
            service=SERVICE,
            title="Mock inspection 2026",
            kind="Mock inspection",
            framework=framework,
            rating=rating,
            summary="Practitioners knew their children well.\n\nWork with victims was improving.",
            recommendations=RECOMMENDATIONS,
            uncertainty=uncertainty,
        )
    )
    return Made(framework, rating, uncertainty, answers, report)


def create_2025_inspection(
    service_slug: str, inspection_type: str, *, title: str = "", kind: str = "mock_inspection"
) -> Any:
    """A 2025 inspection in the database with the made answers as submitted audits: children's
    cases answering domain 2, and victims' cases (victims of the sampled children, two to a
    child, so `case` is that child's case) answering V; a full inspection also gets the
    organisational judgements. Returns the Inspection."""
    from yjqa.web.caseload.models import CaseRecord, VictimRecord
    from yjqa.web.inspections.models import AuditAnswer, CaseAudit, Inspection, JudgementRecord
    from yjqa.web.tenancy.models import Service

    service = Service.objects.get(slug=service_slug)
    inspection = Inspection.objects.create(
        service=service,
        title=title or f"Mock inspection 2026 ({inspection_type.replace('_', ' ')})",
        framework_id=FRAMEWORK_ID,
        kind=kind,
        inspection_type=inspection_type,
        fieldwork_start=date(2026, 2, 2),
        fieldwork_end=date(2026, 2, 6),
    )
    submitted = CaseAudit.Status.SUBMITTED
    children: list[Any] = []
    for n, (ref, answers) in enumerate(make_answers(CHILDREN_ANSWERS, "Y25C").items()):
        case = CaseRecord.objects.create(
            service=service,
            case_ref=f"{ref}-{inspection.pk}",
            sex="male" if n % 3 else "female",
            ethnicity="white",
            date_of_birth=date(2009, 1 + n % 12, 1),
            outcome="referral_order" if n % 2 else "youth_caution",
            outcome_date=date(2025, 9, 1 + n),
            rosh="medium",
            safety_wellbeing="medium",
        )
        children.append(case)
        audit = CaseAudit.objects.create(
            inspection=inspection, case=case, domain_id="2", status=submitted
        )
        AuditAnswer.objects.bulk_create(
            AuditAnswer(audit=audit, key_question_id=q, answer=a) for q, a in answers.items()
        )
    for n, (ref, answers) in enumerate(make_answers(VICTIMS_ANSWERS, "Y25V").items()):
        child_case = children[n // 2]  # two victims of one child: their audits stay apart
        victim = VictimRecord.objects.create(
            service=service,
            victim_ref=f"{ref}-{inspection.pk}",
            case=child_case,
            offence_category="violence_against_the_person",
            offence_date=date(2025, 8, 1 + n),
            first_contact_date=date(2025, 8, 10 + n),
            consent_to_contact=True,
            support_given="information",
        )
        audit = CaseAudit.objects.create(
            inspection=inspection, case=child_case, victim=victim, domain_id="V", status=submitted
        )
        AuditAnswer.objects.bulk_create(
            AuditAnswer(audit=audit, key_question_id=q, answer=a) for q, a in answers.items()
        )
    if inspection_type == "full":
        for standard_id, word in JUDGEMENTS.items():
            JudgementRecord.objects.create(
                inspection=inspection, standard_id=standard_id, rating=word, evidence="Seen."
            )
    return inspection
