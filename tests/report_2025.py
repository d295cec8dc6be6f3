"""A 2025-framework inspection made from case answers, for the report, renderer and board
pack tests: children's cases answering domain 2, victims' cases answering V1.

The answers are made here; the tests work out the figures from them, never from the report.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

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
    uncertainty = uncertainty_from_cases(framework, rating, answers)
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
