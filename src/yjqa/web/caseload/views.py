"""The caseload list (filter, sort, page) and a case record's page; the victims' caseload
beside it (list, a victim's record, import)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django_htmx.middleware import HtmxDetails

from yjqa.core.caseload import codes
from yjqa.core.caseload.reader import (
    CASELOAD_COLUMNS,
    REQUIRED_COLUMNS,
    caseload_template_csv,
    caseload_template_xlsx,
)
from yjqa.core.caseload.victims import (
    REQUIRED_VICTIM_COLUMNS,
    VICTIM_COLUMNS,
    victims_template_csv,
    victims_template_xlsx,
)
from yjqa.core.validation.fields import field_error
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.imports import caseload_import_job
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.caseload.queries import cases_of, victims_of, victims_of_case
from yjqa.web.caseload.victim_imports import victims_import_job
from yjqa.web.jobs.services import do_start_job, job_url
from yjqa.web.tenancy.access import page_context, service_view, tenant_object
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access
from yjqa.web.upload_limits import check_size

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
    "bail_remand": codes.BAIL_REMAND,
}
# The longest search a box takes: a case manager's name is at most 200 characters.
MAX_SEARCH = 200
FILTERS = {
    "sex": codes.SEX,
    "rosh": codes.RISK_LEVEL,
    "safety_wellbeing": codes.RISK_LEVEL,
}


@service_view("view_cases")
def case_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    cases = cases_of(membership.service)
    chosen = {name: request.GET.get(name, "") for name in ("q", "group", "sort", *FILTERS)}
    search_error = field_error("Case reference or case manager", chosen["q"], MAX_SEARCH)
    if search_error:
        cases = cases.none()
    elif chosen["q"]:
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
        search_error=search_error,
        options={
            "group": list(codes.OUTCOME_GROUP_LABELS.items()),
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
        page_context(membership, case=case, victims=victims_of_case(case)),
    )


class CaseloadUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a caseload file",
        help_text="A CSV or Excel (.xlsx) file with one row per child's outcome.",
        error_messages={"required": "Select a caseload file"},
    )

    def clean_file(self) -> UploadedFile:
        """Size and type only, so the page answers at once: the rows are checked by the job."""
        upload: UploadedFile = self.cleaned_data["file"]
        check_size(upload)
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise forms.ValidationError(
                "The selected file must be a CSV or Excel (.xlsx) file",
                code="file_type",
            )
        return upload


@service_view("manage_caseload")
def caseload_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Check the upload's size and type, then queue it: the worker reads, checks and writes
    it, and the progress page (where this sends the person) shows how far it has got."""
    form = CaseloadUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = do_start_job(
            Actor.member(membership),
            membership.service,
            "caseload_import",
            f"Importing {upload.name}",
            caseload_import_job,
            requires="manage_caseload",
            view="view_cases",
            payload=upload,
            file_name=upload.name,
        )
        return redirect(job_url(job))
    return render(
        request,
        "caseload/import.html",
        page_context(
            membership,
            form=form,
            columns=CASELOAD_COLUMNS,
            required=REQUIRED_COLUMNS,
        ),
    )


@service_view("manage_caseload")
def caseload_template(request: HttpRequest, membership: Membership, fmt: str) -> HttpResponse:
    return _template_response(
        "caseload-template", fmt, caseload_template_csv, caseload_template_xlsx
    )


VICTIM_SORTS = {
    "newest": ("-offence_date", "victim_ref"),
    "oldest": ("offence_date", "victim_ref"),
    "victim_ref": ("victim_ref",),
    "case_ref": ("case__case_ref", "victim_ref"),
    "first_contact": ("first_contact_date", "victim_ref"),
}
# Yes/no filters: "yes", "no" or "unknown" (not recorded).
VICTIM_FLAGS = ("consent_to_contact", "restorative_justice_offered")
FLAG_CHOICES = {"yes": True, "no": False, "unknown": None}


@service_view("view_cases")
def victim_list(request: HttpRequest, membership: Membership) -> HttpResponse:
    victims = victims_of(membership.service)
    chosen = {
        name: request.GET.get(name, "") for name in ("q", "offence_category", "sort", *VICTIM_FLAGS)
    }
    search_error = field_error("Victim or case reference", chosen["q"], MAX_SEARCH)
    if search_error:
        victims = victims.none()
    elif chosen["q"]:
        victims = victims.filter(
            Q(victim_ref__icontains=chosen["q"]) | Q(case__case_ref__icontains=chosen["q"])
        )
    if chosen["offence_category"] in codes.OFFENCE_CATEGORY:
        victims = victims.filter(offence_category=chosen["offence_category"])
    for name in VICTIM_FLAGS:
        if chosen[name] in FLAG_CHOICES:
            value = FLAG_CHOICES[chosen[name]]
            victims = victims.filter(
                **({f"{name}__isnull": True} if value is None else {name: value})
            )
    sort = chosen["sort"] if chosen["sort"] in VICTIM_SORTS else "newest"
    page = Paginator(victims.order_by(*VICTIM_SORTS[sort]), 50).get_page(request.GET.get("page"))
    query = {k: v for k, v in chosen.items() if v}
    flags = [("yes", "Yes"), ("no", "No"), ("unknown", "Not recorded")]
    context = page_context(
        membership,
        page=page,
        chosen=chosen,
        sort=sort,
        query=query,
        search_error=search_error,
        filtered=any(chosen[name] for name in ("q", "offence_category", *VICTIM_FLAGS)),
        options={
            "offence_category": list(codes.OFFENCE_CATEGORY.items()),
            "consent_to_contact": flags,
            "restorative_justice_offered": flags,
            "sort": [
                ("newest", "Newest offence first"),
                ("oldest", "Oldest offence first"),
                ("victim_ref", "Victim reference"),
                ("case_ref", "Child's case reference"),
                ("first_contact", "First contact date"),
            ],
        },
    )
    partial: HtmxDetails | None = getattr(request, "htmx", None)  # set by HtmxMiddleware
    template = "caseload/_victim_results.html" if partial else "caseload/victim_list.html"
    return render(request, template, context)


@service_view("view_cases")
def victim_detail(request: HttpRequest, membership: Membership, victim_ref: str) -> HttpResponse:
    victim = tenant_object(
        VictimRecord.objects.select_related("case"), membership, victim_ref=victim_ref
    )
    do_log_access(
        Actor.member(membership),
        membership.service,
        AccessLog.Action.VIEW,
        victim.victim_ref,
        record_type="victim record",
    )
    return render(
        request,
        "caseload/victim_detail.html",
        page_context(membership, victim=victim),
    )


class VictimsUploadForm(forms.Form):
    file = forms.FileField(
        label="Upload a victims' caseload file",
        help_text="A CSV or Excel (.xlsx) file with one row per victim.",
        error_messages={"required": "Select a victims' caseload file"},
    )

    def clean_file(self) -> UploadedFile:
        """Size and type only, so the page answers at once: the rows are checked by the job."""
        upload: UploadedFile = self.cleaned_data["file"]
        check_size(upload)
        suffix = Path(upload.name or "").suffix.lower()
        if suffix not in (".csv", ".xlsx"):
            raise forms.ValidationError(
                "The selected file must be a CSV or Excel (.xlsx) file",
                code="file_type",
            )
        return upload


@service_view("manage_caseload")
def victims_import(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Check the upload's size and type, then queue it: the worker reads, checks, links each
    victim to their child's case and writes them, and the progress page shows how far it has
    got (then the victims' caseload, or every problem found)."""
    form = VictimsUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        job = do_start_job(
            Actor.member(membership),
            membership.service,
            "victims_import",
            f"Importing {upload.name}",
            victims_import_job,
            requires="manage_caseload",
            view="view_cases",
            payload=upload,
            file_name=upload.name,
        )
        return redirect(job_url(job))
    return render(
        request,
        "caseload/victims_import.html",
        page_context(
            membership,
            form=form,
            columns=VICTIM_COLUMNS,
            required=REQUIRED_VICTIM_COLUMNS,
        ),
    )


@service_view("manage_caseload")
def victims_template(request: HttpRequest, membership: Membership, fmt: str) -> HttpResponse:
    return _template_response("victims-template", fmt, victims_template_csv, victims_template_xlsx)


def _template_response(
    name: str, fmt: str, csv: Callable[[], str], xlsx: Callable[[], bytes]
) -> HttpResponse:
    """A template file to download, as CSV or Excel; any other format is not found."""
    if fmt == "csv":
        response = HttpResponse(csv(), content_type="text/csv; charset=utf-8")
    elif fmt == "xlsx":
        response = HttpResponse(
            xlsx(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    else:
        raise Http404("No such template")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response
