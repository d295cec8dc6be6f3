"""Scoping: every service page resolves the signed-in person's membership first.

Anything outside a person's services is a 404, so a page never confirms that another
service's records exist; inside their own service, a page beyond their role is a 403 that
says who can do it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404

from yjqa.web.tenancy.models import Membership, Role

P = ParamSpec("P")
M = TypeVar("M", bound=Model)


@dataclass(frozen=True)
class Capability:
    """One row of the role matrix: who may, and what the page says to everyone else."""

    roles: frozenset[str]
    what: str  # for docs/roles.md and the 403 page: "draw samples, assign auditors, ..."
    # An inspector (an auditor from outside, docs/roles.md) has it only if this says so.
    inspectors: bool = True


def _roles(*roles: Role) -> frozenset[str]:
    return frozenset(roles)


EVERYONE = _roles(*Role)
QA_WORK = _roles(Role.ADMIN, Role.QA_LEAD, Role.AUDITOR, Role.MANAGER)

# The role matrix: the one place that says who may do what. docs/roles.md explains it, and
# tests/web/test_role_matrix.py checks every URL against it.
CAPABILITIES: dict[str, Capability] = {
    "view_service": Capability(EVERYONE, "see the service's home page"),
    "view_indicators": Capability(
        QA_WORK | {Role.BOARD}, "read the performance indicators and export them"
    ),
    "view_cases": Capability(QA_WORK, "read the caseload and case audits"),
    "manage_people": Capability(_roles(Role.ADMIN), "add people and change their roles"),
    "view_access_log": Capability(_roles(Role.ADMIN), "read the access log"),
    "erase_records": Capability(
        _roles(Role.ADMIN), "erase one child's records on request (UK GDPR)", inspectors=False
    ),
    "manage_caseload": Capability(
        _roles(Role.ADMIN, Role.QA_LEAD, Role.MANAGER), "import the caseload"
    ),
    "view_inspections": Capability(
        QA_WORK | {Role.BOARD}, "read inspections, their ratings and reports"
    ),
    "manage_inspections": Capability(
        _roles(Role.ADMIN, Role.QA_LEAD, Role.MANAGER),
        "create inspections, draw samples, assign auditors, and record judgements, findings"
        " and recommendations",
    ),
    "record_audits": Capability(
        _roles(Role.QA_LEAD, Role.AUDITOR, Role.MANAGER), "record case audits"
    ),
    # The inspection's lead may also moderate; no one moderates a case they audited.
    "moderate": Capability(
        _roles(Role.ADMIN, Role.QA_LEAD, Role.MANAGER), "moderate disagreements"
    ),
    "resolve_concerns": Capability(
        _roles(Role.QA_LEAD, Role.MANAGER), "record what was done about a safety concern"
    ),
    # A case manager reads the auditors' feedback on their own cases, and replies.
    "read_feedback": Capability(
        _roles(Role.QA_LEAD, Role.MANAGER, Role.CASE_MANAGER), "read feedback on case work"
    ),
    # After the inspection: improvement plans, board meetings, surveys, the youth justice plan.
    "view_improvement": Capability(
        QA_WORK | {Role.BOARD}, "read improvement plans, board meetings and packs"
    ),
    "manage_improvement": Capability(
        _roles(Role.ADMIN, Role.MANAGER),
        "change improvement plans, board meetings and the youth justice plan",
    ),
    "view_surveys": Capability(QA_WORK | {Role.BOARD}, "read survey summaries"),
    "manage_surveys": Capability(
        _roles(Role.ADMIN, Role.QA_LEAD, Role.AUDITOR, Role.MANAGER),
        "run surveys and read children's and parents' comments",
        inspectors=False,
    ),
}


def can(membership: Membership, capability: str) -> bool:
    rule = CAPABILITIES[capability]
    if membership.is_inspector and not rule.inspectors:
        return False
    return membership.role in rule.roles


# Whom the 403 page sends people to, in this order; an administrator only when no one else can.
ASKED_FIRST = (
    Role.MANAGER,
    Role.QA_LEAD,
    Role.AUDITOR,
    Role.CASE_MANAGER,
    Role.BOARD,
)


def who_can(capability: str) -> str:
    """The 403 page's advice, from the matrix: "Ask a manager or QA lead"."""
    roles = [r for r in ASKED_FIRST if r in CAPABILITIES[capability].roles]
    names = [str(r.label).lower().replace("qa lead", "QA lead") for r in roles] or ["administrator"]
    phrase = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    article = "an" if phrase[0] in "aeiou" else "a"
    return f"Ask {article} {phrase}"


class NotYourRole(PermissionDenied):
    """Inside the person's own service, a page beyond their role: a 403 saying who can."""

    def __init__(self, capability: str) -> None:
        super().__init__(who_can(capability))
        self.capability = capability
        self.what = CAPABILITIES[capability].what


def membership_for(request: HttpRequest, slug: str, capability: str) -> Membership:
    """The person's membership of the service, if their role has `capability`.

    Outside their services it is "Page not found" (so a page never confirms that another
    service exists); inside, a page beyond their role is a 403 that says who can.
    """
    membership = (
        Membership.objects.active()
        .select_related("service")
        .filter(user_id=cast(int, request.user.pk), service__slug=slug)
        .first()
    )
    if membership is None:
        raise Http404("No such page")
    if not can(membership, capability):
        raise NotYourRole(capability)
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

        wrapper.capability = capability  # type: ignore[attr-defined]  # for the role matrix test
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
