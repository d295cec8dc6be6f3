"""The demo's safety concern and feedback: in each service, one open concern in the demo
HMIP inspection and one feedback thread (the auditor's feedback and the case manager's
reply) on a case of theirs in a demo inspection.

The feedback is on a case of the demo case manager (casemanager@, named as the synthetic
team's first case manager), so signing in as them shows it on "Feedback on your cases".
Everything is written through the service functions, as the people themselves would.
"""

from __future__ import annotations

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.concerns import (
    case_manager_name,
    do_leave_feedback,
    do_raise_concern,
    do_reply_to_feedback,
)
from yjqa.web.inspections.models import AuditFeedback, CaseAudit, Inspection, SafetyConcern
from yjqa.web.tenancy.models import Membership, Role, Service

DEMO_CONCERN = (
    "The child told their case manager that an older young person is asking them to carry"
    " packages; the case record shows no referral to children's social care or the exploitation"
    " panel, and no safety plan since."
)
DEMO_FEEDBACK = (
    "The assessment draws well on the child's own account and their school's view. The plan"
    " does not say how the child's risk to their younger sibling will be reviewed when they"
    " move back home: please add a review date and who will do it."
)
DEMO_REPLY = (
    "Thank you. I have added a review for the week they move home, with the social worker,"
    " and noted it in the plan."
)


def _member(service: Service, user_id: int | None) -> Actor | None:
    if user_id is None:
        return None
    membership = (
        Membership.objects.select_related("user", "service")
        .filter(service=service, user_id=user_id)
        .first()
    )
    return Actor.member(membership, via=AuditEvent.Via.DEMO) if membership else None


def _submitted(inspections: list[Inspection]) -> list[CaseAudit]:
    """The inspections' submitted first markings, in the order of the inspections given."""
    audits: list[CaseAudit] = []
    for inspection in inspections:
        audits += (
            inspection.audits.filter(
                status=CaseAudit.Status.SUBMITTED,
                marking=CaseAudit.Marking.FIRST,
                auditor__isnull=False,
            )
            .select_related("case", "inspection__service")
            .order_by("case__case_ref")
        )
    return audits


def seed_demo_concerns(service: Service) -> None:
    """One open concern in the service's demo HMIP inspection and one feedback thread on a
    case of the demo case manager in a demo inspection (nothing if the service has either
    already, or has no demo inspection)."""
    from yjqa.web.demo import DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE  # demo.py imports us

    demo = {i.title: i for i in Inspection.objects.filter(service=service)}
    inspections = [demo[t] for t in (DEMO_INSPECTION_TITLE, DEMO_MOCK_2025_TITLE) if t in demo]
    if not inspections:
        return
    in_service = {"audit__inspection__service": service}
    if (
        SafetyConcern.objects.filter(**in_service).exists()
        or AuditFeedback.objects.filter(**in_service).exists()
    ):
        return
    audits = _submitted(inspections)
    if not audits:
        return
    case_manager = (
        Membership.objects.select_related("user", "service")
        .filter(service=service, role=Role.CASE_MANAGER)
        .order_by("pk")
        .first()
    )
    name = case_manager_name(case_manager).casefold() if case_manager else ""
    theirs = [a for a in audits if name and a.case.case_manager.strip().casefold() == name]
    concern_audit = next((a for a in audits if a not in theirs[:1]), audits[0])
    auditor = _member(service, concern_audit.auditor_id)
    if auditor is not None:
        do_raise_concern(auditor, concern_audit, DEMO_CONCERN)
    if theirs and case_manager is not None:
        feedback_audit = theirs[0]
        auditor = _member(service, feedback_audit.auditor_id)
        if auditor is not None:
            do_leave_feedback(auditor, feedback_audit, DEMO_FEEDBACK)
            do_reply_to_feedback(
                Actor.member(case_manager, via=AuditEvent.Via.DEMO), feedback_audit, DEMO_REPLY
            )
