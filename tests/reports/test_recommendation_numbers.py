"""Recommendations are numbered straight through the report, across addressees, as the
published reports number them: in the HTML, in the PDF's text and in Word's numbering."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from report_2025 import make_2025
from yjqa.core.documents.inspection_report import Recommendation, ReportInput, build_report
from yjqa.core.documents.model import Report
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.inputs import read_percentages
from yjqa.reports import render_docx, render_html, render_pdf

from helpers import ROOT

EXAMPLE = ROOT / "examples" / "westmorland-and-furness-2025.yaml"
# Six recommendations to three addressees: the second and third lists start at 3 and 5.
RECOMMENDATIONS = [
    Recommendation("The chair of the management board", "develop the board's members"),
    Recommendation("The chair of the management board", "review the board's attendance"),
    Recommendation("The management board", "improve healthcare provision for children"),
    Recommendation("The management board", "strengthen the quality of resettlement provision"),
    Recommendation("The service manager", "manage volunteers within a clear structure"),
    Recommendation("The service manager", "collate and analyse children's feedback"),
]


def report_2021() -> Report:
    rating = read_percentages(EXAMPLE, get_framework).rate()
    return build_report(
        ReportInput(
            service="Westmorland and Furness",
            title="An inspection of youth justice services",
            kind="HMIP inspection",
            framework=get_framework("hmip-youth-2021"),
            rating=rating,
            recommendations=RECOMMENDATIONS,
        )
    )


def report_2025() -> Report:
    made = make_2025("children_and_victims")
    return build_report(
        ReportInput(
            service="Northshire",
            title="Mock inspection 2026",
            kind="Mock inspection",
            framework=made.framework,
            rating=made.rating,
            recommendations=RECOMMENDATIONS,
            uncertainty=made.uncertainty,
        )
    )


LAYOUTS = {"2021": report_2021, "2025": report_2025}


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    pdftotext = shutil.which("pdftotext")
    assert pdftotext is not None, "pdftotext not found: scripts/provision installs poppler-utils"
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf)
    out = subprocess.run([pdftotext, "-layout", str(source), "-"], check=True, capture_output=True)
    return out.stdout.decode("utf-8")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_pdf_numbers_recommendations_straight_through(layout: str, tmp_path: Path) -> None:
    text = pdf_text(render_pdf(LAYOUTS[layout]()), tmp_path)
    numbered = {
        item.text: int(match.group(1))
        for item in RECOMMENDATIONS
        for match in [re.search(rf"^\s*(\d+)\.\s+{re.escape(item.text)}", text, re.MULTILINE)]
        if match
    }
    assert numbered == {item.text: n for n, item in enumerate(RECOMMENDATIONS, start=1)}


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_web_page_numbers_recommendations_straight_through(layout: str) -> None:
    html = render_html(LAYOUTS[layout]())
    assert re.findall(r'<ol class="list"(?: start="(\d+)")?', html) == ["", "3", "5"]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_word_numbers_recommendations_straight_through(layout: str) -> None:
    document = docx.Document(io.BytesIO(render_docx(LAYOUTS[layout]())))
    numbering = document.part.numbering_part.element
    starts: dict[str, int] = {}
    for num in numbering.findall(qn("w:num")):
        override = num.find(f"{qn('w:lvlOverride')}/{qn('w:startOverride')}")
        if override is not None:
            starts[num.get(qn("w:numId"))] = int(override.get(qn("w:val")))
    shown: dict[str, int] = {}
    counters: dict[str, int] = {}
    for paragraph in document.paragraphs:
        num_id = paragraph._p.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
        if num_id is None or paragraph.style is None or paragraph.style.name != "List Number":
            continue
        key = num_id.get(qn("w:val"))
        counters[key] = counters.get(key, starts.get(key, 1) - 1) + 1
        shown[paragraph.text] = counters[key]
    assert shown == {item.text: n for n, item in enumerate(RECOMMENDATIONS, start=1)}
