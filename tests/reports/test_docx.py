"""The Word renderer: real headings and tables, pictures with alt text, page furniture."""

from __future__ import annotations

import io

import pytest
from docx import Document
from docx.oxml.ns import qn

from report_2025 import make_2025
from yjqa.reports import render_docx

from sample_report import SERVICE, STANDARD_RATINGS, sample_report


@pytest.fixture(scope="module")
def docx_document():  # type: ignore[no-untyped-def]
    return Document(io.BytesIO(render_docx(sample_report())))


def test_docx_uses_real_headings(docx_document) -> None:  # type: ignore[no-untyped-def]
    headings = {(p.style.name, p.text) for p in docx_document.paragraphs}
    assert ("Heading 1", "Ratings") in headings
    assert ("Heading 1", "Background") in headings
    assert ("Heading 2", "2.1. Assessment") in headings
    assert ("Heading 3", "Strengths") in headings
    instructions = "".join(t.text or "" for t in docx_document.element.body.iter(qn("w:instrText")))
    assert 'TOC \\o "1-3" \\h \\z \\u' in instructions


def test_docx_ratings_table_is_a_real_table(docx_document) -> None:  # type: ignore[no-untyped-def]
    table = next(
        t
        for t in docx_document.tables
        if any("14/36" in c.text for c in t.rows[0].cells + t.rows[1].cells)
    )
    texts = [[cell.text for cell in row.cells] for row in table.rows]
    assert any("Score 14/36" in row for row in texts)
    assert any("Requires improvement" in row for row in texts)
    rating_of = {row[0]: row[-1] for row in texts}
    for sid, rating in STANDARD_RATINGS.items():
        assert rating_of[sid] == rating
    first_row = table.rows[0]._tr
    assert first_row.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None


def test_docx_pictures_have_alt_text_and_captions(docx_document) -> None:  # type: ignore[no-untyped-def]
    shapes = docx_document.inline_shapes
    assert len(shapes) == 4  # three key-question charts and the balance chart
    descriptions = [shape._inline.docPr.get("descr") for shape in shapes]
    assert all(descriptions)
    assert descriptions[0].startswith("Bar chart of the key questions for standard 2.1.")
    captions = [p.text for p in docx_document.paragraphs if p.style.name == "Caption"]
    assert any("Standard 2.1 Assessment" in c for c in captions)


def test_docx_has_an_a4_page_a_header_and_page_numbers(docx_document) -> None:  # type: ignore[no-untyped-def]
    section = docx_document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    footer_xml = section.footer._element.xml
    assert "PAGE" in footer_xml and "NUMPAGES" in footer_xml
    assert SERVICE in "".join(p.text for p in section.header.paragraphs)


def test_a_2025_report_in_word_has_the_foreword_areas_and_no_score() -> None:
    made = make_2025("full")
    document = Document(io.BytesIO(render_docx(made.report)))
    headings = {(p.style.name, p.text) for p in document.paragraphs}
    for heading in ("Foreword", "Ratings", "Organisational delivery", "Work with children"):
        assert ("Heading 1", heading) in headings
    assert ("Heading 2", "2.1 Assessing") in headings
    assert ("Heading 2", "V1 Work with victims") in headings
    rows = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Overall rating", made.rating.overall] in rows
    for area_id, word in made.rating.areas.items():
        assert [made.framework.area(area_id).title, word] in rows
    assert not any("/36" in cell for row in rows for cell in row)
    text = " ".join(p.text for p in document.paragraphs)
    assert f"Overall, Northshire YJS was rated as '{made.rating.overall}'." in text
