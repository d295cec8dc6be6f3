"""The youth justice plan: list, write, and read it as a web page, Word or PDF."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES, SECTIONS, build_plan
from yjqa.core.indicators.engine import financial_year_start
from yjqa.web.documents import CONTENT_TYPES, document_csp, document_response
from yjqa.web.tenancy.access import can, page_context, service_view
from yjqa.web.tenancy.models import Membership
from yjqa.web.yjplan.forms import WRITTEN, PlanForm, budget_name, field_name
from yjqa.web.yjplan.models import BudgetLine, YouthJusticePlan
from yjqa.web.yjplan.sources import plan_input


def _plan(membership: Membership, start_year: int) -> YouthJusticePlan:
    return get_object_or_404(YouthJusticePlan, service=membership.service, start_year=start_year)


@service_view("view_improvement")
def plan_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    plans = YouthJusticePlan.objects.filter(service=membership.service)
    next_year = financial_year_start(date.today())
    if plans.filter(start_year=next_year).exists():
        next_year += 1
    return render(
        request,
        "yjplan/list.html",
        page_context(membership, plans=plans, next_year=next_year),
    )


@require_POST
@service_view("manage_improvement")
def plan_create(request: HttpRequest, membership: Membership) -> HttpResponse:
    try:
        start_year = int(request.POST.get("start_year", ""))
    except ValueError:
        raise Http404 from None
    plan, created = YouthJusticePlan.objects.get_or_create(
        service=membership.service, start_year=start_year
    )
    if created:
        messages.success(request, f"The youth justice plan for {plan.period} has been started.")
    return redirect("yj_plan_edit", slug=membership.service.slug, start_year=plan.start_year)


@service_view("view_improvement")
def plan_detail(request: HttpRequest, membership: Membership, start_year: int) -> HttpResponse:
    plan = _plan(membership, start_year)
    written = {s.id for s in SECTIONS if (plan.texts or {}).get(s.id, "").strip()}
    return render(
        request,
        "yjplan/detail.html",
        page_context(
            membership,
            plan=plan,
            sections=[(s, s.id in written) for s in SECTIONS if s.source != "sign_off"],
            editable=can(membership, "manage_improvement"),
        ),
    )


def _initial(plan: YouthJusticePlan) -> dict[str, Any]:
    initial: dict[str, Any] = {
        "signed_off_by": plan.signed_off_by,
        "signed_off_on": plan.signed_off_on,
    }
    for section in WRITTEN:
        initial[field_name(section.id)] = (plan.texts or {}).get(section.id, "")
    lines = {line.source: line for line in plan.budget.all()}
    for index, source in enumerate(FUNDING_SOURCES):
        line = lines.get(source)
        initial[budget_name(index, "cash")] = line.cash if line else None
        initial[budget_name(index, "in_kind")] = line.in_kind if line else None
    return initial


@service_view("manage_improvement")
def plan_edit(request: HttpRequest, membership: Membership, start_year: int) -> HttpResponse:
    plan = _plan(membership, start_year)
    form = PlanForm(request.POST or None, initial=_initial(plan))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            plan.texts = {s.id: data[field_name(s.id)].strip() for s in WRITTEN}
            plan.signed_off_by = data["signed_off_by"].strip()
            plan.signed_off_on = data["signed_off_on"]
            plan.save()
            for index, source in enumerate(FUNDING_SOURCES):
                cash = data[budget_name(index, "cash")] or Decimal(0)
                in_kind = data[budget_name(index, "in_kind")] or Decimal(0)
                BudgetLine.objects.update_or_create(
                    plan=plan, source=source, defaults={"cash": cash, "in_kind": in_kind}
                )
        messages.success(request, f"The youth justice plan for {plan.period} has been saved.")
        return redirect("yj_plan", slug=membership.service.slug, start_year=plan.start_year)
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
def plan_file(
    request: HttpRequest, membership: Membership, start_year: int, fmt: str
) -> HttpResponse:
    plan = _plan(membership, start_year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    name = f"{membership.service.slug}-youth-justice-plan-{plan.start_year}"
    return document_response(build_plan(plan_input(plan)), fmt, name)
