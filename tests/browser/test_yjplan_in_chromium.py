"""A manager writes the youth justice plan, its staffing and signs it off; the board member
reads it and cannot change it; the plan's PDF is checked as page images."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from making_documents import make_and_download
from page_images import check_layout, page_images
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_write_sign_off_and_read_the_youth_justice_plan(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/")
    page.get_by_role("link", name="Youth justice plan").click()
    check_accessibility(page, "80-youth-justice-plans")
    page.get_by_role("link", name="Youth justice plan 2025 to 2026").click()
    check_accessibility(page, "81-youth-justice-plan")
    page.get_by_role("link", name="Change the plan").click()
    page.get_by_text("Formatting you can use").click()
    expect(page.locator("#formatting")).to_contain_text("a numbered list item")
    page.get_by_label("Police: cash for staffing (£)").fill("lots")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Enter the Police cash for staffing amount in pounds"
    )
    check_accessibility(page, "82-youth-justice-plan-errors")
    page.get_by_label("Police: cash for staffing (£)").fill("45000")
    page.get_by_label("Risks and issues").fill(
        "| Risk | Actions to mitigate |\n| --- | --- |\n"
        "| Recruiting case managers | A workforce strategy <b>now</b> |"
    )
    page.get_by_role("button", name="Preview the text").click()
    preview = page.locator("#preview")
    expect(preview).to_contain_text("Preview: not saved yet")
    expect(preview.get_by_role("cell", name="A workforce strategy <b>now</b>")).to_be_visible()
    check_accessibility(page, "82b-youth-justice-plan-preview")
    expect(page.get_by_label("Police: cash for staffing (£)")).to_have_value("45000")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("has been saved")

    page.get_by_role("link", name="Change the staffing structure").click()
    check_accessibility(page, "85-youth-justice-plan-staffing")
    page.get_by_label("Role").fill("Speech and language therapist")
    page.get_by_label("Seconded").check()
    page.get_by_label("Number of posts").fill("1")
    page.get_by_label("Full-time equivalent").fill("2")
    page.get_by_role("button", name="Add the post").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be more than the posts")
    check_accessibility(page, "86-youth-justice-plan-staffing-errors")
    page.get_by_label("Full-time equivalent").fill("0.4")
    page.get_by_role("button", name="Add the post").click()
    expect(page.locator("#total-posts")).to_have_text("17")
    page.get_by_role("link", name="Back to the plan").click()

    page.get_by_role("link", name="Sign off the plan").click()
    page.get_by_role("button", name="Sign off the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the name of the chair")
    check_accessibility(page, "87-youth-justice-plan-sign-off-errors")
    page.get_by_label("Chair of the management board").fill("Pat Chair")
    page.get_by_label("Day", exact=True).fill("30")
    page.get_by_label("Month", exact=True).fill("6")
    page.get_by_label("Year", exact=True).fill("2025")
    page.get_by_role("button", name="Sign off the plan").click()
    expect(page.locator("#plan-status")).to_have_text("Signed off by Pat Chair on 30 June 2025")
    expect(page.get_by_role("link", name="Change the plan")).to_have_count(0)
    check_accessibility(page, "88-youth-justice-plan-signed")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "board@northshire.example")
    page.goto(f"{base}/services/northshire/youth-justice-plans/2025/")
    expect(page.get_by_role("link", name="Change the plan")).to_have_count(0)
    expect(page.get_by_role("link", name="Reopen the plan")).to_have_count(0)
    page.get_by_role("link", name="Read the plan").click()
    expect(page.get_by_role("cell", name="A workforce strategy <b>now</b>")).to_be_visible()
    expect(
        page.get_by_text("Signed on behalf of the management board by Pat Chair")
    ).to_be_visible()
    check_accessibility(page, "89-youth-justice-plan-document")
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


def test_the_demo_plans_pdf_fits_its_pages_with_no_blank_page(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/youth-justice-plans/2025/youth-justice-plan.pdf")
    made = make_and_download(page)  # the worker makes it; the progress page links to it
    assert made.suggested_filename == "northshire-youth-justice-plan-2025.pdf"
    pdf = Path(made.path()).read_bytes()
    text = " ".join(check_layout(pdf))
    for title in (
        "Foreword",
        "Board development",
        "Workforce development",
        "Evidence-based practice and innovation",
        "Standards for children",
        "Appendix 1: Staffing structure",
        "Budget by funding source",
    ):
        assert title in text, title
    page_images(pdf, "youth-justice-plan")
