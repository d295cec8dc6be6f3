"""The second-factor pages: set up an authenticator app (with recovery codes shown once),
enter a code at sign-in, and a service administrator's reset of a person's second factor."""

from __future__ import annotations

from typing import cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login

from yjqa.web.accounts.models import User
from yjqa.web.accounts.second_factor import (
    do_check_second_factor,
    do_confirm_second_factor,
    do_reset_second_factor,
    do_start_second_factor,
    has_second_factor,
    pending_device,
    setup_details,
)
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.tenancy.access import page_context, service_view, tenant_object
from yjqa.web.tenancy.models import Membership

SHOWN_CODES = "yjqa_recovery_codes"


class CodeForm(forms.Form):
    code = forms.CharField(
        label="Code",
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-10",
            }
        ),
        error_messages={"required": "Enter the code"},
    )


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


@never_cache
@login_required
def second_factor(request: HttpRequest) -> HttpResponse:
    """Enter a code, or set up the app the first time."""
    user = cast(User, request.user)
    actor = Actor(via=AuditEvent.Via.WEB, user=user)
    form = CodeForm(request.POST or None)
    enrolled = has_second_factor(user)
    form.fields["code"].label = (
        "Code from your authenticator app, or a recovery code"
        if enrolled
        else "Code from your authenticator app"
    )
    if enrolled:
        if request.method == "POST" and form.is_valid():
            try:
                device = do_check_second_factor(actor, user, form.cleaned_data["code"])
            except ValidationError as error:
                form.add_error("code", error)
            else:
                otp_login(request, device)
                return redirect(_next(request))
        return render(
            request, "accounts/second_factor.html", {"form": form, "next": _next(request)}
        )
    device = pending_device(user) or do_start_second_factor(actor, user)
    if request.method == "POST" and form.is_valid():
        try:
            codes = do_confirm_second_factor(actor, device, form.cleaned_data["code"])
        except ValidationError as error:
            form.add_error("code", error)
        else:
            otp_login(request, device)
            request.session[SHOWN_CODES] = codes
            recovery = reverse("second_factor_recovery_codes")
            return redirect(f"{recovery}?{urlencode({'next': _next(request)})}")
    qr, secret = setup_details(device)
    return render(
        request,
        "accounts/second_factor_setup.html",
        {"form": form, "qr": qr, "secret": secret, "next": _next(request)},
    )


@never_cache
@login_required
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """The recovery codes, once, straight after setting up the app."""
    codes = request.session.pop(SHOWN_CODES, None)
    if not codes:
        return redirect(_next(request))
    return render(request, "accounts/recovery_codes.html", {"codes": codes, "next": _next(request)})


@service_view("manage_people")
def reset_second_factor(
    request: HttpRequest, membership: Membership, member_id: int
) -> HttpResponse:
    member = tenant_object(Membership.objects.select_related("user"), membership, pk=member_id)
    if request.method == "POST":
        do_reset_second_factor(Actor.member(membership), member)
        messages.success(
            request,
            f"{member.user.full_name}'s second factor has been reset: they set it up again "
            "when they next sign in.",
        )
        return redirect("people", slug=membership.service.slug)
    return render(
        request,
        "accounts/reset_second_factor.html",
        page_context(membership, member=member, enrolled=has_second_factor(member.user)),
    )
