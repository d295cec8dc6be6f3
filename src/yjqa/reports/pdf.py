"""The report as PDF, typeset by WeasyPrint from the print version of the HTML."""

from __future__ import annotations

from weasyprint import HTML, URLFetcher

from yjqa.core.documents.model import Report

from .html import render_html

__all__ = ["render_pdf"]


def render_pdf(report: Report) -> bytes:
    """Render the report as A4 PDF bytes (tagged, with bookmarks from the headings)."""
    # Only the document's own data: URLs (its charts): a report never reaches the network.
    fetcher = URLFetcher(allowed_protocols=("data",))
    document = HTML(string=render_html(report, for_pdf=True), base_url=None, url_fetcher=fetcher)
    # Whole fonts: subsetting them takes a third of the writing time for little saving.
    pdf = document.write_pdf(pdf_tags=True, full_fonts=True)
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf without a target returns bytes
        raise TypeError("WeasyPrint returned no PDF")
    return pdf
