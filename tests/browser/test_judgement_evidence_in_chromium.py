"""A manager adds evidence to a judgement standard's register, by a suggestion in one click
and by the form (a UK date, a linked yjqa figure), sees it with the rating from the ratings
page, and removes an item after confirming; every page is checked by axe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import DEMO_INSPECTION_TITLE, seed_demo
from yjqa.web.inspections.models import Inspection, JudgementEvidence

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
TITLE = "Management board minutes, January 2026"


def test_a_manager_registers_evidence_and_sees_it_with_the_rating(
    page: Page, live_server: Any
) -> None:
    seed_demo()
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    # The demo registers board attendance already: remove it, to add it by its suggestion.
    JudgementEvidence.objects.filter(
        inspection=inspection, standard_id="1.1", figure="board_attendance"
    ).delete()
    before = JudgementEvidence.objects.filter(inspection=inspection, standard_id="1.1").count()
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")

    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/")
    page.get_by_role("link", name="Record the judgement for 1.1 Governance and leadership").click()
    expect(
        page.get_by_role("heading", name="Evidence for 1.1 Governance and leadership")
    ).to_be_visible()
    check_accessibility(page, "evidence-01-judgement")

    # A suggestion, in one click: the board's attendance, read from the recorded meetings.
    suggested = page.locator("#suggested-evidence ~ dl .govuk-summary-list__row").filter(
        has_text="Management board minutes and attendance"
    )
    suggested.get_by_role("button").click()
    expect(page.get_by_text("has been added to the evidence")).to_be_visible()
    card = page.locator(".govuk-summary-card", has_text="Management board minutes and attendance")
    expect(card).to_contain_text("Board attendance (KPI 7)")
    check_accessibility(page, "evidence-02-suggestion-added")

    # The form: sent empty, it says what is missing; then an item with a UK date and a figure.
    page.get_by_role("button", name="Add an item of evidence").click()
    page.get_by_role("button", name="Add the evidence").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    assert page.title().startswith("Error: ")
    check_accessibility(page, "evidence-03-form-errors")
    page.get_by_label("Meeting or observation").check()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Date (optional)").fill("21/1/2026")
    page.get_by_label("What it shows (optional)").fill("The board challenged partners on health.")
    page.get_by_label("yjqa figure (optional)").select_option(label="Proven reoffending")
    page.get_by_role("button", name="Add the evidence").click()
    item = page.locator(".govuk-summary-card", has_text=TITLE)
    expect(item).to_contain_text("21 January 2026")
    expect(item).to_contain_text("Proven reoffending")
    expect(item.get_by_role("link", name=re.compile("See the figure"))).to_be_visible()

    # With the rating: the ratings page counts the items and links to the register.
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/ratings/")
    link = page.locator("#evidence-count-11")
    expect(link).to_contain_text(f"{before + 2} items of evidence")
    check_accessibility(page, "evidence-04-ratings")
    link.click()
    rating = inspection.judgements.get(standard_id="1.1").rating
    expect(page.locator("#rating")).to_have_text(rating)
    expect(page.locator(".govuk-summary-card", has_text=TITLE)).to_be_visible()
    check_accessibility(page, "evidence-05-register")

    # Removing asks first.
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/judgements/1.1/")
    page.locator(".govuk-summary-card", has_text=TITLE).get_by_role(
        "link", name=re.compile("^Remove")
    ).click()
    expect(page.get_by_role("heading", name=f"Remove “{TITLE}” from the evidence?")).to_be_visible()
    check_accessibility(page, "evidence-06-remove")
    page.get_by_role("button", name="Yes, remove it").click()
    expect(page.get_by_text("has been taken off the evidence")).to_be_visible()
    expect(page.locator(".govuk-summary-card", has_text=TITLE)).to_have_count(0)
    assert JudgementEvidence.objects.filter(inspection=inspection, standard_id="1.1").count() == (
        before + 1
    )
