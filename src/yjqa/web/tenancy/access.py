"""Scoping: every service page resolves the signed-in person's membership first.

Anything outside a person's services or role is a 404, so a page never confirms that
another service's records exist.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from yjqa.web.tenancy.models import Membership, Role

P = ParamSpec("P")
M = TypeVar("M", bound=Model)

CAPABILITIES: dict[str, frozenset[str]] = {
    "view_service": frozenset({Role.ADMIN, Role.AUDITOR, Role.MANAGER, Role.BOARD}),
    "view_cases": frozenset({Role.ADMIN, Role.AUDITOR, Role.MANAGER}),
    "manage_people": frozenset({Role.ADMIN}),
    "view_access_log": frozenset({Role.ADMIN}),
    "manage_caseload": frozenset({Role.ADMIN, Role.MANAGER}),
    "view_inspections": frozenset({Role.ADMIN, Role.AUDITOR, Role.MANAGER, Role.BOARD}),
    "manage_inspections": frozenset({Role.ADMIN, Role.MANAGER}),
    "record_audits": frozenset({Role.AUDITOR, Role.MANAGER}),
    # The inspection's lead may also moderate; no one moderates a case they audited.
    "moderate": frozenset({Role.ADMIN, Role.MANAGER}),
    # After the inspection: improvement plans, board meetings, surveys, the youth justice plan.
    "view_improvement": frozenset({Role.ADMIN, Role.AUDITOR, Role.MANAGER, Role.BOARD}),
    "manage_improvement": frozenset({Role.ADMIN, Role.MANAGER}),
    "view_surveys": frozenset({Role.ADMIN, Role.AUDITOR, Role.MANAGER, Role.BOARD}),
    "manage_surveys": frozenset({Role.ADMIN, Role.AUDITOR, Role.MANAGER}),
}


def can(membership: Membership, capability: str) -> bool:
    return membership.role in CAPABILITIES[capability]


def membership_for(request: HttpRequest, slug: str, capability: str) -> Membership:
    membership = (
        Membership.objects.active()
        .select_related("service")
        .filter(user_id=cast(int, request.user.pk), service__slug=slug)
        .first()
    )
    if membership is None or not can(membership, capability):
        raise Http404("No such page")
    return membership


def service_view(
    capability: str,
) -> Callable[
    [Callable[Concatenate[HttpRequest, Membership, P], HttpResponse]],
    Callable[..., HttpResponse],
]:
    """Decorate a view taking (request, membership, ...) that lives under /services/<slug>/."""

    def decorate(
        view: Callable[Concatenate[HttpRequest, Membership, P], HttpResponse],
    ) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
            membership = membership_for(request, slug, capability)
            return view(request, membership, *args, **kwargs)

        return wrapper

    return decorate


def capabilities_of(membership: Membership) -> dict[str, bool]:
    """For templates: which links and panels to show."""
    return {name: can(membership, name) for name in CAPABILITIES}


def page_context(membership: Membership, **extra: object) -> dict[str, object]:
    """What every service page's template needs: the membership, its service, capabilities."""
    return {
        "membership": membership,
        "service": membership.service,
        "can": capabilities_of(membership),
        **extra,
    }


def tenant_object(model: type[M] | QuerySet[M], membership: Membership, **lookup: Any) -> M:
    """One of the membership's service's own records, or "Page not found" (never another's)."""
    return get_object_or_404(model, service=membership.service, **lookup)
