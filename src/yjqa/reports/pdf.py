"""The report as PDF, typeset by Typst from the document model (`templates/report.typ`).

Typst lays out the report in a few tens of milliseconds (WeasyPrint took about 2 s for the
demo inspection's 24 pages, six times the web page): the PDF is tagged (headings, tables with
their header cells, figures with their alt text, the language and title), has bookmarks from
the headings, and draws the charts from their SVG as vectors. It is not checked against
PDF/UA-1 (`pdf_standards=["ua-1"]`): that refuses a heading that skips a level, as the
report's standards do (a section's h2, then a standard's h4).
"""

from __future__ import annotations

import json
import re
from functools import cache
from importlib.resources import files
from typing import Any

import typst

from yjqa.core.documents.model import Chart, Report

from .charts import chart_svg
from .html import rating_slug

__all__ = ["render_pdf"]

FRAME_MM = (170.0, 205.0)  # the widest and tallest a chart is drawn, inside the page's frame
PT_MM = 25.4 / 72


@cache
def _template() -> bytes:
    return (files("yjqa.reports") / "templates" / "report.typ").read_bytes()


def _svg_size_pt(svg: str) -> tuple[float, float]:
    """The chart's size: matplotlib's viewBox is in points."""
    found = re.search(r'<svg[^>]*\bviewBox="0 0 ([\d.]+) ([\d.]+)"', svg)
    if not found:  # pragma: no cover - matplotlib always gives its SVG a viewBox
        raise ValueError("A chart's SVG has no viewBox")
    return float(found[1]), float(found[2])


def _chart(chart: Chart) -> dict[str, Any]:
    svg = chart_svg(chart)
    width, height = _svg_size_pt(svg)
    # As print did: its own size, but never wider than the frame nor taller than 205 mm.
    width_mm = min(width * PT_MM, FRAME_MM[0], FRAME_MM[1] * width / height)
    return chart.model_dump(mode="json") | {"svg": svg, "width_mm": round(width_mm, 2)}


def _block(block: Any) -> dict[str, Any]:
    if isinstance(block, Chart):
        return _chart(block)
    data: dict[str, Any] = block.model_dump(mode="json")
    if data["kind"] == "rating_box":
        data["slug"] = rating_slug(block.rating)
    elif data["kind"] == "table":
        for row in data["rows"]:
            for cell in row:
                cell["slug"] = rating_slug(cell["rating"]) if cell["rating"] else None
    return data


def _document(report: Report) -> dict[str, Any]:
    cover = report.cover
    title = f"{cover.title} {cover.service}".strip()
    return {
        "title": f"{title} (draft)" if cover.draft else title,
        "running_title": title,
        "kind": re.sub(r"[^a-z]+", "-", cover.kind.lower()).strip("-"),
        "cover": cover.model_dump(mode="json"),
        "detail_lines": cover.detail_lines(),
        "contents": any(section.in_contents for section in report.sections),
        "sections": [
            {
                "title": section.title,
                "level": section.level,
                "in_contents": section.in_contents,
                "blocks": [_block(block) for block in section.blocks],
            }
            for section in report.sections
        ],
    }


def typst_source(report: Report) -> tuple[bytes, dict[str, str]]:
    """The Typst template and its inputs for this report (for `typst.compile` or `query`)."""
    return _template(), {"report": json.dumps(_document(report))}


def render_pdf(report: Report) -> bytes:
    """Render the report as A4 PDF bytes (tagged, with bookmarks from the headings)."""
    template, inputs = typst_source(report)
    pdf = typst.compile(template, format="pdf", sys_inputs=inputs)
    if not isinstance(pdf, bytes):  # pragma: no cover - one PDF, never a list of pages
        raise TypeError("Typst returned no PDF")
    return pdf
