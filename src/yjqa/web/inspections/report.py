"""An inspection's report, read: assembled from the database, or frozen once published."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, replace
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
from yjqa.core.documents.screening_letter import (
    LetterInput,
    LocalRate,
    build_letter,
    parse_copy_list,
)
from yjqa.core.frameworks.model import NOT_RATED, Framework, Standard
from yjqa.core.indicators.engine import compute_indicators
from yjqa.core.indicators.suppression import is_suppressed, suppress_one
from yjqa.core.rating.rules import StandardResult, Tally
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.judgement_evidence import report_evidence
from yjqa.web.inspections.models import CaseAudit, Inspection, PromptAnswer, ReportSnapshot
from yjqa.web.inspections.ratings import inspection_rating, inspection_rating_details
from yjqa.web.inspections.sampling import current_balance
from yjqa.web.tenancy.models import Service

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
    overall_probability: dict[str, float] = {}
    too_few: tuple[str, ...] = ()
    if framework.rated:
        # How sure the ratings are: the annexe gives the chance of each overall rating; a
        # kind of inspection (2025) also prints each rating's beside its figures.
        details = inspection_rating_details(inspection)
        rating, overall_probability = details.rating, details.overall_probability
        uncertainty = details.uncertainty if framework.inspection_types else {}
        too_few = tuple(sid for sid, sure in details.uncertainty.items() if sure.too_few_cases)
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
        judged=frozenset(
            inspection.judgements.exclude(rating="").values_list("standard_id", flat=True)
        ),
        evidence=report_evidence(inspection),
        overall_probability=overall_probability,
        too_few_cases=too_few,
    )


# Frameworks whose inspections are reported as a letter, not a report (seed 001).
LETTER_FRAMEWORKS = frozenset({"hmip-sqs-2016"})


def is_letter(inspection: Inspection) -> bool:
    """A short quality screening: reported as a letter, with its letter fields."""
    return inspection.framework_id in LETTER_FRAMEWORKS


def local_reoffending(service: Service) -> LocalRate | None:
    """The service's proven reoffending rate (binary, %) for the latest financial year with
    outcomes, from its indicators; None when yjqa holds none (no data, or a figure hidden as
    a small number: a letter is shared)."""
    from yjqa.web.indicators.dashboard import available_years, default_year, financial_year_label
    from yjqa.web.indicators.services import service_data

    years, last = available_years(service)
    if not years or last is None:
        return None
    period = default_year(years, last)
    figures = compute_indicators(service_data(service), period.start, period.end, [service.name])
    mine = figures["services"].get(service.name)
    if mine is None:
        return None
    rate = (suppress_one(mine).get("reoffending") or {}).get("binary_rate")
    if rate is None or is_suppressed(rate):
        return None
    return LocalRate(float(rate), financial_year_label(period))


def letter_input(inspection: Inspection, report: ReportInput | None = None) -> LetterInput:
    return LetterInput(
        report=report or report_input(inspection),
        letter_to=inspection.letter_to,
        letter_from=inspection.letter_from,
        copy_to=parse_copy_list(inspection.copy_to),
        operational_management=inspection.operational_management,
        key_strengths=_lines(inspection.key_strengths),
        local_reoffending=local_reoffending(inspection.service),
    )


def _build(inspection: Inspection, report: ReportInput) -> Report:
    if is_letter(inspection):
        return build_letter(letter_input(inspection, report))
    return build_report(report)


def inspection_report(inspection: Inspection) -> Report:
    """The frozen report of a published inspection, or a fresh draft: for a short quality
    screening, its letter."""
    snapshot = ReportSnapshot.objects.filter(inspection=inspection).first()
    if snapshot is not None:
        return Report.model_validate_json(snapshot.content)
    return _build(inspection, report_input(inspection))


def report_to_freeze(inspection: Inspection) -> Report:
    """The report as it stands, dated today: what publishing freezes (`do_freeze_report`)."""
    return _build(inspection, replace(report_input(inspection), published=date.today()))


@dataclass(frozen=True)
class Gap:
    """Something the report still lacks, and where it is put right."""

    text: str
    page: str  # the URL name of the page that fills it: "judgement", "draw_sample", ...
    standard_id: str = ""  # for "judgement": the standard to record


def publication_gaps(inspection: Inspection) -> list[Gap]:
    """What the inspection lacks before its report can be published, in report order; none
    once every standard it rates has its figures or its judgement.

    A case domain needs submitted audits, and each of its standards figures from them (a
    standard the framework allows to go unrated excepted); each judgement standard needs its
    judgement recorded; every case's first audit must be submitted, and no disagreement
    between two auditors may still wait for moderation. An unrated framework's standards
    are always `Not rated`: theirs need only a case answering one of its key questions.
    """
    framework = inspection.framework
    kind = inspection.inspection_type or None
    details = inspection_rating_details(inspection)
    rating = details.rating
    first = inspection.audits.filter(marking=CaseAudit.Marking.FIRST)
    submitted_domains = set(
        first.filter(status=CaseAudit.Status.SUBMITTED).values_list("domain_id", flat=True)
    )
    judged = set(inspection.judgements.exclude(rating="").values_list("standard_id", flat=True))
    gaps: list[Gap] = []
    for domain in framework.domains_for(kind):
        case_standards = [s for s in domain.standards if s.kind == "case"]
        if case_standards and domain.id not in submitted_domains:
            sampled = first.filter(domain_id=domain.id).exists()
            gaps.append(
                Gap(
                    f"No submitted audits for {_lower_first(domain.title)}",
                    "inspection_detail" if sampled else "draw_sample",
                )
            )
        elif case_standards:
            for standard in case_standards:
                if _lacks_figures(framework, standard, rating.standard(standard.id)):
                    gaps.append(
                        Gap(
                            f"{standard.id} {standard.title} "
                            f"{'not yet rated' if framework.rated else 'has no figures yet'}: "
                            "no submitted audit answers its key questions",
                            "ratings",
                        )
                    )
        for standard in domain.standards:
            if standard.kind == "judgement" and standard.id not in judged:
                gaps.append(
                    Gap(
                        f"Judgement {standard.id} {standard.title} not recorded",
                        "judgement",
                        standard.id,
                    )
                )
    unsubmitted = first.exclude(status=CaseAudit.Status.SUBMITTED).count()
    if unsubmitted:
        gaps.append(
            Gap(
                f"{unsubmitted} case audit{'s are' if unsubmitted != 1 else ' is'} "
                "not yet submitted",
                "inspection_detail",
            )
        )
    waiting = len(details.awaiting_moderation)
    if waiting:
        gaps.append(
            Gap(
                f"{waiting} answer{'s' if waiting != 1 else ''} on which the two auditors "
                f"disagree {'wait' if waiting != 1 else 'waits'} for moderation",
                "moderation",
            )
        )
    return gaps


def _lacks_figures(framework: Framework, standard: Standard, result: StandardResult) -> bool:
    """A case standard the report cannot yet give: unrated where the framework rates it (and
    does not allow it to go unrated), or, unrated framework, no case answered its questions."""
    if framework.rated:
        return result.rating == NOT_RATED and not standard.may_be_not_rated
    return not any(
        kq.tally is not None and kq.tally.yes + kq.tally.no + kq.tally.not_applicable
        for kq in result.key_questions
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
