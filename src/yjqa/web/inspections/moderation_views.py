"""Double marking, the moderation queue and agreement between auditors."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections.cached import inspection_agreement
from yjqa.web.inspections.forms import ModerationForm, SecondMarkingForm
from yjqa.web.inspections.guards import may_moderate
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.inspections.moderation import (
    find_disagreement,
    history,
    is_independent,
    marked_cases,
    moderation_queue,
)
from yjqa.web.inspections.moderation_services import (
    do_add_second_marking,
    do_choose_double_marking,
    do_moderate_disagreement,
)
from yjqa.web.inspections.views import inspection_page
from yjqa.web.tenancy.access import NotYourRole, can, page_context, service_view
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access


def _moderating(actor: Actor, inspection: Inspection) -> bool:
    return not inspection.is_read_only and may_moderate(actor, inspection)


@service_view("view_cases")
def double_marking(
    request: HttpRequest, membership: Membership, inspection_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    marked = marked_cases(inspection)
    managing = can(membership, "manage_inspections") and not inspection.is_read_only
    team = inspection.team.order_by("full_name")
    single = [m.first for m in marked if m.second is None]
    form = SecondMarkingForm(
        request.POST if request.method == "POST" and "choose" not in request.POST else None,
        cases=[(str(a.pk), f"{a.ref} (first auditor: {_name(a)})") for a in single],
        people=team,
    )
    # Choosing cases has no fields, but its own form, so that its error shows by its button.
    choose_form = forms.Form(request.POST if "choose" in request.POST else None)
    choose_form.is_valid()
    if request.method == "POST":
        if not managing:
            raise Http404
        target = choose_form if "choose" in request.POST else form
        try:
            if "choose" in request.POST:
                added = do_choose_double_marking(Actor.member(membership), inspection, team)
                messages.success(
                    request,
                    f"{len(added)} case{'s' if len(added) != 1 else ''} chosen for double marking.",
                )
                return redirect(request.path)
            if form.is_valid():
                first = get_object_or_404(
                    CaseAudit, pk=form.cleaned_data["audit"], inspection=inspection
                )
                second = do_add_second_marking(
                    Actor.member(membership), inspection, first, form.cleaned_data["auditor"]
                )
                messages.success(
                    request,
                    f"{first.ref} will be double marked by {_name(second)}.",
                )
                return redirect(request.path)
        except ValidationError as error:
            on_field = {"first_auditor": "auditor", "double_marked": "audit"}
            code = str(getattr(error, "code", ""))
            target.add_error(on_field.get(code) if target is form else None, error)
    both = [m for m in marked if m.second is not None]
    return render(
        request,
        "inspections/double_marking.html",
        page_context(
            membership,
            inspection=inspection,
            double_marked=both,
            total=len(marked),
            wanted=-(-len(marked) * inspection.double_marking_percent // 100),
            form=form,
            choose_form=choose_form,
            managing=managing,
            # Who could second mark a case at all: the team, less its first auditor.
            second_auditors=team.count(),
        ),
    )


def _name(audit: CaseAudit) -> str:
    return audit.auditor.full_name if audit.auditor else "not assigned"


@service_view("view_cases")
def moderation(request: HttpRequest, membership: Membership, inspection_id: int) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    return render(
        request,
        "inspections/moderation.html",
        page_context(
            membership,
            inspection=inspection,
            framework=inspection.framework,
            queue=moderation_queue(inspection),
            decisions=history(inspection),
            moderating=_moderating(Actor.member(membership), inspection),
        ),
    )


@service_view("view_cases")
def moderate(
    request: HttpRequest,
    membership: Membership,
    inspection_id: int,
    case_ref: str,
    key_question_id: str,
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    user = cast(User, request.user)
    actor = Actor.member(membership)
    if not _moderating(actor, inspection):
        raise NotYourRole("moderate")
    disagreement = find_disagreement(inspection, case_ref, key_question_id)
    if disagreement is None:
        raise Http404
    do_log_access(
        actor,
        membership.service,
        AccessLog.Action.CHANGE if request.method == "POST" else AccessLog.Action.VIEW,
        case_ref,
        record_type="moderation",
    )
    standard, question = inspection.framework.key_question(key_question_id)
    form = ModerationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            do_moderate_disagreement(
                actor,
                inspection,
                disagreement,
                agreed_answer=form.cleaned_data["agreed_answer"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{key_question_id} for {case_ref} has been moderated.")
            return redirect("moderation", slug=membership.service.slug, inspection_id=inspection.pk)
    return render(
        request,
        "inspections/moderate.html",
        page_context(
            membership,
            inspection=inspection,
            d=disagreement,
            standard=standard,
            question=question,
            form=form,
            independent=is_independent(user, disagreement),
        ),
    )


@service_view("view_inspections")
def agreement(request: HttpRequest, membership: Membership, inspection_id: int) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    framework = inspection.framework
    report = inspection_agreement(inspection)
    texts = {q.id: q.text for s in framework.iter_standards() for q in s.key_questions}
    return render(
        request,
        "inspections/agreement.html",
        page_context(
            membership,
            inspection=inspection,
            report=report,
            texts=texts,
            by_key_question=[(q, texts[q], a) for q, a in report.by_key_question.items()],
        ),
    )
