"""A second factor at sign-in: a time-based code (TOTP, django-otp) from an authenticator
app, with one-use recovery codes, and a reset by a service's administrator.

When the installation requires it (`settings.MFA_REQUIRED`: YJQA_MFA=required, or served over
HTTPS), a person signed in with their password alone reaches only the second-factor pages,
signing out and the public pages: the middleware sends them to enrol (the first time) or to
enter a code.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any, cast
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_otp import match_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor, record, require
from yjqa.web.tenancy.models import Membership

RECOVERY_CODES = 10
APP_DEVICE = "Authenticator app"
RECOVERY_DEVICE = "Recovery codes"
# Pages a person signed in with a password alone may still open.
OPEN_PAGES = frozenset(
    {
        "sign_in",
        "sign_out",
        "second_factor",
        "second_factor_recovery_codes",
        "set_password",
        "single_sign_on",
        "single_sign_on_callback",
    }
)
# Set at a single sign-on when YJQA_OIDC_TRUST_MFA=1: the council's provider asked for its own
# second factor, so yjqa does not ask for another (accounts.single_sign_on).
BY_PROVIDER = "second_factor_by_single_sign_on"


def _public_pages() -> frozenset[str]:
    from yjqa.web.pages import urls as pages_urls
    from yjqa.web.surveys import urls as survey_urls

    return frozenset(
        p.name for p in (*pages_urls.public_patterns, *survey_urls.public_patterns) if p.name
    )


class SecondFactorMiddleware:
    """Send a person who has not given their second factor to the second-factor page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.public = _public_pages()

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self, request: HttpRequest, view: Callable[..., Any], args: Any, kwargs: Any
    ) -> HttpResponse | None:
        if not settings.MFA_REQUIRED or not request.user.is_authenticated:
            return None
        if cast(Any, request.user).is_verified():  # set by django-otp's middleware
            return None
        if request.session.get(BY_PROVIDER) and settings.SINGLE_SIGN_ON_TRUSTS_MFA:
            return None
        match = request.resolver_match
        name = match.url_name if match is not None else None
        if name in OPEN_PAGES or name in self.public or request.path.startswith("/api/"):
            return None
        target = reverse("second_factor")
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return HttpResponseRedirect(target)


def has_second_factor(user: User) -> bool:
    return bool(TOTPDevice.objects.filter(user=user, confirmed=True).exists())


def pending_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-pk").first()


def setup_details(device: TOTPDevice) -> tuple[str, str]:
    """(QR code as inline SVG, the secret in groups of four) for the authenticator app."""
    qr = (
        segno.make(device.config_url, error="m")
        .svg_inline(scale=5, dark="#0b0c0c", light="#ffffff", title="QR code to scan with your app")
        .replace("<svg ", '<svg role="img" ', 1)
    )
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return qr, " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _require_self(actor: Actor, user: User) -> None:
    if actor.user is None or actor.user.pk != user.pk:
        raise PermissionDenied("A person sets up and gives their own second factor")


@transaction.atomic
def do_start_second_factor(actor: Actor, user: User) -> TOTPDevice:
    """A new secret for the person's authenticator app, not yet in use (until a code from it
    is confirmed). Refused once they have a second factor: an administrator resets it."""
    _require_self(actor, user)
    if has_second_factor(user):
        raise ValidationError("You already have a second factor")
    TOTPDevice.objects.filter(user=user, confirmed=False).delete()
    device = TOTPDevice.objects.create(user=user, name=APP_DEVICE, confirmed=False)
    record(actor, "start_second_factor", user, service=None, object_label=user.email)
    return device


@transaction.atomic
def do_confirm_second_factor(actor: Actor, device: TOTPDevice, code: str) -> list[str]:
    """Put the app in use once it gives a right code; the recovery codes, shown once."""
    user = device.user
    _require_self(actor, user)
    if device.confirmed or not device.verify_token(code.replace(" ", "")):
        raise ValidationError("The code is not right: enter the 6 digits your app shows now")
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    StaticDevice.objects.filter(user=user).delete()
    recovery = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create([StaticToken(device=recovery, token=c) for c in codes])
    record(
        actor,
        "enrol_second_factor",
        user,
        service=None,
        object_label=user.email,
        changes={"recovery_codes": {"before": None, "after": len(codes)}},
    )
    return codes


@transaction.atomic
def do_check_second_factor(actor: Actor, user: User, code: str) -> Device:
    """The device a code from the app, or a recovery code (used up), belongs to."""
    _require_self(actor, user)
    device = match_token(user, code.replace(" ", "").strip())
    if device is None:
        raise ValidationError(
            "The code is not right: enter the 6 digits your app shows now, or a recovery code"
        )
    if isinstance(device, StaticDevice):
        left = StaticToken.objects.filter(device=device).count()
        record(
            actor,
            "use_recovery_code",
            user,
            service=None,
            object_label=user.email,
            changes={"recovery_codes_left": {"before": left + 1, "after": left}},
        )
    return device


@transaction.atomic
def do_reset_second_factor(actor: Actor, membership: Membership) -> int:
    """Remove a person's app and recovery codes (a lost phone), so they set it up again at
    their next sign-in. For the service's administrators; how many devices were removed."""
    require(actor, membership.service, "manage_people")
    user = membership.user
    removed = 0
    for model in (TOTPDevice, StaticDevice):
        devices = model.objects.filter(user=user)
        removed += devices.count()
        devices.delete()
    record(
        actor,
        "reset_second_factor",
        membership,
        service=membership.service,
        object_label=user.email,
        changes={"second_factor": {"before": removed > 0, "after": False}},
    )
    return removed
