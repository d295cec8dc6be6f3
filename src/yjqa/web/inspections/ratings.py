"""An inspection's live ratings, computed by the core engine from the answers that count.

Those are the submitted first markings, with the moderator's answer wherever a second
marking disagreed and has been moderated.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from yjqa.core.rating.outputs import rating_as_dict
from yjqa.core.rating.rules import (
    SAMPLE_POPULATIONS,
    FrameworkRating,
    case_domain,
    figures_from_tallies,
    rate_available,
    tally_answers,
)
from yjqa.core.rating.uncertainty import StandardUncertainty, uncertainty_from_cases
from yjqa.web.inspections.models import Inspection, SampledCase
from yjqa.web.inspections.moderation import CountedAnswers, counted_answers
from yjqa.web.inspections.sampling import entry_domain_id


@dataclass(frozen=True)
class InspectionRating:
    rating: FrameworkRating
    uncertainty: dict[str, StandardUncertainty]
    overall_probability: dict[str, float]  # overall rating -> chance, best first
    awaiting_moderation: list[tuple[str, str]]  # (case ref, key question)
    # The eligible caseload's size by domain population ("court"), from the samples; a
    # population left out was not known (no sample) and is treated as large.
    population: dict[str, int] = field(default_factory=dict)
    # The caseload size each case standard's chances used (standard id -> N).
    standard_population: dict[str, int] = field(default_factory=dict)


def inspection_rating_details(inspection: Inspection) -> InspectionRating:
    counted = counted_answers(inspection)
    rating = _rate(inspection, counted)
    population = sample_populations(inspection, counted)
    certainty = uncertainty_from_cases(
        inspection.framework, rating, counted.by_case, population=population
    )
    return InspectionRating(
        rating,
        certainty.standards,
        certainty.overall_probability,
        counted.awaiting,
        population,
        certainty.population,
    )


def sample_populations(inspection: Inspection, counted: CountedAnswers) -> dict[str, int]:
    """The eligible caseload each case domain's rating speaks for, by domain population: the
    eligible population of the one sample whose cases are audited under the domain.

    A domain with no sample is left out (treated as large), and so is a domain that also
    holds another sample's cases (HMIP's 2018 resettlement cases are audited as court work):
    its eligible caseload is then not one sample's. Cases added by hand make the caseload
    at least the number of cases read.
    """
    framework = inspection.framework
    found: dict[str, int] = {}
    shared: set[str] = set()
    for sample in inspection.samples.all():
        name = SAMPLE_POPULATIONS.get(sample.domain)
        own = case_domain(framework, name) if name else None
        if own is not None and own.population:
            found[own.population] = sample.population
            continue
        # No domain of its own: its cases are audited under others, by their outcome.
        for entry in SampledCase.objects.filter(sample=sample).select_related("case"):
            entry.sample = sample
            domain_id = entry_domain_id(entry)
            domain = next((d for d in framework.domains if d.id == domain_id), None)
            if domain is not None and domain.population:
                shared.add(domain.population)
    for name in shared:
        found.pop(name, None)
    for domain in framework.domains:
        if domain.population not in found:
            continue
        ids = {q.id for s in domain.standards if s.kind == "case" for q in s.key_questions}
        read = sum(1 for answers in counted.by_case.values() if ids & answers.keys())
        found[domain.population] = max(found[domain.population], read)
    return found


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


def inspection_rating_json(
    inspection: Inspection, details: InspectionRating | None = None
) -> dict[str, Any]:
    """The same JSON object `yjqa rate --format json` prints (from `details` if given)."""
    details = details if details is not None else inspection_rating_details(inspection)
    return rating_as_dict(
        details.rating,
        inspection.framework,
        details.uncertainty,
        overall_probability=details.overall_probability,
    )
