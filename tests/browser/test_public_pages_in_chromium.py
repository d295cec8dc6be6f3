"""The accessibility statement, privacy notice and help page, signed out, on a desk and on a
phone; a wide table scrolls sideways in a region a keyboard can reach; survey invitations print
8 to a sheet of A4."""

from __future__ import annotations

import io

import pdfplumber
import pytest
from playwright.sync_api import Browser, Page, expect

from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEFAULT_PASSWORD, seed_demo
from yjqa.web.surveys.demo import DEMO_PERIOD
from yjqa.web.surveys.models import Survey
from yjqa.web.surveys.services import do_generate_links

from accessibility import ARTIFACTS, check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = {
    "Help": "Help using yjqa",
    "Accessibility statement": "Accessibility statement for yjqa",
    "Privacy": "Privacy notice",
}


def test_each_page_opens_signed_out_from_the_footer_and_passes_axe(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    page.goto(f"{live_server.url}/sign-in/")
    for number, (link, heading) in enumerate(PAGES.items(), start=70):
        page.locator("footer").get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", name=heading, level=1)).to_be_visible()
        expect(page.get_by_role("button", name="Sign out")).to_have_count(0)
        name = f"{number}-{link.split()[0].lower()}"
        check_accessibility(page, name)


def test_a_wide_table_scrolls_sideways_on_a_phone_in_a_named_focusable_region(
    browser: Browser,
    live_server,  # type: ignore[no-untyped-def]
) -> None:
    phone = browser.new_context(viewport={"width": 390, "height": 844}, bypass_csp=True)
    page = phone.new_page()
    page.goto(f"{live_server.url}/help/")
    region = page.get_by_role(
        "region", name="What each role may do (scroll sideways to see all of it)"
    )
    expect(region).to_be_visible()
    expect(region).to_have_attribute("tabindex", "0")
    expect(region.locator("table#role-matrix")).to_have_count(1)
    assert region.evaluate("e => e.scrollWidth > e.clientWidth")  # it does scroll
    assert page.evaluate("document.documentElement.scrollWidth") <= 390  # the page does not
    page.keyboard.press("Tab")
    region.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_function(
        "document.querySelector('.yjqa-table-scroll').scrollLeft > 0", timeout=2000
    )
    check_accessibility(page, "73-help-phone")
    # A table that fits is left as it is.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/help/")
    expect(page.locator("table#role-matrix")).to_be_visible()
    expect(page.locator(".yjqa-table-scroll")).to_have_count(0)
    phone.close()


def test_survey_invitations_print_eight_to_a_sheet_of_a4(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    survey = Survey.objects.get(service__slug="northshire", period=DEMO_PERIOD, audience="children")
    do_generate_links(Actor.operator(), survey, 16 - survey.links.filter(used_at=None).count())
    codes = list(survey.links.filter(used_at=None).values_list("code", flat=True))
    assert len(codes) == 16

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = desk.new_page()
    page.goto(f"{live_server.url}/sign-in/")
    page.get_by_label("Email address").fill("qa@northshire.example")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.goto(f"{live_server.url}/services/northshire/surveys/{survey.pk}/links/")
    page.get_by_role("link", name="Print an invitation for each link").click()
    expect(page.get_by_role("heading", name="Invitations to print")).to_be_visible()
    expect(page.locator(".yjqa-invitation svg")).to_have_count(16)
    check_accessibility(page, "74-survey-invitations")

    pdf = page.pdf(format="A4", print_background=True, prefer_css_page_size=True)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "74-survey-invitations.pdf").write_bytes(pdf)
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        pages = [p.extract_text() or "" for p in document.pages]
    assert len(pages) == 2, "16 invitations should fill two sheets"
    for text in pages:
        assert sum(code in text for code in codes) == 8
        assert "Invitations to print" not in text and "Sign out" not in text
    desk.close()
