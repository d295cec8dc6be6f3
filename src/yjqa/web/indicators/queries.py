"""Reading a service's indicator records (for the pages, the demo and the command line)."""

from __future__ import annotations

from datetime import date

from django.db.models import Max, Min

from yjqa.core.indicators.data import Table
from yjqa.web.indicators.models import Child, ChildOutcome, PopulationCount
from yjqa.web.tenancy.models import Service


def person_ids_of(service: Service) -> set[str]:
    """Every child's pseudonymous id the service's records hold."""
    return set(Child.objects.filter(service=service).values_list("person_id", flat=True))


def has_outcomes(service: Service) -> bool:
    return ChildOutcome.objects.filter(service=service).exists()


def record_counts(service: Service) -> dict[Table, int]:
    """How many children, outcomes and population counts the service holds."""
    return {
        "people": Child.objects.filter(service=service).count(),
        "outcomes": ChildOutcome.objects.filter(service=service).count(),
        "population": PopulationCount.objects.filter(service=service).count(),
    }


def outcome_dates(service: Service) -> tuple[date | None, date | None]:
    """The first and last outcome dates the service's records hold (None, None if none)."""
    span = ChildOutcome.objects.filter(service=service).aggregate(
        first=Min("outcome_date"), last=Max("outcome_date")
    )
    return span["first"], span["last"]
