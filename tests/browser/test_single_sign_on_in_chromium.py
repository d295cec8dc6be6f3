"""Single sign-on in Chromium against a real OpenID Connect provider (django-oauth-toolkit's,
started by tests/oidc_provider as its own process): a council user whose verified email is a
demo person's reaches their service; an unknown or unverified email gets no access and says
why. axe on the pages."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from oidc_provider.running import Provider, council_provider
from yjqa.web.audit.models import AuditEvent
from yjqa.web.demo import seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

USERS = [
    {"username": "sam", "email": "QA@northshire.example"},  # a demo person, any letter case
    {"username": "stranger", "email": "someone@elsewhere.example"},  # no yjqa account
    {"username": "unchecked", "email": "lead@northshire.example", "verified": False},
]


@pytest.fixture(scope="module")
def provider(live_server: Any) -> Iterator[Provider]:
    callback = f"{live_server.url}/sign-in/single-sign-on/callback/"
    with council_provider(callback, USERS) as running:
        yield running


@pytest.fixture
def signed_on(provider: Provider, settings: Any) -> Provider:
    for name, value in provider.yjqa_settings().items():
        setattr(settings, name, value)
    seed_demo()
    return provider


def sign_on(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_role("button", name="Sign in with Northshire Council").click()
    expect(page.get_by_role("heading", name="Council sign-in")).to_be_visible()
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(username)
    page.get_by_role("button", name="Sign in to the council").click()


def test_a_council_user_reaches_their_service(page: Page, live_server, signed_on) -> None:  # type: ignore[no-untyped-def]
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    check_accessibility(page, "95-sign-in-with-single-sign-on")
    sign_on(page, base, "sam")
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{base}/services/northshire/")
    expect(page.get_by_role("heading", name="Northshire YJS")).to_be_visible()
    event = AuditEvent.objects.get(action="sign_in_with_single_sign_on")
    assert event.actor is not None and event.actor.email == "qa@northshire.example"


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("stranger", "There is no yjqa account for the email address Northshire Council"),
        ("unchecked", "Northshire Council did not confirm your email address"),
    ],
)
def test_no_access_without_a_verified_known_email(  # type: ignore[no-untyped-def]
    page: Page, live_server, signed_on, username: str, message: str
) -> None:
    base = live_server.url
    sign_on(page, base, username)
    expect(page.locator("#single-sign-on-refused")).to_contain_text(message)
    expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
    check_accessibility(page, f"96-single-sign-on-refused-{username}")
    page.goto(f"{base}/services/northshire/")
    expect(page.get_by_role("heading", name="Sign in to yjqa")).to_be_visible()
    assert not AuditEvent.objects.filter(action="sign_in_with_single_sign_on").exists()


def test_the_second_factor_is_still_asked_unless_the_provider_is_trusted(  # type: ignore[no-untyped-def]
    page: Page, live_server, signed_on, settings
) -> None:
    settings.MFA_REQUIRED = True
    base = live_server.url
    sign_on(page, base, "sam")
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    settings.SINGLE_SIGN_ON_TRUSTS_MFA = True
    page.goto(f"{base}/sign-in/")  # the provider remembers the person: no password this time
    page.get_by_role("button", name="Sign in with Northshire Council").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
    page.goto(f"{base}/services/northshire/")
    expect(page.get_by_role("heading", name="Northshire YJS")).to_be_visible()
