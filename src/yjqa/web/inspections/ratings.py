"""An inspection's live ratings, computed by the core engine from submitted audits."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from yjqa.core.rating import FrameworkRating, Tally, figures_from_tallies, rate_available
from yjqa.core.rating_output import rating_as_dict
from yjqa.web.inspections.models import AuditAnswer, CaseAudit, Inspection


def inspection_rating(inspection: Inspection) -> FrameworkRating:
    framework = inspection.framework
    tallies: dict[str, dict[str, Tally]] = defaultdict(dict)
    cases: dict[str, set[int]] = defaultdict(set)
    answers = AuditAnswer.objects.filter(
        audit__inspection=inspection, audit__status=CaseAudit.Status.SUBMITTED
    ).exclude(answer="")
    for audit_id, question_id, answer in answers.values_list(
        "audit_id", "key_question_id", "answer"
    ):
        standard, _ = framework.key_question(question_id)
        tally = tallies[standard.id].get(question_id, Tally())
        tallies[standard.id][question_id] = tally.add(answer)  # type: ignore[arg-type]
        cases[standard.id].add(audit_id)
    judgements = dict(inspection.judgements.exclude(rating="").values_list("standard_id", "rating"))
    return rate_available(
        framework,
        figures_from_tallies(framework, tallies),
        judgements,
        {sid: len(ids) for sid, ids in cases.items()},
    )


def inspection_rating_json(inspection: Inspection) -> dict[str, Any]:
    """The same JSON object `yjqa rate --format json` prints."""
    return rating_as_dict(inspection_rating(inspection), inspection.framework)
