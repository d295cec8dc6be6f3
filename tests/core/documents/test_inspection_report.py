"""The report built from Westmorland and Furness's published figures reads as the seed does."""

from __future__ import annotations

import io

import docx
import pytest

from yjqa.core.documents.inspection_report import (
    Findings,
    Recommendation,
    ReportInput,
    build_report,
)
from yjqa.core.documents.model import Chart, RatingBox, Report, Table
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.inputs import read_percentages
from yjqa.reports import render_docx, render_html

from helpers import ROOT, PublishedReport

EXAMPLE = ROOT / "examples" / "westmorland-and-furness-2025.yaml"


@pytest.fixture(scope="module")
def report() -> Report:
    rating = read_percentages(EXAMPLE, get_framework).rate()
    return build_report(
        ReportInput(
            service="Westmorland and Furness",
            title="An inspection of youth justice services",
            kind="HMIP inspection",
            framework=get_framework("hmip-youth-2021"),
            rating=rating,
            findings={"2.1": Findings(narrative="Assessment activity was consistently strong.")},
            recommendations=[
                Recommendation(
                    "The chair of Westmorland and Furness YJS management board",
                    "develop its members so that they have the necessary knowledge",
                ),
                Recommendation(
                    "Westmorland and Furness YJS management board",
                    "improve healthcare provision for YJS children",
                ),
            ],
        )
    )


def ratings_rows(report: Report) -> dict[str, str]:
    table = report.section("ratings").blocks[0]
    assert isinstance(table, Table)
    rows = {}
    for label, value in (tuple(c.text for c in row) for row in table.rows):
        rows[label.split(" (")[0]] = value
    return rows


def test_ratings_page_matches_the_seed(report: Report, westmorland: PublishedReport) -> None:
    rows = ratings_rows(report)
    assert rows["Score"] == f"{westmorland.score}/{westmorland.max_score}" == "14/36"
    assert rows["Overall rating"] == westmorland.overall
    framework = get_framework("hmip-youth-2021")
    for standard_id, rating in westmorland.ratings.items():
        title = f"{standard_id} {framework.standard(standard_id).title}"
        assert rows[title] == rating, standard_id
    table = report.section("ratings").blocks[0]
    assert isinstance(table, Table)
    assert table.footnotes == (
        "(1) The rating for resettlement does not influence the overall YJS rating.",
    )


def test_standard_sections_print_the_key_question_tables(
    report: Report, westmorland: PublishedReport
) -> None:
    for standard_id, printed in westmorland.key_questions.items():
        section = report.section(f"standard-{standard_id.replace('.', '-')}")
        box, table, chart = section.blocks[:3]
        assert isinstance(box, RatingBox) and box.rating == westmorland.ratings[standard_id]
        assert isinstance(table, Table) and isinstance(chart, Chart)
        assert [row[1].text for row in table.rows] == [f"{pct}%" for _, pct in printed]
        assert [row[0].text.split(" ", 1)[1] for row in table.rows] == [t for t, _ in printed]
        lowest = min(pct for _, pct in printed)
        assert [row[1].bold for row in table.rows] == [pct == lowest for _, pct in printed]
        assert "The lowest figure sets the rating" in chart.alt_text


def test_recommendations_are_grouped_and_numbered(report: Report) -> None:
    blocks = report.section("recommendations").blocks
    texts = [getattr(b, "text", None) for b in blocks]
    assert "The chair of Westmorland and Furness YJS management board should:" in texts
    lists = [b for b in blocks if getattr(b, "kind", "") == "bullets"]
    assert [lst.start for lst in lists] == [1, 2]  # type: ignore[attr-defined]


def test_the_report_round_trips_as_json(report: Report) -> None:
    assert Report.model_validate_json(report.model_dump_json()) == report


def test_numbering_continues_across_addressees(report: Report) -> None:
    assert '<ol class="list" start="2">' in render_html(report)
    document = docx.Document(io.BytesIO(render_docx(report)))
    starts = document.part.numbering_part.element.xpath("//w:startOverride/@w:val")
    assert "2" in starts
