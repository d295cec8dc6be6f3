"""Single sign-on through a real OpenID Connect provider (tests/oidc_provider, its own
process): the Django test client plays yjqa's side, `requests` the person's browser at the
provider. Off when not configured; never an account for an email yjqa does not know."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
import requests
from django.test import Client

from oidc_provider.running import Provider, council_provider
from yjqa.web.accounts import single_sign_on_settings
from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.demo import seed_demo

CALLBACK = "http://testserver/sign-in/single-sign-on/callback/"
USERS = [
    {"username": "sam", "email": "Manager@Northshire.example"},
    {"username": "stranger", "email": "someone@elsewhere.example"},
    {"username": "unchecked", "email": "lead@northshire.example", "verified": False},
    {"username": "gone", "email": "board@northshire.example"},
]


@pytest.fixture(scope="module")
def provider() -> Iterator[Provider]:
    with council_provider(CALLBACK, USERS) as running:
        yield running


@pytest.fixture
def configured(provider: Provider, settings: Any, db: None) -> None:
    for name, value in provider.yjqa_settings().items():
        setattr(settings, name, value)
    seed_demo()


def through_provider(client: Client, username: str) -> Any:
    """Start at yjqa, sign in at the provider as `username`, come back: yjqa's last answer."""
    start = client.get("/sign-in/single-sign-on/")
    assert start.status_code == 302
    browser = requests.Session()
    url = start["Location"]
    for _ in range(10):
        answer = browser.get(url, allow_redirects=False, timeout=10)
        if answer.status_code == 200 and "Council sign-in" in answer.text:
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', answer.text)
            assert token is not None
            next_url = re.search(r'name="next" value="([^"]*)"', answer.text)
            answer = browser.post(
                url,
                data={
                    "csrfmiddlewaretoken": token.group(1),
                    "username": username,
                    "password": username,
                    "next": html.unescape(next_url.group(1)) if next_url else "",
                },
                allow_redirects=False,
                timeout=10,
            )
        assert answer.status_code == 302, answer.text[:500]
        url = urljoin(url, answer.headers["Location"])
        if url.startswith(CALLBACK):
            parts = urlsplit(url)
            return client.get(f"{parts.path}?{parts.query}")
    raise AssertionError("never came back to yjqa")


def test_off_unless_configured(client: Client, db: None) -> None:
    assert single_sign_on_settings.from_env({}) is None
    page = client.get("/sign-in/")
    assert b"single-sign-on" not in page.content
    assert client.get("/sign-in/single-sign-on/").status_code == 404
    assert client.get("/sign-in/single-sign-on/callback/?code=x&state=y").status_code == 404


def test_half_a_configuration_refuses_to_start() -> None:
    with pytest.raises(single_sign_on_settings.SingleSignOnMisconfigured):
        single_sign_on_settings.from_env({"YJQA_OIDC_CLIENT_ID": "x"})


def test_a_verified_email_signs_in_its_person(client: Client, configured: None) -> None:
    assert b"Sign in with Northshire Council" in client.get("/sign-in/").content
    back = through_provider(client, "sam")
    assert back.status_code == 302 and back["Location"] == "/"
    assert client.get("/services/northshire/").status_code == 200
    event = AuditEvent.objects.get(action="sign_in_with_single_sign_on")
    assert event.actor_label == "manager@northshire.example"
    assert event.changes["second_factor"]["after"] == "asked"


@pytest.mark.parametrize(
    ("username", "message"),
    [
        ("stranger", "There is no yjqa account"),
        ("unchecked", "did not confirm your email address"),
        ("gone", "There is no yjqa account"),  # the account is deactivated
    ],
)
def test_no_access_and_a_reason(
    client: Client, configured: None, username: str, message: str
) -> None:
    User.objects.filter(email="board@northshire.example").update(is_active=False)
    people = User.objects.count()
    back = through_provider(client, username)
    assert back.status_code == 302 and back["Location"] == "/sign-in/"
    page = client.get("/sign-in/")
    assert message in page.content.decode()
    assert "Error: Sign in" in page.content.decode()
    assert client.get("/services/northshire/").status_code == 302  # to the sign-in page
    assert User.objects.count() == people  # no account made
    assert not AuditEvent.objects.filter(action="sign_in_with_single_sign_on").exists()
    assert message not in client.get("/sign-in/").content.decode()  # said once


def test_a_token_from_another_issuer_is_refused(
    client: Client, configured: None, settings: Any
) -> None:
    """The ID token must come from the configured issuer (and name yjqa's client)."""
    settings.OIDC_OP_ISSUER = "http://127.0.0.1:1/elsewhere"
    back = through_provider(client, "sam")
    assert back.status_code in (302, 400)
    assert client.get("/services/northshire/").status_code == 302
