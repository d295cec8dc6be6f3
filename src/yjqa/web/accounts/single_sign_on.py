"""Single sign-on through a council's OpenID Connect provider (Entra ID, Google Workspace).

mozilla-django-oidc runs the protocol (authorisation code with PKCE, state, nonce, the ID
token's signature against the provider's keys); this module decides who gets in. Only a person
who already has an active account, found by the email the provider has verified, signs in:
single sign-on never creates an account, so access is still given by a service's administrator.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from yjqa.web.accounts.lockout import normalise_email
from yjqa.web.accounts.models import User
from yjqa.web.accounts.second_factor import BY_PROVIDER
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor, record

LOG = logging.getLogger(__name__)
REFUSED = "single_sign_on_refused"  # session key: why the last try gave no access
MESSAGES = {
    "unknown": "There is no yjqa account for the email address {name} signed you in with."
    " Ask your service's administrator to add you with that address.",
    "unverified": "{name} did not confirm your email address, so it cannot sign you in to"
    " yjqa. Ask your council's IT team, or sign in with your email address and password.",
    "failed": "Signing in with {name} did not work. Try again, or sign in with your email"
    " address and password.",
}


def enabled() -> bool:
    return bool(getattr(settings, "OIDC_RP_CLIENT_ID", ""))


def provider_name() -> str:
    return str(getattr(settings, "SINGLE_SIGN_ON_NAME", "your council account"))


def refusal_message(request: HttpRequest) -> str | None:
    """The reason the last single sign-on gave no access, once (it is then forgotten)."""
    reason = request.session.pop(REFUSED, None)
    return MESSAGES[reason].format(name=provider_name()) if reason in MESSAGES else None


def _refuse(request: HttpRequest | None, reason: str) -> None:
    if request is not None:
        request.session[REFUSED] = reason
    raise SuspiciousOperation(f"Single sign-on refused: {reason}")  # no email in the log


def email_is_verified(claims: dict[str, Any]) -> bool:
    """`email_verified` true (Google, most providers), or Entra ID's optional `xms_edov`
    claim (the email's domain is verified by the tenant that owns it)."""
    return any(claims.get(name) is True for name in ("email_verified", "xms_edov"))


class CouncilSignOnBackend(OIDCAuthenticationBackend):  # type: ignore[misc]
    """Authentication backend: an existing active person whose verified email the provider
    vouches for, or no one. Does nothing for a password sign-in or when not configured."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        if enabled():
            super().__init__(*args, **kwargs)

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> User | None:
        if not enabled() or "nonce" not in kwargs or "password" in kwargs:
            return None
        user: User | None = super().authenticate(request, **kwargs)
        return user

    def verify_token(self, token: str, **kwargs: Any) -> dict[str, Any]:
        """The library checks the signature and nonce; also the issuer and the audience,
        so a token the provider issued to another application is refused."""
        payload: dict[str, Any] = super().verify_token(token, **kwargs)
        audience = payload.get("aud")
        audiences = audience if isinstance(audience, list) else [audience]
        issuer = str(getattr(settings, "OIDC_OP_ISSUER", "")).rstrip("/")
        if str(payload.get("iss", "")).rstrip("/") != issuer or self.OIDC_RP_CLIENT_ID not in (
            audiences
        ):
            _refuse(getattr(self, "request", None), "failed")
        return payload

    def get_userinfo(
        self, access_token: str, id_token: str, payload: dict[str, Any]
    ) -> dict[str, Any]:
        """Who the person is: the signed ID token's claims when it names an email (Entra ID
        puts `xms_edov` only there), otherwise the provider's userinfo answer."""
        if payload.get("email"):
            return payload
        claims: dict[str, Any] = super().get_userinfo(access_token, id_token, payload)
        return claims

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        if not email_is_verified(claims) or not normalise_email(claims.get("email")):
            _refuse(self.request, "unverified")
        return True

    def filter_users_by_claims(self, claims: dict[str, Any]) -> QuerySet[User]:
        users = User.objects.filter(
            email__iexact=normalise_email(claims.get("email")), is_active=True
        )
        if not users.exists():
            _refuse(self.request, "unknown")
        return users

    def create_user(self, claims: dict[str, Any]) -> User:
        raise SuspiciousOperation("Single sign-on never creates an account")

    def update_user(self, user: User, claims: dict[str, Any]) -> User:
        return user  # the account is the administrator's; the provider changes nothing


@transaction.atomic
def do_sign_in_with_single_sign_on(actor: Actor, user: User) -> AuditEvent:
    """The audit row for a sign-in through the council's provider (who, and how)."""
    return record(
        actor,
        "sign_in_with_single_sign_on",
        user,
        service=None,
        object_label=user.email,
        changes={
            "second_factor": {
                "before": None,
                "after": "the provider's" if settings.SINGLE_SIGN_ON_TRUSTS_MFA else "asked",
            }
        },
    )


class _Start(OIDCAuthenticationRequestView):  # type: ignore[misc]
    pass


class _Callback(OIDCAuthenticationCallbackView):  # type: ignore[misc]
    def login_success(self) -> HttpResponse:
        response: HttpResponse = super().login_success()
        if settings.SINGLE_SIGN_ON_TRUSTS_MFA:
            self.request.session[BY_PROVIDER] = True
        do_sign_in_with_single_sign_on(Actor(via=AuditEvent.Via.WEB, user=self.user), self.user)
        return response

    def login_failure(self) -> HttpResponse:
        if self.request.user.is_authenticated:
            logout(self.request)
        self.request.session.setdefault(REFUSED, "failed")
        return HttpResponseRedirect(reverse("sign_in"))


def start(request: HttpRequest) -> HttpResponse:
    """Send the person to their council's provider (a 404 when single sign-on is off)."""
    if not enabled():
        raise Http404("Single sign-on is not configured")
    response: HttpResponse = _Start.as_view()(request)
    return response


def callback(request: HttpRequest) -> HttpResponse:
    """Where the provider sends the person back, with a code for their tokens."""
    if not enabled():
        raise Http404("Single sign-on is not configured")
    response: HttpResponse = _Callback.as_view()(request)
    return response
