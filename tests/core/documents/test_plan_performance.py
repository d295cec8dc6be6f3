"""The plan's performance section: the headline indicators and the breakdowns' tables, each
with its total worked out, in HTML and Word; small numbers hidden with a note saying so."""

from __future__ import annotations

import io
from datetime import date

import docx

from seed_003_data import SERVICE, YEAR, reoffending_data
from yjqa.core.documents.model import Block, Cover, Paragraph, Report, Section, Table
from yjqa.core.documents.plan_performance import (
    NO_DATA,
    SMALL_NUMBERS_NOTE,
    PlanPerformance,
    performance_blocks,
)
from yjqa.core.indicators.breakdowns import Breakdowns, breakdowns
from yjqa.core.indicators.engine import Period
from yjqa.reports import render_docx, render_html


def seed_breakdowns() -> Breakdowns:
    return breakdowns(reoffending_data(), YEAR, SERVICE, periods_over_time=4).suppressed()


def tables(blocks: list[Block]) -> dict[str, list[list[str]]]:
    return {
        b.caption: [[c.text for c in row] for row in b.rows] for b in blocks if isinstance(b, Table)
    }


def as_report(blocks: list[Block]) -> Report:
    return Report(
        cover=Cover(title="Youth justice plan for", service=SERVICE, kind="Youth justice plan"),
        sections=(Section(id="performance", title="Performance", blocks=tuple(blocks)),),
    )


def test_the_section_has_the_seeds_tables_each_with_its_total() -> None:
    performance = PlanPerformance(
        "April 2024 to March 2025",
        [("First time entrants", "children", "12")],
        seed_breakdowns(),
    )
    blocks = performance_blocks(performance)
    assert isinstance(blocks[0], Table)
    found = tables(blocks)
    assert list(found) == [
        "Performance indicators, April 2024 to March 2025",
        "Disposals by type, April 2024 to March 2025",
        "Disposals by outcome, April 2024 to March 2025",
        "Offence types, April 2024 to March 2025",
        "First time entrants and use of custody, April 2024 to March 2025",
        "First time entrants by first outcome, April 2024 to March 2025",
        "Proven reoffending by sex, children cautioned or sentenced April 2024 to March 2025",
    ]
    # The seed data: 316 index cautions and sentences, a quarter of each kind (number % 4).
    reoffending = found[
        "Proven reoffending by sex, children cautioned or sentenced April 2024 to March 2025"
    ]
    assert reoffending == [
        ["Female", "85", "31", "36.5%"],
        ["Male", "231", "98", "42.4%"],
        ["Total", "316", "129", "40.8%"],
    ]
    disposals = found["Disposals by type, April 2024 to March 2025"]
    assert disposals[-1] == ["Total", "316"]
    assert disposals[0] == ["Prevention", "fewer than 5"]  # none in the seed data: 0 is < 5
    assert found["Offence types, April 2024 to March 2025"] == [
        ["Violence against the person", "316"],
        ["Total", "316"],
    ]
    over_time = found["First time entrants and use of custody, April 2024 to March 2025"]
    assert [row[0] for row in over_time] == [
        "April to June 2024",
        "July to September 2024",
        "October to December 2024",
        "January to March 2025",
        "Total",
    ]
    # Every child's first caution or sentence is in the year: 316 first time entrants.
    assert over_time[-1][1] == "316"
    # Index outcomes by number % 4: 79 youth cautions (0), 79 conditional cautions (1), and 158
    # referral and youth rehabilitation orders (2, 3).
    assert found["First time entrants by first outcome, April 2024 to March 2025"] == [
        ["April 2024 to March 2025", "79", "79", "158", "316"]
    ]
    summary = next(b for b in blocks if isinstance(b, Paragraph))
    assert summary.text.startswith("Between April 2024 and March 2025 the service gave 316")
    # Prevention (0) is hidden, so the note says why, under each table with a hidden figure.
    by_type = next(
        b for b in blocks if isinstance(b, Table) and b.caption.startswith("Disposals by type")
    )
    assert SMALL_NUMBERS_NOTE in by_type.footnotes
    reoffending_table = next(
        b for b in blocks if isinstance(b, Table) and "reoffending" in b.caption
    )
    assert SMALL_NUMBERS_NOTE not in reoffending_table.footnotes


def test_the_tables_render_in_html_and_word() -> None:
    report = as_report(
        performance_blocks(PlanPerformance("April 2024 to March 2025", (), seed_breakdowns()))
    )
    html = render_html(report)
    for text in ("Proven reoffending by sex", "40.8%", "Disposals by outcome", "Youth caution",
                 "Offence types", "First time entrants and use of custody", "fewer than 5",
                 SMALL_NUMBERS_NOTE.replace("'", "&#39;")):  # fmt: skip
        assert text in html, text
    document = docx.Document(io.BytesIO(render_docx(report)))
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Total", "316", "129", "40.8%"] in cells
    assert ["Female", "85", "31", "36.5%"] in cells
    # A quarter of the 316 index outcomes of each kind: 158 out-of-court, 158 court orders.
    assert ["Statutory orders (court and custody)", "158"] in cells
    assert any(row[0] == "Violence against the person" and row[1] == "316" for row in cells)
    words = "\n".join(p.text for p in document.paragraphs)
    assert "Between April 2024 and March 2025" in words


def test_a_period_without_data_says_so() -> None:
    assert performance_blocks(PlanPerformance("April 2024 to March 2025")) == [
        Paragraph(text=NO_DATA, style="small")
    ]


def test_a_year_with_no_cohort_or_offences_says_so_instead_of_an_empty_table() -> None:
    empty = Period(date(2020, 4, 1), date(2021, 3, 31))
    found = breakdowns(reoffending_data(), empty, SERVICE, periods_over_time=4)
    texts = [
        b.text
        for b in performance_blocks(PlanPerformance("x", (), found))
        if isinstance(b, Paragraph)
    ]
    assert "No child was cautioned or sentenced in April 2020 to March 2021." in texts
    assert "No offence was dealt with in April 2020 to March 2021." in texts
