"""A person's services, a service's home page, its people and its access log."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time
from typing import cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yjqa.core.caseload import codes
from yjqa.core.validation.fields import field_error
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.caseload.queries import cases_of
from yjqa.web.tenancy import home as home_panels
from yjqa.web.tenancy import queries, services
from yjqa.web.tenancy.access import can, page_context, service_view, tenant_object
from yjqa.web.tenancy.forms import AddMemberForm, MemberForm
from yjqa.web.tenancy.models import Membership, Role, memberships_of


def _end_of_day(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time(23, 59, 59)))


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The person's services, each with what waits for them there."""
    user = cast(User, request.user)
    memberships = list(memberships_of(user))
    return render(
        request,
        "tenancy/home.html",
        {"memberships": memberships, "glances": home_panels.at_a_glance(memberships, user)},
    )


def _counts(
    cases: QuerySet[CaseRecord], field: str, labels: Mapping[str, str]
) -> list[tuple[str, int]]:
    rows = dict(cases.values_list(field).annotate(n=Count("id")).order_by())
    return [(label, rows.get(code, 0)) for code, label in labels.items()]


def _caseload_summary(membership: Membership) -> dict[str, object]:
    cases = cases_of(membership.service)
    total = cases.count()
    by_outcome = _counts(cases, "outcome", codes.OUTCOME)
    groups = dict.fromkeys(codes.OUTCOME_GROUP_LABELS, 0)
    for (code, _label), (_, n) in zip(codes.OUTCOME.items(), by_outcome, strict=True):
        groups[codes.outcome_group(code)] += n
    open_cases = cases.filter(end_date__isnull=True).count()
    first = cases.order_by("outcome_date").values_list("outcome_date", flat=True).first()
    last = cases.order_by("-outcome_date").values_list("outcome_date", flat=True).first()
    summary: dict[str, object] = {
        "total": total,
        "open": open_cases,
        "first": first,
        "last": last,
        "groups": [(label, groups[g]) for g, label in codes.OUTCOME_GROUP_LABELS.items()],
        "by_outcome": by_outcome,
        "by_sex": _counts(cases, "sex", codes.SEX),
        "by_rosh": _counts(cases, "rosh", codes.RISK_LEVEL),
        "by_safety": _counts(cases, "safety_wellbeing", codes.RISK_LEVEL),
        "by_ethnicity": _counts(cases, "ethnicity", codes.ETHNICITY),
    }
    return summary


@service_view("view_service")
def service_home(request: HttpRequest, membership: Membership) -> HttpResponse:
    """The service's home page: the panels of the person's role (see `tenancy.home`)."""
    service = membership.service
    today = timezone.localdate()
    panels: dict[str, object] = {}
    if home_panels.runs_the_programme(membership):
        panels["concerns"] = home_panels.concerns(service)
        panels["progress"] = home_panels.inspection_progress(service)
        panels["moderation"] = home_panels.moderation_waiting(service)
        panels["overdue"] = home_panels.overdue_actions(service, today)
    if home_panels.sees_my_audits(membership):
        panels["my_audits"] = home_panels.my_audits(membership)
        panels["my_moderation"] = home_panels.moderation_waiting_for(membership)
    if membership.role == Role.BOARD:
        panels["meetings"] = home_panels.board_meetings(service, today)
        panels["headlines"] = home_panels.headline_figures(membership)
        panels["plan"] = home_panels.improvement_plan_status(service, today)
    if membership.role == Role.CASE_MANAGER:
        panels["feedback"] = home_panels.feedback_threads(membership)
    if can(membership, "view_cases"):
        panels["summary"] = _caseload_summary(membership)
    if can(membership, "manage_people"):
        panels["people"] = service.memberships.active().count()
    return render(request, "tenancy/service_home.html", page_context(membership, **panels))


@service_view("manage_people")
def people(request: HttpRequest, membership: Membership) -> HttpResponse:
    members = queries.members_of(membership.service)
    return render(request, "tenancy/people.html", page_context(membership, members=members))


@service_view("manage_people")
def add_person(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = AddMemberForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            added = services.do_add_member(
                Actor.member(membership),
                membership.service,
                email=data["email"],
                full_name=data["full_name"],
                role=data["role"],
                is_inspector=data["is_inspector"],
                expires_at=_end_of_day(data["expires_at"]),
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            # The same words whether or not the email had an account in another service, and
            # the name as typed, never the account's: nothing says who is registered where.
            link = request.build_absolute_uri(added.set_password_path)
            messages.success(
                request,
                f"{data['full_name'].strip()} has been added. Send them this link to choose a "
                f"password, or to sign in if they have one already (it works once): {link}",
            )
            return redirect("people", slug=membership.service.slug)
    return render(request, "tenancy/add_person.html", page_context(membership, form=form))


@service_view("manage_people")
def change_person(request: HttpRequest, membership: Membership, member_id: int) -> HttpResponse:
    member = tenant_object(Membership.objects.select_related("user"), membership, pk=member_id)
    initial = {
        "role": member.role,
        "is_inspector": member.is_inspector,
        "expires_at": timezone.localtime(member.expires_at).date() if member.expires_at else None,
    }
    form = MemberForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.do_change_membership(
                Actor.member(membership),
                member,
                role=data["role"],
                is_inspector=data["is_inspector"],
                expires_at=_end_of_day(data["expires_at"]),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{member.name}'s role has been changed.")
            return redirect("people", slug=membership.service.slug)
    return render(
        request, "tenancy/change_person.html", page_context(membership, form=form, member=member)
    )


@require_POST
@service_view("manage_people")
def remove_person(request: HttpRequest, membership: Membership, member_id: int) -> HttpResponse:
    member = tenant_object(Membership.objects.select_related("user"), membership, pk=member_id)
    try:
        services.do_remove_membership(Actor.member(membership), member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{member.name} no longer has access to {membership.service}.")
    return redirect("people", slug=membership.service.slug)


@service_view("view_access_log")
def access_log(request: HttpRequest, membership: Membership) -> HttpResponse:
    record = request.GET.get("record", "").strip()
    person = request.GET.get("person", "").strip()
    # The field rules (yjqa.core.validation.fields): a NUL would fail on PostgreSQL.
    errors = {
        name: error
        for name, label, value in (
            ("record", "Case reference", record),
            ("person", "Email address", person),
        )
        if (error := field_error(label, value, 254)) is not None
    }
    entries = queries.access_log_entries(membership.service, record=record, person=person)
    if errors:
        entries = entries.none()
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "tenancy/access_log.html",
        page_context(membership, page=page, record=record, person=person, errors=errors),
    )
