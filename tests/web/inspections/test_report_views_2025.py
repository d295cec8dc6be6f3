"""A 2025 inspection's draft report in HTML, PDF and Word: rated as the inspection's kind,
from its children's and victims' audits, in the 2025 layout."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.document_downloads import download

from report_2025 import (
    CHILDREN_ANSWERS,
    JUDGEMENTS,
    VICTIMS_ANSWERS,
    create_2025_inspection,
    shown_percent,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.ratings import inspection_rating

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "report-pages"
MANAGER = "manager@northshire.example"


def fetch(client: Client, inspection: Inspection, fmt: str) -> bytes:
    response = download(client, reverse("report_file", args=["northshire", inspection.pk, fmt]))
    assert response.status_code == 200
    return response.content


def html_text(content: bytes) -> str:
    text = re.sub(r"<[^>]+>", " ", content.decode()).replace("&#39;", "'")
    return " ".join(text.split())


def pdf_text(content: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split())
        for page in PdfReader(io.BytesIO(content)).pages
    )


@pytest.mark.parametrize(
    ("inspection_type", "title"),
    [
        (
            "children_and_victims",
            "An inspection of youth justice work with children and victims in Northshire",
        ),
        ("full", "An inspection of youth justice services in Northshire"),
    ],
)
def test_the_draft_report_is_rated_as_the_inspections_kind(
    client_for: ClientFor, inspection_type: str, title: str
) -> None:
    inspection = create_2025_inspection("northshire", inspection_type)
    rating = inspection_rating(inspection)
    assert rating.inspection_type == inspection_type and rating.overall is not None
    text = html_text(fetch(client_for(MANAGER), inspection, "html"))
    assert title in text
    assert f"Overall, Northshire YJS was rated as '{rating.overall}'." in text
    assert "/36" not in text
    assert ("1.4 Appropriate Adult arrangements" in text) == (inspection_type == "full")
    if inspection_type == "full":
        assert rating.standard("1.2").rating == JUDGEMENTS["1.2"]
    # Figures computed from the answers the audits hold, children's and victims'.
    for question, (yes, no, _) in (CHILDREN_ANSWERS | VICTIMS_ANSWERS).items():
        assert re.search(rf"{re.escape(question)} [^%]*? {shown_percent(yes, no)}%", text), question
    children = max(sum(c) for c in CHILDREN_ANSWERS.values())
    victims = max(sum(c) for c in VICTIMS_ANSWERS.values())
    assert f"We inspected {children} children's cases." in text
    assert f"We inspected {victims} victims' cases." in text
    assert "95% interval" in text and "How sure:" in text


def test_the_pdf_and_word_files_of_a_2025_report(client_for: ClientFor) -> None:
    inspection = create_2025_inspection("northshire", "children_and_victims")
    rating = inspection_rating(inspection)
    client = client_for(MANAGER)
    pdf = fetch(client, inspection, "pdf")
    text = pdf_text(pdf)
    assert "An inspection of youth justice work with children and victims in" in text
    assert f"Overall, Northshire YJS was rated as '{rating.overall}'." in text
    for area in ("Work with children", "Work with victims"):
        assert area in text
    for result in rating.standards:
        for figure in result.key_questions:
            assert figure.shown is not None
            assert f"{int(figure.shown)}%" in text
    assert "Page 2 of" in text and "/36" not in text
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "pdftoppm not found: scripts/provision installs poppler-utils"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "demo-2025-report.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob("demo-2025-page-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", str(source), str(ARTIFACTS / "demo-2025-page")], check=True
    )
    assert list(ARTIFACTS.glob("demo-2025-page-*.png"))

    document = docx.Document(io.BytesIO(fetch(client, inspection, "docx")))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    for heading in ("Foreword", "Ratings", "Recommendations", "Work with children"):
        assert heading in headings
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Overall rating", rating.overall] in cells
    assert ["Work with victims", rating.areas["work_with_victims"]] in cells
    assert not any(row[:1] == ["Score"] for row in cells)


def test_the_report_page_lists_only_the_standards_the_kind_rates(client_for: ClientFor) -> None:
    inspection = create_2025_inspection("northshire", "children_and_victims")
    page = client_for(MANAGER).get(reverse("report_contents", args=["northshire", inspection.pk]))
    html = page.content.decode()
    assert "2.1 Assessing" in html and "V1 Work with victims" in html
    assert "1.1 Governance and leadership" not in html
    full = create_2025_inspection("northshire", "full")
    html = (
        client_for(MANAGER)
        .get(reverse("report_contents", args=["northshire", full.pk]))
        .content.decode()
    )
    assert "1.4 Appropriate Adult arrangements" in html


def test_findings_written_for_an_activity_appear_in_its_section(client_for: ClientFor) -> None:
    inspection = create_2025_inspection("northshire", "children_and_victims")
    client = client_for(MANAGER)
    response = client.post(
        reverse("findings", args=["northshire", inspection.pk, "V1"]),
        {
            "narrative": "Victims were contacted within days of the offence.",
            "strengths": "Restorative justice offered to every victim",
            "areas_for_improvement": "",
        },
    )
    assert response.status_code == 302
    text = html_text(fetch(client, inspection, "html"))
    victims = text.index("We inspected")  # the areas' sections come after the background
    assert text.index("Victims were contacted within days of the offence.", victims)
    assert "Restorative justice offered to every victim" in text
