"""The QA lead reads the demo's published national standards self-assessment: a sample for
each of the five standards, a case audited in two standards with each audit saying which, its
figures page (proportions of cases, no rating) and report; then a new self-assessment's draw
and add-cases pages naming the standards; axe on each."""

from __future__ import annotations

import re
from collections import Counter

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_NATIONAL_STANDARDS_TITLE, seed_demo
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.sampling_services import do_draw_sample
from yjqa.web.inspections.services import do_create_inspection

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

    # Unrated: the figures page gives each key question's proportion of cases, in figures
    # and in words, linked to the cases behind it, and no rating.
    page.goto(f"{here}ratings/")
    expect(page.get_by_role("heading", name="Proportions of cases", level=1)).to_be_visible()
    figure = page.locator("#proportion-121")
    expect(figure).to_have_text(re.compile(r"^\S.* cases? \(\d+ of \d+ cases, \d+%\)"))
    main = page.locator("main")
    for word in ("Not rated", "Not yet rated", "Overall rating", "Score", "lowest", "Borderline"):
        expect(main).not_to_contain_text(word)
    expect(page.get_by_text("Findings recorded").first).to_be_visible()
    check_accessibility(page, "75-national-standards-ratings")
    figure.get_by_role("link").click()
    expect(page.get_by_role("heading", name=re.compile(r"1\.2\.1"))).to_be_visible()
    check_accessibility(page, "75b-national-standards-cases-behind")
    page.goto(f"{here}report/")
    check_accessibility(page, "76-national-standards-report")

    # Published, the self-assessment is read-only: drawing and adding cases are shown on a
    # new one, with the at-court sample drawn.
    assert inspection.status == Inspection.Status.PUBLISHED
    expect(page.get_by_role("link", name="Draw a sample")).to_have_count(0)
    fresh = do_create_inspection(
        Actor.operator(),
        inspection.service,
        title="Next self-assessment",
        framework_id=inspection.framework_id,
        kind=Inspection.Kind.NATIONAL_STANDARDS,
        **{
            f"{sample}_window_{edge}": getattr(inspection, f"{sample}_window_{edge}")
            for sample in ("oocd", "court", "community", "secure", "resettlement")
            for edge in ("start", "end")
        },
    )
    do_draw_sample(Actor.operator(), fresh, domain="court", plan_id="yjb-ns-2019", seed=7)
    there = f"{base}/services/northshire/inspections/{fresh.pk}/"
    page.goto(f"{there}samples/new/")
    for standard in STANDARDS:
        expect(page.get_by_label(standard)).to_be_visible()
    check_accessibility(page, "73-national-standards-draw")
    page.goto(f"{there}cases/add/")
    expect(page.get_by_text(re.compile(r"audited under 2: At court")).first).to_be_visible()
    check_accessibility(page, "74-national-standards-add-cases")
