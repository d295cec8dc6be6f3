"""Pages for an inspection's samples: draw, see the balance, replace, assign auditors.

Under the 2025 framework the draw page offers the children's sample (each child once) and the
victims' sample; under earlier frameworks, court, out-of-court and resettlement cases.
"""

from __future__ import annotations

import secrets
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from yjqa.core.caseload.codes import FIELD_LABELS, label_for
from yjqa.core.sampling.sampling_plans import shipped_plans
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import queries
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.sampling import (
    current_balance,
    default_plan,
    entry_ref,
    is_victims,
    sample_audits,
    sample_domains,
)
from yjqa.web.inspections.sampling_services import do_draw_sample, do_replace_case
from yjqa.web.inspections.services import do_assign_auditors
from yjqa.web.inspections.views import inspection_page
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import Membership


class DrawSampleForm(forms.Form):
    domain = forms.ChoiceField(
        label="Which cases",
        choices=InspectionSample.Domain.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select which cases to sample"},
    )
    plan_id = forms.ChoiceField(
        label="Sampling plan",
        widget=forms.RadioSelect,
        error_messages={"required": "Select a sampling plan"},
    )
    seed = forms.IntegerField(
        label="Seed",
        min_value=0,
        help_text="The same caseload, plan and seed always give the same sample. "
        "Keep the suggested number unless you are replaying an earlier draw.",
        error_messages={"required": "Enter a seed", "invalid": "The seed must be a whole number"},
    )
    fixed_size = forms.IntegerField(
        label="Number of cases (fixed plan only)",
        min_value=1,
        required=False,
        widget=forms.NumberInput(attrs={"class": "govuk-input--width-4"}),
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = sample_domains(inspection.framework)
        self.fields["domain"].choices = [  # type: ignore[attr-defined]
            (domain.value, domain.label) for domain in offered
        ]
        self.fields["plan_id"].choices = [  # type: ignore[attr-defined]
            (p.id, f"{p.title} ({p.id})")
            for p in shipped_plans().values()
            if any(domain in p.eligibility for domain in offered)
        ]


@service_view("manage_inspections")
def draw_sample(request: HttpRequest, membership: Membership, inspection_id: int) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    form = DrawSampleForm(
        request.POST or None,
        inspection=inspection,
        initial={
            "plan_id": default_plan(inspection.framework),
            "seed": secrets.randbelow(1_000_000),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sample = do_draw_sample(
                Actor.member(membership),
                inspection,
                domain=data["domain"],
                plan_id=data["plan_id"],
                seed=data["seed"],
                fixed_size=data["fixed_size"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            noun = {"children": "children", "victims": "victims"}.get(sample.domain)
            messages.success(
                request,
                f"{sample.sample_size} {noun or 'cases'} drawn from {sample.population} eligible "
                + (noun or f"{sample.get_domain_display().lower()} cases")
                + ".",
            )
            return redirect(
                "sample_detail",
                slug=membership.service.slug,
                inspection_id=inspection.pk,
                sample_id=sample.pk,
            )
    return render(
        request,
        "inspections/draw_sample.html",
        page_context(
            membership,
            inspection=inspection,
            form=form,
            by_child=InspectionSample.Domain.CHILDREN in sample_domains(inspection.framework),
        ),
    )


@service_view("view_cases")
def sample_detail(
    request: HttpRequest, membership: Membership, inspection_id: int, sample_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    sample = get_object_or_404(InspectionSample, pk=sample_id, inspection=inspection)
    entries = list(
        sample.entries.select_related(
            "case", "victim", "replacement__case", "replacement__victim", "replaced_by"
        )
    )
    audits = sample_audits(sample)
    return render(
        request,
        "inspections/sample.html",
        page_context(
            membership,
            inspection=inspection,
            sample=sample,
            balance=[
                (
                    FIELD_LABELS.get(field, field),
                    [(label_for(field, code), row) for code, row in categories.items()],
                )
                for field, categories in current_balance(sample).items()
            ],
            in_sample=[
                (e, audits.get((e.case_id, e.victim_id)))
                for e in entries
                if e.role == SampledCase.Role.SAMPLE and not e.replaced
            ],
            victims=is_victims(sample),
            by_child=sample.domain == InspectionSample.Domain.CHILDREN,
            reserve=[e for e in entries if e.role == SampledCase.Role.RESERVE and not e.replaced],
            replaced=[e for e in entries if e.replaced],
            not_started=CaseAudit.Status.NOT_STARTED,
        ),
    )


class ReplaceForm(forms.Form):
    reason = forms.ChoiceField(
        label="Why is the case being replaced?",
        choices=SampledCase.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select why the case is being replaced"},
    )
    detail = forms.CharField(
        label="More detail",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if the reason is another one.",
    )


@service_view("manage_inspections")
def replace_case(
    request: HttpRequest, membership: Membership, inspection_id: int, sample_id: int, entry_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    entry = get_object_or_404(
        SampledCase.objects.select_related("case", "victim", "sample"),
        pk=entry_id,
        sample__pk=sample_id,
        sample__inspection=inspection,
        role=SampledCase.Role.SAMPLE,
        replaced=False,
    )
    form = ReplaceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            replacement = do_replace_case(
                Actor.member(membership),
                entry,
                reason=form.cleaned_data["reason"],
                detail=form.cleaned_data["detail"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if replacement is None:
                messages.info(
                    request, f"{entry_ref(entry)} was removed; the reserve list is used up."
                )
            else:
                messages.success(
                    request, f"{entry_ref(entry)} was replaced by {entry_ref(replacement)}."
                )
            return redirect(
                "sample_detail",
                slug=membership.service.slug,
                inspection_id=inspection.pk,
                sample_id=sample_id,
            )
    return render(
        request,
        "inspections/replace_case.html",
        page_context(
            membership, inspection=inspection, entry=entry, ref=entry_ref(entry), form=form
        ),
    )


@service_view("manage_inspections")
def assign_auditors(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id, writable=True)
    team = list(inspection.team.order_by("full_name"))
    audits = list(queries.first_audits(inspection))
    if request.method == "POST":
        by_id = {str(u.pk): u for u in team}
        result = do_assign_auditors(
            Actor.member(membership),
            inspection,
            {a.pk: by_id.get(request.POST.get(f"auditor-{a.pk}", "")) for a in audits},
        )
        messages.success(request, f"Auditors saved ({result.changed} changed).")
        if result.clashes:  # double marking must stay independent
            messages.error(
                request,
                "Not changed, because that person is the case's second auditor: "
                + ", ".join(result.clashes)
                + ".",
            )
        return redirect(
            "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
        )
    return render(
        request,
        "inspections/assign_auditors.html",
        page_context(membership, inspection=inspection, team=team, audits=audits),
    )
