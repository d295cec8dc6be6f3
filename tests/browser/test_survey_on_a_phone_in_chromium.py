"""A child answers a survey on a 390 by 844 phone: a short page, no sideways scrolling, a
compact scale they can use with a finger or a keyboard, and nothing axe-core objects to."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from yjqa.web.surveys.demo import seed_demo_surveys
from yjqa.web.surveys.models import Response, Survey
from yjqa.web.tenancy.models import Service

from accessibility import ARTIFACTS, check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
MAX_HEIGHT = 2000  # pixels: the whole survey in about two and a half screens
RATINGS = {
    "How well did your worker listen to you?": "9",
    "How well did we explain what was happening and why?": "8",
    "How safe did you feel when you met us?": "10",
    "How much has working with us helped you?": "7",
    "Overall, how good was your time with us?": "9",
}


def test_a_child_answers_a_short_survey_on_a_phone(browser: Browser, live_server) -> None:  # type: ignore[no-untyped-def]
    service = Service.objects.create(name="Phoneshire Youth Justice Service", slug="phoneshire")
    seed_demo_surveys(service, 5)
    survey = Survey.objects.filter(service=service, status=Survey.Status.OPEN).latest("pk")
    link = survey.links.filter(used_at__isnull=True).first()
    assert link is not None

    phone = browser.new_context(viewport=PHONE, bypass_csp=True, has_touch=True, is_mobile=True)
    page = phone.new_page()
    # The code typed from a printed invitation: lower case, no hyphen.
    page.goto(f"{live_server.url}/feedback/")
    check_accessibility(page, "59-survey-phone-code")
    page.get_by_label("Enter your code").fill(link.code.lower().replace("-", ""))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name=survey.title, level=1)).to_be_visible()
    assert page.url.endswith(f"/feedback/{link.code}/")
    expect(page.get_by_text("call Childline on 0800 1111")).to_be_visible()
    expect(page.get_by_role("link", name="Read the full privacy notice")).to_be_visible()
    check_accessibility(page, "60-survey-phone")

    # Each rating is one row of 10 targets, each at least 24 by 24 pixels, all on the screen.
    listened = page.get_by_role("group", name="How well did your worker listen to you?")
    boxes = [listened.locator(f"label[for='id_listened_{n}']").bounding_box() for n in range(10)]
    assert all(box is not None for box in boxes)
    tops = {round(box["y"]) for box in boxes if box}
    assert len(tops) == 1, "the scale wraps onto more than one line"
    assert all(box["width"] >= 24 and box["height"] >= 24 for box in boxes if box)
    assert max(box["x"] + box["width"] for box in boxes if box) <= PHONE["width"]

    # A keyboard user moves along the scale with the arrow keys.
    first = listened.get_by_label("1", exact=True)
    first.focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    expect(listened.get_by_label("2", exact=True)).to_be_checked()

    # A finger taps the number (its radio covers its segment).
    for question, answer in RATINGS.items():
        radio = page.get_by_role("group", name=question).get_by_label(answer, exact=True)
        radio.tap()
        expect(radio).to_be_checked()
    page.get_by_role("group", name="Did you see your worker enough? (optional)").get_by_label(
        "About right"
    ).check()

    height = page.evaluate("document.body.scrollHeight")
    wide = page.evaluate("document.documentElement.scrollWidth")
    assert height < MAX_HEIGHT, f"the survey is {height} pixels tall on a phone"
    assert wide <= PHONE["width"], f"the page scrolls sideways ({wide} pixels wide)"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "61-survey-phone-answered.png"), full_page=True)
    check_accessibility(page, "61-survey-phone-answered")

    page.get_by_role("button", name="Send my answers").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    check_accessibility(page, "62-survey-phone-thanks")
    answers = {a.question_id: a.value for a in Response.objects.get(link=link).answers.all()}
    assert answers["listened"] == "9" and answers["safe"] == "10"
    assert answers["saw_worker"] == "About right"
    phone.close()
