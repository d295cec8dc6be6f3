"""An inspection's live ratings, computed by the core engine from the answers that count.

Those are the submitted first markings, with the moderator's answer wherever a second
marking disagreed and has been moderated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from yjqa.core.rating.outputs import rating_as_dict
from yjqa.core.rating.rules import (
    FrameworkRating,
    figures_from_tallies,
    rate_available,
    tally_answers,
)
from yjqa.core.rating.uncertainty import StandardUncertainty, uncertainty_from_cases
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.moderation import CountedAnswers, counted_answers


@dataclass(frozen=True)
class InspectionRating:
    rating: FrameworkRating
    uncertainty: dict[str, StandardUncertainty]
    overall_probability: dict[str, float]  # overall rating -> chance, best first
    awaiting_moderation: list[tuple[str, str]]  # (case ref, key question)


def inspection_rating_details(inspection: Inspection) -> InspectionRating:
    counted = counted_answers(inspection)
    rating = _rate(inspection, counted)
    certainty = uncertainty_from_cases(inspection.framework, rating, counted.by_case)
    return InspectionRating(
        rating, certainty.standards, certainty.overall_probability, counted.awaiting
    )


def inspection_rating(inspection: Inspection) -> FrameworkRating:
    return _rate(inspection, counted_answers(inspection))


def _rate(inspection: Inspection, counted: CountedAnswers) -> FrameworkRating:
    framework = inspection.framework
    rows = [(ref, q, a) for ref, answers in counted.by_case.items() for q, a in answers.items()]
    cases: dict[str, set[str]] = defaultdict(set)
    for ref, question, _answer in rows:
        cases[framework.key_question(question)[0].id].add(ref)
    judgements = dict(inspection.judgements.exclude(rating="").values_list("standard_id", "rating"))
    return rate_available(
        framework,
        figures_from_tallies(framework, tally_answers(framework, rows)),
        judgements,
        {sid: len(refs) for sid, refs in cases.items()},
        inspection_type=inspection.inspection_type or None,
    )


def inspection_rating_json(inspection: Inspection) -> dict[str, Any]:
    """The same JSON object `yjqa rate --format json` prints."""
    details = inspection_rating_details(inspection)
    return rating_as_dict(details.rating, inspection.framework, details.uncertainty)
