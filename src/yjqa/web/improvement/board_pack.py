"""A board meeting's board pack, filled from the database for `yjqa.core.documents.board_pack`.

The pack covers the service's latest improvement plan (as it stands on the day the pack is
made), the meeting's attendance and decisions, board attendance over the 12 months to the
meeting (KPI 7), the ratings of the inspection chosen for the meeting (by default the latest
*published* HMIP inspection, never a newer draft or mock), the headline indicators for the
latest financial year with data, and a summary of the latest survey of each audience (from
the surveys app, without comments).

Until the meeting is marked held the pack is built afresh each time; once it is held, it is
always the frozen copy (`BoardMeeting.pack`), as the board saw it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from django.db.models import F

from yjqa.core.documents.board_pack import (
    AgencyAttendance,
    BoardPackInput,
    PackAction,
    PackItem,
    build_board_pack,
    long_date,
    pack_from_json,
)
from yjqa.core.documents.model import Report
from yjqa.core.improvement.rules import ItemStatus, Status
from yjqa.core.indicators.engine import compute_indicators
from yjqa.core.indicators.suppression import suppress_one
from yjqa.web.improvement.models import BoardMeeting, ImprovementPlan
from yjqa.web.improvement.queries import (
    attendance_in_the_year_to,
    improvement_plan_items,
    latest_improvement_plan,
    meeting_attendance,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.tenancy.models import Service


def latest_inspection(service: Service) -> Inspection | None:
    """The inspection a board pack or youth justice plan reports unless another is chosen:
    the newest *published* HMIP inspection (newest by when it was published), or None. Never
    a draft, a mock inspection or an internal audit, however new."""
    return (
        service.inspections.filter(kind=Inspection.Kind.HMIP, status=Inspection.Status.PUBLISHED)
        .order_by(F("report_snapshot__created_at").desc(nulls_last=True), "-created_at", "-id")
        .first()
    )


def reported_inspection(service: Service, chosen: Inspection | None) -> Inspection | None:
    """The inspection chosen for a pack or plan, or by default `latest_inspection`."""
    return chosen if chosen is not None else latest_inspection(service)


LATEST = "latest"  # the choice of the default, whatever inspection it is at the time


def inspection_choices(service: Service) -> list[tuple[str, str]]:
    """The choices of the inspection a pack or plan reports: the default first (saying which
    inspection it is now), then each of the service's inspections, newest first."""
    latest = latest_inspection(service)
    default = (
        f"The latest published HMIP inspection (now {latest.title})"
        if latest is not None
        else "The latest published HMIP inspection (none is published yet)"
    )
    choices = [(LATEST, default)]
    for inspection in service.inspections.order_by("-created_at", "-id"):
        choices.append(
            (
                str(inspection.pk),
                f"{inspection.title} ({inspection.get_kind_display()}, "
                f"{inspection.get_status_display().lower()})",
            )
        )
    return choices


def ratings_source(inspection: Inspection) -> str:
    return f"{inspection.title} ({inspection.get_status_display().lower()})"


def service_indicators(service: Service) -> tuple[dict[str, Any] | None, str]:
    """The engine's figures for the latest financial year with data, and that year's name,
    with figures from fewer than 5 children hidden (`yjqa.core.indicators.suppression`): a
    board pack is meant for sharing."""
    from yjqa.web.indicators.dashboard import available_years, default_year, financial_year_label
    from yjqa.web.indicators.services import service_data

    years, last = available_years(service)
    if not years or last is None:
        return None, ""
    period = default_year(years, last)
    figures = compute_indicators(service_data(service), period.start, period.end, [service.name])
    mine = figures["services"].get(service.name)
    return (suppress_one(mine) if mine is not None else None), financial_year_label(period)


def feedback_summary(service: Service) -> Sequence[tuple[str, int, str]]:
    """(survey, responses, headline) for the latest survey of each audience (children,
    parents or carers, staff). Never any comment; figures the surveys app suppresses (fewer
    than 5 answers) stay suppressed."""
    from yjqa.web.surveys.services import survey_summary

    rows = []
    seen: set[str] = set()
    for survey in service.surveys.order_by("-created_at", "-pk"):
        if survey.audience in seen:
            continue
        seen.add(survey.audience)
        summary = survey_summary(survey, include_comments=False)
        rows.append(
            (
                f"{survey.title} ({survey.period})",
                summary["respondents"],
                _headline(survey.parsed().questions, summary),
            )
        )
    return rows


def _headline(questions: Sequence[Any], summary: Mapping[str, Any]) -> str:
    """The first rating question's mean and share of 9s and 10s, and the response rate."""
    parts = []
    rating = next((q for q in questions if q.kind == "rating"), None)
    figures = summary["questions"].get(rating.id) if rating is not None else None
    if rating is not None and isinstance(figures, Mapping):
        if figures.get("suppressed"):
            parts.append(f"{rating.text}: not shown, as fewer than 5 people answered")
        else:
            parts.append(
                f"{rating.text}: average {figures['mean']:.1f} out of 10; "
                f"{figures['share_9_10']:.0f}% answered 9 or 10"
            )
    if summary.get("response_rate") is not None:
        parts.append(f"{summary['response_rate']:.0f}% of those invited responded")
    return ". ".join(parts) + "." if parts else "No rating question."


def pack_items(plan: ImprovementPlan, meeting: BoardMeeting) -> list[PackItem]:
    reviews = {r.item_id: r for r in meeting.reviews.all()}
    items = []
    for item in improvement_plan_items(plan):
        review = reviews.get(item.pk)
        actions = []
        for action in item.actions.all():
            latest = next(iter(action.evidence.all()), None)
            actions.append(
                PackAction(
                    description=action.description,
                    owner=action.owner,
                    due_date=action.due_date,
                    status=Status(action.status),
                    closed_reason=action.closed_reason,
                    evidence=(latest.note or latest.file_name) if latest else "",
                )
            )
        items.append(
            PackItem(
                reference=str(item.order),
                text=item.text,
                addressee=item.addressee,
                actions=tuple(actions),
                decision=review.decision if review else "",
                status_at_review=ItemStatus(review.status_at_review) if review else None,
            )
        )
    return items


def meeting_pack_input(
    meeting: BoardMeeting, today: date, *, presented: bool = False
) -> BoardPackInput:
    """What the meeting's pack is built from, as at `today`; `presented`: the pack is being
    frozen as the board saw it (it then says so)."""
    service = meeting.service
    plan = latest_improvement_plan(service)
    attendance = meeting_attendance(meeting)
    inspection = reported_inspection(service, meeting.inspection)
    indicators, period = service_indicators(service)
    return BoardPackInput(
        service=service.name,
        meeting_date=meeting.date,
        as_at=today,
        plan_title=plan.title if plan else "",
        items=pack_items(plan, meeting) if plan else (),
        attendance=tuple(
            AgencyAttendance(a.get_agency_display(), a.attended, a.representative)
            for a in attendance
        ),
        attendance_history=tuple(attendance_in_the_year_to(service, meeting.date)),
        attendance_period=f"the 12 months to {long_date(meeting.date)}",
        notes=meeting.notes,
        framework=inspection.framework if inspection else None,
        rating=inspection_rating(inspection) if inspection else None,
        ratings_source=ratings_source(inspection) if inspection else "",
        indicators=indicators,
        indicators_period=period,
        feedback=feedback_summary(service),
        presented_on=meeting.date if presented else None,
    )


def meeting_pack(meeting: BoardMeeting, today: date) -> Report:
    """The meeting's pack: once the meeting is held, always its frozen copy."""
    if meeting.pack is not None:
        return pack_from_json(meeting.pack)
    return build_board_pack(meeting_pack_input(meeting, today))
