"""The demo's registers of evidence: for each judgement standard of the service's demo
inspections, the documents, meetings, interviews, surveys and data its rating rests on, as an
HMIP report describes them (seed 000: board minutes and attendance, the staff survey, meetings
with partners), linked to yjqa's figures where it holds them.

Written through `do_add_judgement_evidence` as the inspection's lead would, once: a demo
inspection that already has evidence is left as it is.
"""

from __future__ import annotations

from datetime import date, timedelta

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.judgement_evidence import do_add_judgement_evidence
from yjqa.web.inspections.judgement_figures import reference_day
from yjqa.web.inspections.models import Inspection, JudgementEvidence
from yjqa.web.tenancy.models import Membership, Role, Service

Kind = JudgementEvidence.Kind

# By the standard's title: (kind, title, days before fieldwork or None, what it shows, figure).
DemoItem = tuple[str, str, int | None, str, str]
DEMO_EVIDENCE: dict[str, tuple[DemoItem, ...]] = {
    "Governance and leadership": (
        (
            Kind.MEETING,
            "Management board minutes and attendance",
            40,
            "The board meets quarterly; partners receive the performance report and "
            "challenge one another on it. Attendance has been lower from some agencies.",
            "board_attendance",
        ),
        (
            Kind.DOCUMENT,
            "Youth justice plan",
            240,
            "Sets the partnership's priorities, with the board's oversight of each.",
            "",
        ),
        (
            Kind.DATA,
            "Reoffending, as reported to the board",
            40,
            "The board sees the reoffending rate every quarter against the national figure.",
            "indicator:reoffending",
        ),
    ),
    "Staff": (
        (
            Kind.SURVEY,
            "Staff survey",
            60,
            "Staff views on supervision, workloads and training.",
            "staff_survey",
        ),
        (
            Kind.INTERVIEW,
            "Meetings with case managers, team managers and volunteers",
            None,
            "Staff felt supported and knew the service's priorities; caseloads were "
            "manageable for most.",
            "",
        ),
        (
            Kind.DOCUMENT,
            "Staffing structure and training records",
            30,
            "Who works in the service, and the training each has completed this year.",
            "",
        ),
    ),
    "Partnerships and services": (
        (
            Kind.DATA,
            "Education, training or employment at the end of orders",
            40,
            "Children in suitable education, training or employment when their order ends.",
            "indicator:ete",
        ),
        (
            Kind.DATA,
            "Accommodation at the end of orders",
            40,
            "Children in suitable accommodation when their order ends.",
            "indicator:accommodation",
        ),
        (
            Kind.INTERVIEW,
            "Meetings with health, police and children's social care partners",
            None,
            "Health provision is limited, with no priority pathway for the service's children.",
            "",
        ),
    ),
    "Information and facilities": (
        (
            Kind.SURVEY,
            "Children's survey",
            90,
            "Children's views of the service, its buildings and how it listens to them.",
            "children_survey",
        ),
        (
            Kind.DOCUMENT,
            "Policies, procedures and information-sharing protocols",
            120,
            "Up to date and understood across the partnership.",
            "",
        ),
    ),
    "Out-of-court disposal policy and provision": (
        (
            Kind.DOCUMENT,
            "Out-of-court disposal policy",
            150,
            "The joint decision-making panel's terms of reference and the new model.",
            "",
        ),
        (
            Kind.DATA,
            "Out-of-court disposals completed",
            40,
            "How many out-of-court disposals children completed in the year.",
            "indicator:oocd_completed",
        ),
    ),
    "Resettlement policy and provision": (
        (
            Kind.DOCUMENT,
            "Resettlement policy",
            200,
            "Sets out partners' roles; it would benefit from being written with them.",
            "",
        ),
        (
            Kind.DATA,
            "Use of custody",
            40,
            "Children sentenced to custody in the year.",
            "indicator:custody",
        ),
    ),
}


def _lead(service: Service, inspection: Inspection) -> Actor:
    """The inspection's lead acting through their membership, else the service's manager."""
    memberships = Membership.objects.select_related("user", "service").filter(service=service)
    lead = memberships.filter(user_id=inspection.lead_id) if inspection.lead_id else None
    membership = (lead.first() if lead is not None else None) or memberships.filter(
        role=Role.MANAGER
    ).order_by("pk").first()
    if membership is None:
        return Actor.operator(via=AuditEvent.Via.DEMO)
    return Actor.member(membership, via=AuditEvent.Via.DEMO)


def _day(fieldwork: date, before: int | None) -> date | None:
    return None if before is None else fieldwork - timedelta(days=before)


def seed_demo_judgement_evidence(service: Service) -> int:
    """Registers of evidence for the judgement standards of the service's demo inspections
    (those not published and without evidence yet); how many items were added."""
    from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE  # demo.py imports us

    added = 0
    inspections = Inspection.objects.filter(
        service=service, title__in=(DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE)
    ).exclude(status=Inspection.Status.PUBLISHED)
    for inspection in inspections.order_by("pk"):
        if inspection.judgement_evidence.exists():
            continue
        actor = _lead(service, inspection)
        fieldwork = reference_day(inspection)
        framework = inspection.framework
        for standard in framework.standards_for(inspection.inspection_type or None):
            if standard.kind != "judgement":
                continue
            for kind, title, before, summary, figure in DEMO_EVIDENCE.get(standard.title, ()):
                do_add_judgement_evidence(
                    actor,
                    inspection,
                    standard.id,
                    kind=kind,
                    title=title,
                    dated=_day(fieldwork, before),
                    summary=summary,
                    figure=figure,
                )
                added += 1
    return added
