"""A judgement standard's register of evidence: read with its rating, added to, changed and
taken off (the judgement page shows it too, for those who record the judgement)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from yjqa.core.frameworks.model import Standard
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.judgement_evidence import (
    do_add_judgement_evidence,
    do_change_judgement_evidence,
    do_remove_judgement_evidence,
    evidence_for,
)
from yjqa.web.inspections.judgement_figures import (
    FigureReader,
    FigureValue,
    Suggestion,
    figure_label,
    suggestion,
    suggestions,
)
from yjqa.web.inspections.judgement_forms import EvidenceForm
from yjqa.web.inspections.models import Inspection, JudgementEvidence, JudgementRecord
from yjqa.web.tenancy.access import can, page_context, service_view, tenant_object
from yjqa.web.tenancy.models import Membership


@dataclass(frozen=True)
class RegisterRow:
    item: JudgementEvidence
    figure: FigureValue | None
    figure_url: str  # "" where the person may not open the figure's page


def _inspection(membership: Membership, inspection_id: int, *, writable: bool) -> Inspection:
    inspection = tenant_object(Inspection, membership, pk=inspection_id)
    if writable and inspection.is_read_only:
        raise Http404
    return inspection


def judgement_standard(inspection: Inspection, standard_id: str) -> Standard:
    """The inspection's judgement standard with this id, or "Page not found"."""
    try:
        standard = inspection.framework.standard(standard_id)
    except KeyError:
        raise Http404 from None
    if standard.kind != "judgement":
        raise Http404
    return standard


def register_rows(
    membership: Membership, inspection: Inspection, standard_id: str
) -> list[RegisterRow]:
    reader = FigureReader(inspection)
    rows = []
    for item in evidence_for(inspection, standard_id):
        figure = reader.read(item.figure)
        url = ""
        if figure is not None and figure.url and can(membership, figure.capability):
            url = figure.url
        rows.append(RegisterRow(item, figure, url))
    return rows


def register_context(
    membership: Membership, inspection: Inspection, standard: Standard
) -> dict[str, Any]:
    """What the register include needs (`inspections/_judgement_evidence_register.html`)."""
    rows = register_rows(membership, inspection, standard.id)
    manages = can(membership, "manage_inspections") and not inspection.is_read_only
    held = {(row.item.title, row.item.figure) for row in rows}
    offered: list[tuple[Suggestion, str]] = []
    if manages:
        offered = [
            (s, figure_label(s.figure) if s.figure and figure_label(s.figure) != s.title else "")
            for s in suggestions(standard)
            if (s.title, s.figure) not in held
        ]
    return {"register": rows, "manages_evidence": manages, "suggested": offered}


@service_view("view_inspections")
def judgement_evidence(
    request: HttpRequest, membership: Membership, inspection_id: int, standard_id: str
) -> HttpResponse:
    """The standard's rating (for an unrated framework, whether its judgement is recorded)
    with the register of evidence it rests on."""
    inspection = _inspection(membership, inspection_id, writable=False)
    standard = judgement_standard(inspection, standard_id)
    record = JudgementRecord.objects.filter(inspection=inspection, standard_id=standard.id).first()
    return render(
        request,
        "inspections/judgement_evidence.html",
        page_context(
            membership,
            inspection=inspection,
            standard=standard,
            judgement=record,
            rated=inspection.framework.rated,  # an unrated framework's page has no rating
            **register_context(membership, inspection, standard),
        ),
    )


def _add_errors(form: EvidenceForm, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _back(membership: Membership, inspection: Inspection, standard: Standard) -> HttpResponse:
    return redirect("judgement", membership.service.slug, inspection.pk, standard.id)


@service_view("manage_inspections")
def judgement_evidence_add(
    request: HttpRequest, membership: Membership, inspection_id: int, standard_id: str
) -> HttpResponse:
    inspection = _inspection(membership, inspection_id, writable=True)
    standard = judgement_standard(inspection, standard_id)
    form = EvidenceForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            item = do_add_judgement_evidence(
                Actor.member(membership), inspection, standard.id, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{item.title}” has been added to the evidence.")
            return _back(membership, inspection, standard)
    return render(
        request,
        "inspections/judgement_evidence_form.html",
        page_context(membership, inspection=inspection, standard=standard, form=form, item=None),
    )


@require_POST
@service_view("manage_inspections")
def judgement_evidence_suggested(
    request: HttpRequest, membership: Membership, inspection_id: int, standard_id: str
) -> HttpResponse:
    """Add one of the standard's suggested items (`judgement_figures.suggestions`)."""
    inspection = _inspection(membership, inspection_id, writable=True)
    standard = judgement_standard(inspection, standard_id)
    offered = suggestion(standard, request.POST.get("suggestion", ""))
    if offered is None:
        raise Http404
    item = do_add_judgement_evidence(
        Actor.member(membership),
        inspection,
        standard.id,
        kind=offered.kind,
        title=offered.title,
        summary=offered.summary,
        figure=offered.figure,
    )
    messages.success(request, f"“{item.title}” has been added to the evidence.")
    return _back(membership, inspection, standard)


def _item(inspection: Inspection, standard: Standard, evidence_id: int) -> JudgementEvidence:
    return get_object_or_404(
        JudgementEvidence, pk=evidence_id, inspection=inspection, standard_id=standard.id
    )


@service_view("manage_inspections")
def judgement_evidence_edit(
    request: HttpRequest,
    membership: Membership,
    inspection_id: int,
    standard_id: str,
    evidence_id: int,
) -> HttpResponse:
    inspection = _inspection(membership, inspection_id, writable=True)
    standard = judgement_standard(inspection, standard_id)
    item = _item(inspection, standard, evidence_id)
    initial = {
        name: getattr(item, name) for name in ("kind", "title", "dated", "summary", "figure")
    }
    form = EvidenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            do_change_judgement_evidence(Actor.member(membership), item, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The evidence has been changed.")
            return _back(membership, inspection, standard)
    return render(
        request,
        "inspections/judgement_evidence_form.html",
        page_context(membership, inspection=inspection, standard=standard, form=form, item=item),
    )


@service_view("manage_inspections")
def judgement_evidence_remove(
    request: HttpRequest,
    membership: Membership,
    inspection_id: int,
    standard_id: str,
    evidence_id: int,
) -> HttpResponse:
    """Asks first; taking the item off is the POST."""
    inspection = _inspection(membership, inspection_id, writable=True)
    standard = judgement_standard(inspection, standard_id)
    item = _item(inspection, standard, evidence_id)
    if request.method == "POST":
        do_remove_judgement_evidence(Actor.member(membership), item)
        messages.success(request, f"“{item.title}” has been taken off the evidence.")
        return _back(membership, inspection, standard)
    return render(
        request,
        "inspections/judgement_evidence_remove.html",
        page_context(membership, inspection=inspection, standard=standard, item=item),
    )
