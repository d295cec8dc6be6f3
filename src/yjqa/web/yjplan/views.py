"""The youth justice plan: list, write, and read it as a web page, Word or PDF.

Every change goes through `services.do_*`; reads come from `queries`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES, SECTIONS, build_plan
from yjqa.web.audit.trail import Actor
from yjqa.web.documents import CONTENT_TYPES, document_csp, document_response
from yjqa.web.improvement.board_pack import LATEST, reported_inspection
from yjqa.web.tenancy.access import can, page_context, service_view, tenant_object
from yjqa.web.tenancy.models import Membership
from yjqa.web.yjplan import queries, services
from yjqa.web.yjplan.forms import (
    WRITTEN,
    StartYouthJusticePlanForm,
    YouthJusticePlanForm,
    budget_name,
    field_name,
)
from yjqa.web.yjplan.models import YouthJusticePlan
from yjqa.web.yjplan.sources import youth_justice_plan_input


def _youth_justice_plan(membership: Membership, start_year: int) -> YouthJusticePlan:
    return tenant_object(YouthJusticePlan, membership, start_year=start_year)


def _list_page(
    request: HttpRequest, membership: Membership, form: StartYouthJusticePlanForm | None = None
) -> HttpResponse:
    service = membership.service
    next_year = queries.next_start_year(service, timezone.localdate())
    return render(
        request,
        "yjplan/list.html",
        page_context(
            membership,
            plans=queries.youth_justice_plans(service),
            next_year=next_year,
            form=form
            or StartYouthJusticePlanForm(
                initial={"start_year": next_year}, service=service, today=timezone.localdate()
            ),
        ),
    )


@service_view("view_improvement")
def youth_justice_plan_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _list_page(request, membership)


@require_POST
@service_view("manage_improvement")
def youth_justice_plan_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = StartYouthJusticePlanForm(
        request.POST, service=membership.service, today=timezone.localdate()
    )
    if not form.is_valid():
        return _list_page(request, membership, form)
    plan, created = services.do_create_youth_justice_plan(
        Actor.member(membership), membership.service, form.cleaned_data["start_year"]
    )
    if created:
        messages.success(request, f"The youth justice plan for {plan.period} has been started.")
    return redirect(
        "youth_justice_plan_edit", slug=membership.service.slug, start_year=plan.start_year
    )


@service_view("view_improvement")
def youth_justice_plan_detail(
    request: HttpRequest, membership: Membership, start_year: int
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    written = queries.written_sections(plan)
    return render(
        request,
        "yjplan/detail.html",
        page_context(
            membership,
            plan=plan,
            sections=[(s, s.id in written) for s in SECTIONS if s.source != "sign_off"],
            reported=reported_inspection(plan.service, plan.inspection),
            chosen=plan.inspection is not None,
            editable=can(membership, "manage_improvement"),
        ),
    )


def _initial(plan: YouthJusticePlan) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "signed_off_by": plan.signed_off_by,
        "signed_off_on": plan.signed_off_on,
        "inspection": plan.inspection_id or LATEST,
    }
    for section in WRITTEN:
        initial[field_name(section.id)] = (plan.texts or {}).get(section.id, "")
    budget = queries.budget_by_source(plan)
    for index, source in enumerate(FUNDING_SOURCES):
        cash, in_kind = budget.get(source, (None, None))
        initial[budget_name(index, "cash")] = cash
        initial[budget_name(index, "in_kind")] = in_kind
    return initial


@service_view("manage_improvement")
def youth_justice_plan_edit(
    request: HttpRequest, membership: Membership, start_year: int
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    form = YouthJusticePlanForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(plan),
        service=membership.service,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = data["inspection"]
        services.do_save_youth_justice_plan(
            Actor.member(membership),
            plan,
            texts={s.id: data[field_name(s.id)] for s in WRITTEN},
            budget={
                source: (
                    data[budget_name(index, "cash")] or Decimal(0),
                    data[budget_name(index, "in_kind")] or Decimal(0),
                )
                for index, source in enumerate(FUNDING_SOURCES)
            },
            signed_off_by=data["signed_off_by"],
            signed_off_on=data["signed_off_on"],
            inspection=membership.service.inspections.filter(pk=chosen).first() if chosen else None,
        )
        messages.success(request, f"The youth justice plan for {plan.period} has been saved.")
        return redirect(
            "youth_justice_plan", slug=membership.service.slug, start_year=plan.start_year
        )
    budget_rows = [
        (source, form[budget_name(i, "cash")], form[budget_name(i, "in_kind")])
        for i, source in enumerate(FUNDING_SOURCES)
    ]
    return render(
        request,
        "yjplan/edit.html",
        page_context(
            membership,
            plan=plan,
            form=form,
            text_fields=[form[field_name(s.id)] for s in WRITTEN],
            budget_rows=budget_rows,
        ),
    )


@document_csp
@service_view("view_improvement")
def youth_justice_plan_file(
    request: HttpRequest, membership: Membership, start_year: int, fmt: str
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    name = f"{membership.service.slug}-youth-justice-plan-{plan.start_year}"
    return document_response(build_plan(youth_justice_plan_input(plan)), fmt, name)
