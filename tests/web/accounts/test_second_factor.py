"""A second factor (TOTP) at sign-in: required in production mode, so that a password alone
reaches no service page; set up at first sign-in with recovery codes; reset by an
administrator; off for a plain local run, and the sign-in page says which."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice
from tests.web.test_scoping import northshire_urls

from yjqa.web.accounts.second_factor import do_reset_second_factor
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.config import mfa_required
from yjqa.web.demo import demo_password
from yjqa.web.tenancy.models import Membership

pytestmark = pytest.mark.django_db
QA = "qa@northshire.example"


@pytest.fixture
def production(settings) -> None:  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED = True


def signed_in_with_password(email: str = QA) -> Client:
    client = Client()
    response = client.post(reverse("sign_in"), {"username": email, "password": demo_password()})
    assert response.status_code == 302, "the demo password signs in"
    return client


def code_for(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def enrol(client: Client, email: str = QA) -> list[str]:
    """Set up the app through the pages; the recovery codes shown."""
    client.get(reverse("second_factor"))
    device = TOTPDevice.objects.get(user__email=email, confirmed=False)
    done = client.post(reverse("second_factor"), {"code": code_for(device), "next": "/"})
    assert done.status_code == 302 and "recovery-codes" in done["Location"]
    page = client.get(done["Location"]).content.decode()
    return re.findall(r"<li><code>(\w+)</code></li>", page)


def test_the_mode_follows_the_environment() -> None:
    assert mfa_required({}) is False  # a plain local run, as the demo
    assert mfa_required({"YJQA_HTTPS": "1"}) is True
    assert mfa_required({"YJQA_HTTPS": "1", "YJQA_MFA": "off"}) is False
    assert mfa_required({"YJQA_MFA": "required"}) is True
    with pytest.raises(ValueError, match="YJQA_MFA must be one of required, off"):
        mfa_required({"YJQA_MFA": "sometimes"})


def test_in_production_mode_a_password_alone_reaches_no_service_page(production: None) -> None:
    client = signed_in_with_password()
    reached = []
    for view, (method, url) in northshire_urls().items():
        response = getattr(client, method)(url)
        if response.status_code != 302 or not response["Location"].startswith("/second-factor/"):
            reached.append(f"{view}: {response.status_code}")
    for url in (reverse("home"), reverse("api_tokens")):
        if client.get(url).status_code != 302:
            reached.append(url)
    assert not reached, reached


def test_setting_up_the_app_gives_recovery_codes_and_opens_the_service(
    production: None,
) -> None:
    client = signed_in_with_password()
    setup = client.get(reverse("second_factor")).content.decode()
    assert "Set up an authenticator app" in setup and '<svg role="img"' in setup
    device = TOTPDevice.objects.get(user__email=QA, confirmed=False)
    wrong = client.post(reverse("second_factor"), {"code": "000000"}).content.decode()
    assert "The code is not right" in wrong and not TOTPDevice.objects.filter(confirmed=True)
    codes = enrol(client)
    assert len(codes) == 10 and len(set(codes)) == 10
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("case_list", args=["northshire"])).status_code == 200
    # Shown once: the page does not show them again.
    assert client.get(reverse("second_factor_recovery_codes")).status_code == 302
    assert AuditEvent.objects.filter(action="enrol_second_factor", actor__email=QA).exists()


def test_next_time_a_code_or_one_recovery_code_is_needed(production: None) -> None:
    codes = enrol(signed_in_with_password())
    client = signed_in_with_password()
    page = client.get(reverse("case_list", args=["northshire"]))
    assert page["Location"].startswith("/second-factor/?next=")
    wrong = client.post(reverse("second_factor"), {"code": "12345678"}).content.decode()
    assert "The code is not right" in wrong
    used = client.post(reverse("second_factor"), {"code": codes[0], "next": "/"})
    assert used.status_code == 302
    assert client.get(reverse("case_list", args=["northshire"])).status_code == 200
    again = signed_in_with_password()
    refused = again.post(reverse("second_factor"), {"code": codes[0]}).content.decode()
    assert "The code is not right" in refused  # each recovery code works once
    assert StaticDevice.objects.get(user__email=QA).token_set.count() == 9


def test_an_administrator_resets_a_second_factor_and_it_is_logged(production: None) -> None:
    enrol(signed_in_with_password())
    admin = Membership.objects.get(user__email="admin@northshire.example")
    qa = Membership.objects.get(user__email=QA, service__slug="northshire")
    manager = Membership.objects.get(user__email="manager@northshire.example")
    with pytest.raises(PermissionDenied):
        do_reset_second_factor(Actor.member(manager), qa)
    assert do_reset_second_factor(Actor.member(admin), qa) == 2
    assert not TOTPDevice.objects.filter(user__email=QA).exists()
    event = AuditEvent.objects.filter(action="reset_second_factor").latest("pk")
    assert (event.actor, event.service.slug, event.object_label) == (
        admin.user,
        "northshire",
        QA,
    )
    client = signed_in_with_password()
    assert "Set up an authenticator app" in client.get(reverse("second_factor")).content.decode()


def test_the_reset_page_is_for_administrators_of_the_persons_service(
    client_for: Callable[[str], Client],
) -> None:
    qa = Membership.objects.get(user__email=QA, service__slug="northshire")
    url = reverse("reset_second_factor", args=["northshire", qa.pk])
    change = reverse("change_person", args=["northshire", qa.pk])
    assert url in client_for("admin@northshire.example").get(change).content.decode()
    assert client_for("admin@northshire.example").get(url).status_code == 200
    assert client_for("manager@northshire.example").post(url).status_code == 403
    assert client_for("admin@southvale.example").post(url).status_code == 404
    assert client_for("admin@northshire.example").post(url).status_code == 302


def test_with_the_second_factor_off_the_password_is_enough_and_the_page_says_so(
    settings,  # type: ignore[no-untyped-def]
) -> None:
    settings.MFA_REQUIRED = False
    assert "password alone" in Client().get(reverse("sign_in")).content.decode()
    client = signed_in_with_password()
    assert client.get(reverse("case_list", args=["northshire"])).status_code == 200
    settings.MFA_REQUIRED = True
    assert "code from an authenticator app" in Client().get(reverse("sign_in")).content.decode()
