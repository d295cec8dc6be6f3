"""Reading the audit trail."""

from __future__ import annotations

from django.db.models import QuerySet

from yjqa.web.audit.models import AuditEvent
from yjqa.web.tenancy.models import Service


def inspection_history(service: Service, inspection_id: int) -> QuerySet[AuditEvent]:
    """Every recorded change to an inspection and what belongs to it, newest first."""
    return AuditEvent.objects.filter(service=service, inspection_id=inspection_id)


def service_history(service: Service) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(service=service)
