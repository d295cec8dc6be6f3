"""Demo improvement plan and board meetings for a demo service.

`seed_demo_improvement(service, people, inspection)` makes the inspection's improvement plan
(one item per recommendation), two or three actions for each with owners and due dates set
around today (some overdue, some due soon, some complete with evidence, one closed), their
history, and two board meetings with attendance and decisions. Idempotent: a plan that
already has actions, and a service that already has meetings, are left as they are.

Every write goes through the app's services, acting as the demo's manager (so the history
names them) with `via` "demo". Only the dates of the actions' history and evidence are then
set back directly (`_backdated`), so the demo reads as months of work.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from yjqa.core.improvement.rules import PARTNER_AGENCIES, Status
from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.improvement.models import Action, ActionChange, BoardMeeting, PlanItem
from yjqa.web.improvement.services import (
    do_add_action,
    do_create_improvement_plan_from_inspection,
    do_mark_meeting_held,
    do_record_board_meeting,
    do_update_action,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.tenancy.models import Membership, Service


@dataclass(frozen=True)
class Step:
    """A later change to a demo action, `days_ago` days before today."""

    days_ago: int
    status: Status
    evidence: str = ""
    closed_reason: str = ""


@dataclass(frozen=True)
class DemoAction:
    description: str
    owner: str
    due_in_days: int  # negative: due in the past
    created_days_ago: int
    steps: tuple[Step, ...] = ()


# By item, in the order of the demo inspection's three recommendations.
DEMO_ACTIONS: tuple[tuple[DemoAction, ...], ...] = (
    (
        DemoAction(
            "Deliver a development programme for board members: a rolling induction, and "
            "sessions on custody and resettlement, victims, desistance and equality",
            "Jonathan Reed, chair of the management board",
            -40,
            150,
            (
                Step(120, Status.ON_TRACK),
                Step(
                    45,
                    Status.COMPLETE,
                    evidence="Induction pack issued to all 11 board members. Development "
                    "sessions held on custody and resettlement, and on victims. 9 of 11 "
                    "members said in the evaluation that they feel more able to challenge "
                    "the service.",
                ),
            ),
        ),
        DemoAction(
            "Agree a quality assurance and performance framework, reported at every board meeting",
            "Priya Shah, performance and information manager",
            -21,
            150,
            (Step(100, Status.ON_TRACK),),
        ),
        DemoAction(
            "Each board member to visit the service and observe practice at least once a year",
            "Head of service, with each board member",
            10,
            150,
            (Step(60, Status.ON_TRACK),),
        ),
    ),
    (
        DemoAction(
            "Set up a strategic health group with the integrated care board, CAMHS and the "
            "service to oversee children's emotional and mental health support",
            "Dr Helen Okafor, designated nurse, integrated care board",
            -45,
            150,
            (Step(110, Status.ON_TRACK), Step(30, Status.AT_RISK)),
        ),
        DemoAction(
            "Agree a clear pathway to emotional and mental health support for every child "
            "the service works with, including while they wait for CAMHS",
            "Mark Ellis, CAMHS service manager",
            75,
            150,
        ),
        DemoAction(
            "Commission an external review of health provision for children in the youth "
            "justice system",
            "Head of commissioning, children's services",
            60,
            150,
            (
                Step(
                    50,
                    Status.CLOSED,
                    closed_reason="Superseded: the board agreed that the strategic health "
                    "group will carry out the review itself.",
                ),
            ),
        ),
    ),
    (
        DemoAction(
            "Train every case manager in assessing risk of harm and in the out-of-court "
            "disposal decision-making process",
            "Head of service",
            -30,
            150,
            (
                Step(90, Status.ON_TRACK),
                Step(
                    35,
                    Status.COMPLETE,
                    evidence="18 of 19 case managers trained (the other is on leave and "
                    "booked for the next session). Training records and evaluations kept "
                    "by the workforce development team.",
                ),
            ),
        ),
        DemoAction(
            "Audit ten out-of-court disposal cases each quarter for the quality of safety "
            "planning, and report the findings to the board",
            "Quality assurance lead",
            5,
            150,
            (Step(80, Status.ON_TRACK),),
        ),
        DemoAction(
            "Review the out-of-court disposal policy and joint decision-making panel with "
            "the police",
            "Inspector Jo Patel, police youth justice lead",
            40,
            150,
            (Step(20, Status.ON_TRACK),),
        ),
    ),
)

# (days ago, absent agencies, representatives, decisions by item number, notes)
DEMO_MEETINGS: tuple[tuple[int, frozenset[str], dict[str, str], dict[int, str], str], ...] = (
    (
        70,
        frozenset({"health", "probation"}),
        {
            "local_authority": "Jonathan Reed, director of children's services (chair)",
            "childrens_social_care": "Amira Khan, head of safeguarding",
            "education": "Tom Hughes, head of inclusion",
            "police": "Inspector Jo Patel",
            "yjs": "Head of service",
        },
        {
            1: "Development programme on track. The chair to write to members who have not "
            "yet booked a service visit.",
            2: "Concern that the health group has not met. The integrated care board to send "
            "a senior representative to the next meeting.",
            3: "Training well under way. Audit findings to come to the next meeting.",
        },
        "The board agreed the improvement plan in response to the inspection and will review "
        "it at every meeting.",
    ),
    (
        14,
        frozenset({"probation"}),
        {
            "local_authority": "Jonathan Reed, director of children's services (chair)",
            "childrens_social_care": "Amira Khan, head of safeguarding",
            "education": "Tom Hughes, head of inclusion",
            "health": "Dr Helen Okafor, designated nurse",
            "police": "Inspector Jo Patel",
            "yjs": "Head of service",
        },
        {
            1: "Development programme complete: closed by the board. The performance "
            "framework is late; a draft to come to the next meeting.",
            2: "Health group at risk. The designated nurse to agree terms of reference with "
            "CAMHS within a month. The chair to escalate probation's absence.",
            3: "Training complete. The first quarterly audit is due: findings next time.",
        },
        "Probation has not attended either meeting this year. The chair will raise it with "
        "the head of the probation delivery unit.",
    ),
)


def _at(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _backdated(action: Action, days_ago: int, change: Callable[[], object]) -> None:
    """Make a change, then date its history records `days_ago` days back."""
    before = set(ActionChange.objects.filter(action=action).values_list("pk", flat=True))
    change()
    new = ActionChange.objects.filter(action=action).exclude(pk__in=before)
    new.update(at=_at(days_ago))
    action.evidence.filter(added_at__gte=_at(0, 0)).update(added_at=_at(days_ago))


@transaction.atomic
def seed_demo_improvement(
    service: Service, people: Mapping[str, User], inspection: Inspection
) -> None:
    """The demo inspection's improvement plan, its actions and two board meetings."""
    actor = _demo_actor(service, people)
    plan, _ = do_create_improvement_plan_from_inspection(actor, inspection)
    today = timezone.localdate()
    items = list(plan.items.order_by("order"))
    if not Action.objects.filter(item__plan=plan).exists():
        for item, actions in zip(items, DEMO_ACTIONS, strict=False):
            _seed_actions(actor, item, actions, today)
    if not BoardMeeting.objects.filter(service=service).exists():
        by_number = {item.order: item for item in items}
        for days_ago, absent, representatives, decisions, notes in DEMO_MEETINGS:
            day = today - timedelta(days=days_ago)
            do_record_board_meeting(
                actor,
                service,
                date=day,
                notes=notes,
                attendance={
                    code: (code not in absent, representatives.get(code, ""))
                    for code in _agencies()
                },
                decisions={
                    by_number[number].pk: text
                    for number, text in decisions.items()
                    if number in by_number
                },
                # The demo's HMIP inspection is not published yet: its meetings choose it.
                inspection=inspection,
                today=day,
            )


def seed_demo_held_meetings(service: Service) -> None:
    """Mark the demo's past meetings but the latest held, freezing their packs (run after the
    surveys and indicators are seeded, so the packs hold them). Each is frozen as at its own
    day, so the demo's board member reads a past pack as the board saw it."""
    meetings = list(
        BoardMeeting.objects.filter(service=service, held_at=None, date__lt=timezone.localdate())
        .select_related("service")
        .order_by("-date", "-id")
    )
    if not meetings or BoardMeeting.objects.filter(service=service).exclude(held_at=None).exists():
        return
    people = {
        m.user.email.split("@")[0]: m.user for m in service.memberships.select_related("user")
    }
    actor = _demo_actor(service, people)
    for meeting in meetings[1:]:
        do_mark_meeting_held(actor, meeting, today=meeting.date)


def _demo_actor(service: Service, people: Mapping[str, User]) -> Actor:
    """The demo's manager (or administrator), acting through their membership, via "demo"."""
    for role in ("manager", "admin"):
        person = people.get(role)
        membership = (
            Membership.objects.select_related("service", "user")
            .filter(service=service, user=person)
            .first()
            if person is not None
            else None
        )
        if membership is not None and membership.is_active:
            return Actor.member(membership, via=AuditEvent.Via.DEMO)
    return Actor.operator(via=AuditEvent.Via.DEMO)


def _agencies() -> list[str]:
    return [code for code, _ in PARTNER_AGENCIES]


def _seed_actions(
    actor: Actor, item: PlanItem, actions: tuple[DemoAction, ...], today: date
) -> None:
    for spec in actions:
        action = do_add_action(
            actor,
            item,
            description=spec.description,
            owner=spec.owner,
            due_date=today + timedelta(days=spec.due_in_days),
        )
        ActionChange.objects.filter(action=action).update(at=_at(spec.created_days_ago))
        for step in spec.steps:
            action.refresh_from_db()

            def change(current: Action = action, step: Step = step) -> None:
                do_update_action(
                    actor,
                    current,
                    current.version,
                    description=current.description,
                    owner=current.owner,
                    due_date=current.due_date,
                    status=step.status,
                    closed_reason=step.closed_reason,
                    evidence_note=step.evidence,
                )

            _backdated(action, step.days_ago, change)
