"""The youth justice plan document: its statutory sections, filled parts and budget."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from yjqa.core.documents.model import BulletList, Paragraph, Table
from yjqa.core.documents.plan_performance import PlanPerformance
from yjqa.core.documents.youth_justice_plan import SECTIONS, BudgetLine, PlanInput, build_plan
from yjqa.reports import render_docx, render_html


def texts(section: object) -> list[str]:
    return [b.text for b in section.blocks if isinstance(b, Paragraph)]  # type: ignore[attr-defined]


def test_every_statutory_section_is_there_in_order_and_gaps_show() -> None:
    report = build_plan(PlanInput(service="Northshire YJS", period="2025 to 2026"))
    written = [s.title for s in SECTIONS if s.source != "text"]
    assert [s.title for s in report.sections] == [*written[:-1], "Not written yet", written[-1]]
    titles = " ".join(s.title for s in SECTIONS).lower()
    for required in (
        "introduction",
        "governance",
        "previous plan",
        "performance",
        "risks",
        "child first",
        "resources",
        "workforce",
        "priorities",
        "standards for children",
        "service development",
        "sign-off",
    ):
        assert required in titles
    # An unwritten section is named in one line, not printed empty.
    gaps = report.section("not-written")
    assert texts(gaps) == ["These sections have not been written yet:"]
    listed = next(b for b in gaps.blocks if isinstance(b, BulletList)).items
    assert list(listed) == [s.title for s in SECTIONS if s.source == "text"]
    assert texts(report.section("performance")) == ["No indicator data is held for this period."]
    assert report.cover.draft and ("Period", "2025 to 2026") in report.cover.detail_lines()


def test_every_section_is_there_in_order_once_written() -> None:
    plan = PlanInput(
        service="S",
        period="2025 to 2026",
        texts={s.id: f"About {s.title}." for s in SECTIONS if s.source == "text"},
    )
    report = build_plan(plan)
    assert [s.title for s in report.sections] == [s.title for s in SECTIONS]
    assert all(section.blocks for section in report.sections)


def test_written_text_keeps_its_paragraphs() -> None:
    plan = PlanInput(
        service="S",
        period="2025 to 2026",
        texts={"child_first": "We see children as children.\n\nWe divert where we can."},
    )
    assert texts(build_plan(plan).section("child-first")) == [
        "We see children as children.",
        "We divert where we can.",
    ]


def test_the_budget_adds_up_by_source() -> None:
    plan = PlanInput(
        service="S",
        period="2025 to 2026",
        budget=[
            BudgetLine("Youth Justice Board grant", Decimal(412_000)),
            BudgetLine("Local authority", Decimal(650_500), Decimal(40_000)),
            BudgetLine("Police", Decimal(0), Decimal(0)),  # gives nothing: left out
        ],
    )
    table = build_plan(plan).section("resources").blocks[0]
    assert isinstance(table, Table)
    rows = [[c.text for c in row] for row in table.rows]
    assert rows == [
        ["Youth Justice Board grant", "£412,000", "£0", "£412,000"],
        ["Local authority", "£650,500", "£40,000", "£690,500"],
        ["Total", "£1,062,500", "£40,000", "£1,102,500"],
    ]


def test_filled_sections_and_the_sign_off_appear_in_the_plan() -> None:
    plan = PlanInput(
        service="Northshire YJS",
        period="2025 to 2026",
        performance=PlanPerformance(
            "April 2024 to March 2025", [("First time entrants", "children", "12")]
        ),
        ratings=[("2.1 Assessment", "Good")],
        inspection="HMIP inspection 2026: Good overall.",
        improvement=[("Improve healthcare provision", "At risk", "1 of 3 actions complete")],
        feedback=[("Children's survey 2025", "30 responses; 77% rated us 9 or 10")],
        signed_off_by="Pat Chair",
        signed_off_on=date(2025, 6, 30),
    )
    report = build_plan(plan)
    performance = report.section("performance").blocks[0]
    assert isinstance(performance, Table)
    assert performance.caption == "Performance indicators, April 2024 to March 2025"
    ratings = report.section("inspection").blocks[1]
    assert isinstance(ratings, Table) and ratings.rows[0][1].rating == "Good"
    voice = report.section("voice").blocks[0]
    assert isinstance(voice, BulletList)
    assert voice.items == ("Children's survey 2025: 30 responses; 77% rated us 9 or 10",)
    assert texts(report.section("sign-off")) == [
        "Signed on behalf of the management board by Pat Chair on 30 June 2025."
    ]
    assert not report.cover.draft and report.cover.published == date(2025, 6, 30)
    html = render_html(report)
    assert "Improve healthcare provision" in html and "Youth justice plan for" in html
    assert len(render_docx(report)) > 5000
