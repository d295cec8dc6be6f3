"""What a person's home page shows, by their role: read-only queries for its panels.

- Auditors (and inspectors): their own audits by inspection (to do, in progress, submitted)
  and the disagreements waiting for them to moderate.
- QA leads, managers and administrators (who run the audit programme): open safety concerns
  first, then each open inspection's progress by domain and by auditor, what awaits
  moderation, and overdue improvement actions.
- Board members: the next and last board meeting with their packs, the headline indicators
  and the improvement plan's status.
- Case managers: the auditors' feedback on their cases.

Each function reads one service's records only, in a fixed number of queries however big
the inspection (counts are aggregated in the database).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from yjqa.core.improvement.rules import ShownStatus, shown_status
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.improvement.models import Action, BoardMeeting
from yjqa.web.improvement.queries import improvement_plan_progress_rows, latest_improvement_plan
from yjqa.web.indicators import dashboard as indicator_dashboard
from yjqa.web.inspections.concerns import feedback_for, open_concerns
from yjqa.web.inspections.guards import may_moderate
from yjqa.web.inspections.models import AuditFeedback, CaseAudit, Inspection, SafetyConcern
from yjqa.web.inspections.moderation import is_independent, moderation_queue
from yjqa.web.tenancy.access import can
from yjqa.web.tenancy.models import Membership, Role, Service

SUBMITTED = CaseAudit.Status.SUBMITTED
NOT_ASSIGNED = "Not assigned yet"


def open_inspections(service: Service) -> QuerySet[Inspection]:
    """The service's inspections still being worked on (not published), newest first."""
    return (
        service.inspections.exclude(status=Inspection.Status.PUBLISHED)
        .select_related("service")
        .order_by("-created_at", "-id")
    )


# --- Which panels a person sees ------------------------------------------------------------


def runs_the_programme(membership: Membership) -> bool:
    """QA leads, managers and administrators: progress, moderation, concerns, actions."""
    return can(membership, "manage_inspections")


def sees_my_audits(membership: Membership) -> bool:
    """Auditors always; anyone else who records audits, once they have some to do."""
    if membership.role == Role.AUDITOR:
        return True
    return (
        can(membership, "record_audits")
        and CaseAudit.objects.filter(
            inspection__service=membership.service, auditor_id=membership.user_id
        ).exists()
    )


# --- My audits ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class MyAudit:
    audit: CaseAudit
    domain: str  # the framework domain's title, e.g. "Court disposals"


@dataclass(frozen=True)
class InspectionAudits:
    """One inspection's audits assigned to the person, by where they have got to."""

    inspection: Inspection
    to_do: list[MyAudit] = field(default_factory=list)
    drafts: list[MyAudit] = field(default_factory=list)
    submitted: list[MyAudit] = field(default_factory=list)

    @property
    def total(self) -> int:
        return len(self.to_do) + len(self.drafts) + len(self.submitted)


def my_audits(membership: Membership) -> list[InspectionAudits]:
    """The person's audits in the service's open inspections, grouped by inspection (newest
    inspection first), each group split into not started, in progress and submitted."""
    audits = (
        CaseAudit.objects.filter(
            inspection__in=open_inspections(membership.service), auditor_id=membership.user_id
        )
        .select_related("inspection", "case", "victim")
        .order_by("-inspection__created_at", "-inspection_id", "domain_id", "case__case_ref", "pk")
    )
    groups: dict[int, InspectionAudits] = {}
    for audit in audits:
        group = groups.setdefault(audit.inspection_id, InspectionAudits(audit.inspection))
        mine = MyAudit(audit, _domain_label(group.inspection, audit.domain_id))
        if audit.status == SUBMITTED:
            group.submitted.append(mine)
        elif audit.status == CaseAudit.Status.DRAFT:
            group.drafts.append(mine)
        else:
            group.to_do.append(mine)
    return list(groups.values())


# --- Moderation --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ModerationWaiting:
    inspection: Inspection
    disagreements: int


def _with_second_markings(inspections: Iterable[Inspection]) -> list[Inspection]:
    """Only inspections with a submitted second marking can have disagreements: the queue
    (which reads every audit's answers) is built for those alone."""
    found = list(inspections)
    marked = set(
        CaseAudit.objects.filter(
            inspection__in=[i.pk for i in found],
            marking=CaseAudit.Marking.SECOND,
            status=SUBMITTED,
        )
        .values_list("inspection_id", flat=True)
        .distinct()
    )
    return [i for i in found if i.pk in marked]


def moderation_waiting(service: Service) -> list[ModerationWaiting]:
    """Each open inspection's disagreements awaiting a moderator's ruling (none left out)."""
    rows = []
    for inspection in _with_second_markings(open_inspections(service)):
        waiting = len(moderation_queue(inspection))
        if waiting:
            rows.append(ModerationWaiting(inspection, waiting))
    return rows


def moderation_waiting_for(membership: Membership) -> list[ModerationWaiting]:
    """The disagreements this person may settle: in inspections they may moderate (as a
    manager, QA lead or the inspection's lead), on cases they did not audit themselves."""
    actor = Actor.member(membership)
    user = membership.user
    rows = []
    for inspection in _with_second_markings(open_inspections(membership.service)):
        if not may_moderate(actor, inspection):
            continue
        waiting = sum(is_independent(user, d) for d in moderation_queue(inspection))
        if waiting:
            rows.append(ModerationWaiting(inspection, waiting))
    return rows


# --- Progress of the open inspections ----------------------------------------------------------


@dataclass(frozen=True)
class Tally:
    label: str
    submitted: int
    total: int


@dataclass(frozen=True)
class InspectionProgress:
    inspection: Inspection
    by_domain: list[Tally]
    by_auditor: list[Tally]

    @property
    def submitted(self) -> int:
        return sum(t.submitted for t in self.by_domain)

    @property
    def total(self) -> int:
        return sum(t.total for t in self.by_domain)


def _domain_label(inspection: Inspection, domain_id: str) -> str:
    try:
        return inspection.framework.domain(domain_id).title
    except KeyError:
        return domain_id


def _domain_order(inspection: Inspection) -> dict[str, int]:
    return {d.id: n for n, d in enumerate(inspection.framework.domains)}


def _tallies(audits: QuerySet[CaseAudit], *fields: str) -> dict[int, list[tuple[object, int, int]]]:
    """(the field's value, submitted, total) per inspection, grouped by `fields` after the
    inspection (the last field is the value kept): one query."""
    found: dict[int, list[tuple[object, int, int]]] = defaultdict(list)
    rows = audits.values("inspection_id", *fields).annotate(
        total=Count("id"), submitted=Count("id", filter=Q(status=SUBMITTED))
    )
    for row in rows:
        found[int(row["inspection_id"])].append((row[fields[-1]], row["submitted"], row["total"]))
    return found


def inspection_progress(service: Service) -> list[InspectionProgress]:
    """Each open inspection's audits (first and second markings): how many are submitted of
    how many, by the framework's domain and by auditor. Two queries for all of them."""
    inspections = list(open_inspections(service))
    audits = CaseAudit.objects.filter(inspection__in=[i.pk for i in inspections]).order_by()
    domains = _tallies(audits, "domain_id")
    auditors = _tallies(audits, "auditor_id", "auditor__full_name")
    found = []
    for inspection in inspections:
        order = _domain_order(inspection)
        by_domain = [
            Tally(_domain_label(inspection, str(domain)), submitted, total)
            for domain, submitted, total in sorted(
                domains[inspection.pk], key=lambda row: order.get(str(row[0]), len(order))
            )
        ]
        by_auditor = sorted(
            (
                Tally(str(name or NOT_ASSIGNED), submitted, total)
                for name, submitted, total in auditors[inspection.pk]
            ),
            key=lambda t: (t.label == NOT_ASSIGNED, t.label.casefold()),
        )
        found.append(InspectionProgress(inspection, by_domain, by_auditor))
    return found


# --- Safety concerns ---------------------------------------------------------------------------


def concerns(service: Service) -> list[SafetyConcern]:
    return list(open_concerns(service))


# --- Improvement actions -----------------------------------------------------------------------


@dataclass(frozen=True)
class OverdueAction:
    action: Action
    shown: ShownStatus  # the core's one status: "Overdue by 21 days"


def overdue_actions(service: Service, today: date) -> list[OverdueAction]:
    """The service's improvement actions whose status, by the core's rules, is overdue, the
    longest overdue first (one query)."""
    actions = (
        Action.objects.filter(item__plan__service=service)
        .select_related("item__plan")
        .order_by("due_date", "id")
    )
    found = [OverdueAction(a, shown_status(a.status_enum, a.due_date, today)) for a in actions]
    return [a for a in found if a.shown.overdue]


# --- The board ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class BoardMeetings:
    next: BoardMeeting | None
    last: BoardMeeting | None


def board_meetings(service: Service, today: date) -> BoardMeetings:
    """The next meeting (the first after today) and the last (the latest up to today)."""
    meetings = service.board_meetings.all()
    return BoardMeetings(
        next=meetings.filter(date__gt=today).order_by("date", "id").first(),
        last=meetings.filter(date__lte=today).order_by("-date", "-id").first(),
    )


@dataclass(frozen=True)
class HeadlineFigures:
    period_label: str
    headlines: list[indicator_dashboard.Headline]
    across_label: str | None  # the pooled figures' name, if there are other services' too
    suppressed: bool  # small numbers hidden, as they are for board members


def headline_figures(membership: Membership) -> HeadlineFigures | None:
    """The dashboard's headline figures for its default year as this person may see them
    (small numbers hidden for board members), or None if there is no indicator data."""
    years, last = indicator_dashboard.available_years(membership.service)
    if not years or last is None:
        return None
    period = indicator_dashboard.default_year(years, last)
    board = indicator_dashboard.dashboard_for(membership, period, last)
    return HeadlineFigures(
        indicator_dashboard.financial_year_label(period),
        indicator_dashboard.headlines(board),
        board.across_label if board.across is not None else None,
        board.suppressed,
    )


@dataclass(frozen=True)
class PlanStatus:
    plan_id: int
    title: str
    rows: list[tuple[str, str, str]]  # (recommendation, status, progress)


def improvement_plan_status(service: Service, today: date) -> PlanStatus | None:
    plan = latest_improvement_plan(service)
    if plan is None:
        return None
    return PlanStatus(plan.pk, plan.title, improvement_plan_progress_rows(service, today))


# --- Feedback for a case manager ---------------------------------------------------------------


@dataclass(frozen=True)
class FeedbackThread:
    audit: CaseAudit
    notes: int
    replies: int
    latest: AuditFeedback

    @property
    def awaiting_reply(self) -> bool:
        return not self.latest.is_reply


def feedback_threads(membership: Membership) -> list[FeedbackThread]:
    """The feedback the person may read, one thread per audit, the latest note first."""
    threads: dict[int, list[AuditFeedback]] = defaultdict(list)
    audits: dict[int, CaseAudit] = {}
    for note in feedback_for(membership):
        threads[note.audit_id].append(note)
        audits[note.audit_id] = note.audit
    found = [
        FeedbackThread(
            audits[audit_id],
            notes=sum(not n.is_reply for n in notes),
            replies=sum(n.is_reply for n in notes),
            latest=max(notes, key=lambda n: (n.written_at, n.pk)),
        )
        for audit_id, notes in threads.items()
    ]
    return sorted(found, key=lambda t: (t.latest.written_at, t.latest.pk), reverse=True)


# --- The installation's home page --------------------------------------------------------------


@dataclass(frozen=True)
class ServiceGlance:
    """A line on "Your services" saying what waits for the person in one service."""

    membership: Membership
    to_do: int
    drafts: int
    concerns: int


def at_a_glance(memberships: Iterable[Membership], user: User) -> list[ServiceGlance]:
    found = []
    for membership in memberships:
        mine = CaseAudit.objects.filter(
            inspection__in=open_inspections(membership.service), auditor=user
        ).aggregate(
            to_do=Count("id", filter=Q(status=CaseAudit.Status.NOT_STARTED)),
            drafts=Count("id", filter=Q(status=CaseAudit.Status.DRAFT)),
        )
        found.append(
            ServiceGlance(
                membership,
                to_do=mine["to_do"],
                drafts=mine["drafts"],
                concerns=open_concerns(membership.service).count()
                if runs_the_programme(membership)
                else 0,
            )
        )
    return found
