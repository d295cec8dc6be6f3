"""The case audit form: generated from the framework for the audit's domain."""

from __future__ import annotations

from typing import Any, cast

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import audit_services
from yjqa.web.inspections.audit_forms import audit_layout, case_audit_form
from yjqa.web.inspections.forms import field_key
from yjqa.web.inspections.guards import EditConflict, may_edit_audit
from yjqa.web.inspections.models import CaseAudit
from yjqa.web.inspections.moderation import hidden_markings
from yjqa.web.inspections.views import inspection_page
from yjqa.web.tenancy.access import page_context, service_view
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


@service_view("view_cases")
def case_audit(
    request: HttpRequest, membership: Membership, inspection_id: int, audit_id: int
) -> HttpResponse:
    inspection = inspection_page(membership, inspection_id)
    audit = get_object_or_404(
        CaseAudit.objects.select_related("case", "victim"), pk=audit_id, inspection=inspection
    )
    user = cast(User, request.user)
    actor = Actor.member(membership)
    do_log_access(
        actor,
        membership.service,
        AccessLog.Action.CHANGE if request.method == "POST" else AccessLog.Action.VIEW,
        audit.ref,
        record_type="victim audit" if audit.victim_id else "case audit",
    )
    if audit.pk in hidden_markings(inspection, user):
        return render(
            request,
            "inspections/audit_hidden.html",
            page_context(membership, inspection=inspection, audit=audit, case=audit.case),
        )
    editable = _may_edit_audit(actor, audit)
    domain = inspection.framework.domain(audit.domain_id)
    if request.method == "POST" and not editable:
        raise Http404
    form = case_audit_form(domain, data=request.POST or None, initial=_audit_initial(audit))
    conflict = None
    unanswered: list[str] = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        questions = [q for s in domain.standards if s.kind == "case" for q in s.key_questions]
        audit_input = audit_services.AuditInput(
            answers={q.id: data[f"kq_{field_key(q.id)}"] for q in questions},
            evidence={q.id: data[f"evidence_{field_key(q.id)}"] for q in questions},
            prompt_answers={
                p.id: data[f"prompt_{field_key(p.id)}"] for q in questions for p in q.prompts
            },
            case_manager_interviewed=data["case_manager_interviewed"],
        )
        try:
            unanswered = audit_services.do_save_audit(
                actor, audit, data["version"], audit_input, submit="submit" in request.POST
            )
        except EditConflict as clash:
            conflict = clash
        else:
            if not unanswered:
                done = (
                    "submitted"
                    if audit.status == CaseAudit.Status.SUBMITTED
                    else "saved as a draft"
                )
                messages.success(request, f"The audit of {audit.label} has been {done}.")
                return redirect(
                    "inspection_detail", slug=membership.service.slug, inspection_id=inspection.pk
                )
            form = case_audit_form(domain, data=None, initial=_audit_initial(audit))
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
            editable=editable,
            conflict=conflict,
            unanswered=[(q, field_key(q)) for q in unanswered],
        ),
    )
