"""Reading a service's caseload (for the pages, the demo and the command line)."""

from __future__ import annotations

from django.db.models import QuerySet

from yjqa.web.caseload.models import CaseRecord
from yjqa.web.tenancy.models import Service


def cases_of(service: Service) -> QuerySet[CaseRecord]:
    return CaseRecord.objects.filter(service=service)


def case_refs_of(service: Service) -> set[str]:
    """Every case reference the service's caseload already holds."""
    return set(cases_of(service).values_list("case_ref", flat=True))
