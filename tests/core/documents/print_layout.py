"""Where things land on the printed page: the PDF's pages as Typst lays them out (read back
with pdfplumber, and the charts' places from the template's markers), for tests that
documents print well."""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

import pdfplumber
import typst

from yjqa.core.documents.model import Report
from yjqa.reports.pdf import render_pdf, typst_source

MM = 72 / 25.4
MARGINS = (25 * MM, 20 * MM, 22 * MM, 20 * MM)  # top, right, bottom, left: the print template's


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float


@dataclass(frozen=True)
class PrintedPage:
    number: int
    frame: Box  # the page's content area, inside its margins (not the header and footer)
    content_bottom: float  # where the document's content on the page ends
    charts: tuple[Box, ...]  # each chart's image

    @property
    def filled(self) -> float:
        """How much of the frame's height the content takes, from 0 to 1."""
        height = self.frame.bottom - self.frame.top
        return max(0.0, min(1.0, (self.content_bottom - self.frame.top) / height))


def _pt(length: str) -> float:
    return float(length.removesuffix("pt"))


def _charts(report: Report) -> list[tuple[int, float, float, float]]:
    """Each chart's page, top, bottom and width, from the markers the template puts round it."""
    template, inputs = typst_source(report)
    tops = json.loads(typst.query(template, "<chart-top>", sys_inputs=inputs))
    bottoms = json.loads(typst.query(template, "<chart-bottom>", sys_inputs=inputs))
    return [
        (top["page"], _pt(top["y"]), _pt(bottom["y"]), _pt(top["width"]))
        for top, bottom in ((t["value"], b["value"]) for t, b in zip(tops, bottoms, strict=True))
    ]


def printed_pages(report: Report) -> list[PrintedPage]:
    charts_at = _charts(report)
    pages = []
    with pdfplumber.open(io.BytesIO(render_pdf(report))) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            top, right, bottom, left = MARGINS
            frame = Box(left, top, float(page.width) - right, float(page.height) - bottom)
            content_bottom = frame.top
            for thing in [*page.chars, *page.rects, *page.lines, *page.curves]:
                if thing.get("size", 0) > 50:  # the draft watermark's letters
                    continue
                if thing["bottom"] <= frame.top or thing["top"] >= frame.bottom:
                    continue  # the running header and footer, in the margins
                content_bottom = max(content_bottom, float(thing["bottom"]))
            middle = (frame.left + frame.right) / 2  # a chart is centred in the frame
            charts = tuple(
                Box(middle - width / 2, chart_top, middle + width / 2, chart_bottom)
                for on_page, chart_top, chart_bottom, width in charts_at
                if on_page == number
            )
            if number == 1 and not report.cover.letter:
                content_bottom = frame.bottom  # the cover is a page of its own, full by design
            pages.append(PrintedPage(number, frame, content_bottom, charts))
    return pages


def nearly_blank(pages: list[PrintedPage], at_least: float = 0.25) -> list[int]:
    """The pages, but the last, whose content fills less than `at_least` of the frame."""
    return [p.number for p in pages[:-1] if p.filled < at_least]


def charts_outside(pages: list[PrintedPage], slack: float = 0.5) -> list[tuple[int, Box]]:
    """Each chart that runs over its page's frame: into the footer, or off the page."""
    return [
        (page.number, chart)
        for page in pages
        for chart in page.charts
        if chart.left < page.frame.left - slack
        or chart.right > page.frame.right + slack
        or chart.top < page.frame.top - slack
        or chart.bottom > page.frame.bottom + slack
    ]
