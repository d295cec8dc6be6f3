"""An auditor submits an audit and reads how the standard's figures moved, finds it locked,
reopens it with a reason, raises a safety concern and leaves feedback; the QA lead records
what was done about the concern; the case manager reads the feedback and replies. axe-core
on every page, with screenshots."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import DEMO_INSPECTION_TITLE, seed_demo
from yjqa.web.inspections.models import CaseAudit, Inspection, SafetyConcern
from yjqa.web.tenancy.models import Membership

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_submit_reopen_raise_a_concern_and_feedback_in_chromium(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    audit = (
        inspection.audits.filter(
            marking=CaseAudit.Marking.FIRST, auditor__email="qa@northshire.example"
        )
        .exclude(status=CaseAudit.Status.SUBMITTED)
        .select_related("case")
        .first()
    )
    assert audit is not None
    ref = audit.case.case_ref
    audit_page = f"{base}/services/northshire/inspections/{inspection.pk}/audits/{audit.pk}/"

    sign_in(page, base, "qa@northshire.example")
    page.goto(audit_page)
    progress = page.locator("#audit-progress")
    expect(progress).to_have_text(re.compile(r"^0 of (\d+) key questions answered$"))
    total = int(re.search(r"of (\d+)", progress.inner_text()).group(1))  # type: ignore[union-attr]
    radios = page.locator("input[type=radio][name^='kq_'][value='yes']").all()
    radios[0].check()
    expect(progress).to_have_text(f"1 of {total} key questions answered")  # updated as answered
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text("The audit cannot be submitted yet")).to_be_visible()
    expect(page.locator(".govuk-error-message").first).to_contain_text("Answer key question")
    check_accessibility(page, "audit-journey-0-audit-refused")
    for radio in page.locator("input[type=radio][name^='kq_'][value='yes']").all():
        radio.check()
    page.locator("input[name='case_manager_interviewed'][value='yes']").check()
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text(f"The audit of case {ref} has been submitted")).to_be_visible()
    expect(page.get_by_text(re.compile(r"% Yes, (up|down) from \d+%|% Yes, unchanged")).first)
    check_accessibility(page, "audit-journey-1-figures-moved")

    page.goto(audit_page)
    expect(page.get_by_text("is locked: its answers count in the ratings")).to_be_visible()
    expect(page.get_by_role("button", name="Save as a draft")).to_have_count(0)
    check_accessibility(page, "audit-journey-2-audit-locked")
    page.get_by_role("link", name="Reopen this audit").click()
    expect(page.get_by_text("Reopening takes this audit out of the ratings")).to_be_visible()
    page.get_by_role("button", name="Reopen this audit").click()
    expect(page.locator("#id_reason-error")).to_contain_text("Say why the audit needs reopening")
    check_accessibility(page, "audit-journey-3-reopen-refused")
    page.get_by_label("Why does this audit need reopening?").fill("2.1.1 needs another look")
    page.get_by_role("button", name="Reopen this audit").click()
    expect(page.get_by_text("It is out of the ratings until it is submitted again")).to_be_visible()
    expect(page.locator("#audit-status")).to_have_text("In progress")

    page.get_by_text("Raise a concern about a child's or others' safety").click()
    page.get_by_label("What is the concern?").fill("The child's younger sibling may be at risk")
    page.get_by_role("button", name="Raise the concern").click()
    expect(page.get_by_text("A safety concern is open on this case")).to_be_visible()
    page.get_by_text(re.compile(r"^Leave feedback for ")).click()
    page.get_by_label("Feedback for the case manager").fill("A thorough assessment")
    page.get_by_role("button", name="Leave the feedback").click()
    expect(page.get_by_text("Your feedback is with")).to_be_visible()
    check_accessibility(page, "audit-journey-4-audit-with-concern")
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "lead@northshire.example")
    concern = SafetyConcern.objects.get(audit=audit)
    page.goto(f"{base}/services/northshire/concerns/{concern.pk}/")
    check_accessibility(page, "audit-journey-5-concern")
    page.get_by_role("button", name="Record what was done").click()
    expect(page.locator("#id_action_taken-error")).to_be_visible()
    page.get_by_label("What was done?").fill("Told the child's social worker the same day")
    page.get_by_role("button", name="Record what was done").click()
    expect(page.get_by_text("Told the child's social worker the same day")).to_be_visible()
    expect(page.get_by_text("A safety concern is open on this case")).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "casemanager@northshire.example")
    page.goto(f"{base}/services/northshire/feedback/")
    expect(page.get_by_role("heading", name="Feedback on your cases")).to_be_visible()
    check_accessibility(page, "audit-journey-6-feedback-on-your-cases")
    name = Membership.objects.get(user__email="casemanager@northshire.example").user.full_name
    assert name
    page.locator("table a").first.click()
    check_accessibility(page, "audit-journey-7-feedback-thread")
    page.get_by_label("Your reply").fill("Thank you: I have added the review date")
    page.get_by_role("button", name="Send the reply").click()
    expect(page.get_by_text("Your reply has been saved")).to_be_visible()
