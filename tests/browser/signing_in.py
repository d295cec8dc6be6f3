"""Signing in as one of the demo's people, for browser tests."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from yjqa.web.demo import DEFAULT_PASSWORD


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()
