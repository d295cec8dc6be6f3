"""What an audit's form shows besides its fields: progress, and how submitting moved the
figures of the standards it answers (read from the live ratings, before and after)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from yjqa.core.documents.proportions import ALL_NOT_APPLICABLE, NO_CASES_YET, figure_proportion
from yjqa.core.frameworks.model import Domain, Framework
from yjqa.core.rating.rules import FrameworkRating, StandardResult
from yjqa.web.inspections.models import CaseAudit


@dataclass(frozen=True)
class Progress:
    answered: int
    total: int

    def __str__(self) -> str:
        noun = "key question" if self.total == 1 else "key questions"
        return f"{self.answered} of {self.total} {noun} answered"


def progress(questions: list[str], answers: Mapping[str, str]) -> Progress:
    """How many of the audit's key questions have an answer (Yes, No or Not applicable)."""
    return Progress(sum(1 for q in questions if answers.get(q)), len(questions))


def _percent(value: Fraction) -> str:
    return f"{value.numerator}%" if value.denominator == 1 else f"{float(value):.1f}%"


def _case_standards(domain: Domain) -> list[tuple[str, str]]:
    return [(s.id, s.title) for s in domain.standards if s.kind == "case"]


def _result(rating: FrameworkRating, standard_id: str) -> StandardResult | None:
    return next((s for s in rating.standards if s.standard_id == standard_id), None)


def figures_moved(
    audit: CaseAudit, domain: Domain, before: FrameworkRating, after: FrameworkRating
) -> list[str]:
    """For each case standard the audit answers, its figure (the lowest key question's
    % Yes, which the rating is banded from) after the submission and before it, the cases
    counted of those sampled, and the rating if it changed, e.g. "2.1.1 Assessing: 64% Yes,
    up from 60%; 11 of 17 cases". An unrated framework has no lowest figure nor rating:
    each key question's proportion of cases after the submission instead."""
    sampled = CaseAudit.objects.filter(
        inspection_id=audit.inspection_id,
        domain_id=audit.domain_id,
        marking=CaseAudit.Marking.FIRST,
    ).count()
    framework = audit.inspection.framework
    lines = []
    for standard_id, title in _case_standards(domain):
        now, was = _result(after, standard_id), _result(before, standard_id)
        if now is None:
            continue
        if not framework.rated:
            lines.append(_proportions_now(framework, standard_id, title, now, sampled))
            continue
        figure_now = now.lowest
        figure_was = was.lowest if was is not None else None
        if figure_now is None:
            moved = "no figure yet (every answer Not applicable)"
        elif figure_was is None:
            moved = f"{_percent(figure_now)} Yes, its first figure"
        elif figure_now == figure_was:
            moved = f"{_percent(figure_now)} Yes, unchanged"
        else:
            direction = "up" if figure_now > figure_was else "down"
            moved = f"{_percent(figure_now)} Yes, {direction} from {_percent(figure_was)}"
        counted = now.cases or 0
        line = f"{standard_id} {title}: {moved}; {counted} of {sampled} cases"
        if was is not None and was.rating != now.rating:
            line += f"; now {now.rating}, was {was.rating}"
        lines.append(line)
    return lines


def _proportions_now(
    framework: Framework, standard_id: str, title: str, now: StandardResult, sampled: int
) -> str:
    """E.g. "1 Reducing reoffending: 1.1 three-quarters of cases (3 of 4 cases, 75%); 1.2
    all cases (4 of 4 cases, 100%); 4 of 20 sampled cases counted"."""
    said = []
    for figure in now.key_questions:
        shown = figure_proportion(framework, figure)
        if shown is not None:
            text = shown.text()
        elif figure.tally is not None and figure.tally.not_applicable:
            text = ALL_NOT_APPLICABLE.lower()
        else:
            text = NO_CASES_YET.lower()
        said.append(f"{figure.key_question_id} {text}")
    counted = now.cases or 0
    return f"{standard_id} {title}: {'; '.join(said)}; {counted} of {sampled} sampled cases counted"
