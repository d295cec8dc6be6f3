"""A child answers a survey on a phone through their link; an analyst sees the answers counted."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect
from signing_in import sign_in

from yjqa.web.demo import seed_demo
from yjqa.web.surveys.demo import DEMO_PERIOD, seed_demo_surveys
from yjqa.web.surveys.models import Survey
from yjqa.web.tenancy.models import Service

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

RATINGS = {
    "How well did your worker listen to you?": "9",
    "How well did we explain what was happening and why?": "8",
    "How safe did you feel when you met us?": "10",
    "How much has working with us helped you?": "7",
    "Overall, how good was your time with us?": "9",
}
COMMENT = "Going to the climbing wall with my worker"


def seeded_survey() -> Survey:
    seed_demo()
    service = Service.objects.get(slug="northshire")
    seed_demo_surveys(service, 2026)
    return Survey.objects.get(service=service, period=DEMO_PERIOD, audience="children")


def test_a_child_answers_on_a_phone_and_an_analyst_sees_it(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    survey = seeded_survey()
    base = live_server.url
    link = survey.links.filter(used_at__isnull=True).first()
    assert link is not None
    before = survey.responses.count()

    phone = browser.new_context(viewport={"width": 375, "height": 740}, bypass_csp=True)
    page = phone.new_page()
    page.goto(f"{base}/feedback/{link.code}/")
    expect(page.get_by_role("heading", name=survey.title, level=1)).to_be_visible()
    expect(page.get_by_role("button", name="Sign in")).to_have_count(0)
    expect(page.get_by_role("link", name="Your services")).to_have_count(0)
    check_accessibility(page, "50-survey-public")

    # Sending nothing: every required question is named in the error summary.
    page.get_by_role("button", name="Send my answers").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("How well did your worker listen to you?")
    check_accessibility(page, "51-survey-public-errors")
    summary.get_by_role("link").first.click()
    expect(page.locator("#id_listened_0")).to_be_focused()

    for question, answer in RATINGS.items():
        page.get_by_role("group", name=question).get_by_label(answer, exact=True).check()
    page.get_by_role("group", name="Did you see your worker enough? (optional)").get_by_label(
        "About right"
    ).check()
    page.get_by_label("What was the best thing about working with us? (optional)").fill(COMMENT)
    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    check_accessibility(page, "52-survey-thanks")

    page.goto(f"{base}/feedback/{link.code}/")
    expect(
        page.get_by_role("heading", name="This link has already been used or is not valid")
    ).to_be_visible()
    phone.close()

    desk = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = desk.new_page()
    sign_in(page, base, "qa@northshire.example")
    page.goto(f"{base}/services/northshire/")
    page.get_by_role("link", name="Surveys", exact=True).click()
    expect(page.get_by_role("heading", name="Surveys", level=1)).to_be_visible()
    page.locator("#surveys").get_by_role("row").filter(has_text=DEMO_PERIOD).get_by_role(
        "link", name=survey.title
    ).click()
    expect(page.locator("#respondents")).to_have_text(str(before + 1))
    expect(page.locator("#ratings")).to_contain_text("Overall, how good was your time with us?")
    expect(page.locator("#change")).to_be_visible()
    check_accessibility(page, "53-survey-summary")
    page.locator("#comments-best_thing summary").click()
    expect(page.locator("#comments-best_thing")).to_contain_text(COMMENT)
    desk.close()
