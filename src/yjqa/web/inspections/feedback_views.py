"""Feedback on your cases: what the auditors wrote to a case manager, and their replies.

A case manager reads the feedback on their own cases (matched by the case's case manager,
case-insensitive, to their full name) and replies; QA leads and managers read all of it.
Every page here is in the access log, since each shows case work.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from yjqa.web.audit.trail import Actor
from yjqa.web.inspections import concerns
from yjqa.web.inspections.audit_forms import ReplyForm
from yjqa.web.inspections.models import AuditFeedback, CaseAudit
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access


@dataclass
class Thread:
    audit: CaseAudit
    messages: list[AuditFeedback] = field(default_factory=list)

    @property
    def awaiting_reply(self) -> bool:
        return bool(self.messages) and not self.messages[-1].is_reply


def threads(feedback: list[AuditFeedback]) -> list[Thread]:
    """The feedback grouped by audit (in the order given), each thread oldest first."""
    return [Thread(audit, list(group)) for audit, group in groupby(feedback, key=lambda f: f.audit)]


def _log(actor: Actor, membership: Membership, audit: CaseAudit, action: str) -> None:
    do_log_access(
        actor,
        membership.service,
        action,
        audit.ref,
        record_type="feedback on a victim audit" if audit.victim_id else "feedback on a case audit",
    )


@service_view("read_feedback")
def my_feedback(request: HttpRequest, membership: Membership) -> HttpResponse:
    """Feedback on your cases (all the service's for QA leads and managers)."""
    actor = Actor.member(membership)
    found = threads(list(concerns.feedback_for(membership)))
    for thread in found:
        _log(actor, membership, thread.audit, AccessLog.Action.VIEW)
    return render(
        request,
        "inspections/feedback_list.html",
        page_context(
            membership,
            threads=found,
            own_cases=membership.role == "case_manager",
        ),
    )


@service_view("read_feedback")
def feedback_thread(request: HttpRequest, membership: Membership, audit_id: int) -> HttpResponse:
    """One audit's feedback, and the case manager's reply."""
    audit = get_object_or_404(
        CaseAudit.objects.select_related("inspection", "case", "victim"),
        pk=audit_id,
        inspection__service=membership.service,
    )
    thread = list(concerns.feedback_for(membership).filter(audit=audit))
    if not thread:
        raise Http404("No feedback on this case for you")
    actor = Actor.member(membership)
    may_reply = concerns.is_case_manager_of(membership, audit)
    if request.method == "POST" and not may_reply:
        raise Http404
    _log(
        actor,
        membership,
        audit,
        AccessLog.Action.CHANGE if request.method == "POST" else AccessLog.Action.VIEW,
    )
    form = ReplyForm(request.POST or None) if may_reply else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            concerns.do_reply_to_feedback(actor, audit, form.cleaned_data["text"])
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(
                request, "Your reply has been saved: the auditor sees it with the audit."
            )
            return redirect("my_feedback", slug=membership.service.slug)
    return render(
        request,
        "inspections/feedback_thread.html",
        page_context(
            membership, audit=audit, thread=Thread(audit, thread), form=form, may_reply=may_reply
        ),
    )
