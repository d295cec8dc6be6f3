"""A manager runs a 2025 mock inspection: creates it, draws the children's and victims'
samples, audits a child's case and a victim's case, and reads the ratings and the report."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from yjqa.web.demo import DEFAULT_PASSWORD, seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def fill_date(page: Page, name: str, day: str, month: str, year: str) -> None:
    for part, value in enumerate((day, month, year)):
        page.locator(f"input[name='{name}_{part}']").fill(value)


def answer_every_question_yes(page: Page) -> None:
    for radio in page.locator("input[type=radio][name^='kq_'][value='yes']").all():
        radio.check()
    page.locator("input[name='case_manager_interviewed'][value='yes']").check()
    page.get_by_role("button", name="Submit the audit").click()


def test_a_2025_mock_inspection_from_creation_to_report(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill("manager@northshire.example")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    page.goto(f"{base}/services/northshire/inspections/")
    page.get_by_role("link", name="Create an inspection or audit").click()
    page.get_by_label("Title").fill("Mock inspection, spring 2027")
    page.get_by_label(re.compile(r"\(hmip-youth-2025\)")).check()
    page.get_by_label("Mock inspection").check()
    # Forgetting what it rates is an error on the field, not a server error.
    page.get_by_role("button", name="Create").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select what the inspection rates")
    check_accessibility(page, "40-create-2025-inspection-error")
    page.get_by_label("Work with children and victims").check()
    fill_date(page, "children_window_start", "1", "1", "2020")
    fill_date(page, "children_window_end", "31", "12", "2026")
    fill_date(page, "victims_window_start", "1", "1", "2020")
    fill_date(page, "victims_window_end", "31", "12", "2026")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text("Mock inspection, spring 2027 has been created.")).to_be_visible()

    for which, size in (("Children's cases", "14"), ("Victims' cases", "9")):
        page.get_by_role("link", name="Draw a sample").click()
        check_accessibility(page, "41-draw-2025-sample")
        page.get_by_label(which).check()
        page.get_by_label(re.compile(r"\(fixed\)")).check()
        page.get_by_label("Number of cases (fixed plan only)").fill(size)
        page.get_by_role("button", name="Draw the sample").click()
        expect(page.get_by_role("heading", name=re.compile(rf"sample of {size}"))).to_be_visible()
        page.get_by_role("link", name="Back to the inspection").click()
    check_accessibility(page, "42-2025-inspection")

    audits = page.locator("table", has=page.get_by_role("columnheader", name="Domain"))
    expect(audits.locator("tbody tr")).to_have_count(14 + 9)
    audits.locator("tbody tr").filter(has_not_text="Victim:").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Case "))).to_be_visible()
    expect(page.get_by_text("Does assessing sufficiently analyse how to achieve")).to_be_visible()
    check_accessibility(page, "43-2025-child-audit")
    answer_every_question_yes(page)
    expect(
        page.get_by_text(re.compile(r"The audit of case \S+ has been submitted"))
    ).to_be_visible()

    audits.locator("tbody tr").filter(has_text="Victim:").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(r"^Victim's case "))).to_be_visible()
    expect(
        page.get_by_text("Is work with victims high-quality, individualised, and responsive?")
    ).to_be_visible()
    check_accessibility(page, "44-2025-victim-audit")
    answer_every_question_yes(page)
    expect(
        page.get_by_text(re.compile(r"The audit of victim's case \S+ has been submitted"))
    ).to_be_visible()

    page.get_by_role("link", name="See the ratings").click()
    expect(page.locator("#score")).to_have_count(0)  # no score out of 36 in 2025
    expect(page.locator("#area-work_with_children")).to_have_text("Outstanding")
    expect(page.locator("#area-work_with_victims")).to_have_text("Outstanding")
    expect(page.locator("#overall")).to_have_text("Outstanding")
    expect(page.locator("#provisional-rules")).to_contain_text("provisional")
    check_accessibility(page, "45-2025-ratings")

    page.get_by_role("link", name="Back to the inspection").click()
    page.get_by_role("link", name="Report", exact=True).click()
    page.get_by_role("link", name="Preview the report (web page)").click()
    expect(page.locator("body")).to_contain_text(
        "An inspection of youth justice work with children and victims in"
    )
    expect(page.locator("body")).to_contain_text("Overall, Northshire YJS was rated as")
