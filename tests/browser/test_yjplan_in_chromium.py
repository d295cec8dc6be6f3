"""A manager writes the youth justice plan; the board member reads it and cannot change it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_and_read_the_youth_justice_plan(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/")
    page.get_by_role("link", name="Youth justice plan").click()
    check_accessibility(page, "80-youth-justice-plans")
    page.get_by_role("link", name="Youth justice plan 2025 to 2026").click()
    check_accessibility(page, "81-youth-justice-plan")
    page.get_by_role("link", name="Change the plan").click()
    page.get_by_label("Police: cash (£)").fill("lots")
    page.get_by_label("Chair of the management board").fill("Pat Chair")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the Police cash amount")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Give both the chair")
    check_accessibility(page, "82-youth-justice-plan-errors")
    page.get_by_label("Police: cash (£)").fill("45000")
    page.get_by_label("Day", exact=True).fill("30")
    page.get_by_label("Month", exact=True).fill("6")
    page.get_by_label("Year", exact=True).fill("2025")
    page.get_by_label("Risks and issues").fill("Recruiting case managers is the largest risk.")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#plan-status")).to_have_text("Signed off by Pat Chair on 30 June 2025")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "board@northshire.example")
    page.goto(f"{base}/services/northshire/youth-justice-plans/2025/")
    expect(page.get_by_role("link", name="Change the plan")).to_have_count(0)
    page.get_by_role("link", name="Read the plan").click()
    expect(page.get_by_text("Recruiting case managers is the largest risk.")).to_be_visible()
    expect(
        page.get_by_text("Signed on behalf of the management board by Pat Chair")
    ).to_be_visible()
    response = page.goto(f"{base}/services/northshire/youth-justice-plans/2025/edit/")
    assert response is not None and response.status == 403  # beyond a board member's role


def test_start_a_plan_choosing_its_year_and_inspection(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/youth-justice-plans/")
    year = page.get_by_label("Which year does the plan start in?")
    for wrong, message in (
        ("twenty", "Enter the year the plan starts in as a number"),
        ("1999", "must be between 2000 and"),
        ("2025", "There is already a youth justice plan for 2025 to 2026"),
    ):
        year.fill(wrong)
        page.get_by_role("button", name="Start the plan").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(message)
        expect(page.locator("#id_start_year-error")).to_contain_text(message)
    check_accessibility(page, "83-youth-justice-plan-year-error")
    page.get_by_label("Which year does the plan start in?").fill("2026")
    page.get_by_role("button", name="Start the plan").click()
    expect(page.get_by_role("heading", name="Youth justice plan 2026 to 2027")).to_be_visible()
    page.get_by_label(re.compile(r"^HMIP inspection 2026 \(demo\)")).check()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#plan-inspection")).to_contain_text("chosen for this plan")
    check_accessibility(page, "84-youth-justice-plan-inspection")
