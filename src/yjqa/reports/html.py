"""The report as a standalone, accessible HTML5 document (and the source of the PDF)."""

from __future__ import annotations

import base64
import re
from functools import cache
from html import escape
from importlib.resources import files

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from yjqa.core.documents.model import Chart, Report

from .charts import chart_svg

__all__ = ["rating_slug", "render_html"]

RATINGS = ("Outstanding", "Good", "Requires improvement", "Inadequate", "Not rated")


def rating_slug(rating: str) -> str:
    """CSS modifier for a rating word; anything unknown is styled as 'not rated'."""
    slug = re.sub(r"[^a-z]+", "-", rating.strip().lower()).strip("-")
    known = {re.sub(r"[^a-z]+", "-", r.lower()) for r in RATINGS}
    return slug if slug in known else "not-rated"


def _chart_markup(chart: Chart, for_pdf: bool = False) -> Markup:
    if not for_pdf:
        return Markup(chart_svg(chart))  # our own SVG; the text in it is escaped
    # For print the same SVG goes in as an image: still vector in the PDF, but WeasyPrint
    # then draws it without running the page's CSS over every one of its nodes, which
    # otherwise takes most of the typesetting time.
    svg = chart_svg(chart)  # matplotlib's SVG declares its own namespaces
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = escape(chart.alt_text, quote=True)
    return Markup(f'<img class="chart-svg" alt="{alt}" src="data:image/svg+xml;base64,{data}">')


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("yjqa.reports", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=False,
        lstrip_blocks=False,
        keep_trailing_newline=True,
    )
    env.globals["rating_slug"] = rating_slug
    env.globals["chart_markup"] = _chart_markup
    return env


@cache
def _stylesheet(name: str) -> str:
    return (files("yjqa.reports") / "static" / name).read_text(encoding="utf-8")


def _document_title(report: Report) -> str:
    cover = report.cover
    title = f"{cover.title} {cover.service}".strip()
    return f"{title} (draft)" if cover.draft else title


def render_html(report: Report, *, for_pdf: bool = False) -> str:
    """Render the report as one HTML document with inline CSS and SVG charts.

    With ``for_pdf`` the print stylesheet is added: A4 pages, a cover page, running
    header and "Page N of M" footer, contents with page numbers, a draft watermark.
    """
    css = _stylesheet("report.css")
    if for_pdf:
        css += "\n" + _stylesheet("print.css")
    published = report.cover.published
    return (
        _environment()
        .get_template("report.html.j2")
        .render(
            cover=report.cover,
            sections=report.sections,
            contents=[s for s in report.sections if s.in_contents],
            document_title=_document_title(report),
            published=f"{published.day} {published:%B %Y}" if published else "",
            css=Markup(css),  # our packaged stylesheet
            for_pdf=for_pdf,
            # The kind of document, for the stylesheets: "board-pack", "youth-justice-plan" ...
            document_kind=re.sub(r"[^a-z]+", "-", report.cover.kind.lower()).strip("-"),
        )
    )
