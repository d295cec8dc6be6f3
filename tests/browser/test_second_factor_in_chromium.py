"""In production mode a person sets up an authenticator app at their first sign-in (a wrong
code first), saves their recovery codes, and next time gives a code. axe on every page."""

from __future__ import annotations

import base64

import pytest
from django_otp.oath import totp
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def code_from(secret: str, steps_ahead: int = 0) -> str:
    """The code an authenticator app shows for this key now (or that many 30 s steps on)."""
    plain = secret.replace(" ", "")
    key = base64.b32decode(plain + "=" * (-len(plain) % 8))
    return f"{totp(key, drift=steps_ahead):06d}"


def test_set_up_the_app_then_sign_in_with_a_code(page: Page, live_server, settings) -> None:  # type: ignore[no-untyped-def]
    settings.MFA_REQUIRED = True
    seed_demo()
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    expect(page.locator("#sign-in-mode")).to_contain_text("code from an authenticator app")
    sign_in(page, base, "lead@northshire.example")
    expect(page.get_by_role("heading", name="Set up an authenticator app")).to_be_visible()
    expect(page.locator("#qr-code svg")).to_be_visible()
    check_accessibility(page, "90-second-factor-setup")
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    check_accessibility(page, "90-second-factor-setup-error")
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#secret-key").inner_text()
    page.get_by_label("Code from your authenticator app").fill(code_from(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Your authenticator app is set up")).to_be_visible()
    assert page.locator("#recovery-codes li").count() == 10
    check_accessibility(page, "91-second-factor-recovery-codes")
    page.get_by_role("link", name="I have saved my codes: continue").click()
    page.goto(f"{base}/services/northshire/")
    expect(page.get_by_role("heading", name="Northshire YJS")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    page.goto(f"{base}/services/northshire/cases/")  # signed out: sign in, then the code
    page.get_by_label("Email address").fill("lead@northshire.example")
    page.get_by_label("Password", exact=True).fill("northshire-demo-2026")
    page.get_by_role("button", name="Sign in").click()
    expect(
        page.get_by_role("heading", name="Enter the code from your authenticator app")
    ).to_be_visible()
    check_accessibility(page, "92-second-factor-code")
    # The code from the step after the one just used (a code is accepted once).
    page.get_by_label("Code from your authenticator app, or a recovery code").fill(
        code_from(secret, steps_ahead=1)
    )
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
