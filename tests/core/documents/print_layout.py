"""Where things land on the printed page: WeasyPrint's layout of a document's print HTML (the
PDF's source), page by page, for tests that documents print well."""

from __future__ import annotations

from dataclasses import dataclass

from weasyprint import HTML, URLFetcher

from yjqa.core.documents.model import Report
from yjqa.reports.html import render_html


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


def _boxes(box: object) -> list[object]:
    return [box, *getattr(box, "descendants", lambda: [])()]


def printed_pages(report: Report) -> list[PrintedPage]:
    html = HTML(
        string=render_html(report, for_pdf=True),
        url_fetcher=URLFetcher(allowed_protocols=("data",)),
    )
    pages = []
    for number, page in enumerate(html.render().pages, start=1):
        box = page._page_box
        left, top = box.content_box_x(), box.content_box_y()
        frame = Box(left, top, left + box.width, top + box.height)
        bottom, charts = frame.top, []
        for inner in _boxes(box):
            element = getattr(inner, "element", None)
            if element is None or not hasattr(inner, "margin_height"):
                continue
            classes = (element.get("class") or "").split()
            if element.tag in ("html", "body", "main", "section") or "watermark" in classes:
                continue
            if "cover" in classes:
                bottom = frame.bottom  # the cover is a page of its own, full by design
            if element.tag == "img" and "chart-svg" in classes:
                x, y = inner.border_box_x(), inner.border_box_y()
                charts.append(Box(x, y, x + inner.border_width(), y + inner.border_height()))
            bottom = max(bottom, inner.position_y + inner.margin_height())
        pages.append(PrintedPage(number, frame, bottom, tuple(charts)))
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
