"""Each role signs in to the demo and starts from its own home page, in real Chromium.

The QA officer opens an audit from "My audits"; the QA lead and the manager see the open
safety concern first and each inspection's progress; the board member opens the last
meeting's pack; the case manager reads the feedback on their cases. Every page passes axe-core.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import DEMO_INSPECTION_TITLE, seed_demo
from yjqa.web.inspections.models import SafetyConcern

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def at_your_services(page: Page) -> None:
    """Where signing in lands: "Your services"."""
    expect(page.get_by_role("heading", name="Your services", level=1)).to_be_visible()


def go_home(page: Page, name: str) -> None:
    """From "Your services" to the service's home page."""
    at_your_services(page)
    page.get_by_role("link", name="Go to Northshire YJS").click()
    expect(page.get_by_role("heading", name="Northshire YJS", level=1)).to_be_visible()
    check_accessibility(page, f"home-{name}")


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page).to_have_url(re.compile(r"/sign-in/"))


def test_each_role_starts_from_its_own_home_page(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url

    # The QA officer: their audits by inspection, and an audit to do opens its form.
    sign_in(page, base, "qa@northshire.example")
    at_your_services(page)
    expect(page.get_by_text(re.compile(r"^\d+ to do, \d+ in progress$"))).to_be_visible()
    check_accessibility(page, "home-qa-your-services")
    go_home(page, "qa")
    expect(page.get_by_role("heading", name="My audits", level=2)).to_be_visible()
    expect(page.get_by_text("Nothing to moderate: no disagreements")).to_be_visible()
    hmip = page.locator(".govuk-summary-card").filter(has_text=DEMO_INSPECTION_TITLE)
    hmip.get_by_role("link", name=re.compile(r"^Case NS-")).first.click()
    expect(page.get_by_role("heading", name=re.compile(r"NS-\d+"), level=1)).to_be_visible()
    check_accessibility(page, "home-qa-audit-from-my-audits")
    sign_out(page)

    # The QA lead and the manager: the open concern first, then progress and moderation.
    concern = SafetyConcern.objects.filter(
        audit__inspection__service__slug="northshire", resolved_at__isnull=True
    ).first()
    assert concern is not None, "the demo has an open safety concern"
    for who in ("lead", "manager"):
        sign_in(page, base, f"{who}@northshire.example")
        go_home(page, who)
        banner = page.get_by_role("region", name="Open safety concerns")
        expect(banner).to_be_visible()
        expect(banner.get_by_text(concern.note[:40])).to_be_visible()
        expect(page.get_by_role("heading", name="Inspections in progress")).to_be_visible()
        expect(page.get_by_role("table", name="Audits submitted, by domain").first).to_be_visible()
        expect(page.get_by_role("heading", name="Waiting for moderation")).to_be_visible()
        expect(page.get_by_role("heading", name="Overdue improvement actions")).to_be_visible()
        if who == "lead":
            banner.get_by_role("link").first.click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(concern.audit.ref)
            check_accessibility(page, "home-lead-concern-audit")
        sign_out(page)

    # The board member: no concern, the last meeting's pack, the indicators, the plan.
    sign_in(page, base, "board@northshire.example")
    go_home(page, "board")
    expect(page.get_by_role("region", name="Open safety concerns")).to_have_count(0)
    expect(page.get_by_text(concern.note[:40])).to_have_count(0)
    expect(page.get_by_role("heading", name="Headline indicators")).to_be_visible()
    expect(page.get_by_role("heading", name="The improvement plan")).to_be_visible()
    page.locator("#last-meeting").get_by_role("link", name=re.compile(r"^web page")).click()
    expect(page.get_by_role("heading", name="Overdue actions")).to_be_visible()
    expect(page.locator("#attendance")).to_be_visible()
    check_accessibility(page, "home-board-last-pack")
    page.go_back()  # the pack is a document, without the service's header
    sign_out(page)

    # The case manager: the feedback on their cases, and the thread it opens.
    sign_in(page, base, "casemanager@northshire.example")
    go_home(page, "casemanager")
    expect(page.get_by_role("heading", name="Feedback on your cases", level=2)).to_be_visible()
    expect(page.get_by_role("heading", name="Caseload")).to_have_count(0)
    threads = page.get_by_role("table", name=re.compile("feedback on your cases"))
    threads.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    check_accessibility(page, "home-casemanager-feedback-thread")
    sign_out(page)
