"""The QA lead reads the demo's national standards self-assessment: a sample for each of the
five standards, a case audited in two standards with each audit saying which, the draw and
add-cases pages naming the standards, and the ratings and report pages; axe on each."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import DEMO_NATIONAL_STANDARDS_TITLE, seed_demo
from yjqa.web.inspections.models import Inspection

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
STANDARDS = (
    "1: Out-of-court disposals",
    "2: At court",
    "3: In the community (court disposals)",
    "4: In secure settings",
    "5: On transition and resettlement",
)


def test_the_national_standards_self_assessment_in_every_standard(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "lead@northshire.example")
    inspection = Inspection.objects.get(
        service__slug="northshire", title=DEMO_NATIONAL_STANDARDS_TITLE
    )
    here = f"{base}/services/northshire/inspections/{inspection.pk}/"
    page.goto(here)
    expect(page.get_by_role("heading", name=DEMO_NATIONAL_STANDARDS_TITLE)).to_be_visible()
    check_accessibility(page, "70-national-standards-self-assessment")
    for standard in STANDARDS:
        expect(
            page.get_by_role("link", name=re.compile(rf"^{re.escape(standard)}: "))
        ).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^4: In secure settings: ")).click()
    expect(
        page.get_by_role("heading", name=re.compile(r"^4: In secure settings: sample of"))
    ).to_be_visible()
    expect(page.get_by_text("Audited under", exact=True)).to_be_visible()
    check_accessibility(page, "71-national-standards-secure-sample")

    # A case in two standards: each of its audits says which standard it is for.
    twice = next(
        case_id
        for case_id, count in Counter(inspection.audits.values_list("case_id", flat=True)).items()
        if count > 1
    )
    audits = list(inspection.audits.filter(case_id=twice).order_by("domain_id"))
    said = []
    for audit in audits:
        page.goto(f"{here}audits/{audit.pk}/")
        heading = page.locator("h1 + p.govuk-body-l")
        expect(heading).to_contain_text("Audited under")
        said.append(heading.inner_text())
    assert len(set(said)) == len(audits) > 1
    check_accessibility(page, "72-national-standards-audit-in-a-second-standard")

    page.goto(f"{here}samples/new/")
    for standard in STANDARDS:
        expect(page.get_by_label(standard)).to_be_visible()
    check_accessibility(page, "73-national-standards-draw")
    page.goto(f"{here}cases/add/")
    expect(page.get_by_text(re.compile(r"audited under 2: At court")).first).to_be_visible()
    check_accessibility(page, "74-national-standards-add-cases")

    page.goto(f"{here}ratings/")
    check_accessibility(page, "75-national-standards-ratings")
    page.goto(f"{here}report/")
    check_accessibility(page, "76-national-standards-report")
