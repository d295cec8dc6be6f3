"""An inspection's report, read: assembled from the database, or frozen once published."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import replace
from datetime import date

from yjqa.core.caseload import codes
from yjqa.core.documents.inspection_report import (
    BalanceRow,
    Findings,
    Recommendation,
    ReportInput,
    SampleSummary,
    build_report,
)
from yjqa.core.documents.model import Report
from yjqa.core.rating.rules import Tally
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.models import CaseAudit, Inspection, PromptAnswer, ReportSnapshot
from yjqa.web.inspections.ratings import inspection_rating, inspection_rating_details
from yjqa.web.inspections.sampling import current_balance

GROUP_LABELS = codes.OUTCOME_GROUP_LABELS


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip(" -•\t") for line in text.splitlines() if line.strip(" -•\t"))


def report_input(inspection: Inspection) -> ReportInput:
    findings: dict[str, Findings] = {}
    evidence = dict(inspection.judgements.values_list("standard_id", "evidence"))
    for record in inspection.findings.all():
        findings[record.standard_id] = Findings(
            narrative=record.narrative,
            strengths=_lines(record.strengths),
            areas_for_improvement=_lines(record.areas_for_improvement),
            evidence=evidence.pop(record.standard_id, ""),
        )
    for standard_id, text in evidence.items():
        findings[standard_id] = Findings(evidence=text)
    caseload: dict[str, int] = defaultdict(int)
    for outcome in CaseRecord.objects.filter(service=inspection.service).values_list(
        "outcome", flat=True
    ):
        caseload[GROUP_LABELS[codes.outcome_group(outcome)]] += 1
    prompts: dict[str, Tally] = defaultdict(Tally)
    answered = PromptAnswer.objects.filter(
        audit__inspection=inspection,
        audit__status=CaseAudit.Status.SUBMITTED,
        audit__marking=CaseAudit.Marking.FIRST,
    ).exclude(answer="")
    for prompt_id, answer in answered.values_list("prompt_id", "answer"):
        prompts[prompt_id] = prompts[prompt_id].add(answer)  # type: ignore[arg-type]
    samples = [
        SampleSummary(
            domain=sample.get_domain_display(),
            population=sample.population,
            size=sample.sample_size,
            plan=sample.plan_id,
            balance={
                codes.FIELD_LABELS.get(field, field): [
                    BalanceRow(
                        codes.label_for(field, code), row.population, row.expected, row.sample
                    )
                    for code, row in categories.items()
                ]
                for field, categories in current_balance(sample).items()
            },
        )
        for sample in inspection.samples.all()
    ]
    framework = inspection.framework
    if framework.inspection_types:
        # A kind of inspection (2025): rated as the inspection's kind, with how sure each
        # rating is, which the 2025 layout prints beside the figures.
        details = inspection_rating_details(inspection)
        rating, uncertainty = details.rating, details.uncertainty
    else:
        rating, uncertainty = inspection_rating(inspection), {}
    return ReportInput(
        service=inspection.service.name,
        title=inspection.title,
        kind=inspection.get_kind_display(),
        framework=framework,
        rating=rating,
        fieldwork_start=inspection.fieldwork_start,
        fieldwork_end=inspection.fieldwork_end,
        summary=inspection.summary,
        findings=findings,
        recommendations=[
            Recommendation(r.addressee, r.text) for r in inspection.recommendations.all()
        ],
        caseload=[(label, caseload[label]) for label in GROUP_LABELS.values() if caseload[label]],
        samples=samples,
        prompt_tallies=dict(prompts),
        uncertainty=uncertainty,
    )


def inspection_report(inspection: Inspection) -> Report:
    """The frozen report of a published inspection, or a fresh draft."""
    snapshot = ReportSnapshot.objects.filter(inspection=inspection).first()
    if snapshot is not None:
        return Report.model_validate_json(snapshot.content)
    return build_report(report_input(inspection))


def report_to_freeze(inspection: Inspection) -> Report:
    """The report as it stands, dated today: what publishing freezes (`do_freeze_report`)."""
    return build_report(replace(report_input(inspection), published=date.today()))
