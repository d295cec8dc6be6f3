"""Making an inspection ready to publish, for tests about what publishing does (publishing
waits until the report has every figure and judgement: `report.publication_gaps`)."""

from __future__ import annotations

from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.models import CaseAudit, Inspection, JudgementRecord
from yjqa.web.inspections.moderation import moderation_queue
from yjqa.web.inspections.moderation_services import do_moderate_disagreement
from yjqa.web.inspections.report import publication_gaps


def make_ready_to_publish(inspection: Inspection) -> Inspection:
    """Record each missing judgement (its framework's second-best word), submit each first
    audit still open, and moderate each disagreement (the first auditor's answer)."""
    framework = inspection.framework
    judged = set(inspection.judgements.exclude(rating="").values_list("standard_id", flat=True))
    for standard in framework.standards_for(inspection.inspection_type or None):
        if standard.kind == "judgement" and standard.id not in judged:
            JudgementRecord.objects.update_or_create(
                inspection=inspection,
                standard_id=standard.id,
                defaults={"rating": framework.rating_words()[1], "evidence": "Seen."},
            )
    inspection.audits.filter(marking=CaseAudit.Marking.FIRST).exclude(
        status=CaseAudit.Status.SUBMITTED
    ).update(status=CaseAudit.Status.SUBMITTED)
    for disagreement in moderation_queue(inspection):
        do_moderate_disagreement(
            Actor.operator(),
            inspection,
            disagreement,
            agreed_answer=disagreement.first.answer,
            reason="The first auditor's reading holds.",
        )
    gaps = publication_gaps(inspection)
    assert not gaps, [g.text for g in gaps]
    return inspection
