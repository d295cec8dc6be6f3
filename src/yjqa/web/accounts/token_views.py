"""Read-API tokens on the web: a person lists, creates and revokes their own; a service's
administrators list and revoke the tokens of the service's people."""

from __future__ import annotations

from typing import cast

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from yjqa.web.accounts.models import TOKEN_DAYS, ApiToken, User
from yjqa.web.accounts.queries import tokens_in_service, tokens_of
from yjqa.web.accounts.services import do_create_api_token, do_revoke_api_token
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.tenancy.access import page_context, service_view
from yjqa.web.tenancy.models import Membership

DAYS_CHOICES = [("30", "30 days"), ("90", "90 days"), ("180", "180 days"), ("365", "A year")]


class TokenForm(forms.Form):
    name = forms.CharField(
        label="What will you use it for?",
        help_text="For example, “Quarterly performance report”. Only you and your "
        "administrators see this.",
        max_length=100,
        error_messages={
            "required": "Enter what you will use the token for",
            "max_length": "What you will use it for must be 100 characters or fewer",
        },
    )
    days = forms.ChoiceField(
        label="How long should it work?",
        choices=DAYS_CHOICES,
        initial=str(TOKEN_DAYS),
        widget=forms.RadioSelect,
        error_messages={"required": "Select how long the token should work"},
    )


def _own_actor(request: HttpRequest) -> Actor:
    return Actor(via=AuditEvent.Via.WEB, user=cast(User, request.user))


@never_cache
@login_required
def api_tokens(request: HttpRequest) -> HttpResponse:
    """The person's own tokens, and a form for a new one, shown once when made."""
    user = cast(User, request.user)
    form = TokenForm(request.POST or None)
    made = ""
    if request.method == "POST" and form.is_valid():
        made = do_create_api_token(
            _own_actor(request),
            user,
            name=form.cleaned_data["name"],
            days=int(form.cleaned_data["days"]),
        )
        form = TokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {"form": form, "made": made, "tokens": tokens_of(user)},
    )


@login_required
def revoke_own_api_token(request: HttpRequest, token_id: int) -> HttpResponse:
    token = ApiToken.objects.filter(pk=token_id, user=cast(User, request.user)).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        do_revoke_api_token(_own_actor(request), token)
        messages.success(request, f"The token “{token.name or token.pk}” has been revoked.")
        return redirect("api_tokens")
    return render(request, "accounts/api_token_revoke.html", {"token": token, "back": "api_tokens"})


@service_view("manage_people")
def service_api_tokens(request: HttpRequest, membership: Membership) -> HttpResponse:
    return render(
        request,
        "accounts/service_api_tokens.html",
        page_context(membership, tokens=tokens_in_service(membership.service)),
    )


@service_view("manage_people")
def revoke_service_api_token(
    request: HttpRequest, membership: Membership, token_id: int
) -> HttpResponse:
    token = tokens_in_service(membership.service).filter(pk=token_id).first()
    if token is None:
        raise Http404
    if request.method == "POST":
        do_revoke_api_token(Actor.member(membership), token)
        messages.success(
            request, f"{token.user.full_name}'s token “{token.name or token.pk}” has been revoked."
        )
        return redirect("service_api_tokens", membership.service.slug)
    return render(
        request,
        "accounts/api_token_revoke.html",
        page_context(membership, token=token, back="service_api_tokens"),
    )
