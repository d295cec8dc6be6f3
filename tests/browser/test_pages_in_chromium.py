"""A newcomer signs in to the demo in real Chromium; every page passes axe-core."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Page, expect

from yjqa.web.demo import DEFAULT_PASSWORD, seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page: Page, base: str, email: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_auditor_signs_in_and_reaches_the_service_home_page(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    page.goto(f"{base}/")
    expect(page).to_have_url(re.compile(r"/sign-in/"))
    check_accessibility(page, "01-sign-in")

    sign_in(page, base, "qa@northshire.example")
    expect(page.get_by_role("heading", name="Your services")).to_be_visible()
    check_accessibility(page, "02-your-services")

    page.get_by_role("link", name="Northshire YJS").click()
    expect(page.get_by_role("heading", name="Northshire YJS", level=1)).to_be_visible()
    expect(page.get_by_text("By kind of work")).to_be_visible()
    check_accessibility(page, "03-service-home")

    page.get_by_role("link", name="Caseload").click()
    expect(page.get_by_role("heading", name="Caseload")).to_be_visible()
    check_accessibility(page, "04-caseload")

    # Filtering swaps the results in place (htmx) and keeps the address shareable.
    page.get_by_label("Kind of work").select_option("custody")
    expect(page).to_have_url(re.compile(r"group=custody"))
    rows = page.locator("#results tbody tr")
    expect(rows.first).to_be_visible()
    for outcome in rows.locator("td:nth-child(2)").all_inner_texts():
        assert outcome in {"Detention and training order", "Long-term detention"}

    page.locator("#results tbody tr td a").first.click()
    expect(page.get_by_role("heading", name=re.compile(r"^Case NS-"))).to_be_visible()
    check_accessibility(page, "05-case-record")

    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_administrator_pages(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "admin@northshire.example")
    page.goto(f"{base}/services/northshire/people/")
    expect(page.get_by_role("heading", name="People and roles")).to_be_visible()
    check_accessibility(page, "06-people")

    page.get_by_role("link", name="Add a person").click()
    page.get_by_role("button", name="Add person").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_accessibility(page, "07-add-person-errors")

    page.get_by_label("Email address").fill("new.auditor@northshire.example")
    page.get_by_label("Full name").fill("Nia Newcomer")
    page.get_by_label("Auditor").check()
    page.get_by_role("button", name="Add person").click()
    expect(page.get_by_text("Nia Newcomer has been added")).to_be_visible()
    expect(page.get_by_role("cell", name="new.auditor@northshire.example")).to_be_visible()

    page.goto(f"{base}/services/northshire/access-log/")
    expect(page.get_by_role("heading", name="Access log")).to_be_visible()
    check_accessibility(page, "08-access-log")


def test_pages_raise_no_content_security_policy_violations(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    context = browser.new_context()  # the app's real CSP applies here
    page = context.new_page()
    problems: list[str] = []
    page.on("console", lambda msg: problems.append(msg.text) if msg.type == "error" else None)
    page.on(
        "response", lambda r: problems.append(f"{r.status} {r.url}") if r.status >= 400 else None
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    sign_in(page, live_server.url, "qa@northshire.example")
    page.goto(f"{live_server.url}/services/northshire/cases/")
    page.get_by_label("Sex").select_option("female")
    expect(page).to_have_url(re.compile(r"sex=female"))
    assert page.evaluate("document.body.classList.contains('govuk-frontend-supported')")
    context.close()
    assert not problems, problems
