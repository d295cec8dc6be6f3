"""Reading services, their people and their access log (for the pages and the command line)."""

from __future__ import annotations

from django.db.models import Q, QuerySet, Value
from django.db.models.functions import Coalesce, NullIf

from yjqa.web.tenancy.models import AccessLog, Membership, Service


def service_named(name: str) -> Service | None:
    """The service with this slug, name or code (in any case), or None."""
    text = name.strip()
    return Service.objects.filter(
        Q(slug__iexact=text) | Q(name__iexact=text) | Q(code__iexact=text)
    ).first()


def service_with_slug(slug: str) -> Service | None:
    return Service.objects.filter(slug=slug).first()


def members_of(service: Service) -> QuerySet[Membership]:
    """Everyone with a role in the service (an expired inspector too), by name."""
    return service.memberships.select_related("user").order_by(
        Coalesce(NullIf("display_name", Value("")), "user__full_name"), "user__email"
    )


def member_names(service: Service) -> dict[int, str]:
    """Each member's name as this service knows them, by their account's id (for the
    service's audit-trail pages)."""
    return {m.user_id: m.name for m in service.memberships.select_related("user")}


def has_member(service: Service, email: str) -> bool:
    return Membership.objects.filter(service=service, user__email__iexact=email.strip()).exists()


def access_log_entries(
    service: Service, *, record: str = "", person: str = ""
) -> QuerySet[AccessLog]:
    """The service's access log, newest first, optionally narrowed by record and person."""
    entries = AccessLog.objects.filter(service=service)
    if record:
        entries = entries.filter(record_ref__icontains=record)
    if person:
        entries = entries.filter(user_email__icontains=person)
    return entries
