"""The youth justice plan's sections filled from yjqa's own records: the board's attendance,
indicators, inspection, the improvement plan's progress, feedback, the latest national
standards self-assessment, the budget and the staffing structure; and the plan's document,
which once signed off is the copy kept when it was signed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import F

from yjqa.core.documents.model import Report
from yjqa.core.documents.ratings_table import (
    area_rating_rows,
    inspection_kind,
    overall_sentence,
)
from yjqa.core.documents.youth_justice_plan import (
    NO_PUBLISHED_INSPECTION,
    BudgetLine,
    KeyQuestionCases,
    PlanInput,
    StaffPost,
    StandardForChildren,
    build_plan,
)
from yjqa.core.frameworks.model import Framework
from yjqa.core.frameworks.shipped import get_framework
from yjqa.web.improvement.board_pack import feedback_summary, reported_inspection
from yjqa.web.improvement.models import BoardMeeting
from yjqa.web.improvement.queries import attendance_between, improvement_plan_progress_rows
from yjqa.web.indicators.dashboard import financial_year, financial_year_label
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.moderation import counted_answers
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.tenancy.models import Service
from yjqa.web.yjplan.models import YouthJusticePlan
from yjqa.web.yjplan.performance import plan_performance

NATIONAL_STANDARDS = "yjb-national-standards-2019"


@dataclass(frozen=True)
class InspectionRows:
    rows: list[tuple[str, str]]  # (standard, or area or activity, rating)
    summary: str
    label: str = "Standard"  # what the rows are


def inspection_summary(plan: YouthJusticePlan) -> InspectionRows:
    """The ratings of the inspection the plan reports (chosen for it, or by default the latest
    published HMIP inspection): by standard with the score, or for a kind of inspection (2025)
    by area and activity, in the report's words, with no score."""
    inspection = reported_inspection(plan.service, plan.inspection)
    if inspection is None:
        return InspectionRows([], NO_PUBLISHED_INSPECTION)
    rating = inspection_rating(inspection)
    framework = inspection.framework
    pending = ""
    if inspection.status != Inspection.Status.PUBLISHED:
        pending = f" ({inspection.get_status_display().lower()}: the ratings may change)"
    if rating.inspection_type is not None:
        kind = inspection_kind(framework, rating)
        summary = (
            f"{inspection.title}, {_lower_first(kind.title_for(plan.service.name))}{pending}. "
            f"{overall_sentence(framework, rating, plan.service.name)}"
        )
        return InspectionRows(area_rating_rows(framework, rating), summary, "Area and activity")
    rows = [
        (f"{r.standard_id} {framework.standard(r.standard_id).title}", r.rating)
        for r in rating.standards
    ]
    summary = inspection.title
    if rating.overall:
        summary += f": {rating.overall} overall"
        if rating.score is not None:
            summary += f", a score of {rating.score}/{rating.max_score}"
    return InspectionRows(rows, summary + pending + ".")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def national_standards_framework() -> Framework:
    return get_framework(NATIONAL_STANDARDS)


def standard_label(domain_id: str, title: str) -> str:
    """A national standard as the seed plan names it: "Standard 1: Out-of-court disposals"."""
    return f"Standard {domain_id}: {title}"


def action_key(domain_id: str, part: str) -> str:
    """Where the plan's texts keep a standard's aligned action ("action") or its "details"."""
    return f"standard_{domain_id}_{part}"


def latest_national_standards(service: Service) -> Inspection | None:
    """The service's latest national standards self-assessment: the latest published one by
    its fieldwork (then when it was recorded), or if none is published the latest of any."""
    assessments = service.inspections.filter(
        kind=Inspection.Kind.NATIONAL_STANDARDS, framework_id=NATIONAL_STANDARDS
    )
    published = assessments.filter(status=Inspection.Status.PUBLISHED)
    return (
        (published if published.exists() else assessments)
        .order_by(
            F("fieldwork_end").desc(nulls_last=True),
            F("fieldwork_start").desc(nulls_last=True),
            "-created_at",
            "-id",
        )
        .first()
    )


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def standards_for_children(
    plan: YouthJusticePlan,
) -> tuple[str, list[StandardForChildren]]:
    """Where the figures come from ("" when no self-assessment is recorded) and each national
    standard with its cases by key question and the plan's aligned action."""
    framework = national_standards_framework()
    texts = plan.texts or {}
    assessment = latest_national_standards(plan.service)
    tallies: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    source = ""
    if assessment is not None:
        for answers in counted_answers(assessment).by_case.values():
            for question, answer in answers.items():
                if answer in ("yes", "no"):
                    tallies[question][1] += 1
                    tallies[question][0] += answer == "yes"
        status = assessment.get_status_display().lower()
        ended = _day(assessment.fieldwork_end)
        source = (
            f"From the national standards self-assessment '{assessment.title}' ({status}"
            + (f", fieldwork ended {ended}" if ended else "")
            + (
                ""
                if assessment.status == Inspection.Status.PUBLISHED
                else ": the figures may change"
            )
            + ")."
        )
    standards = []
    for domain in framework.domains:
        cases = [
            KeyQuestionCases(f"{kq.id} {kq.text}", *tallies[kq.id])
            for standard in domain.standards
            for kq in standard.key_questions
            if standard.kind == "case"
        ]
        standards.append(
            StandardForChildren(
                standard=standard_label(domain.id, domain.title),
                cases=cases if assessment is not None else (),
                action=texts.get(action_key(domain.id, "action"), ""),
                details=texts.get(action_key(domain.id, "details"), ""),
            )
        )
    return source, standards


def board_attendance(plan: YouthJusticePlan) -> tuple[str, int, list[tuple[str, int, int]]]:
    """The year the plan looks back on, the board meetings recorded in it, and each agency's
    attendance (agency, meetings attended, meetings at which its attendance was recorded)."""
    period = financial_year(plan.start_year - 1)
    meetings = BoardMeeting.objects.filter(
        service=plan.service, date__gte=period.start, date__lte=period.end
    ).count()
    return (
        financial_year_label(period),
        meetings,
        attendance_between(plan.service, period.start, period.end),
    )


def youth_justice_plan_input(plan: YouthJusticePlan, today: date | None = None) -> PlanInput:
    """The plan as it stands now, from the records (what signing it off freezes)."""
    inspection = inspection_summary(plan)
    board_period, meetings, attendance = board_attendance(plan)
    standards_source, standards = standards_for_children(plan)
    return PlanInput(
        service=plan.service.name,
        period=plan.period,
        texts=dict(plan.texts or {}),
        budget=[
            BudgetLine(
                line.source,
                Decimal(line.cash_staffing),
                Decimal(line.cash_other),
                Decimal(line.in_kind_staffing),
                Decimal(line.in_kind_other),
            )
            for line in plan.budget.order_by("id")
        ],
        board_period=board_period,
        board_meetings=meetings,
        board_attendance=attendance,
        standards_source=standards_source,
        standards=standards,
        staffing=[
            StaffPost(post.role, post.contract, post.posts, Decimal(post.fte))
            for post in plan.staffing.all()
        ],
        performance=plan_performance(plan),
        ratings=inspection.rows,
        inspection=inspection.summary,
        ratings_label=inspection.label,
        improvement=improvement_plan_progress_rows(plan.service, today or date.today()),
        feedback=[
            (survey, f"{responses} responses. {headline}")
            for survey, responses, headline in feedback_summary(plan.service)
        ],
        signed_off_by=plan.signed_off_by,
        signed_off_on=plan.signed_off_on,
    )


def youth_justice_plan_document(plan: YouthJusticePlan) -> Report:
    """The plan's document: as it was signed, once signed off; otherwise as it stands now. (A
    plan signed off before yjqa kept the signed copy has none, and is built as it stands.)"""
    if plan.signed_document:
        return Report.model_validate_json(plan.signed_document)
    return build_plan(youth_justice_plan_input(plan))
