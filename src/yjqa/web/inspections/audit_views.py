"""The case audit form: generated from the framework for the audit's domain.

A draft is a form, with its progress; a submitted audit is locked and shows its answers as
text, with "Reopen this audit" for the people who may edit it. Below either, the audit's
safety concerns and its feedback to the case manager.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import audit_services, concerns
from yjqa.web.inspections.audit_figures import figures_moved, progress
from yjqa.web.inspections.audit_forms import (
    ConcernForm,
    FeedbackForm,
    ReopenForm,
    ResolveConcernForm,
    audit_answers,
    audit_layout,
    case_audit_form,
)
from yjqa.web.inspections.forms import field_key
from yjqa.web.inspections.guards import EditConflict, may_edit_audit
from yjqa.web.inspections.models import CaseAudit, Inspection, SafetyConcern
from yjqa.web.inspections.moderation import hidden_markings
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.inspections.views import inspection_page
from yjqa.web.tenancy.access import NotYourRole, page_context, service_view
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access


def _may_edit_audit(actor: Actor, audit: CaseAudit) -> bool:
    return not audit.inspection.is_read_only and may_edit_audit(actor, audit)


def _audit_initial(audit: CaseAudit) -> dict[str, Any]:
    initial: dict[str, Any] = {"version": audit.version}
    if audit.case_manager_interviewed is not None:
        initial["case_manager_interviewed"] = "yes" if audit.case_manager_interviewed else "no"
    for answer in audit.answers.all():
        initial[f"kq_{field_key(answer.key_question_id)}"] = answer.answer
        initial[f"evidence_{field_key(answer.key_question_id)}"] = answer.evidence
    for prompt in audit.prompt_answers.all():
        initial[f"prompt_{field_key(prompt.prompt_id)}"] = prompt.answer
    return initial


def _audit_of(membership: Membership, inspection_id: int, audit_id: int) -> CaseAudit:
    inspection = inspection_page(membership, inspection_id)
    return get_object_or_404(
        CaseAudit.objects.select_related("case", "victim", "auditor", "inspection__service"),
        pk=audit_id,
        inspection=inspection,
    )


def _log(actor: Actor, membership: Membership, audit: CaseAudit, request: HttpRequest) -> None:
    do_log_access(
        actor,
        membership.service,
        AccessLog.Action.CHANGE if request.method == "POST" else AccessLog.Action.VIEW,
        audit.ref,
        record_type="victim audit" if audit.victim_id else "case audit",
    )


def _hidden(request: HttpRequest, membership: Membership, audit: CaseAudit) -> bool:
    return audit.pk in hidden_markings(audit.inspection, cast(User, request.user))


def _render_hidden(request: HttpRequest, membership: Membership, audit: CaseAudit) -> HttpResponse:
    return render(
        request,
        "inspections/audit_hidden.html",
        page_context(membership, inspection=audit.inspection, audit=audit, case=audit.case),
    )


def _answered(domain: Any, form: forms.Form) -> dict[str, str]:
    """Each key question's answer as the form now holds it (posted, or as saved)."""
    questions = [q.id for s in domain.standards if s.kind == "case" for q in s.key_questions]
    return {q: str(form[f"kq_{field_key(q)}"].value() or "") for q in questions}


def _refused_submission(domain: Any, audit: CaseAudit, posted: Any, unanswered: list[str]) -> Any:
    """The posted answers again, at the saved version, with an error on each unanswered key
    question's radios (the draft is saved, so the next save is against its new version)."""
    data = posted.copy()
    data["version"] = str(audit.version)
    form = case_audit_form(domain, data=data, initial=_audit_initial(audit))
    form.is_valid()
    for question in unanswered:
        form.add_error(f"kq_{field_key(question)}", f"Answer key question {question}")
    return form


def _side_context(actor: Actor, membership: Membership, audit: CaseAudit) -> dict[str, Any]:
    """Concerns and feedback, shown under the audit whatever its state."""
    may_write = may_edit_audit(actor, audit)
    return {
        "concerns": list(concerns.concerns_on(audit)),
        "feedback": list(concerns.feedback_on(audit)),
        "may_raise": may_write,
        "may_resolve": actor.may(membership.service, "resolve_concerns"),
        "concern_form": ConcernForm(prefix="concern") if may_write else None,
        "feedback_form": FeedbackForm(prefix="feedback") if may_write else None,
    }


@service_view("view_cases")
def case_audit(
    request: HttpRequest, membership: Membership, inspection_id: int, audit_id: int
) -> HttpResponse:
    audit = _audit_of(membership, inspection_id, audit_id)
    inspection = audit.inspection
    actor = Actor.member(membership)
    _log(actor, membership, audit, request)
    if _hidden(request, membership, audit):
        return _render_hidden(request, membership, audit)
    editable = _may_edit_audit(actor, audit)
    domain = inspection.framework.domain(audit.domain_id)
    if request.method == "POST" and not editable:
        raise Http404
    locked = audit.status == CaseAudit.Status.SUBMITTED
    form = case_audit_form(
        domain, data=None if locked else request.POST or None, initial=_audit_initial(audit)
    )
    conflict = None
    locked_refusal = False
    unanswered: list[str] = []
    if request.method == "POST" and (locked or form.is_valid()):
        try:
            response = _save(request, membership, audit, domain, form)
        except EditConflict as clash:
            conflict = clash
        except audit_services.AuditLocked:
            locked, locked_refusal = True, True
            audit.refresh_from_db()
        else:
            if isinstance(response, HttpResponse):
                return response
            unanswered = response
            form = _refused_submission(domain, audit, request.POST, unanswered)
    questions = audit_services.audit_key_questions(audit)
    return render(
        request,
        "inspections/audit.html",
        page_context(
            membership,
            inspection=inspection,
            audit=audit,
            case=audit.case,
            domain=domain,
            form=form,
            layout=audit_layout(domain, form),
            answers=audit_answers(domain, audit) if locked or not editable else None,
            locked=locked,
            locked_refusal=locked_refusal,
            editable=editable,
            conflict=conflict,
            unanswered=[(q, field_key(q)) for q in unanswered],
            progress=progress(questions, _answered(domain, form)),
            **_side_context(actor, membership, audit),
        ),
    )


def _save(
    request: HttpRequest, membership: Membership, audit: CaseAudit, domain: Any, form: Any
) -> HttpResponse | list[str]:
    """Save the posted audit: a redirect when it is saved or submitted, or the key questions
    that stop it being submitted (the answers are saved as a draft)."""
    if audit.status == CaseAudit.Status.SUBMITTED:
        raise audit_services.AuditLocked(audit)
    data = form.cleaned_data
    submitting = "submit" in request.POST
    questions = [q for s in domain.standards if s.kind == "case" for q in s.key_questions]
    audit_input = audit_services.AuditInput(
        answers={q.id: data[f"kq_{field_key(q.id)}"] for q in questions},
        evidence={q.id: data[f"evidence_{field_key(q.id)}"] for q in questions},
        prompt_answers={
            p.id: data[f"prompt_{field_key(p.id)}"] for q in questions for p in q.prompts
        },
        case_manager_interviewed=data["case_manager_interviewed"],
    )
    inspection = audit.inspection
    before = inspection_rating(inspection) if submitting else None
    unanswered = audit_services.do_save_audit(
        Actor.member(membership), audit, data["version"], audit_input, submit=submitting
    )
    if unanswered:
        return unanswered
    if audit.status == CaseAudit.Status.SUBMITTED and before is not None:
        messages.success(request, f"The audit of {audit.label} has been submitted.")
        after = inspection_rating(Inspection.objects.get(pk=inspection.pk))
        for line in figures_moved(audit, domain, before, after):
            messages.success(request, line)
    else:
        messages.success(request, f"The audit of {audit.label} has been saved as a draft.")
    return redirect("inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk)


def _require_may_edit(actor: Actor, audit: CaseAudit) -> None:
    """Inside the service, someone who may not edit this audit is told who can."""
    if not may_edit_audit(actor, audit):
        raise NotYourRole("manage_inspections")


def _back_to_audit(membership: Membership, audit: CaseAudit) -> HttpResponse:
    return redirect(
        "case_audit",
        slug=membership.service.slug,
        inspection_id=audit.inspection_id,
        audit_id=audit.pk,
    )


@service_view("view_cases")
def reopen_audit(
    request: HttpRequest, membership: Membership, inspection_id: int, audit_id: int
) -> HttpResponse:
    """Reopen a submitted audit: a warning first, and a reason the history keeps.

    The people who may edit the audit may (anyone else inside the service is told who can);
    a draft, or a published inspection's audit, says why there is nothing to reopen.
    """
    audit = _audit_of(membership, inspection_id, audit_id)
    actor = Actor.member(membership)
    _require_may_edit(actor, audit)
    if _hidden(request, membership, audit):
        return _render_hidden(request, membership, audit)
    _log(actor, membership, audit, request)
    reopenable = audit.status == CaseAudit.Status.SUBMITTED and not audit.inspection.is_read_only
    form = ReopenForm(request.POST or None)
    if request.method == "POST" and reopenable and form.is_valid():
        try:
            audit_services.do_reopen_audit(actor, audit, form.cleaned_data["reason"])
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                f"The audit of {audit.label} has been reopened. It is out of the ratings until"
                " it is submitted again.",
            )
            return _back_to_audit(membership, audit)
    return render(
        request,
        "inspections/audit_reopen.html",
        page_context(
            membership,
            inspection=audit.inspection,
            audit=audit,
            form=form,
            reopenable=reopenable,
        ),
    )


@service_view("view_cases")
def raise_concern(
    request: HttpRequest, membership: Membership, inspection_id: int, audit_id: int
) -> HttpResponse:
    """Raise a concern about a child's or others' safety from the audit."""
    audit = _audit_of(membership, inspection_id, audit_id)
    actor = Actor.member(membership)
    _require_may_edit(actor, audit)
    _log(actor, membership, audit, request)
    form = ConcernForm(request.POST or None, prefix="concern")
    if request.method == "POST" and form.is_valid():
        try:
            concerns.do_raise_concern(actor, audit, form.cleaned_data["note"])
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request,
                f"Concern raised about {audit.label}. QA leads and managers see it at the top of"
                " their home page until someone records what was done.",
            )
            return _back_to_audit(membership, audit)
    return render(
        request,
        "inspections/concern_raise.html",
        page_context(membership, inspection=audit.inspection, audit=audit, form=form),
    )


@service_view("resolve_concerns")
def resolve_concern(request: HttpRequest, membership: Membership, concern_id: int) -> HttpResponse:
    """Record what was done about a safety concern, which closes it."""
    concern = get_object_or_404(
        SafetyConcern.objects.select_related(
            "audit__inspection__service", "audit__case", "audit__victim"
        ),
        pk=concern_id,
        audit__inspection__service=membership.service,
    )
    audit = concern.audit
    actor = Actor.member(membership)
    _log(actor, membership, audit, request)
    form = ResolveConcernForm(request.POST or None)
    if request.method == "POST" and concern.is_open and form.is_valid():
        try:
            concerns.do_resolve_concern(actor, concern, form.cleaned_data["action_taken"])
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request, f"What was done about the concern on {audit.label} is recorded."
            )
            return _back_to_audit(membership, audit)
    return render(
        request,
        "inspections/concern_resolve.html",
        page_context(
            membership, inspection=audit.inspection, audit=audit, concern=concern, form=form
        ),
    )


@service_view("view_cases")
def leave_feedback(
    request: HttpRequest, membership: Membership, inspection_id: int, audit_id: int
) -> HttpResponse:
    """Leave feedback for the case's case manager."""
    audit = _audit_of(membership, inspection_id, audit_id)
    actor = Actor.member(membership)
    _require_may_edit(actor, audit)
    _log(actor, membership, audit, request)
    form = FeedbackForm(request.POST or None, prefix="feedback")
    if request.method == "POST" and form.is_valid():
        try:
            concerns.do_leave_feedback(actor, audit, form.cleaned_data["text"])
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            who = audit.case.case_manager or "the case manager"
            messages.success(request, f"Your feedback is with {who}.")
            return _back_to_audit(membership, audit)
    return render(
        request,
        "inspections/feedback_leave.html",
        page_context(membership, inspection=audit.inspection, audit=audit, form=form),
    )
