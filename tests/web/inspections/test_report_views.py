"""The demo inspection's report in HTML, PDF and Word; editing its text; freezing on publish."""

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
from tests.web.inspections.publishing import make_ready_to_publish

from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.models import Inspection, StandardFindings
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.inspections.services import do_change_status

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
ARTIFACTS = Path(__file__).resolve().parents[3] / "test-artifacts" / "report-pages"


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def fetch(client: Client, inspection: Inspection, fmt: str) -> bytes:
    response = download(client, reverse("report_file", args=["northshire", inspection.pk, fmt]))
    assert response.status_code == 200
    return response.content


def test_the_pdf_holds_the_score_every_rating_and_the_figures(client_for: ClientFor) -> None:
    inspection = demo()
    pdf = fetch(client_for("board@northshire.example"), inspection, "pdf")
    assert pdf.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    text = " ".join(text.split())
    rating = inspection_rating(inspection)
    assert rating.score is not None
    assert f"{rating.score}/36" in text
    for result in rating.standards:
        assert result.rating in text
        for figure in result.key_questions:
            if figure.shown is not None:
                assert f"{int(figure.shown)}%" in text
    assert "Page 2 of" in text
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "pdftoppm not found: scripts/provision installs poppler-utils"
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "demo-report.pdf"
    source.write_bytes(pdf)
    for old in ARTIFACTS.glob("demo-page-*.png"):
        old.unlink()
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", str(source), str(ARTIFACTS / "demo-page")], check=True
    )
    assert list(ARTIFACTS.glob("demo-page-*.png"))


def test_the_word_file_has_real_headings_and_a_ratings_table(client_for: ClientFor) -> None:
    inspection = demo()
    document = docx.Document(
        io.BytesIO(fetch(client_for("manager@northshire.example"), inspection, "docx"))
    )
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Ratings" in headings and "Recommendations" in headings
    rating = inspection_rating(inspection)
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Score", f"{rating.score}/36"] in cells
    assert ["Overall rating", rating.overall] in cells


def test_the_html_report_is_accessible_and_scoped(client_for: ClientFor) -> None:
    inspection = demo()
    client = client_for("qa@northshire.example")
    response = client.get(reverse("report_file", args=["northshire", inspection.pk, "html"]))
    html = response.content.decode()
    assert '<html lang="en-GB"' in html and "<script" not in html
    assert "develop board members" in html  # a recommendation
    assert "script-src 'none'" in response["Content-Security-Policy"]
    outsider = client_for("qa@southvale.example")
    url = reverse("report_file", args=["northshire", inspection.pk, "pdf"])
    assert outsider.get(url).status_code == 404


def test_findings_and_recommendations_are_edited_in_the_app(client_for: ClientFor) -> None:
    inspection = demo()
    client = client_for("manager@northshire.example")
    client.post(
        reverse("findings", args=["northshire", inspection.pk, "3.1"]),
        {
            "narrative": "Assessment of out-of-court cases improved.",
            "strengths": "Timely assessments",
            "areas_for_improvement": "",
        },
    )
    client.post(
        reverse("add_recommendation", args=["northshire", inspection.pk]),
        {"addressee": "The police", "text": "share information within a day", "order": "9"},
    )
    html = fetch(client, inspection, "html").decode()
    assert "Assessment of out-of-court cases improved." in html
    assert "Timely assessments" in html
    assert "The police should:" in html and "share information within a day" in html
    missing = client.post(
        reverse("add_recommendation", args=["northshire", inspection.pk]),
        {"addressee": "", "text": "", "order": "1"},
    ).content.decode()
    assert "Enter who the recommendation is addressed to" in missing


def test_a_published_report_is_frozen(client_for: ClientFor) -> None:
    inspection = demo()
    client = client_for("manager@northshire.example")
    do_change_status(
        Actor.operator(), make_ready_to_publish(inspection), Inspection.Status.PUBLISHED
    )
    before = fetch(client, inspection, "html")
    StandardFindings.objects.filter(inspection=inspection, standard_id="2.1").update(
        narrative="Changed after publication"
    )
    inspection.judgements.filter(standard_id="1.1").update(rating="Outstanding")
    after = fetch(client, inspection, "html")
    assert after == before
    assert b"Changed after publication" not in after
    page = client.get(
        reverse("report_contents", args=["northshire", inspection.pk])
    ).content.decode()
    assert "its report is frozen" in page
    assert (
        client.get(reverse("findings", args=["northshire", inspection.pk, "2.1"])).status_code
        == 404
    )
    assert re.search(rb"Published", before) is not None


def test_report_command(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    inspection = demo()
    for fmt in ("html", "pdf", "docx"):
        output = tmp_path / f"report.{fmt}"
        result = run_cli("report", str(inspection.pk), "--format", fmt, "--output", output)
        assert result.exit_code == 0, result.stderr
        assert output.stat().st_size > 1000
    assert (
        run_cli("report", "999999", "--format", "pdf", "--output", tmp_path / "x.pdf").exit_code
        == 2
    )
