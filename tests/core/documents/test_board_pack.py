"""The board pack: its content as a document, and the same content in HTML, Word and PDF.

The plan's items follow the post-inspection improvement plan summarised in Westmorland and
Furness's youth justice plan (seed 003); the ratings are those HMIP published (seed 000).
"""

from __future__ import annotations

import io
from datetime import date

import docx
import pytest
from pypdf import PdfReader

from yjqa.core.documents.board_pack import (
    AgencyAttendance,
    BoardPackInput,
    PackAction,
    PackItem,
    build_board_pack,
)
from yjqa.core.documents.model import BulletList, Paragraph, Report, Table
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.improvement.rules import ItemStatus, Status
from yjqa.core.rating.inputs import read_percentages
from yjqa.reports import render_docx, render_html, render_pdf

from helpers import ROOT

AS_AT = date(2025, 9, 3)
MEETING = date(2025, 9, 10)
SERVICE = "Westmorland and Furness"

ITEMS = (
    PackItem(
        reference="1",
        addressee="The chair of the management board",
        text="Strengthen board knowledge and oversight",
        actions=(
            PackAction(
                "Deliver a development plan for board members, with training and service visits",
                "Chair of the board",
                date(2025, 7, 31),
                Status.COMPLETE,
                evidence="Induction pack issued; two development sessions held",
            ),
            PackAction(
                "Establish a new QA and performance data framework",
                "Performance manager",
                date(2025, 8, 20),  # 14 days overdue on 3 September
                Status.ON_TRACK,
            ),
        ),
        decision="Framework late: a draft to the next meeting.",
        status_at_review=ItemStatus.AT_RISK,
    ),
    PackItem(
        reference="2",
        addressee="The management board",
        text="Improve health provision for YJS children",
        actions=(
            PackAction(
                "Establish a Strategic Health Group",
                "Designated nurse, integrated care board",
                date(2025, 9, 12),  # due in 9 days
                Status.AT_RISK,
            ),
            PackAction(
                "Commission an external review of health provision",
                "Head of commissioning",
                date(2025, 10, 1),
                Status.CLOSED,
                closed_reason="Superseded by the Strategic Health Group's review",
            ),
        ),
    ),
    PackItem(
        reference="3",
        addressee="The management board",
        text="Secure probation secondment provision",
        actions=(
            PackAction(
                "Secure a part-time seconded probation officer based in Barrow",
                "Head of the probation delivery unit",
                date(2025, 12, 31),
                Status.NOT_STARTED,
            ),
        ),
    ),
    PackItem(reference="4", text="Formalise the volunteer framework"),
)
ATTENDANCE = (
    AgencyAttendance("The local authority", True, "Assistant director, children's services"),
    AgencyAttendance("Health", True, "Designated nurse"),
    AgencyAttendance("Police", True, "Detective inspector"),
    AgencyAttendance("Probation", False),
    AgencyAttendance("Education", True, "Head of inclusion"),
)
INDICATORS = {
    "fte": {"count": 31, "population": 24050, "rate_per_100k": 128.9} | {},
    "reoffending": {
        "cohort": 96,
        "reoffenders": 39,
        "binary_rate": 40.625,
        "reoffences": 88,
        "per_reoffender": 2.2564,
        "per_offender": 0.9167,
        "quarters": [],
    },
    "custody": {"count": 8, "population": 24050, "rate_per_1000": 0.3326},
    "kpis": {
        "accommodation": {"numerator": 112, "denominator": 124, "percent": 90.3226},
        "ete": {"numerator": 96, "denominator": 130, "percent": 73.8462},
        "send": {"numerator": 0, "denominator": 0, "percent": None},
        "mental_health": {"numerator": 25, "denominator": 40, "percent": 62.5},
        "substance_misuse": {"numerator": 17, "denominator": 30, "percent": 56.6667},
        "oocd_completed": {"count": 91},
        "board_attendance": None,
        "wider_services": {"numerator": 42, "denominator": 119, "percent": 35.2941},
        "serious_violence": {"count": 34, "population": 24050, "rate_per_10k": 14.1372},
        "victims": {
            "numerator": 75,
            "denominator": 121,
            "percent": 61.9835,
            "rj_offered": {"numerator": 41, "denominator": 75, "percent": 54.6667},
        },
    },
}
FEEDBACK = [
    ("Children's feedback 2024/25", 44, "Average rating 8.6 out of 10"),
    ("Parents' and carers' feedback", 12, "11 of 12 felt listened to"),
]


def pack_input(**changes: object) -> BoardPackInput:
    rating = read_percentages(
        ROOT / "examples" / "westmorland-and-furness-2025.yaml", get_framework
    ).rate()
    values: dict[str, object] = {
        "service": SERVICE,
        "meeting_date": MEETING,
        "as_at": AS_AT,
        "plan_title": "HMIP improvement plan",
        "items": ITEMS,
        "attendance": ATTENDANCE,
        "attendance_history": (("Probation", 1, 4), ("Police", 4, 4)),
        "attendance_period": "the 12 months to 10 September 2025",
        "notes": "The chair will write to the probation delivery unit.",
        "framework": get_framework("hmip-youth-2021"),
        "rating": rating,
        "ratings_source": "HMIP inspection, December 2024",
        "indicators": INDICATORS,
        "indicators_period": "April 2024 to March 2025",
        "feedback": FEEDBACK,
    }
    values.update(changes)
    return BoardPackInput(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def pack() -> Report:
    return build_board_pack(pack_input())


def texts(report: Report, section_id: str) -> str:
    """Every word of a section's blocks, for looking things up."""
    found: list[str] = []
    for block in report.section(section_id).blocks:
        if isinstance(block, Paragraph):
            found.append(block.text)
        elif isinstance(block, BulletList):
            found.extend(block.items)
        elif isinstance(block, Table):
            found.append(block.caption)
            found.extend(block.header)
            found.extend(cell.text for row in block.rows for cell in row)
            found.extend(block.footnotes)
    return " | ".join(found)


def rows(report: Report, section_id: str, caption_start: str) -> list[list[str]]:
    for block in report.section(section_id).blocks:
        if isinstance(block, Table) and block.caption.startswith(caption_start):
            return [[cell.text for cell in row] for row in block.rows]
    raise KeyError(caption_start)


def test_the_pack_has_the_sections_a_board_expects_in_order(pack: Report) -> None:
    assert [s.id for s in pack.sections if s.level == 1] == [
        "summary",
        "attendance",
        "overdue",
        "due-soon",
        "decisions",
        "plan",
        "ratings",
        "indicators",
        "feedback",
        "notes",
    ]
    assert [s.id for s in pack.sections if s.level == 2] == [
        "item-1",
        "item-2",
        "item-3",
        "item-4",
    ]
    cover = pack.cover
    assert (cover.kind, cover.service) == ("Board pack", SERVICE)
    assert ("Meeting", "10 September 2025") in cover.detail_lines()
    assert ("Plan status as at", "3 September 2025") in cover.detail_lines()


def test_the_summary_counts_and_names_the_items_at_risk(pack: Report) -> None:
    summary = texts(pack, "summary")
    assert (
        "4 items and 5 actions: 2 complete or closed, 1 overdue and 1 due in the next 14 days"
        in summary
    )
    assert "1 item has no actions yet." in summary
    assert "Item 1: Strengthen board knowledge and oversight (1 action overdue)" in summary
    assert "Item 2: Improve health provision for YJS children (1 action at risk)" in summary
    assert ["At risk", "2"] in rows(pack, "summary", "Plan items by overall status")
    assert ["Not started", "2"] in rows(pack, "summary", "Plan items by overall status")
    by_status = rows(pack, "summary", "Actions by")
    assert [label for label, _ in by_status] == [
        "Not started",
        "On track",
        "At risk",
        "Overdue",
        "Complete",
        "Closed",
    ]
    assert ["Overdue", "1"] in by_status
    # Counted once, by the status shown: the overdue action is not "On track" as well.
    assert sum(int(count) for _, count in by_status) == 5
    assert "4 of 5 partner agencies attended the meeting." in summary


def test_overdue_actions_are_listed_with_days_in_words(pack: Report) -> None:
    overdue = rows(pack, "overdue", "Overdue actions")
    assert overdue == [
        [
            "1",
            "Establish a new QA and performance data framework",
            "Performance manager",
            "20 Aug 2025",
            "14",
        ]
    ]
    item = rows(pack, "item-1", "Actions for item 1")
    assert item[1][3] == "Overdue by 14 days"
    assert item[0][3] == "Complete" and item[0][4].startswith("Induction pack issued")
    assert "Overall status: At risk (1 action overdue)." in texts(pack, "item-1")
    closed = rows(pack, "item-2", "Actions for item 2")[1]
    assert closed[3:] == ["Closed", "Superseded by the Strategic Health Group's review"]
    assert "No actions have been agreed for this item yet." in texts(pack, "item-4")


def test_with_nothing_overdue_the_pack_says_so_and_lists_what_is_due_soon() -> None:
    quiet = build_board_pack(pack_input(as_at=date(2025, 8, 10)))
    assert "No action is overdue as at 10 August 2025." in texts(quiet, "overdue")
    due = rows(quiet, "due-soon", "Actions due in the next 14 days")
    assert [r[1] for r in due] == ["Establish a new QA and performance data framework"]


def test_the_pack_lists_the_decisions_and_attendance_by_agency(pack: Report) -> None:
    assert rows(pack, "decisions", "Plan items reviewed") == [
        ["1", "At risk", "Framework late: a draft to the next meeting."]
    ]
    attendance = rows(pack, "attendance", "Attendance by agency")
    assert ["Probation", "No", ""] in attendance
    assert ["Health", "Yes", "Designated nurse"] in attendance
    assert ["Probation", "1", "4", "25%"] in rows(pack, "attendance", "Board attendance (KPI 7)")


def test_the_ratings_table_shows_the_latest_rating_or_says_there_is_none(pack: Report) -> None:
    ratings = rows(pack, "ratings", "Ratings from HMIP inspection, December 2024")
    assert ["Overall rating", "Requires improvement"] in ratings
    assert ["Score", "14/36"] in ratings
    assert ["1.1 Governance and leadership", "Requires improvement"] in ratings
    assert ["2.1 Assessment", "Good"] in ratings
    plain = build_board_pack(
        pack_input(framework=None, rating=None, rating_rows=(("Overall", "Good"),))
    )
    assert rows(plain, "ratings", "Ratings") == [["Overall", "Good"]]
    none = build_board_pack(pack_input(framework=None, rating=None))
    assert texts(none, "ratings").startswith("No published inspection")


def test_the_indicators_section_gives_the_headline_figures_and_kpis(pack: Report) -> None:
    indicators = texts(pack, "indicators")
    assert (
        "Headline for April 2024 to March 2025: 31 children entered the youth justice system "
        "for the first time (128.9 per 100,000 children aged 10 to 17); 40.6% of the children "
        "cautioned or sentenced reoffended; 8 custodial sentences were given." in indicators
    )
    headline = rows(pack, "indicators", "Headline indicators")
    assert ["Proven reoffending", "% of the cohort who reoffended", "40.6%"] in headline
    assert ["Use of custody", "Per 1,000 children aged 10 to 17", "0.3"] in headline
    kpis = rows(pack, "indicators", "Key performance indicators")
    assert [
        "KPI 1: accommodation",
        "In suitable accommodation at the end",
        "90.3%",
        "112 of 124",
    ] in kpis
    assert kpis[2][2:] == ["Not available", ""]  # SEND: no child with an identified need
    empty = build_board_pack(pack_input(indicators=None))
    assert "no case-level data" in texts(empty, "indicators")


def test_feedback_lists_each_survey_or_says_there_is_none(pack: Report) -> None:
    assert "56 responses to 2 surveys." in texts(pack, "feedback")
    assert ["Children's feedback 2024/25", "44", "Average rating 8.6 out of 10"] in rows(
        pack, "feedback", "Surveys"
    )
    missing = build_board_pack(pack_input(feedback=None))
    assert texts(missing, "feedback") == "No summary of feedback is available for this meeting."
    empty = build_board_pack(pack_input(feedback=[]))
    assert texts(empty, "feedback") == "No survey has had any responses yet."


def test_an_empty_pack_still_builds() -> None:
    pack = build_board_pack(
        BoardPackInput(service="Nowhere YJS", meeting_date=MEETING, as_at=AS_AT)
    )
    assert "There is no improvement plan to report on yet." in texts(pack, "summary")
    assert "Attendance at this meeting has not been recorded." in texts(pack, "attendance")
    with pytest.raises(KeyError):
        pack.section("plan")


def test_html_and_word_hold_the_same_content(pack: Report) -> None:
    html = render_html(pack)
    for text in (
        "Management board pack for",
        "Overdue by 14 days",
        "Establish a new QA and performance data framework",
        "Requires improvement",
        "128.9",
        "Average rating 8.6 out of 10",
        "Probation",
    ):
        assert text in html.replace("&#39;", "'"), text
    document = docx.Document(io.BytesIO(render_docx(pack)))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "Overdue actions" in headings and "Attendance" in headings and "Item 1" in headings
    cells = [[c.text for c in row.cells] for t in document.tables for row in t.rows]
    assert ["Overall rating", "Requires improvement"] in cells
    assert ["Probation", "No", ""] in cells
    assert any("Overdue by 14 days" in c for row in cells for c in row)


def test_the_pdf_renders(pack: Report) -> None:
    pdf = render_pdf(pack)
    assert pdf.startswith(b"%PDF")
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages).split())
    assert "Overdue actions" in text
    assert "Strengthen board knowledge and oversight" in text
