"""Reading inspections: what the pages, the read API and the `yjqa` commands share.

Plain functions returning querysets or plain data; none of them writes.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q, QuerySet

from yjqa.core.caseload.codes import (
    BAIL_REMAND,
    COURT_COMMUNITY,
    CUSTODY,
    OUT_OF_COURT,
    STATUTORY,
)
from yjqa.web.accounts.models import User
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.models import CaseAudit, Inspection, JudgementRecord
from yjqa.web.inspections.sampling import audit_domains, samples_per_standard
from yjqa.web.tenancy.access import CAPABILITIES
from yjqa.web.tenancy.models import Membership, Role, Service

SUBMITTED = CaseAudit.Status.SUBMITTED


def all_inspections() -> QuerySet[Inspection]:
    """Every inspection of every service, oldest first (for the operator's commands)."""
    return Inspection.objects.select_related("service").order_by("pk")


def inspection_with_id(inspection_id: int) -> Inspection | None:
    return all_inspections().filter(pk=inspection_id).first()


def inspections_of(service: Service) -> QuerySet[Inspection]:
    """A service's inspections, newest first, with their cases and submitted audits counted."""
    return service.inspections.annotate(
        cases=Count("audits"),
        submitted=Count("audits", filter=Q(audits__status=SUBMITTED)),
    )


def visible_inspections(user: User) -> QuerySet[Inspection]:
    """The inspections of every service where `user` may see inspections."""
    services = Membership.objects.active().filter(
        user=user, role__in=CAPABILITIES["view_inspections"].roles
    )
    return Inspection.objects.filter(service__in=services.values("service")).select_related(
        "service"
    )


def inspection_rows(inspections: QuerySet[Inspection]) -> list[dict[str, Any]]:
    """The JSON of `yjqa inspections list --format json` and of the API's inspection list."""
    return [
        {
            "id": i.pk,
            "service": i.service.name,
            "framework": i.framework_id,
            "kind": i.kind,
            "status": i.status,
        }
        for i in inspections.select_related("service").order_by("pk")
    ]


def auditing_people(service: Service) -> QuerySet[User]:
    """Who may lead or audit in the service: its auditors and managers, by name."""
    return User.objects.filter(
        memberships__in=service.memberships.active().filter(
            role__in=[Role.QA_LEAD, Role.AUDITOR, Role.MANAGER]
        )
    ).order_by("full_name")


def audits_of(inspection: Inspection) -> QuerySet[CaseAudit]:
    """Every case audit of the inspection (first and second markings), by case."""
    return inspection.audits.select_related("case", "victim", "auditor")


def first_audits(inspection: Inspection) -> QuerySet[CaseAudit]:
    return audits_of(inspection).filter(marking=CaseAudit.Marking.FIRST)


def audit_progress(inspection: Inspection) -> QuerySet[CaseAudit, dict[str, Any]]:
    """Each auditor's cases: how many, and how many not started, in progress, submitted."""
    return (
        inspection.audits.values("auditor__full_name")
        .annotate(
            total=Count("id"),
            not_started=Count("id", filter=Q(status=CaseAudit.Status.NOT_STARTED)),
            drafted=Count("id", filter=Q(status=CaseAudit.Status.DRAFT)),
            submitted=Count("id", filter=Q(status=SUBMITTED)),
        )
        .order_by("auditor__full_name")
    )


def first_marking_counts(inspection: Inspection) -> dict[str, int]:
    """How many cases are in the inspection, and how many of their first audits are in."""
    return inspection.audits.filter(marking=CaseAudit.Marking.FIRST).aggregate(
        total=Count("id"), submitted=Count("id", filter=Q(status=SUBMITTED))
    )


def judgements_by_standard(inspection: Inspection) -> dict[str, JudgementRecord]:
    return {j.standard_id: j for j in inspection.judgements.all()}


def cases_to_add(inspection: Inspection) -> QuerySet[CaseRecord]:
    """Cases whose outcome falls in a window of the inspection, not already in it (for a
    framework that audits a case in several domains, the national standards: not already in
    every domain its outcome belongs to)."""
    framework = inspection.framework
    per_standard = samples_per_standard(framework)
    cases = CaseRecord.objects.filter(service=inspection.service)
    if not per_standard:
        cases = cases.exclude(
            pk__in=inspection.audits.filter(victim__isnull=True).values("case_id")
        )
    windows = Q(pk__in=[])
    for outcomes, start, end in (
        # The national standards' at court takes bail and remand as well.
        (
            STATUTORY | BAIL_REMAND if per_standard else STATUTORY,
            inspection.court_window_start,
            inspection.court_window_end,
        ),
        (OUT_OF_COURT, inspection.oocd_window_start, inspection.oocd_window_end),
        (CUSTODY, inspection.resettlement_window_start, inspection.resettlement_window_end),
        (
            COURT_COMMUNITY | CUSTODY,
            inspection.community_window_start,
            inspection.community_window_end,
        ),
        (
            CUSTODY | {"remand_youth_detention"},
            inspection.secure_window_start,
            inspection.secure_window_end,
        ),
        # 2025: all of a child's work, bail and remand included.
        (
            OUT_OF_COURT | STATUTORY | BAIL_REMAND,
            inspection.children_window_start,
            inspection.children_window_end,
        ),
    ):
        if start or end:
            window = Q(outcome__in=outcomes)
            if start:
                window &= Q(outcome_date__gte=start)
            if end:
                window &= Q(outcome_date__lte=end)
            windows |= window
    found = cases.filter(windows).order_by("outcome", "case_ref")
    if not per_standard:
        return found
    audited: dict[int, set[str]] = {}
    for case_id, domain_id in inspection.audits.filter(victim__isnull=True).values_list(
        "case_id", "domain_id"
    ):
        audited.setdefault(case_id, set()).add(domain_id)
    wanted = [
        case.pk
        for case in found
        if {d.id for d in audit_domains(framework, case.outcome)} - audited.get(case.pk, set())
    ]
    return found.filter(pk__in=wanted)
