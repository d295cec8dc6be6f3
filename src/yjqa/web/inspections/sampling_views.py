"""Pages for an inspection's samples: draw, see the balance, replace, assign auditors.

Under the 2025 framework the draw page offers the children's sample (each child once) and the
victims' sample; under earlier frameworks, court, out-of-court and resettlement cases.
"""

from __future__ import annotations

import secrets
from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from yjqa.core.caseload.codes import FIELD_LABELS, label_for
from yjqa.core.sampling.sampling_plans import shipped_plans
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import queries
from yjqa.web.inspections.forms import ShareCasesForm
from yjqa.web.inspections.models import CaseAudit, Inspection, InspectionSample, SampledCase
from yjqa.web.inspections.sampling import (
    current_balance,
    default_plan,
    entry_ref,
    is_victims,
    plan_title,
    sample_audits,
    sample_domains,
    sample_label,
    samples_per_standard,
)
from yjqa.web.inspections.sampling_services import do_draw_sample, do_replace_case
from yjqa.web.inspections.services import SharedCases, do_assign_auditors, do_share_cases
from yjqa.web.inspections.views import domain_label, inspection_page
from yjqa.web.tenancy.access import can, page_context, service_view
from yjqa.web.tenancy.models import Membership


class DrawSampleForm(forms.Form):
    domain = forms.ChoiceField(
        label="Which cases",
        choices=InspectionSample.Domain.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select which cases to sample",
            "invalid_choice": "Select which cases to sample from the list",
        },
    )
    plan_id = forms.ChoiceField(
        label="Sampling plan",
        widget=forms.RadioSelect,
        help_text="The plan sets the sample's size and what it is balanced on. The plan "
        "that fits the inspection's framework is chosen for you.",
        error_messages={
            "required": "Select a sampling plan",
            "invalid_choice": "Select a sampling plan from the list",
        },
    )
    seed = forms.IntegerField(
        label="Draw number",
        min_value=0,
        help_text="The number that lets anyone redraw exactly this sample: the same "
        "caseload, sampling plan and draw number always give the same cases. Keep the "
        "suggested number unless you are redrawing an earlier sample.",
        widget=forms.TextInput(attrs={"class": "govuk-input--width-10", "inputmode": "numeric"}),
        error_messages={
            "required": "Enter a draw number",
            "invalid": "The draw number must be a whole number, like 482913",
            "min_value": "The draw number cannot be negative",
        },
    )
    fixed_size = forms.IntegerField(
        label="Number of cases (fixed plan only)",
        min_value=1,
        required=False,
        widget=forms.TextInput(attrs={"class": "govuk-input--width-4", "inputmode": "numeric"}),
        error_messages={
            "invalid": "The number of cases must be a whole number, like 12",
            "min_value": "The number of cases must be at least 1",
        },
    )

    def __init__(self, *args: Any, inspection: Inspection, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = sample_domains(inspection.framework)
        self.fields["domain"].choices = [  # type: ignore[attr-defined]
            (domain.value, sample_label(inspection.framework, domain)) for domain in offered
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
            per_standard = samples_per_standard(inspection.framework)
            messages.success(
                request,
                f"{sample.sample_size} {noun or 'cases'} drawn from {sample.population} eligible "
                + (noun or f"{sample.get_domain_display().lower()} cases")
                + (
                    f", audited under {sample_label(inspection.framework, sample.domain)}"
                    if per_standard
                    else ""
                )
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
            per_standard=samples_per_standard(inspection.framework),
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
            sample_name=sample_label(inspection.framework, sample.domain),
            audited_under=(
                sample_label(inspection.framework, sample.domain)
                if samples_per_standard(inspection.framework)
                else ""
            ),
            plan_title=plan_title(sample.plan_id),
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
        error_messages={
            "required": "Select why the case is being replaced",
            "invalid_choice": "Select one of the reasons listed",
        },
    )
    detail = forms.CharField(
        label="More detail",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Needed if the reason is another one.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reason") == SampledCase.Reason.OTHER and not data.get("detail", "").strip():
            self.add_error("detail", "Say why the case is being replaced")
        return data


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
    """Assign in one step (share the cases evenly among chosen team members, or take all
    the unassigned ones), or change one case's auditor by hand."""
    inspection = inspection_page(membership, inspection_id, writable=True)
    actor = Actor.member(membership)
    team_people = inspection.team.order_by("full_name")
    team = list(team_people)
    audits = list(queries.first_audits(inspection).order_by("domain_id", "case__case_ref"))
    action = next((a for a in ("share", "to_me", "save") if a in request.POST), "")
    if not action and any(key.startswith("auditor-") for key in request.POST):
        action = "save"
    share_form = ShareCasesForm(
        request.POST if action == "share" else None,
        people=team_people,
        initial={"people": [p.pk for p in team]},
    )
    share_form.is_valid()  # an unbound form stays without errors
    to_me_form = forms.Form(request.POST if action == "to_me" else None)
    to_me_form.is_valid()
    wrong: dict[int, str] = {}
    if action in ("share", "to_me"):
        form = share_form if action == "share" else to_me_form
        if action == "to_me" or share_form.is_valid():
            try:
                shared = do_share_cases(
                    actor,
                    inspection,
                    [cast(User, request.user)]
                    if action == "to_me"
                    else share_form.cleaned_data["people"],
                    reassign=action == "share" and share_form.cleaned_data["reassign"],
                )
            except ValidationError as error:
                errors = getattr(error, "error_dict", {})
                if "people" in errors and action == "share":
                    share_form.add_error("people", errors["people"])
                else:
                    form.add_error(None, error.messages)
            else:
                _say_shared(request, shared)
                return redirect(request.path)
    elif action == "save":
        by_id = {str(u.pk): u for u in team}
        chosen: dict[int, User | None] = {}
        for audit in audits:
            if f"auditor-{audit.pk}" not in request.POST:
                continue  # a case the form did not show (added since) stays as it is
            value = request.POST.get(f"auditor-{audit.pk}", "")
            if value and value not in by_id:
                wrong[audit.pk] = f"Select an auditor from the team for {audit.ref}"
            chosen[audit.pk] = by_id.get(value)
        if not wrong:
            result = do_assign_auditors(actor, inspection, chosen)
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
    loads: dict[str, int] = {}
    for audit in audits:
        name = audit.auditor.full_name if audit.auditor else ""
        loads[name] = loads.get(name, 0) + 1
    return render(
        request,
        "inspections/assign_auditors.html",
        page_context(
            membership,
            inspection=inspection,
            team=team,
            rows=[
                (a, domain_label(inspection.framework, a.domain_id), wrong.get(a.pk))
                for a in audits
            ],
            wrong=[(pk, text) for pk, text in wrong.items()],
            unassigned=loads.get("", 0),
            loads=sorted((n, c) for n, c in loads.items() if n),
            share_form=share_form,
            to_me_form=to_me_form,
            # The page's title says "Error:" when any of its forms has an error.
            form=share_form if share_form.errors else to_me_form,
            has_errors=bool(share_form.errors or to_me_form.errors or wrong),
            may_take=can(membership, "record_audits"),
        ),
    )


def _say_shared(request: HttpRequest, shared: SharedCases) -> None:
    if shared.shared:
        messages.success(
            request,
            f"{shared.shared} case{'s' if shared.shared != 1 else ''} shared: "
            + ", ".join(f"{name} {count}" for name, count in shared.shares.items() if count)
            + ".",
        )
    else:
        messages.info(request, "Every case already has an auditor: nothing was shared.")
    if shared.clashes:
        messages.info(
            request,
            "Left as they were, because the person is the case's second auditor: "
            + ", ".join(shared.clashes)
            + ".",
        )
