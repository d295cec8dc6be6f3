"""The report as a standalone, accessible HTML5 document."""

from __future__ import annotations

import re
from functools import cache
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


def _chart_markup(chart: Chart) -> Markup:
    return Markup(chart_svg(chart))  # our own SVG; the text in it is escaped


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


def render_html(report: Report) -> str:
    """Render the report as one HTML document with inline CSS and SVG charts."""
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
            css=Markup(_stylesheet("report.css")),  # our packaged stylesheet
            # The kind of document, for the stylesheets: "board-pack", "youth-justice-plan" ...
            document_kind=re.sub(r"[^a-z]+", "-", report.cover.kind.lower()).strip("-"),
        )
    )
