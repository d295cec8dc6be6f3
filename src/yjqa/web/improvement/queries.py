"""Reading improvement plans and board meetings.

What the pages, the board pack, the youth justice plan and `yjqa improvement-plan export`
share: plain functions returning querysets or plain data. Nothing here writes.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet

from yjqa.core.improvement.rules import (
    PARTNER_AGENCIES,
    AttendanceRecord,
    ItemStatus,
    PlanSummary,
    ShownStatus,
    agency_label,
    attendance_rates,
    item_status,
    shown_status,
    summarise,
)
from yjqa.web.improvement.models import (
    Action,
    ActionChange,
    Attendance,
    BoardMeeting,
    Evidence,
    ImprovementPlan,
    ItemReview,
    PlanItem,
)
from yjqa.web.tenancy.models import Service

AGENCY_ORDER = {code: index for index, (code, _) in enumerate(PARTNER_AGENCIES)}

# --- Improvement plans ------------------------------------------------------------------------


def improvement_plans(service: Service) -> QuerySet[ImprovementPlan]:
    """The service's improvement plans, newest first."""
    return service.improvement_plans.select_related("inspection", "service")


def latest_improvement_plan(service: Service) -> ImprovementPlan | None:
    return service.improvement_plans.order_by("-created_at", "-id").first()


def improvement_plan_or_latest(service: Service, plan_id: int | None) -> ImprovementPlan | None:
    """The service's improvement plan with this id, or its latest one if no id is given."""
    plans = service.improvement_plans.select_related("service").order_by("-created_at", "-id")
    return plans.filter(pk=plan_id).first() if plan_id is not None else plans.first()


def action_count(plan: ImprovementPlan) -> int:
    return Action.objects.filter(item__plan=plan).count()


def improvement_plan_items(plan: ImprovementPlan) -> QuerySet[PlanItem]:
    """The plan's items in order, each with its actions and their evidence."""
    return plan.items.prefetch_related(
        Prefetch("actions", queryset=Action.objects.prefetch_related("evidence"))
    )


def item_of(plan: ImprovementPlan, item_id: int) -> PlanItem | None:
    return plan.items.filter(pk=item_id).first()


def action_of(plan: ImprovementPlan, action_id: int) -> Action | None:
    return (
        Action.objects.select_related("item__plan__service", "updated_by")
        .filter(pk=action_id, item__plan=plan)
        .first()
    )


def evidence_of(plan: ImprovementPlan, evidence_id: int) -> Evidence | None:
    return Evidence.objects.filter(pk=evidence_id, action__item__plan=plan).first()


def action_evidence(action: Action) -> QuerySet[Evidence]:
    return action.evidence.select_related("added_by")


def improvement_plan_changes(plan: ImprovementPlan) -> QuerySet[ActionChange]:
    """Every change to the plan's actions, newest first (the plan's own history)."""
    return ActionChange.objects.filter(action__item__plan=plan).select_related("action__item")


@dataclass(frozen=True)
class ActionView:
    action: Action
    shown: ShownStatus  # the one status every page shows (overdue is part of it)
    latest_evidence: Evidence | None

    @property
    def overdue(self) -> bool:
        return self.shown.overdue

    @property
    def days_overdue(self) -> int:
        return self.shown.days_overdue

    @property
    def due_soon(self) -> bool:
        return self.shown.due_soon


@dataclass(frozen=True)
class ItemView:
    item: PlanItem
    status: ItemStatus
    actions: list[ActionView]

    @property
    def overdue(self) -> int:
        return sum(a.overdue for a in self.actions)


def action_view(action: Action, today: date) -> ActionView:
    return ActionView(
        action=action,
        shown=shown_status(action.status_enum, action.due_date, today),
        latest_evidence=next(iter(action.evidence.all()), None),
    )


def improvement_plan_view(plan: ImprovementPlan, today: date) -> tuple[list[ItemView], PlanSummary]:
    """The plan's items with their derived status and each action's timeliness."""
    items = []
    for item in improvement_plan_items(plan):
        actions = list(item.actions.all())
        views = [action_view(a, today) for a in actions]
        items.append(ItemView(item, item_status([a.facts for a in actions], today), views))
    summary = summarise([[a.action.facts for a in i.actions] for i in items], today)
    return items, summary


def improvement_plan_summaries(
    service: Service, today: date
) -> list[tuple[ImprovementPlan, PlanSummary]]:
    """Each of the service's plans with its counts (items, actions, done, overdue)."""
    return [(plan, improvement_plan_view(plan, today)[1]) for plan in improvement_plans(service)]


def improvement_plan_progress_rows(service: Service, today: date) -> list[tuple[str, str, str]]:
    """(recommendation, status, progress) for each item of the service's latest plan: what
    the youth justice plan reports as progress on the improvement plan."""
    plan = latest_improvement_plan(service)
    if plan is None:
        return []
    rows = []
    for view in improvement_plan_view(plan, today)[0]:
        actions = view.actions
        done = sum(a.action.status_enum.is_done for a in actions)
        progress = (
            f"{done} of {len(actions)} action{'s' if len(actions) != 1 else ''} complete or closed"
            if actions
            else "No actions agreed yet"
        )
        if view.overdue:
            progress += f"; {view.overdue} overdue"
        rows.append((view.item.text, view.status.label, progress))
    return rows


# --- Board meetings ---------------------------------------------------------------------------


def board_meetings(service: Service) -> QuerySet[BoardMeeting]:
    """The service's meetings, newest first, with how many agencies came and items reviewed."""
    return service.board_meetings.annotate(
        agencies=Count("attendance", distinct=True),
        came=Count("attendance", filter=Q(attendance__attended=True), distinct=True),
        reviewed=Count("reviews", distinct=True),
    ).order_by("-date", "-id")  # aggregating drops the model's ordering


def attendance_between(service: Service, start: date, end: date) -> list[tuple[str, int, int]]:
    """KPI 7: (agency, meetings attended, meetings recorded) for meetings from start to end."""
    meetings = BoardMeeting.objects.filter(
        service=service, date__gte=start, date__lte=end
    ).prefetch_related("attendance")
    records = [
        AttendanceRecord(m.date, {a.agency: a.attended for a in m.attendance.all()})
        for m in meetings
    ]
    return [(agency_label(code), came, of) for code, came, of in attendance_rates(records)]


def attendance_in_the_year_to(service: Service, day: date) -> list[tuple[str, int, int]]:
    """KPI 7 over the 12 months to `day` (that day included)."""
    return attendance_between(service, day - timedelta(days=364), day)


def meeting_attendance(meeting: BoardMeeting) -> list[Attendance]:
    """The meeting's attendance, in the order the partner agencies are listed."""
    return sorted(meeting.attendance.all(), key=lambda a: AGENCY_ORDER.get(a.agency, 99))


def meeting_reviews(meeting: BoardMeeting) -> QuerySet[ItemReview]:
    return meeting.reviews.select_related("item")


def items_for_review(service: Service) -> list[PlanItem]:
    """The items a board meeting reviews: those of the service's latest plan."""
    plan = latest_improvement_plan(service)
    return list(plan.items.all()) if plan else []
