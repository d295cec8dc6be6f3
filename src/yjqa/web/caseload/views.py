"""The caseload list (filter, sort, page) and a case record's page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.middleware import HtmxDetails

from yjqa.core.caseload import codes
from yjqa.core.caseload.reader import (
    CASELOAD_COLUMNS,
    REQUIRED_COLUMNS,
    caseload_template_csv,
    caseload_template_xlsx,
    read_caseload,
)
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.caseload.queries import cases_of
from yjqa.web.caseload.services import do_import_caseload
from yjqa.web.documents import uploaded_path
from yjqa.web.tenancy.access import page_context, service_view, tenant_object
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access

SORTS = {
    "newest": ("-outcome_date", "case_ref"),
    "oldest": ("outcome_date", "case_ref"),
    "case_ref": ("case_ref",),
    "outcome": ("outcome", "-outcome_date"),
}
GROUPS = {
    "prevention": codes.PREVENTION,
    "out_of_court": codes.OUT_OF_COURT,
    "court": codes.COURT_COMMUNITY,
    "custody": codes.CUSTODY,
}
FILTERS = {
    "sex": codes.SEX,
    "rosh": codes.RISK_LEVEL,
    "safety_wellbeing": codes.RISK_LEVEL,
}


@service_view("view_cases")
def case_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    cases = cases_of(membership.service)
    chosen = {name: request.GET.get(name, "") for name in ("q", "group", "sort", *FILTERS)}
    if chosen["q"]:
        cases = cases.filter(
            Q(case_ref__icontains=chosen["q"]) | Q(case_manager__icontains=chosen["q"])
        )
    if chosen["group"] in GROUPS:
        cases = cases.filter(outcome__in=GROUPS[chosen["group"]])
    for name, allowed in FILTERS.items():
        if chosen[name] in allowed:
            cases = cases.filter(**{name: chosen[name]})
    sort = chosen["sort"] if chosen["sort"] in SORTS else "newest"
    page = Paginator(cases.order_by(*SORTS[sort]), 50).get_page(request.GET.get("page"))
    query = {k: v for k, v in chosen.items() if v}
    context = page_context(
        membership,
        page=page,
        chosen=chosen,
        sort=sort,
        query=query,
        options={
            "group": [
                ("prevention", "Prevention"),
                ("out_of_court", "Out-of-court disposals"),
                ("court", "Court disposals in the community"),
                ("custody", "Custody"),
            ],
            "sex": list(codes.SEX.items()),
            "rosh": list(codes.RISK_LEVEL.items()),
            "safety_wellbeing": list(codes.RISK_LEVEL.items()),
            "sort": [
                ("newest", "Newest outcome first"),
                ("oldest", "Oldest outcome first"),
                ("case_ref", "Case reference"),
                ("outcome", "Outcome"),
            ],
        },
    )
    partial: HtmxDetails | None = getattr(request, "htmx", None)  # set by HtmxMiddleware
    template = "caseload/_results.html" if partial else "caseload/case_list.html"
    return render(request, template, context)


@service_view("view_cases")
def case_detail(request: HttpRequest, membership: Membership, case_ref: str) -> HttpResponse:
    case = tenant_object(CaseRecord, membership, case_ref=case_ref)
    do_log_access(
        Actor.member(membership), membership.service, AccessLog.Action.VIEW, case.case_ref
    )
    return render(
        request,
        "caseload/case_detail.html",
        page_context(membership, case=case),
    )


class CaseloadUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a caseload file",
        help_text="A CSV or Excel (.xlsx) file with one row per child's outcome.",
        error_messages={"required": "Select a caseload file"},
    )


@service_view("manage_caseload")
def caseload_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    form = CaseloadUploadForm(request.POST or None, request.FILES or None)
    problems: list[str] = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        with uploaded_path(upload) as path:
            try:
                rows = read_caseload(path)
            except InputError as error:
                problems = [p.describe(upload.name) for p in error.problems]
            else:
                result = do_import_caseload(
                    Actor.member(membership), membership.service, rows, source=upload.name
                )
                messages.success(
                    request,
                    f"{upload.name}: {len(rows)} rows imported "
                    f"({result.created} new case records, {result.updated} updated).",
                )
                return redirect("case_list", slug=membership.service.slug)
    return render(
        request,
        "caseload/import.html",
        page_context(
            membership,
            form=form,
            problems=problems,
            columns=CASELOAD_COLUMNS,
            required=REQUIRED_COLUMNS,
            file_name=form.cleaned_data["file"].name if problems else "",
        ),
    )


@service_view("manage_caseload")
def caseload_template(request: HttpRequest, membership: Membership, fmt: str) -> HttpResponse:
    if fmt == "csv":
        response = HttpResponse(caseload_template_csv(), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            caseload_template_xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="caseload-template.{fmt}"'
    return response
