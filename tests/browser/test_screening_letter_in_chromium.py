"""A manager opens the demo's short quality screening, writes the letter's details (a bad
copy list first, to see the GOV.UK error), reads the letter as a web page and downloads it
as PDF and Word through the report page's links; the PDF is checked as page images."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import docx
import pytest
from making_documents import make_and_download
from page_images import check_layout, page_images
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.core.documents.national_figures import national_figures
from yjqa.web.demo import seed_demo
from yjqa.web.inspections.demo_screening import (
    DEMO_SCREENING_CASES,
    DEMO_SCREENING_TITLE,
    DEMO_SCREENING_YES,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.report import local_reoffending

from accessibility import ARTIFACTS, check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
ADDRESSEE = "Jo Bloggs, Chair of the Northshire management board"
SIGNATORY = "Helen Mercer, lead inspector"
COPY_LIST = (
    "Head of service: Sam Smith\nDirector of children's services: Pat Jones\n"
    "Police and crime commissioner: Alex Brown"
)
MANAGEMENT = "Managers supervised case managers well; oversight was weaker in the east team."


def _flat(text: str) -> str:
    return " ".join(text.split())


def _letter_says(text: str, inspection: Inspection) -> None:
    """What every format of the letter holds: its head, context, findings in words, the
    manager's operational management, areas requiring improvement and the copy list."""
    text = _flat(text)
    assert ADDRESSEE in text and SIGNATORY in text
    assert "Report of Short Quality Screening (SQS) of youth offending work in" in text
    name = inspection.service.name
    local = local_reoffending(inspection.service)
    assert local is not None  # the demo has indicator data: the local rate is printed
    assert f"The reoffending rate for {name} was {local.rate:.1f}%" in text
    national = national_figures().reoffending
    assert f"compared to {national.rate:.1f}% for {national.area}" in text
    # The demo answers 1.1 Yes in 15 of its 20 cases and 1.5 in 19 (none not applicable).
    cases = DEMO_SCREENING_CASES
    assert (DEMO_SCREENING_YES["1.1"], DEMO_SCREENING_YES["1.5"], cases) == (15, 19, 20)
    assert "We found this in three-quarters of cases (15 of 20 cases, 75%)" in text
    assert "We found this in all but one case (19 of 20 cases, 95%)" in text
    assert "Operational management" in text and MANAGEMENT in text
    assert "Areas requiring improvement" in text
    assert "The management board should consider how partner agencies" in text
    for role, person in (
        ("Head of service", "Sam Smith"),
        ("Director of children's services", "Pat Jones"),
        ("Police and crime commissioner", "Alex Brown"),
    ):
        assert role in text and person in text, role


def test_a_manager_writes_and_reads_the_screening_letter(page: Page, live_server: Any) -> None:
    seed_demo()
    screening = Inspection.objects.get(service__slug="northshire", title=DEMO_SCREENING_TITLE)
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/inspections/")
    page.get_by_role("link", name=DEMO_SCREENING_TITLE).click()
    check_accessibility(page, "letter-01-screening")
    page.get_by_role("link", name="Report", exact=True).click()
    expect(page.get_by_role("heading", name="The letter")).to_be_visible()
    check_accessibility(page, "letter-02-report")
    page.get_by_role("link", name="Write the letter's details").click()
    expect(page.get_by_role("heading", name="The letter", level=1)).to_be_visible()
    check_accessibility(page, "letter-03-details")

    # A copy list line with no role: the GOV.UK error summary and the field's own message.
    page.get_by_label("To (optional)", exact=True).fill(ADDRESSEE)
    page.get_by_label("From (optional)", exact=True).fill(SIGNATORY)
    page.get_by_label("Copy to (optional)").fill("Sam Smith")
    page.get_by_role("button", name="Save the letter's details").click()
    message = "Enter line 1 of the copy list as the role, a colon, then the name"
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(page.locator(".govuk-error-summary")).to_contain_text(message)
    expect(page.locator("#id_copy_to-error")).to_contain_text(message)
    assert page.title().startswith("Error: ")
    check_accessibility(page, "letter-04-details-errors")
    expect(page.get_by_label("To (optional)", exact=True)).to_have_value(
        ADDRESSEE
    )  # kept on the error
    page.get_by_label("Copy to (optional)").fill(COPY_LIST)
    page.get_by_label("Operational management (optional)").fill(MANAGEMENT)
    page.get_by_role("button", name="Save the letter's details").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "The letter's details have been saved"
    )
    check_accessibility(page, "letter-05-saved")

    # The letter as a web page, from the report page's link.
    page.get_by_role("link", name="Preview the letter (web page)").click()
    expect(page.locator(".letter-head")).to_contain_text(ADDRESSEE)
    expect(page.get_by_role("table", name="Copy list")).to_contain_text("Sam Smith")
    _letter_says(page.locator("body").inner_text(), screening)
    check_accessibility(page, "letter-06-letter")
    page.go_back()

    # The PDF and the Word file, through the page's links: each is made by the worker.
    report_page = page.url
    page.get_by_role("link", name="Download as PDF").click()
    check_accessibility(page, "letter-07-make-the-pdf")
    made = make_and_download(page)
    pdf_path = Path(made.path())
    assert made.suggested_filename == f"northshire-screening-letter-{screening.pk}.pdf"
    page.goto(report_page)
    page.get_by_role("link", name="Download as Word").click()
    made = make_and_download(page)
    assert made.suggested_filename == f"northshire-screening-letter-{screening.pk}.docx"
    word = docx.Document(str(made.path()))
    word_text = "\n".join(p.text for p in word.paragraphs)
    word_text += "\n" + "\n".join(
        cell.text for table in word.tables for row in table.rows for cell in row.cells
    )
    _letter_says(word_text, screening)

    pdf = pdf_path.read_bytes()
    pages = check_layout(pdf)
    first = _flat(pages[0])
    _letter_says("\n".join(pages), screening)
    assert f"To: {ADDRESSEE}" in first and "Context" in first  # the letter's head opens it
    page_images(pdf, "screening-letter")
    assert (ARTIFACTS / "letter-06-letter.png").exists()
