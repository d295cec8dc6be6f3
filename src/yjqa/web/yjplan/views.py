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

from yjqa.core.documents.markdown_blocks import ACCEPTED, markdown_blocks
from yjqa.core.documents.model import Block
from yjqa.core.documents.youth_justice_plan import FUNDING_SOURCES, SECTIONS
from yjqa.web.audit.trail import Actor
from yjqa.web.document_jobs import FILE_FORMATS, document_file
from yjqa.web.documents import CONTENT_TYPES, document_csp, document_response
from yjqa.web.improvement.board_pack import LATEST, reported_inspection
from yjqa.web.tenancy.access import can, page_context, service_view, tenant_object
from yjqa.web.tenancy.models import Membership
from yjqa.web.yjplan import queries, services
from yjqa.web.yjplan.forms import (
    BUDGET_COLUMNS,
    WRITTEN,
    ReopenForm,
    SignOffForm,
    StaffPostForm,
    StartYouthJusticePlanForm,
    YouthJusticePlanForm,
    action_field,
    budget_name,
    field_name,
)
from yjqa.web.yjplan.models import StaffPost, YouthJusticePlan
from yjqa.web.yjplan.services import PlanSignedOff
from yjqa.web.yjplan.sources import (
    action_key,
    latest_national_standards,
    national_standards_framework,
    standard_label,
    youth_justice_plan_document,
)


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


def _to_plan(membership: Membership, plan: YouthJusticePlan) -> HttpResponse:
    return redirect("youth_justice_plan", slug=membership.service.slug, start_year=plan.start_year)


def _refused(request: HttpRequest, membership: Membership, plan: YouthJusticePlan) -> HttpResponse:
    """A change to a signed-off plan: say why on the plan's page."""
    messages.warning(request, str(PlanSignedOff(plan)))
    return _to_plan(membership, plan)


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
            national_standards=latest_national_standards(plan.service),
            posts=queries.staff_posts(plan).count(),
            editable=can(membership, "manage_improvement"),
            signed=plan.signed_off_on is not None,
        ),
    )


def _initial(plan: YouthJusticePlan) -> dict[str, Any]:
    texts = plan.texts or {}
    initial: dict[str, Any] = {"inspection": plan.inspection_id or LATEST}
    for section in WRITTEN:
        initial[field_name(section.id)] = texts.get(section.id, "")
    for domain in national_standards_framework().domains:
        for part in ("action", "details"):
            initial[action_field(domain.id, part)] = texts.get(action_key(domain.id, part), "")
    budget = queries.budget_by_source(plan)
    for index, source in enumerate(FUNDING_SOURCES):
        figures = budget.get(source, (None, None, None, None))
        for (column, _label), value in zip(BUDGET_COLUMNS, figures, strict=True):
            initial[budget_name(index, column)] = value
    return initial


def _figures(data: dict[str, Any], index: int) -> services.BudgetFigures:
    cash_staffing, cash_other, in_kind_staffing, in_kind_other = (
        data[budget_name(index, column)] or Decimal(0) for column, _label in BUDGET_COLUMNS
    )
    return (cash_staffing, cash_other, in_kind_staffing, in_kind_other)


def _texts(data: dict[str, Any]) -> dict[str, str]:
    texts = {s.id: data[field_name(s.id)] for s in WRITTEN}
    for domain in national_standards_framework().domains:
        for part in ("action", "details"):
            texts[action_key(domain.id, part)] = data[action_field(domain.id, part)]
    return texts


@service_view("manage_improvement")
def youth_justice_plan_edit(
    request: HttpRequest, membership: Membership, start_year: int
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    if plan.signed_off_on is not None:
        return _refused(request, membership, plan)
    form = YouthJusticePlanForm(
        request.POST if request.method == "POST" else None,
        initial=_initial(plan),
        service=membership.service,
    )
    preview: list[tuple[str, list[Block]]] = []
    if request.method == "POST" and form.is_valid() and "preview" in request.POST:
        data = form.cleaned_data
        preview = [
            (s.title, markdown_blocks(data[field_name(s.id)], caption=s.title))
            for s in WRITTEN
            if data[field_name(s.id)].strip()
        ]
    elif request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = data["inspection"]
        try:
            services.do_save_youth_justice_plan(
                Actor.member(membership),
                plan,
                texts=_texts(data),
                budget={
                    source: _figures(data, index) for index, source in enumerate(FUNDING_SOURCES)
                },
                inspection=membership.service.inspections.filter(pk=chosen).first()
                if chosen
                else None,
            )
        except PlanSignedOff:
            return _refused(request, membership, plan)
        messages.success(request, f"The youth justice plan for {plan.period} has been saved.")
        return _to_plan(membership, plan)
    framework = national_standards_framework()
    return render(
        request,
        "yjplan/edit.html",
        page_context(
            membership,
            plan=plan,
            form=form,
            preview=preview,
            accepted=ACCEPTED,
            text_fields=[(s, form[field_name(s.id)]) for s in WRITTEN],
            standards=[
                (
                    standard_label(d.id, d.title),
                    form[action_field(d.id, "action")],
                    form[action_field(d.id, "details")],
                )
                for d in framework.domains
            ],
            budget_rows=[
                (source, [form[budget_name(i, column)] for column, _label in BUDGET_COLUMNS])
                for i, source in enumerate(FUNDING_SOURCES)
            ],
        ),
    )


@service_view("manage_improvement")
def youth_justice_plan_sign_off(
    request: HttpRequest, membership: Membership, start_year: int
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    if plan.signed_off_on is not None:
        return _refused(request, membership, plan)
    today = timezone.localdate()
    form = SignOffForm(request.POST if request.method == "POST" else None, today=today)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_sign_off_youth_justice_plan(
                Actor.member(membership),
                plan,
                chair=form.cleaned_data["signed_off_by"],
                signed_on=form.cleaned_data["signed_off_on"],
                today=today,
            )
        except PlanSignedOff:
            return _refused(request, membership, plan)
        messages.success(
            request,
            f"The youth justice plan for {plan.period} is signed off: it is kept as signed.",
        )
        return _to_plan(membership, plan)
    return render(request, "yjplan/sign_off.html", page_context(membership, plan=plan, form=form))


@service_view("manage_improvement")
def youth_justice_plan_reopen(
    request: HttpRequest, membership: Membership, start_year: int
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    if plan.signed_off_on is None:  # nothing to reopen: the page says so
        return render(request, "yjplan/reopen.html", page_context(membership, plan=plan))
    form = ReopenForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.do_reopen_youth_justice_plan(
            Actor.member(membership), plan, reason=form.cleaned_data["reason"]
        )
        messages.success(
            request, f"The youth justice plan for {plan.period} is reopened: it can be changed."
        )
        return _to_plan(membership, plan)
    return render(request, "yjplan/reopen.html", page_context(membership, plan=plan, form=form))


@service_view("manage_improvement")
def youth_justice_plan_staffing(
    request: HttpRequest, membership: Membership, start_year: int
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    signed = plan.signed_off_on is not None
    form = StaffPostForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if signed:
            return _refused(request, membership, plan)
        if form.is_valid():
            data = form.cleaned_data
            try:
                post = services.do_add_staff_post(
                    Actor.member(membership),
                    plan,
                    role=data["role"],
                    contract=data["contract"],
                    posts=data["posts"],
                    fte=data["fte"],
                )
            except PlanSignedOff:
                return _refused(request, membership, plan)
            messages.success(request, f"{post.role} has been added to the staffing structure.")
            return redirect(
                "youth_justice_plan_staffing",
                slug=membership.service.slug,
                start_year=plan.start_year,
            )
    posts = list(queries.staff_posts(plan))
    return render(
        request,
        "yjplan/staffing.html",
        page_context(
            membership,
            plan=plan,
            form=form,
            posts=posts,
            signed=signed,
            total_posts=sum(p.posts for p in posts),
            total_fte=sum((p.fte for p in posts), Decimal(0)),
        ),
    )


@require_POST
@service_view("manage_improvement")
def youth_justice_plan_staff_post_remove(
    request: HttpRequest, membership: Membership, start_year: int, post_id: int
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    post = StaffPost.objects.filter(plan=plan, pk=post_id).first()
    if post is None:
        raise Http404
    try:
        services.do_remove_staff_post(Actor.member(membership), post)
    except PlanSignedOff:
        return _refused(request, membership, plan)
    messages.success(request, f"{post.role} has been removed from the staffing structure.")
    return redirect(
        "youth_justice_plan_staffing", slug=membership.service.slug, start_year=plan.start_year
    )


@document_csp
@service_view("view_improvement")
def youth_justice_plan_file(
    request: HttpRequest, membership: Membership, start_year: int, fmt: str
) -> HttpResponse:
    plan = _youth_justice_plan(membership, start_year)
    if fmt not in CONTENT_TYPES:
        raise Http404
    if fmt in FILE_FORMATS:  # made by the worker
        return document_file(request, membership, "youth_justice_plan", plan, fmt)
    name = f"{membership.service.slug}-youth-justice-plan-{plan.start_year}"
    return document_response(youth_justice_plan_document(plan), fmt, name)
