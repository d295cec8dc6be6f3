"""The demo's short quality screening (hmip-sqs-2016), reported as a letter like seed 001:
court cases audited under the four headings, each heading's findings, operational
management, key strengths, the areas requiring improvement and the letter's head.

Everything is written through the service functions, as the QA lead would. Every child,
case and figure in it is synthetic.
"""

from __future__ import annotations

from datetime import timedelta

from yjqa.core.caseload import codes
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.audit_services import AuditInput, audit_key_questions, do_save_audit
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.inspections.report_services import (
    do_add_recommendation,
    do_save_findings,
    do_save_letter,
)
from yjqa.web.inspections.services import do_add_cases, do_create_inspection
from yjqa.web.tenancy.models import Membership, Role, Service

DEMO_SCREENING_TITLE = "Short quality screening (demo)"
DEMO_SCREENING_CASES = 20
# Key question -> how many of every 20 cases answer Yes (the rest No; 1.4 and 2.3 apply
# only where circumstances changed, so some cases are Not applicable).
DEMO_SCREENING_YES = {
    "1.1": 15, "1.2": 12, "1.3": 15, "1.4": 8, "1.5": 19,
    "2.1": 18, "2.2": 16, "2.3": 9, "2.4": 20, "2.5": 13,
    "3.1": 16, "3.2": 13, "3.3": 11, "3.4": 14, "3.5": 12,
    "4.1": 17, "4.2": 14, "4.3": 16,
}  # fmt: skip
DEMO_SCREENING_NOT_APPLICABLE = {"1.4": 4, "2.3": 2}
DEMO_SCREENING_FINDINGS = {
    "1": "Reports to the court were of good quality. Records showed case managers too often "
    "responding to crises that partner agencies could have met.",
    "2": "Risk of harm to others was assessed well and management oversight of it was good; "
    "written plans did not always address the key risk factors.",
    "3": "Case managers understood what made children vulnerable. Information sharing with "
    "children's social care was not always clear.",
    "4": "Case managers were tenacious and creative in engaging children, and compliance "
    "panels helped children complete their orders.",
}
DEMO_SCREENING_RECOMMENDATIONS = (
    (
        "The management board",
        "consider how partner agencies can support the complex needs of children and their "
        "families, so that the service can focus on reducing reoffending",
    ),
    (
        "The head of service",
        "strengthen recording so that plans and reviews reflect the work case managers do",
    ),
)


def _lead(service: Service) -> Membership | None:
    return (
        Membership.objects.select_related("user", "service")
        .filter(service=service, role=Role.QA_LEAD)
        .order_by("pk")
        .first()
    )


def _answers(audit: CaseAudit, index: int) -> dict[str, str]:
    """The case's answers: of every 20 cases, DEMO_SCREENING_YES Yes, then the Not
    applicable ones, then No, spread so that each case differs."""
    answers = {}
    for offset, question in enumerate(audit_key_questions(audit)):
        place = (index + 3 * offset) % DEMO_SCREENING_CASES
        yes = DEMO_SCREENING_YES.get(question, 10)
        not_applicable = DEMO_SCREENING_NOT_APPLICABLE.get(question, 0)
        if place < yes:
            answers[question] = "yes"
        elif place < yes + not_applicable:
            answers[question] = "n/a"
        else:
            answers[question] = "no"
    return answers


def seed_demo_screening(service: Service) -> Inspection | None:
    """A short quality screening in moderation, every audit submitted and its letter
    written; nothing if the service has one already, or has no QA lead or court cases."""
    if Inspection.objects.filter(service=service, title=DEMO_SCREENING_TITLE).exists():
        return None
    lead = _lead(service)
    court = [
        case
        for case in CaseRecord.objects.filter(service=service).order_by("outcome_date", "pk")
        if codes.outcome_group(case.outcome) == "court"
    ][-DEMO_SCREENING_CASES:]
    if lead is None or len(court) < DEMO_SCREENING_CASES:
        return None
    actor = Actor.member(lead, via=AuditEvent.Via.DEMO)
    end = court[-1].outcome_date + timedelta(days=30)
    start = end - timedelta(days=2)
    inspection = do_create_inspection(
        actor,
        service,
        title=DEMO_SCREENING_TITLE,
        framework_id="hmip-sqs-2016",
        kind=Inspection.Kind.MOCK,
        status=Inspection.Status.FIELDWORK,
        lead=lead.user,
        team=[lead.user],
        fieldwork_start=start,
        fieldwork_end=end,
        summary=f"This is a demonstration screening of {service.name}: every child, case and "
        "figure in it is synthetic.\n\nCase managers knew their children well and engaged "
        "them effectively; planning was often good in discussion but not in writing.",
    )
    do_add_cases(actor, inspection, court, lead.user)
    audits = inspection.audits.select_related("case").order_by("case__case_ref")
    for index, audit in enumerate(audits):
        do_save_audit(
            actor,
            audit,
            audit.version,
            AuditInput(_answers(audit, index), {}, {}, case_manager_interviewed=True),
            submit=True,
        )
    for standard_id, narrative in DEMO_SCREENING_FINDINGS.items():
        do_save_findings(
            actor,
            inspection,
            standard_id,
            narrative=narrative,
            strengths="",
            areas_for_improvement="",
        )
    for order, (addressee, text) in enumerate(DEMO_SCREENING_RECOMMENDATIONS, start=1):
        do_add_recommendation(actor, inspection, addressee=addressee, text=text, order=order)
    do_save_letter(
        actor,
        inspection,
        letter_to=f"Chair of the {service.name} management board",
        letter_from=f"{lead.user.full_name}, lead inspector",
        copy_to="Head of service: (demo)\nDirector of children's services: (demo)\n"
        "Police and crime commissioner: (demo)",
        operational_management="Case managers understood the principles of effective practice "
        "and felt well supported by their managers.\n\nManagement oversight was supportive "
        "where practice was good but less effective where there were deficiencies.",
        key_strengths="A single point of contact for the children's homes helped information "
        "sharing.\nCompliance panels helped children complete their orders.",
    )
    return Inspection.objects.get(pk=inspection.pk)
