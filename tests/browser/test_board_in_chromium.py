"""A board member reads the improvement plan and the board pack; a manager updates an action."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import DEMO_INSPECTION_TITLE, seed_demo
from yjqa.web.improvement.demo import seed_demo_improvement
from yjqa.web.improvement.models import Action, BoardMeeting, ImprovementPlan
from yjqa.web.inspections.models import Inspection

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def seed() -> ImprovementPlan:
    seed_demo()
    inspection = Inspection.objects.select_related("service").get(
        service__slug="northshire", title=DEMO_INSPECTION_TITLE
    )
    plan = ImprovementPlan.objects.filter(inspection=inspection).first()
    if plan is None or not Action.objects.filter(item__plan=plan).exists():
        service = inspection.service
        people = {
            m.user.email.split("@")[0]: m.user for m in service.memberships.select_related("user")
        }
        seed_demo_improvement(service, people, inspection)
    return ImprovementPlan.objects.get(inspection=inspection)


def test_board_member_reads_the_plan_and_the_pack(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    plan = seed()
    base = live_server.url
    sign_in(page, base, "board@northshire.example")
    page.goto(f"{base}/services/northshire/")
    page.get_by_role("link", name="Improvement plans").click()
    expect(page.get_by_role("heading", name="Improvement plans", level=1)).to_be_visible()
    page.get_by_role("link", name=plan.title).click()
    expect(page.get_by_role("heading", name=plan.title, level=1)).to_be_visible()
    overdue = page.locator("strong.govuk-tag--red", has_text="Overdue")
    expect(overdue.first).to_be_visible()
    expect(page.locator("#overdue-count")).to_contain_text("past the due date")
    check_accessibility(page, "60-improvement-plan")
    # Read only: no controls that change anything.
    for name in (
        re.compile(r"^Change"),
        re.compile(r"^Add an action"),
        re.compile("^Add evidence"),
    ):
        expect(page.get_by_role("link", name=name)).to_have_count(0)
    expect(page.get_by_role("link", name="Import changes from Excel")).to_have_count(0)

    page.get_by_role("link", name="Overdue actions only").click()
    expect(page.get_by_role("link", name="Overdue actions only")).to_have_attribute(
        "aria-current", "page"
    )
    rows = page.locator("tbody tr")
    expect(rows.first).to_be_visible()
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text("Overdue")
    page.get_by_role("link", name=re.compile(r"^Evidence and history")).first.click()
    expect(page.get_by_role("table", name="History")).to_be_visible()
    check_accessibility(page, "61-action-history")
    expect(page.get_by_role("link", name="Change the action")).to_have_count(0)

    page.goto(f"{base}/services/northshire/")
    page.get_by_role("link", name="Board meetings", exact=True).click()
    expect(page.get_by_role("heading", name="Board meetings", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Record a board meeting")).to_have_count(0)
    check_accessibility(page, "62-board-meetings")
    page.locator("#meetings tbody th a").first.click()
    expect(page.locator("#attendance")).to_contain_text("Probation")
    expect(page.get_by_role("link", name="Change the meeting's record")).to_have_count(0)
    check_accessibility(page, "63-board-meeting")
    meeting_url = page.url
    page.get_by_role("link", name="Read the board pack (web page)").click()
    expect(page.get_by_role("heading", name="Overdue actions")).to_be_visible()
    expect(page.locator("#attendance")).to_contain_text("Children's social care")
    check_accessibility(page, "64-board-pack")

    # Writing by hand is refused too: beyond a board member's role (403, saying who can).
    page.goto(meeting_url)
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    action = Action.objects.filter(item__plan=plan).first()
    assert action is not None
    refused = page.request.post(
        f"{base}/services/northshire/improvement/{plan.pk}/actions/{action.pk}/edit/",
        form={"owner": "Someone", "status": "complete", "version": str(action.version)},
        headers={"X-CSRFToken": token},
    )
    assert refused.status == 403
    action.refresh_from_db()
    assert action.owner != "Someone"


def test_manager_completes_an_action_with_evidence(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    plan = seed()
    action = Action.objects.filter(item__plan=plan, status="on_track", evidence=None).first()
    assert action is not None
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/improvement/{plan.pk}/actions/{action.pk}/edit/")
    check_accessibility(page, "65-action-edit")
    page.get_by_label("Complete", exact=True).check()
    page.get_by_role("button", name="Save the action").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Add evidence that the action is complete")
    check_accessibility(page, "66-action-edit-errors")
    summary.get_by_role("link").first.click()
    expect(page.get_by_label("Evidence")).to_be_focused()
    page.get_by_label("Evidence").fill("Framework agreed by the board; first report attached")
    page.get_by_role("button", name="Save the action").click()
    expect(page.get_by_text("The action has been saved.")).to_be_visible()
    action.refresh_from_db()
    assert action.status == "complete"


def test_board_member_reads_a_past_meetings_pack_as_it_was_presented(  # type: ignore[no-untyped-def]
    page: Page, live_server
) -> None:
    seed()
    held = (  # the latest of the demo's held meetings
        BoardMeeting.objects.filter(service__slug="northshire")
        .exclude(held_at=None)
        .order_by("-date")
        .first()
    )
    assert held is not None
    presented = f"As presented to the board on {held.date.day} {held.date:%B %Y}"
    base = live_server.url
    sign_in(page, base, "board@northshire.example")
    page.goto(f"{base}/services/northshire/improvement/board/")
    page.get_by_role("link", name=f"{held.date.day} {held.date:%B %Y}", exact=True).click()
    expect(page.locator("#pack-status")).to_contain_text(presented)
    expect(page.get_by_role("button", name=re.compile("Mark the meeting held"))).to_have_count(0)
    page.get_by_role("link", name="Read the board pack (web page)").click()
    expect(page.get_by_text(presented).first).to_be_visible()
    expect(page.get_by_role("heading", name="The latest inspection ratings")).to_be_visible()
    check_accessibility(page, "67-board-pack-as-presented")


def test_manager_marks_a_meeting_held_after_confirming(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed()
    meeting = (
        BoardMeeting.objects.filter(service__slug="northshire", held_at=None)
        .order_by("-date")
        .first()
    )
    assert meeting is not None
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/improvement/board/{meeting.pk}/")
    button = page.get_by_role("button", name="Mark the meeting held and freeze its pack")
    button.click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("Confirm that the board saw this pack at the meeting")
    check_accessibility(page, "68-mark-meeting-held-error")
    page.get_by_label("The board saw this pack at the meeting: freeze it as it is now").check()
    page.get_by_role("button", name="Mark the meeting held and freeze its pack").click()
    expect(page.get_by_text("The meeting has been marked held.")).to_be_visible()
    expect(page.locator("#pack-status")).to_contain_text("As presented to the board on")
    check_accessibility(page, "69-meeting-held")
    page.get_by_role("link", name="Change the meeting's record").click()
    expect(page.locator("#held-note")).to_be_visible()
    expect(page.get_by_role("group", name="Date of the meeting")).to_have_count(0)
    meeting.refresh_from_db()
    assert meeting.held_at is not None and meeting.pack is not None
