"""Reading a service's caseload (for the pages, the demo and the command line)."""

from __future__ import annotations

from django.db.models import QuerySet

from yjqa.core.indicators.victims import VictimFacts
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.tenancy.models import Service


def cases_of(service: Service) -> QuerySet[CaseRecord]:
    return CaseRecord.objects.filter(service=service)


def case_refs_of(service: Service) -> set[str]:
    """Every case reference the service's caseload already holds."""
    return set(cases_of(service).values_list("case_ref", flat=True))


def case_ids_of(service: Service) -> dict[str, int]:
    """Every case reference the service's caseload holds, with its record's id."""
    return dict(cases_of(service).values_list("case_ref", "pk"))


def victims_of(service: Service) -> QuerySet[VictimRecord]:
    """The service's victims' records, each with its linked child's case."""
    return VictimRecord.objects.filter(service=service).select_related("case")


def victim_refs_of(service: Service) -> set[str]:
    """Every victim reference the service's victims' caseload already holds."""
    return set(VictimRecord.objects.filter(service=service).values_list("victim_ref", flat=True))


def victims_of_case(case: CaseRecord) -> QuerySet[VictimRecord]:
    """The victims of the offence behind one child's case record."""
    return VictimRecord.objects.filter(service_id=case.service_id, case=case).order_by("victim_ref")


def victim_facts_of(service: Service) -> list[VictimFacts]:
    """What KPI 10 reads of each of the service's victims' records (no reference, no name)."""
    rows = VictimRecord.objects.filter(service=service).values_list(
        "offence_date",
        "first_contact_date",
        "case__end_date",
        "consent_to_contact",
        "restorative_justice_offered",
        "restorative_justice_took_part",
        "safety_planning_needed",
    )
    return [VictimFacts(*row) for row in rows]
