"""The QA lead's day, end to end in Chromium: import the caseload, create a 2025 mock
inspection, draw a sample, share it among the team, audit a case, see the ratings move, write
findings and download the report. axe-core (any impact) and a screenshot on every page."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
from making_documents import make_and_download
from playwright.sync_api import Page, expect
from signing_in import sign_in

from jobs_helpers import worker_thread
from yjqa.core.caseload.reader import CASELOAD_COLUMNS
from yjqa.web.demo import seed_demo
from yjqa.web.inspections.models import CaseAudit, Inspection

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Mock inspection, autumn 2027"
# New cases for the children's sample, dated as people type them in England (31/01/2026).
NEW_CASES = [
    ("NS-J-0001", "female", "Mixed or multiple ethnic groups", "15/01/2010", "Referral order"),
    ("NS-J-0002", "male", "White", "3/9/2009", "Youth rehabilitation order"),
    (
        "NS-J-0003",
        "male",
        "Black, Black British, Caribbean or African",
        "28/02/2011",
        "Youth caution",
    ),
]


def fill_date(page: Page, name: str, day: str, month: str, year: str) -> None:
    for part, value in enumerate((day, month, year)):
        page.locator(f"input[name='{name}_{part}']").fill(value)


def test_the_qa_lead_runs_a_mock_inspection_from_caseload_to_report(  # type: ignore[no-untyped-def]
    page: Page, live_server, tmp_path: Path
) -> None:
    seed_demo()
    base = live_server.url
    sign_in(page, base, "lead@northshire.example")
    page.get_by_role("link", name=re.compile("Northshire")).first.click()
    check_accessibility(page, "qa-lead-01-home")

    # The caseload, with UK dates.
    caseload = tmp_path / "caseload.csv"
    with caseload.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CASELOAD_COLUMNS[:8])
        for ref, sex, ethnicity, born, outcome in NEW_CASES:
            writer.writerow([ref, sex, ethnicity, born, outcome, "14/10/2025", "low", "medium"])
    page.goto(f"{base}/services/northshire/cases/import/")
    check_accessibility(page, "qa-lead-02-caseload-import")
    page.get_by_label("Upload a caseload file").set_input_files(str(caseload))
    # The upload is queued; a worker (here a thread of the test) imports it, and the
    # progress page shows the result without a reload.
    with worker_thread():
        page.get_by_role("button", name="Import").click()
        expect(page.get_by_text("3 rows imported (3 new case records, 0 updated)")).to_be_visible()

    # A 2025 mock inspection, with the team.
    page.goto(f"{base}/services/northshire/inspections/")
    page.get_by_role("link", name="Create an inspection or audit").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label(re.compile(r"\(hmip-youth-2025\)")).check()
    page.get_by_label("Mock inspection").check()
    page.get_by_label("Work with children and victims").check()
    fill_date(page, "children_window_start", "1", "1", "2020")
    fill_date(page, "children_window_end", "31", "12", "2026")
    fill_date(page, "victims_window_start", "1", "1", "2020")
    fill_date(page, "victims_window_end", "31", "12", "2026")
    page.locator("select[name='lead']").select_option(label="Lindsay Lead")
    for name in ("Quinn Auditor", "Indra Inspector", "Lindsay Lead"):
        page.get_by_role("group", name="Auditors in the team").get_by_label(name).check()
    check_accessibility(page, "qa-lead-03-create-inspection")
    page.get_by_role("button", name="Create").click()
    expect(page.get_by_text(f"{TITLE} has been created.")).to_be_visible()

    # The children's sample, from the plan that fits the 2025 framework.
    page.get_by_role("link", name="Draw a sample").click()
    page.get_by_label("Children's cases").check()
    page.get_by_label(re.compile(r"\(fixed\)")).check()
    page.get_by_label("Number of cases (fixed plan only)").fill("14")
    check_accessibility(page, "qa-lead-04-draw-sample")
    page.get_by_role("button", name="Draw the sample").click()
    expect(page.get_by_role("heading", name=re.compile(r"sample of 14"))).to_be_visible()
    expect(page.get_by_text("Check code")).to_be_visible()  # not "population fingerprint"
    check_accessibility(page, "qa-lead-05-sample")
    page.get_by_role("link", name="Back to the inspection").click()

    # Shared among the team in one step: 14 cases over 3 people, 5, 5 and 4.
    page.get_by_role("link", name=re.compile("Assign auditors")).click()
    for name in ("Quinn Auditor", "Indra Inspector", "Lindsay Lead"):
        page.get_by_role("group", name="Who shares the cases").get_by_label(name).check()
    page.get_by_role("button", name="Share the sampled cases evenly").click()
    inspection = Inspection.objects.get(service__slug="northshire", title=TITLE)
    loads = sorted(
        CaseAudit.objects.filter(inspection=inspection)
        .exclude(auditor=None)
        .values_list("auditor__full_name", flat=True)
    )
    assert len(loads) == 14
    assert sorted(loads.count(n) for n in set(loads)) == [4, 5, 5]
    check_accessibility(page, "qa-lead-06-assigned")

    # The QA lead audits one of their own cases; the page says how the figures moved.
    mine = (
        CaseAudit.objects.filter(inspection=inspection, auditor__full_name="Lindsay Lead")
        .order_by("pk")
        .first()
    )
    assert mine is not None
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/audits/{mine.pk}/")
    expect(page.get_by_text(re.compile(r"^0 of \d+ key questions answered$"))).to_be_visible()
    check_accessibility(page, "qa-lead-07-audit")
    for radio in page.locator("input[type=radio][name^='kq_'][value='yes']").all():
        radio.check()
    page.locator("input[name='case_manager_interviewed'][value='yes']").check()
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text(f"The audit of case {mine.ref} has been submitted")).to_be_visible()
    expect(page.get_by_text(re.compile(r"100% Yes")).first).to_be_visible()
    check_accessibility(page, "qa-lead-08-submitted")

    # The ratings of an inspection in progress: the first case counts, the rest not yet.
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/ratings/")
    expect(page.get_by_text(re.compile(r"From 1 submitted case audit"))).to_be_visible()
    check_accessibility(page, "qa-lead-09-ratings")

    # Findings, then the draft report: "Not yet rated" where figures are missing.
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/report/")
    check_accessibility(page, "qa-lead-10-report-contents")
    page.get_by_role("link", name=re.compile(r"the findings for 2\.1")).first.click()
    page.locator("textarea").first.fill("Assessment draws well on other agencies' information.")
    page.get_by_role("button", name="Save the findings").click()
    expect(page.get_by_text(re.compile("findings .* saved", re.IGNORECASE))).to_be_visible()
    page.get_by_role("link", name="Preview the report (web page)").click()
    expect(page.locator("body")).to_contain_text("Assessment draws well on other agencies")
    expect(page.locator("body")).to_contain_text("Not yet rated")
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/report/")
    page.get_by_role("link", name="Download as PDF").click()
    made = make_and_download(page)  # the worker makes the PDF; its progress page links to it
    pdf = Path(made.path())
    assert pdf.read_bytes().startswith(b"%PDF")
