"""The HTML renderer: a standalone, accessible document with inline charts and no scripts."""

from __future__ import annotations

import re

import pytest
from markupsafe import escape

from report_2025 import CHILDREN_ANSWERS, VICTIMS_ANSWERS, make_2025, shown_percent
from report_2025 import SERVICE as SERVICE_2025
from yjqa.core.documents.model import Chart, Section
from yjqa.reports import render_html

from sample_report import SERVICE, sample_report


@pytest.fixture(scope="module")
def html() -> str:
    return render_html(sample_report())


def test_html_is_a_standalone_accessible_document(html: str) -> None:
    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="en-GB">' in html
    assert f"<title>An inspection of youth justice services in {SERVICE} (draft)</title>" in html
    assert len(re.findall(r"<h1\b", html)) == 1
    assert '<nav class="contents" aria-labelledby="contents-heading">' in html
    assert '<a href="#background">Background</a>' in html
    assert '<h2 id="background-heading">Background</h2>' in html
    assert '<h3 id="standard-2-1-heading">2.1. Assessment</h3>' in html
    assert "<caption>Ratings for Westmorland and Furness YJS</caption>" in html
    assert html.count("<caption>") == html.count("<table")
    assert '<th scope="col"' in html and '<th scope="row"' in html
    assert "The rating for resettlement does not influence the overall YJS rating." in html


def test_html_has_no_scripts_or_external_resources(html: str) -> None:
    assert "<script" not in html.lower()
    assert not re.search(r"""(?:src|href)=["'](?:https?:)?//""", html)
    assert "@import" not in html
    assert not re.search(r"url\((?!#)", html)  # only references within the document
    assert not re.search(r"""(?:xlink:)?href=["'](?!#)""", html)
    assert '<link rel="stylesheet"' not in html


def test_html_charts_are_inline_svg_with_alt_text(html: str) -> None:
    chart = sample_report().section("standard-2-1").blocks[3]
    assert isinstance(chart, Chart)
    assert '<figure class="chart">' in html
    svg = re.search(r"<svg\b[^>]*>", html)
    assert svg and 'role="img"' in svg.group(0)
    assert 'aria-label="Bar chart of the key questions for standard 2.1.' in svg.group(0)
    assert "<figcaption>" in html and str(escape(chart.title)) in html
    assert "<?xml" not in html and "<!DOCTYPE svg" not in html
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))  # four charts on one page, no clashing ids


def test_html_ratings_are_styled_consistently_and_numbers_right_aligned(html: str) -> None:
    assert '<strong class="tag tag--inadequate">Inadequate</strong>' in html
    assert '<strong class="tag tag--good">Good</strong>' in html
    assert '<strong class="tag tag--requires-improvement">Requires improvement</strong>' in html
    assert '<td class="num"><strong>88%</strong></td>' not in html  # 88% is not the lowest in 2.1
    assert '<td class="num">88%</td>' in html
    assert '<td class="num"><strong>Score 14/36</strong></td>' in html
    assert 'class="rating-box"' in html


def test_html_escapes_model_text() -> None:
    report = sample_report().model_copy(
        update={"sections": (Section(id="x", title="<b>bold</b> & co", blocks=()),)}
    )
    out = render_html(report)
    assert "&lt;b&gt;bold&lt;/b&gt; &amp; co" in out and "<b>bold</b>" not in out


def test_a_2025_report_reads_as_published_in_html() -> None:
    made = make_2025("children_and_victims")
    page = render_html(made.report)
    assert (
        f"<title>An inspection of youth justice work with children and victims in {SERVICE_2025} "
        "(draft)</title>"
    ) in page
    main = page[page.index('<main id="main">') :]
    text = " ".join(re.sub(r"<[^>]+>", " ", main).replace("&#39;", "'").split())
    assert f"Overall, {SERVICE_2025} YJS was rated as '{made.rating.overall}'." in text
    order = [
        main.index(f'<h2 id="{section}-heading">')
        for section in ("foreword", "ratings", "recommendations", "area-work-with-children")
    ]
    assert order == sorted(order)
    assert main.index('<h3 id="standard-v1-heading">V1 Work with victims</h3>') > order[-1]
    for question, (yes, no, _) in (CHILDREN_ANSWERS | VICTIMS_ANSWERS).items():
        assert re.search(rf"{re.escape(question)} [^%]*? {shown_percent(yes, no)}%", text)
    # Area rows head groups in the ratings table and carry their rating tag.
    assert re.search(
        r'<tr class="group-row">\s*<th scope="rowgroup"><strong>Work with children</strong></th>'
        r'\s*<td class="rating-cell"><strong class="tag tag--',
        page,
    )
