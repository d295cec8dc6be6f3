"""The PDF renderer: figures, ratings, contents with page numbers, page furniture.

Page images of the PDF are written to test-artifacts/report-pages/ for people to look at.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pytest
from pypdf import PdfReader

from report_2025 import CHILDREN_ANSWERS, VICTIMS_ANSWERS, make_2025, shown_percent
from yjqa.reports import render_pdf

from helpers import ROOT
from sample_report import STANDARD_RATINGS, sample_report

PAGES_DIR = ROOT / "test-artifacts" / "report-pages"


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return render_pdf(sample_report())


@pytest.fixture(scope="module")
def pdf_pages(pdf_bytes: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf_bytes)).pages]


def test_pdf_has_the_figures_ratings_and_page_furniture(
    pdf_bytes: bytes, pdf_pages: list[str]
) -> None:
    assert pdf_bytes.startswith(b"%PDF")
    text = "\n".join(pdf_pages)
    assert "14/36" in text
    assert "Requires improvement" in text
    ratings_page = next(p for p in pdf_pages if "Ratings for Westmorland" in p)
    for sid, rating in STANDARD_RATINGS.items():
        assert re.search(rf"{re.escape(sid)}\s.*{re.escape(rating)}", ratings_page), sid
    assert "88%" in text and "100%" in text and "25%" in text
    assert "Page 2 of" in pdf_pages[1]
    assert f"Page {len(pdf_pages)} of {len(pdf_pages)}" in pdf_pages[-1]
    assert "Page" not in pdf_pages[0]  # no furniture on the cover


def test_pdf_contents_lists_page_numbers(pdf_pages: list[str]) -> None:
    contents = pdf_pages[1]
    assert "Contents" in contents
    background_page = next(i for i, p in enumerate(pdf_pages, 1) if "Background" in p and i > 2)
    assert re.search(rf"Background[ .\u2026]*{background_page}\b", contents), contents
    assert re.search(r"2\.1\. Assessment[ .\u2026]*\d+", contents)


def test_pdf_long_table_repeats_its_header(pdf_pages: list[str]) -> None:
    # A narrow column may wrap the header over two lines.
    flat = [" ".join(p.split()) for p in pdf_pages]
    with_header = [p for p in flat if "Case reference" in p and "WF-0" in p]
    assert len(with_header) >= 2


def test_the_pdf_pages_are_written_as_images_for_review(pdf_bytes: bytes, tmp_path) -> None:  # type: ignore[no-untyped-def]
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "pdftoppm not found: scripts/provision installs poppler-utils"
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    for old in PAGES_DIR.glob("page-*.png"):
        old.unlink()
    source = tmp_path / "report.pdf"
    source.write_bytes(pdf_bytes)
    (PAGES_DIR / "report.pdf").write_bytes(pdf_bytes)
    subprocess.run([pdftoppm, "-r", "60", "-png", str(source), str(PAGES_DIR / "page")], check=True)
    images = sorted(PAGES_DIR.glob("page-*.png"))
    assert len(images) == len(PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert all(image.read_bytes().startswith(b"\x89PNG") for image in images)


def test_a_2025_report_in_pdf_reads_as_published_and_is_written_as_images(tmp_path) -> None:  # type: ignore[no-untyped-def]
    made = make_2025("children_and_victims")
    pdf = render_pdf(made.report)
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    text = " ".join(pages)
    assert "An inspection of youth justice work with children and victims in" in pages[0]
    foreword = next(p for p in pages[2:] if "Foreword" in p)
    assert f"Overall, Northshire YJS was rated as '{made.rating.overall}'." in foreword
    ratings_page = next(p for p in pages if "Ratings for Northshire YJS" in p)
    for result in made.rating.standards:
        assert re.search(rf"{re.escape(result.standard_id)}\s.*{re.escape(result.rating)}", text)
    assert "Work with children" in ratings_page and "/36" not in text
    for question, (yes, no, _) in (CHILDREN_ANSWERS | VICTIMS_ANSWERS).items():
        assert f"{shown_percent(yes, no)}%" in text, question
    pdftoppm = shutil.which("pdftoppm")
    assert pdftoppm is not None, "pdftoppm not found: scripts/provision installs poppler-utils"
    PAGES_DIR.mkdir(parents=True, exist_ok=True)
    for old in PAGES_DIR.glob("report-2025-page-*.png"):
        old.unlink()
    source = PAGES_DIR / "report-2025.pdf"
    source.write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "60", "-png", str(source), str(PAGES_DIR / "report-2025-page")],
        check=True,
    )
    assert len(list(PAGES_DIR.glob("report-2025-page-*.png"))) == len(pages)


def _structure_elements(node: object, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    node = node.get_object() if hasattr(node, "get_object") else node  # type: ignore[union-attr]
    if isinstance(node, dict):
        if "/S" in node:
            found.append((str(node["/S"]), str(node.get("/Alt", ""))))
        kids = node.get("/K")
        for kid in kids if isinstance(kids, list) else [kids] if kids is not None else []:
            _structure_elements(kid, found)
    return found


def test_the_pdf_is_tagged_and_its_charts_are_vector_figures_with_alt_text(
    pdf_bytes: bytes,
) -> None:
    reader = PdfReader(io.BytesIO(pdf_bytes))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])  # a tagged PDF
    assert catalog["/Lang"]
    elements = _structure_elements(catalog["/StructTreeRoot"], [])
    kinds = {kind for kind, _ in elements}
    assert {"/H1", "/H2", "/Table", "/TH", "/TD", "/P"} <= kinds
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    charts = [b for s in sample_report().sections for b in s.blocks if b.kind == "chart"]
    assert charts and len(figures) >= len(charts)
    assert all(alt.strip() for alt in figures)  # every figure has its alt text
    # Charts are drawn as vector paths and text, never pictures: no raster image anywhere.
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject")
        for xobject in (xobjects.get_object() if xobjects else {}).values():
            assert xobject.get_object().get("/Subtype") != "/Image"
