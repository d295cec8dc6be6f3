"""A person makes a read-API token, copies it once, and revokes it; an administrator sees and
revokes the tokens of their service's people. axe-core on every page."""

from __future__ import annotations

import pytest
from django.test import Client
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_make_copy_and_revoke_a_token_then_an_administrator_revokes_one(
    page: Page, live_server
) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "qa@northshire.example")
    page.get_by_role("link", name="API tokens").click()
    expect(page.get_by_role("heading", name="Your API tokens", level=1)).to_be_visible()
    check_accessibility(page, "95-api-tokens")
    page.get_by_role("button", name="Make the token").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter what you will use the token for"
    )
    check_accessibility(page, "95-api-tokens-errors")
    page.get_by_label("What will you use it for?").fill("Monthly ratings script")
    page.get_by_label("30 days").check()
    page.get_by_role("button", name="Make the token").click()
    token = page.locator(".yjqa-token").inner_text().strip()
    assert len(token) > 30
    check_accessibility(page, "96-api-token-made")
    api = Client()
    assert api.get("/api/v1/inspections/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 200
    page.get_by_role("link", name="Revoke the token used for Monthly ratings script").click()
    check_accessibility(page, "97-api-token-revoke")
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been revoked")
    expect(page.get_by_role("cell", name="Revoked")).to_be_visible()
    assert api.get("/api/v1/inspections/", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401

    page.get_by_label("What will you use it for?").fill("Board dashboard")
    page.get_by_role("button", name="Make the token").click()
    second = page.locator(".yjqa-token").inner_text().strip()
    page.get_by_role("button", name="Sign out").click()
    sign_in(page, base, "admin@northshire.example")
    page.goto(f"{base}/services/northshire/people/api-tokens/")
    expect(page.get_by_role("cell", name="Board dashboard")).to_be_visible()
    check_accessibility(page, "98-service-api-tokens")
    page.get_by_role("link", name="Revoke").first.click()
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been revoked")
    check_accessibility(page, "99-service-api-tokens-revoked")
    assert api.get("/api/v1/inspections/", HTTP_AUTHORIZATION=f"Bearer {second}").status_code == 401
