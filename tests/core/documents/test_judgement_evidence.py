"""A judgement standard's register of evidence prints as one table of its items, in the order
given, with each linked figure's words; an empty register prints nothing. The renderers draw
it in HTML, Word and PDF like any other table."""

from __future__ import annotations

import io
import shutil
import subprocess
from datetime import date
from pathlib import Path

import docx
import pytest

from yjqa.core.documents.judgement_evidence import (
    HEADER,
    NO_DATE,
    NO_FIGURE,
    EvidenceItem,
    evidence_blocks,
)
from yjqa.core.documents.model import Cover, Report, Section, Table
from yjqa.reports import render_docx, render_html, render_pdf

ITEMS = (
    EvidenceItem(
        kind="Meeting or observation",
        title="Management board minutes",
        dated=date(2026, 1, 21),
        summary="The board challenged partners\non health provision.",
        figure_text="Board attendance (KPI 7): 4 board meetings; partner agencies attended 78%.",
    ),
    EvidenceItem(kind="Survey", title="Staff survey"),
)


def table(items: tuple[EvidenceItem, ...] = ITEMS) -> Table:
    blocks = evidence_blocks(items, standard="1.1 Governance and leadership")
    assert len(blocks) == 1 and isinstance(blocks[0], Table)
    return blocks[0]


def test_each_item_is_a_row_in_the_order_given() -> None:
    found = table()
    assert found.header == HEADER
    assert found.caption == "The evidence for 1.1 Governance and leadership: 2 items"
    assert [tuple(c.text for c in row) for row in found.rows] == [
        (
            "Management board minutes (meeting or observation)",
            "21 January 2026",
            "The board challenged partners on health provision.",
            "Board attendance (KPI 7): 4 board meetings; partner agencies attended 78%.",
        ),
        ("Staff survey (survey)", NO_DATE, "", NO_FIGURE),
    ]


def test_one_item_is_counted_in_the_singular() -> None:
    assert table(ITEMS[:1]).caption.endswith(": 1 item")


def test_an_empty_register_prints_nothing() -> None:
    assert evidence_blocks([], standard="1.2 Staff") == []


def report() -> Report:
    return Report(
        cover=Cover(
            title="An inspection of youth justice services in",
            service="Northshire",
            kind="Mock inspection",
        ),
        sections=(
            Section(id="standard-1-1", title="1.1 Governance and leadership", blocks=(table(),)),
        ),
    )


def test_html_and_word_show_the_register() -> None:
    html = render_html(report())
    assert "The evidence for 1.1 Governance and leadership: 2 items" in html
    assert "Management board minutes (meeting or observation)" in html
    document = docx.Document(io.BytesIO(render_docx(report())))
    cells = [cell.text for t in document.tables for row in t.rows for cell in row.cells]
    assert "21 January 2026" in cells
    assert NO_FIGURE in cells


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext")
def test_the_pdf_shows_the_register(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(render_pdf(report()))
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Management board minutes" in text
    assert "21 January" in text and "None linked" in text
