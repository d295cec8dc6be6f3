"""The QA lead's inspection programme in the browser: a new mock inspection's report and
"Publish" (what is missing, as a GOV.UK error summary), double marking with no second
auditor, and assignment in one step (shared evenly, or all to me), each page checked by axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import DEFAULT_PASSWORD, seed_demo
from yjqa.web.inspections import services
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.tenancy.models import Membership, Service

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LEAD = "lead@northshire.example"


def sign_in(page: Page, base: str) -> None:
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill(LEAD)
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_the_qa_lead_publishes_shares_and_double_marks_without_dead_ends(  # type: ignore[no-untyped-def]
    page: Page, live_server
) -> None:
    seed_demo()
    service = Service.objects.get(slug="northshire")
    lead = Membership.objects.get(user__email=LEAD, service=service)
    people = [User.objects.get(email=f"{n}@northshire.example") for n in ("qa", "manager")]
    inspection = services.do_create_inspection(
        Actor.member(lead),
        service,
        title="Browser mock inspection",
        framework_id="hmip-youth-2021",
        kind=Inspection.Kind.MOCK,
        double_marking_percent=20,
        team=people[:1],
    )
    services.do_add_cases(
        Actor.member(lead), inspection, CaseRecord.objects.filter(service=service)[:9], None
    )
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/")
    page.get_by_label("Published").check()
    page.get_by_role("button", name="Change status").click()
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_contain_text("There is a problem")
    expect(summary).to_contain_text("Judgement 1.2 Staff not recorded")
    expect(summary.get_by_role("link", name=re.compile("No submitted audits for"))).to_have_count(2)
    expect(page).to_have_title(re.compile(r"^Error: "))
    check_accessibility(page, "60-publish-what-is-missing")

    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/report.html")
    expect(page.get_by_text("Not yet rated").first).to_be_visible()

    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/auditors/")
    check_accessibility(page, "61-assign-auditors")
    cases = inspection.audits.count()
    page.get_by_role("button", name="Share the sampled cases evenly").click()
    expect(page.get_by_text(f"{cases} cases shared: Quinn Auditor {cases}.")).to_be_visible()
    assert inspection.audits.filter(auditor=people[0]).count() == cases

    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/double-marking/")
    expect(page.get_by_text("Double marking needs a second auditor")).to_be_visible()
    page.get_by_role("button", name="Choose cases for double marking").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("add a second auditor")
    check_accessibility(page, "62-double-marking-no-second-auditor")
    assert not inspection.audits.filter(marking=CaseAudit.Marking.SECOND).exists()


def test_assign_all_unassigned_cases_to_me_and_change_one_by_hand(  # type: ignore[no-untyped-def]
    page: Page, live_server
) -> None:
    seed_demo()
    service = Service.objects.get(slug="northshire")
    lead = Membership.objects.get(user__email=LEAD, service=service)
    qa = User.objects.get(email="qa@northshire.example")
    inspection = services.do_create_inspection(
        Actor.member(lead),
        service,
        title="Browser mock inspection to take",
        framework_id="hmip-youth-2021",
        kind=Inspection.Kind.MOCK,
        team=[qa],
    )
    services.do_add_cases(
        Actor.member(lead), inspection, CaseRecord.objects.filter(service=service)[:6], None
    )
    base = live_server.url
    sign_in(page, base)
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/auditors/")
    cases = inspection.audits.count()
    page.get_by_role("button", name="Assign all unassigned cases to me").click()
    expect(page.get_by_text(f"{cases} cases shared: Lindsay Lead {cases}.")).to_be_visible()
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/auditors/")
    first = page.locator("select[name^='auditor-']").first
    first.select_option(label="Quinn Auditor")
    page.get_by_role("button", name="Save auditors").click()
    expect(page.get_by_text("Auditors saved (1 changed).")).to_be_visible()
    assert inspection.audits.filter(auditor=qa).count() == 1
    check_accessibility(page, "63-inspection-after-assigning")
