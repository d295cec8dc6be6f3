"""Report pages: findings and recommendations to edit; the report to preview and download."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yjqa.web.audit.trail import Actor
from yjqa.web.document_jobs import FILE_FORMATS, document_file, document_name
from yjqa.web.documents import CONTENT_TYPES, document_csp, document_response
from yjqa.web.inspections.forms import FindingsForm, RecommendationForm
from yjqa.web.inspections.letter_forms import LETTER_FIELDS, LetterForm
from yjqa.web.inspections.models import Recommendation, StandardFindings
from yjqa.web.inspections.report import inspection_report, is_letter
from yjqa.web.inspections.report_services import (
    do_add_recommendation,
    do_change_recommendation,
    do_delete_recommendation,
    do_save_findings,
    do_save_letter,
)
from yjqa.web.inspections.views import inspection_page
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import Membership


@service_view("manage_inspections")
def findings(
    request: HttpRequest, membership: Membership, inspection_id: int, standard_id: str
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    try:
        standard = inspection.framework.standard(standard_id)
    except KeyError:
        raise Http404 from None
    record = StandardFindings.objects.filter(inspection=inspection, standard_id=standard_id).first()
    initial = (
        {
            "narrative": record.narrative,
            "strengths": record.strengths,
            "areas_for_improvement": record.areas_for_improvement,
        }
        if record
        else {}
    )
    form = FindingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        do_save_findings(Actor.member(membership), inspection, standard_id, **form.cleaned_data)
        messages.success(
            request, f"The findings for {standard.id} {standard.title} have been saved."
        )
        return redirect(
            "report_contents", slug=membership.service.slug, inspection_id=inspection.pk
        )
    return render(
        request,
        "inspections/findings.html",
        page_context(membership, inspection=inspection, standard=standard, form=form),
    )


@service_view("view_inspections")
def report_contents(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    """The report's page in the app: what to write, and the previews and downloads."""
    inspection = inspection_page(membership, inspection_id)
    written = set(
        inspection.findings.exclude(
            narrative="", strengths="", areas_for_improvement=""
        ).values_list("standard_id", flat=True)
    )
    # The standards the inspection rates: for a kind of inspection (2025), those of its areas.
    rated = inspection.framework.standards_for(inspection.inspection_type or None)
    standards = [(s, s.id in written) for s in rated]
    return render(
        request,
        "inspections/report.html",
        page_context(
            membership,
            inspection=inspection,
            standards=standards,
            recommendations=inspection.recommendations.all(),
            form=RecommendationForm(initial={"order": inspection.recommendations.count() + 1}),
            letter=is_letter(inspection),
            letter_written=[
                (LetterForm.Meta.labels[name], bool(getattr(inspection, name).strip()))
                for name in LETTER_FIELDS
            ],
        ),
    )


@service_view("manage_inspections")
def letter_details(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    """A short quality screening's letter parts; other inspections have no letter."""
    inspection = inspection_page(membership, inspection_id, writable=True)
    if not is_letter(inspection):
        raise Http404
    form = LetterForm(request.POST or None, instance=inspection)
    if request.method == "POST" and form.is_valid():
        do_save_letter(
            Actor.member(membership),
            inspection,
            **{name: form.cleaned_data[name] for name in LETTER_FIELDS},
        )
        messages.success(request, "The letter's details have been saved.")
        return redirect(
            "report_contents", slug=membership.service.slug, inspection_id=inspection.pk
        )
    return render(
        request,
        "inspections/report_letter.html",
        page_context(membership, inspection=inspection, form=form),
    )


@require_POST
@service_view("manage_inspections")
def add_recommendation(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    form = RecommendationForm(request.POST)
    if form.is_valid():
        do_add_recommendation(Actor.member(membership), inspection, **form.cleaned_data)
        messages.success(request, "The recommendation has been added.")
        return redirect(
            "report_contents", slug=membership.service.slug, inspection_id=inspection.pk
        )
    return render(
        request,
        "inspections/recommendation.html",
        page_context(membership, inspection=inspection, form=form, recommendation=None),
    )


@service_view("manage_inspections")
def edit_recommendation(
    request: HttpRequest, membership: Membership, inspection_id: int, recommendation_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    recommendation = get_object_or_404(Recommendation, pk=recommendation_id, inspection=inspection)
    if request.method == "POST" and "delete" in request.POST:
        do_delete_recommendation(Actor.member(membership), recommendation)
        messages.success(request, "The recommendation has been removed.")
        return redirect(
            "report_contents", slug=membership.service.slug, inspection_id=inspection.pk
        )
    form = RecommendationForm(request.POST or None, instance=recommendation)
    if request.method == "POST" and form.is_valid():
        do_change_recommendation(Actor.member(membership), recommendation, **form.cleaned_data)
        messages.success(request, "The recommendation has been saved.")
        return redirect(
            "report_contents", slug=membership.service.slug, inspection_id=inspection.pk
        )
    return render(
        request,
        "inspections/recommendation.html",
        page_context(membership, inspection=inspection, form=form, recommendation=recommendation),
    )


@document_csp
@service_view("view_inspections")
def report_file(
    request: HttpRequest, membership: Membership, inspection_id: int, fmt: str
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    if fmt not in CONTENT_TYPES:
        raise Http404
    if fmt in FILE_FORMATS:  # a kept file at once, else made by the worker
        return document_file(request, membership, "report", inspection, fmt)
    name = document_name("report", inspection)
    download = bool(request.GET.get("download"))
    return document_response(inspection_report(inspection), fmt, name, download=download)
