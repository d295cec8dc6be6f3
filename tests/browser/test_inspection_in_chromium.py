"""A manager imports a caseload file, audits a new case and sees the ratings change."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from jobs_helpers import worker_thread
from yjqa.core.caseload.reader import CASELOAD_COLUMNS
from yjqa.web.demo import DEFAULT_PASSWORD, seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NEW_CASE = {
    "case_ref": "NS-NEW-0001",
    "sex": "female",
    "ethnicity": "Mixed or multiple ethnic groups",
    "date_of_birth": "2010-01-15",
    "outcome": "Youth caution",
    "outcome_date": "2025-10-01",
    "rosh": "low",
    "safety_wellbeing": "medium",
}


def test_import_audit_and_see_the_ratings_change(page: Page, live_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    page.goto(f"{base}/sign-in/")
    page.get_by_label("Email address").fill("manager@northshire.example")
    page.get_by_label("Password", exact=True).fill(DEFAULT_PASSWORD)
    page.get_by_role("button", name="Sign in").click()

    caseload = tmp_path / "new-cases.csv"
    caseload.write_text(",".join(CASELOAD_COLUMNS[:8]) + "\n" + ",".join(NEW_CASE.values()) + "\n")
    page.goto(f"{base}/services/northshire/cases/import/")
    check_accessibility(page, "11-caseload-import")
    page.get_by_label("Upload a caseload file").set_input_files(str(caseload))
    # The upload is queued; a worker (here a thread of the test) imports it, and the
    # progress page shows the result without a reload.
    with worker_thread():
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_text("1 rows imported (1 new case records, 0 updated)")).to_be_visible()

    page.goto(f"{base}/services/northshire/inspections/")
    page.get_by_role("link", name="HMIP inspection 2026 (demo)").click()
    check_accessibility(page, "12-inspection")
    page.get_by_role("link", name=re.compile(r"^Court disposals: 12 of")).click()
    expect(page.get_by_role("heading", name=re.compile(r"sample of 12"))).to_be_visible()
    check_accessibility(page, "15-sample")
    page.go_back()
    page.get_by_role("link", name="Draw a sample").click()
    check_accessibility(page, "16-draw-sample")
    page.go_back()
    page.get_by_role("link", name="See the ratings").click()
    summary = page.locator("p", has_text="submitted case audit")
    before = int(re.search(r"From (\d+) submitted", summary.inner_text()).group(1))  # type: ignore[union-attr]
    check_accessibility(page, "13-ratings")
    page.go_back()

    page.get_by_role("link", name="Add cases").click()
    page.get_by_label(re.compile(r"^NS-NEW-0001")).check()
    page.get_by_label("Auditor").select_option(label="Quinn Auditor")
    page.get_by_role("button", name="Add the selected cases").click()
    expect(page.get_by_text("1 case added.")).to_be_visible()

    page.get_by_role("link", name=re.compile(r"^NS-NEW-0001")).click()
    expect(page.get_by_role("heading", name="Case NS-NEW-0001")).to_be_visible()
    check_accessibility(page, "14-case-audit")
    # Submitting with nothing answered is refused, and says what is missing.
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text("The audit cannot be submitted yet")).to_be_visible()
    for radio in page.locator("input[type=radio][name^='kq_'][value='yes']").all():
        radio.check()
    page.locator("input[name='case_manager_interviewed'][value='yes']").check()
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text("The audit of case NS-NEW-0001 has been submitted")).to_be_visible()

    page.get_by_role("link", name="See the ratings").click()
    expect(page.locator("p", has_text=f"From {before + 1} submitted")).to_be_visible()
    expect(page.locator("#score")).to_have_text(re.compile(r"^\d+/36$"))

    # The manager reads who changed what: the audit just submitted is the newest change.
    page.go_back()
    page.get_by_role("link", name="History of changes").click()
    expect(page.get_by_role("heading", name="History")).to_be_visible()
    expect(page.locator("#history tbody tr").first).to_contain_text("Submitted audit NS-NEW-0001")
    check_accessibility(page, "17-inspection-history")
