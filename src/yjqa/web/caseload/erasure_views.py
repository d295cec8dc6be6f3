"""Erasing one child's records on request (UK GDPR), from the case's page: a page to check
what will be removed and what is kept, a reason and the case reference typed again, then
the same service function as `yjqa erase` (`yjqa.web.retention.do_erase_child`)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from yjqa.core.validation.fields import field_error
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.retention import childs_records, do_erase_child
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import AccessLog, Membership
from yjqa.web.tenancy.services import do_log_access

MAX_REASON = 500


class EraseForm(forms.Form):
    reason = forms.CharField(
        label="Why are these records being erased?",
        help_text="For example, the erasure request's reference. It is kept in the audit trail.",
        error_messages={"required": "Enter why the records are being erased"},
    )
    confirm = forms.CharField(
        label="Type the case reference to confirm",
        error_messages={"required": "Type the case reference to confirm the erasure"},
    )

    def __init__(self, *args: object, case_ref: str, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.case_ref = case_ref

    def clean_reason(self) -> str:
        reason: str = self.cleaned_data["reason"].strip()
        error = field_error("The reason", reason, MAX_REASON)
        if error:
            raise ValidationError(error)
        return reason

    def clean_confirm(self) -> str:
        typed: str = self.cleaned_data["confirm"].strip()
        if typed != self.case_ref:
            raise ValidationError(
                f"The case reference does not match: type {self.case_ref} exactly"
            )
        return typed


@service_view("erase_records")
def erase_child(request: HttpRequest, membership: Membership, case_ref: str) -> HttpResponse:
    service = membership.service
    try:
        found = childs_records(service, case_ref)
    except CaseRecord.DoesNotExist:
        raise Http404("No such case") from None
    form = EraseForm(request.POST or None, case_ref=case_ref)
    if request.method == "POST" and form.is_valid():
        try:
            done = do_erase_child(
                Actor.member(membership), service, case_ref, form.cleaned_data["reason"]
            )
        except (CaseRecord.DoesNotExist, ValueError) as error:
            form.add_error(None, str(error))
        else:
            kept = (
                f" {done.pseudonymised} kept without the child for the audits that hold them."
                if done.pseudonymised
                else ""
            )
            messages.success(
                request,
                f"The child's records have been erased: {done.records} case record(s) and "
                f"{done.victims} victims' record(s).{kept}",
            )
            return redirect("case_list", slug=service.slug)
    else:
        do_log_access(Actor.member(membership), service, AccessLog.Action.VIEW, case_ref)
    return render(
        request,
        "caseload/erase_child.html",
        page_context(membership, form=form, case_ref=case_ref, found=found),
    )
