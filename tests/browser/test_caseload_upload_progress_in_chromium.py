"""A caseload upload in Chromium: the page answers with the job's progress page at once, and
that page reaches "done" by itself, without a reload, once a worker has run the import."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from jobs_helpers import worker_thread
from yjqa.core.caseload.reader import CASELOAD_COLUMNS
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import seed_demo
from yjqa.web.jobs.models import Job

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_page_reaches_done_without_a_reload(  # type: ignore[no-untyped-def]
    page: Page, live_server, tmp_path: Path
) -> None:
    seed_demo()
    base = live_server.url
    caseload = tmp_path / "caseload.csv"
    with caseload.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CASELOAD_COLUMNS[:8])
        for number in range(250):
            born, outcome, given = "15/01/2010", "Referral order", "14/10/2025"
            reference = f"NS-Q-{number:04d}"
            writer.writerow([reference, "female", "White", born, outcome, given, "low", "medium"])
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/cases/import/")
    page.get_by_label("Upload a caseload file").set_input_files(str(caseload))
    page.get_by_role("button", name="Import").click()

    # No worker yet: the job waits, and its page says so.
    expect(page).to_have_url(re.compile(r"/services/northshire/jobs/\d+/$"))
    expect(page.get_by_role("heading", name="Importing caseload.csv")).to_be_visible()
    expect(page.locator("#job-state")).to_have_text("Waiting to start")
    expect(page.locator("#job-percent")).to_have_text("0%")
    expect(page.get_by_role("link", name="refresh this page")).to_be_visible()
    check_accessibility(page, "job-01-queued")
    page.evaluate("window.yjqaNotReloaded = true")
    assert CaseRecord.objects.filter(case_ref__startswith="NS-Q-").count() == 0

    with worker_thread():
        expect(page.locator("#job-state")).to_have_text("Done", timeout=30_000)
    expect(page.locator("#job-percent")).to_have_text("100%")
    expect(page.get_by_role("status")).to_contain_text(
        "250 rows imported (250 new case records, 0 updated)"
    )
    assert page.evaluate("window.yjqaNotReloaded") is True, "the page was reloaded"
    expect(page.get_by_role("link", name="refresh this page")).to_have_count(0)
    check_accessibility(page, "job-02-done")
    assert Job.objects.get().state == "done"
    assert CaseRecord.objects.filter(case_ref__startswith="NS-Q-").count() == 250
    page.get_by_role("link", name="See the result").click()
    expect(page).to_have_url(re.compile(r"/services/northshire/cases/$"))


def test_a_refused_file_shows_its_problems_on_the_progress_page(  # type: ignore[no-untyped-def]
    page: Page, live_server, tmp_path: Path
) -> None:
    seed_demo()
    base = live_server.url
    caseload = tmp_path / "bad.csv"
    caseload.write_text(
        ",".join(CASELOAD_COLUMNS[:8])
        + "\nNS-Q-1,boy,White,15/01/2010,Referral order,14/10/2025,low,medium\n"
    )
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/cases/import/")
    page.get_by_label("Upload a caseload file").set_input_files(str(caseload))
    with worker_thread():
        page.get_by_role("button", name="Import").click()
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "bad.csv: row 2, column sex", timeout=30_000
        )
    expect(page.locator("#job-state")).to_have_text("Failed")
    check_accessibility(page, "job-03-failed")
    assert CaseRecord.objects.filter(case_ref__startswith="NS-Q-").count() == 0
