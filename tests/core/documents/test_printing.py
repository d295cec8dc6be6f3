"""Documents that print well: no chart runs through the footer or off the page, and the board
pack and the youth justice plan have no nearly blank pages and no empty sections."""

from __future__ import annotations

from decimal import Decimal

from tests.core.documents.print_layout import charts_outside, nearly_blank, printed_pages
from tests.core.documents.test_board_pack import pack_input

from yjqa.core.documents.board_pack import build_board_pack
from yjqa.core.documents.model import BarSeries, Chart, Cover, Paragraph, Report, Section
from yjqa.core.documents.plan_performance import PlanPerformance
from yjqa.core.documents.youth_justice_plan import (
    SECTIONS,
    BudgetLine,
    PlanInput,
    build_plan,
)
from yjqa.reports import render_html


def test_the_board_pack_has_no_nearly_blank_page() -> None:
    pages = printed_pages(build_board_pack(pack_input()))
    assert len(pages) <= 8
    assert nearly_blank(pages) == []


def a_draft_plan() -> PlanInput:
    return PlanInput(
        service="Northshire YJS",
        period="2025 to 2026",
        texts={"introduction": "Our vision.", "child_first": "Children first.\n\nAlways."},
        budget=[
            BudgetLine(
                "Local authority", cash_staffing=Decimal(600_500), cash_other=Decimal(50_000)
            )
        ],
        performance=PlanPerformance(
            "April 2024 to March 2025", [("First time entrants", "children", "31")] * 8
        ),
        ratings=[("2.1 Assessment", "Good")] * 12,
        inspection="HMIP inspection 2026: Good overall.",
        improvement=[("Improve assessment", "On track", "1 of 3 actions complete or closed")],
        feedback=[("Children's survey", "44 responses. Average 8.6 out of 10.")],
    )


def test_a_draft_youth_justice_plan_has_no_nearly_blank_page_nor_empty_section() -> None:
    plan = build_plan(a_draft_plan())
    pages = printed_pages(plan)
    assert nearly_blank(pages) == []
    assert len(pages) <= 5  # 14 statutory sections, most short: not a page each
    assert all(section.blocks for section in plan.sections)
    html = render_html(plan)
    assert "This section has not been written yet" not in html
    unwritten = [
        s.title for s in SECTIONS if s.source == "text" and s.id not in a_draft_plan().texts
    ]
    gaps = html[html.index('id="not-written"') :]
    for title in unwritten:
        assert title in gaps


def tall_chart(groups: int) -> Report:
    """The shape of the sample's balance chart: two bars for each of many groups."""
    categories = tuple(f"Group {n}: a longer label, as a balance chart has" for n in range(groups))
    chart = Chart(
        chart_type="balance",
        title="The sample against the eligible cases",
        alt_text="Bar chart of each group's share of the eligible cases and of the sample.",
        categories=categories,
        series=(
            BarSeries(label="Eligible cases", values=tuple(float(n % 80) for n in range(groups))),
            BarSeries(label="Sample", values=tuple(float(n % 70) for n in range(groups))),
        ),
    )
    return Report(
        cover=Cover(title="A chart for", service="Northshire YJS", kind="Mock inspection"),
        sections=(
            Section(
                id="balance",
                title="Balance",
                in_contents=False,
                blocks=(Paragraph(text="Before the chart."), chart, Paragraph(text="After.")),
            ),
        ),
    )


def test_a_tall_chart_is_scaled_to_fit_inside_the_page_frame() -> None:
    pages = printed_pages(tall_chart(24))
    charts = [chart for page in pages for chart in page.charts]
    assert len(charts) == 1
    assert charts_outside(pages) == []
    # Scaled, not squashed out of sight: it still takes a good part of the page.
    page = next(p for p in pages if p.charts)
    assert charts[0].bottom - charts[0].top > 0.5 * (page.frame.bottom - page.frame.top)
    assert nearly_blank(pages) == []


def test_the_board_pack_and_plan_have_no_chart_outside_the_frame() -> None:
    for report in (build_board_pack(pack_input()), build_plan(a_draft_plan())):
        assert charts_outside(printed_pages(report)) == []
