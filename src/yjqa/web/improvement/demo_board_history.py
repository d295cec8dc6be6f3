"""The demo board's meetings in the year before the demo inspection's fieldwork, with
attendance: what the evidence for 1.1 (Governance and leadership) and the youth justice plan's
governance section read, as the published reports cite board attendance.

The demo's other meetings are dated from today (the improvement plan's progress); these are
dated from the inspection, whose synthetic caseload has fixed dates. Idempotent.
"""

from __future__ import annotations

from datetime import date, timedelta

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.improvement.models import BoardMeeting
from yjqa.web.improvement.services import do_record_board_meeting
from yjqa.web.tenancy.models import Membership, Role, Service

# (weeks before fieldwork, agencies absent, notes)
DEMO_EARLIER_MEETINGS: tuple[tuple[int, frozenset[str], str], ...] = (
    (50, frozenset({"health"}), "The board reviewed the youth justice plan's priorities."),
    (37, frozenset({"health", "probation"}), "Performance report and the audit programme."),
    (24, frozenset({"education"}), "Disproportionality: the board asked for a deep dive."),
    (11, frozenset(), "Preparing for inspection: the board's self-assessment agreed."),
)
REPRESENTATIVES = {
    "local_authority": "Director of children's services (chair)",
    "childrens_social_care": "Head of safeguarding",
    "education": "Head of inclusion",
    "health": "Designated nurse for safeguarding",
    "police": "Superintendent, local policing",
    "probation": "Head of the probation delivery unit",
    "yjs": "Head of service",
}


def seed_demo_board_history(service: Service, fieldwork_start: date | None) -> int:
    """The meetings, through the service that records a meeting; how many were added (none
    when the service holds a meeting in that year already, or no manager to record them)."""
    if fieldwork_start is None:
        return 0
    first = fieldwork_start - timedelta(weeks=DEMO_EARLIER_MEETINGS[0][0])
    if BoardMeeting.objects.filter(
        service=service, date__gte=first, date__lt=fieldwork_start
    ).exists():
        return 0
    manager = (
        Membership.objects.select_related("service", "user")
        .filter(service=service, role=Role.MANAGER)
        .order_by("pk")
        .first()
    )
    if manager is None:
        return 0
    actor = Actor.member(manager, via=AuditEvent.Via.DEMO)
    for weeks, absent, notes in DEMO_EARLIER_MEETINGS:
        day = fieldwork_start - timedelta(weeks=weeks)
        do_record_board_meeting(
            actor,
            service,
            date=day,
            notes=notes,
            attendance={
                code: (code not in absent, "" if code in absent else who)
                for code, who in REPRESENTATIVES.items()
            },
            decisions={},
            today=day,
        )
    return len(DEMO_EARLIER_MEETINGS)
