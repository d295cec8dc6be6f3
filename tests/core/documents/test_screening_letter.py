"""A short quality screening reads as the letter of seed 001: letter head and copy list,
context with local against national reoffending, summary, each heading's numbered findings
with proportions in words, operational management, key strengths, areas requiring
improvement; one model for HTML, PDF and Word, and no rating anywhere."""

from __future__ import annotations

import io
import re
from datetime import date

import docx
import pytest
from pypdf import PdfReader

from yjqa.core.documents.inspection_report import Findings, Recommendation, ReportInput
from yjqa.core.documents.model import BulletList, Paragraph, Report, Table
from yjqa.core.documents.national_figures import national_figures
from yjqa.core.documents.screening_letter import (
    TITLE,
    LetterInput,
    LocalRate,
    build_letter,
    fieldwork_dates,
    parse_copy_list,
)
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import Answer, figures_from_tallies, rate_available, tally_answers
from yjqa.reports import render_docx, render_html, render_pdf

RATED_WORDS = re.compile(
    r"Not rated|Not yet rated|Outstanding|Requires improvement|Inadequate|\bGood\b(?! quality)|lowest|Rating"
)
CASES = 34
# Key question -> cases answered Yes (the rest No), as seed 001 reports some of them.
YES = {"1.3": 26, "2.1": 32, "2.3": 18, "3.2": 23, "4.3": 33}


def screening_rows() -> list[tuple[str, str, Answer]]:
    framework = get_framework("hmip-sqs-2016")
    rows: list[tuple[str, str, Answer]] = []
    for standard in framework.iter_standards():
        if standard.kind != "case":
            continue
        for question in standard.key_questions:
            yes = YES.get(question.id, 17)
            for n in range(CASES):
                rows.append((f"C{n:02d}", question.id, "yes" if n < yes else "no"))
    return rows


def report_input(published: date | None = None) -> ReportInput:
    framework = get_framework("hmip-sqs-2016")
    rows = screening_rows()
    cases = {s.id: CASES for s in framework.iter_standards() if s.kind == "case"}
    rating = rate_available(
        framework, figures_from_tallies(framework, tally_answers(framework, rows)), {}, cases
    )
    return ReportInput(
        service="Cumbria",
        title="Short quality screening 2016",
        kind="HMIP inspection",
        framework=framework,
        rating=rating,
        fieldwork_start=date(2016, 7, 18),
        fieldwork_end=date(2016, 7, 20),
        summary="Overall, practice had improved.\n\nThe YOS faced challenges.",
        findings={"1": Findings(narrative="Staff understood effective practice.")},
        recommendations=[
            Recommendation("The Management Board", "consider how partners can support children"),
            Recommendation("The YOS", "strengthen recording practice."),
        ],
        published=published,
    )


def letter(**extra: object) -> Report:
    fields: dict[str, object] = {
        "letter_to": "Darren Martland, Chair of the Management Board",
        "letter_from": "Alan MacDonald, Assistant Chief Inspector",
        "copy_to": parse_copy_list("YOS Head of Service: Samantha Starmer\nYJB link staff: Lisa"),
        "operational_management": "Case managers understood the principles.\n\nOversight varied.",
        "key_strengths": ["The junior attendance centre was excellent."],
        "local_reoffending": LocalRate(41.0, "April 2023 to March 2024"),
    }
    fields.update(extra)
    return build_letter(LetterInput(report=report_input(), **fields))  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def made() -> Report:
    return letter()


def texts(report: Report, section_id: str) -> list[str]:
    out: list[str] = []
    for block in report.section(section_id).blocks:
        if isinstance(block, Paragraph):
            out.append(block.text)
        elif isinstance(block, BulletList):
            out.extend(block.items)
    return out


def test_the_letter_head(made: Report) -> None:
    cover = made.cover
    assert cover.letter and cover.title == TITLE and cover.service == "Cumbria"
    assert dict(cover.details) == {
        "To": "Darren Martland, Chair of the Management Board",
        "Copy to": "See copy list at end",
        "From": "Alan MacDonald, Assistant Chief Inspector",
        "Publication date": "Not yet published",
    }
    assert ("Status", "Draft: not for publication") in cover.detail_lines()
    published = build_letter(LetterInput(report=report_input(date(2016, 8, 10))))
    assert dict(published.cover.details)["Publication date"] == "10 August 2016"
    assert not any(label == "Status" for label, _ in published.cover.detail_lines())


def test_the_letter_runs_in_seed_001s_order(made: Report) -> None:
    ids = [s.id for s in made.sections]
    assert ids == [
        "opening",
        "context",
        "summary",
        "commentary",
        "heading-1",
        "heading-2",
        "heading-3",
        "heading-4",
        "operational-management",
        "key-strengths",
        "areas-requiring-improvement",
        "closing",
        "copy-list",
    ]
    assert not any(s.in_contents for s in made.sections)  # a letter has no contents
    assert made.section("heading-1").title == "1. Reducing reoffending"
    assert texts(made, "opening")[0].startswith(
        "The inspection was conducted from 18 to 20 July 2016 as part of our programme"
    )


def test_the_context_sets_local_reoffending_beside_the_national_rate(made: Report) -> None:
    national = national_figures().reoffending
    assert (national.rate, national.period) == (32.5, "2023/24")
    assert "Youth Justice Board" in national.source
    context = texts(made, "context")
    assert "We examined 34 cases of children and young people" in context[1]
    assert context[2].startswith("The reoffending rate for Cumbria was 41.0%")
    assert (
        "compared to 32.5% for England and Wales (2023/24; source: Youth Justice Board"
        in (context[2])
    )


def test_without_a_local_figure_the_context_says_so_plainly() -> None:
    context = texts(letter(local_reoffending=None), "context")
    assert context[2].startswith("yjqa holds no reoffending figure for Cumbria")
    assert "32.5%" in context[2]


def test_each_headings_findings_are_numbered_with_proportions_in_words(made: Report) -> None:
    first = texts(made, "heading-1")
    assert [t.split(" ", 1)[0] for t in first[:5]] == ["1.1.", "1.2.", "1.3.", "1.4.", "1.5."]
    assert first[2].endswith("We found this in over three-quarters of cases (26 of 34 cases, 76%).")
    assert first[0].endswith("We found this in half of the cases (17 of 34 cases, 50%).")
    assert first[5] == "Staff understood effective practice."
    assert texts(made, "heading-2")[0].endswith("all but two cases (32 of 34 cases, 94%).")
    assert texts(made, "heading-2")[2].endswith(
        "just over half of the cases (18 of 34 cases, 53%)."
    )
    assert texts(made, "heading-4")[2].endswith("all but one case (33 of 34 cases, 97%).")


def test_operational_management_strengths_and_areas(made: Report) -> None:
    assert texts(made, "operational-management") == [
        "Case managers understood the principles.",
        "Oversight varied.",
    ]
    assert texts(made, "key-strengths") == ["The junior attendance centre was excellent."]
    assert texts(made, "areas-requiring-improvement") == [
        "The Management Board should consider how partners can support children.",
        "The YOS should strengthen recording practice.",
    ]
    copy = made.section("copy-list").blocks[0]
    assert isinstance(copy, Table)
    assert [tuple(c.text for c in row) for row in copy.rows] == [
        ("YOS Head of Service", "Samantha Starmer"),
        ("YJB link staff", "Lisa"),
    ]


def test_an_empty_letter_says_what_is_not_written_yet() -> None:
    empty = build_letter(
        LetterInput(report=ReportInput(**{**report_input().__dict__, "summary": ""}))
    )
    assert texts(empty, "summary") == ["Not written yet."]
    assert texts(empty, "operational-management") == ["Not written yet."]
    assert texts(empty, "key-strengths") == ["None recorded yet."]
    assert dict(empty.cover.details)["Copy to"] == "No one"
    assert "copy-list" not in [s.id for s in empty.sections]


def test_copy_list_lines() -> None:
    assert parse_copy_list("  Chair of the board:  Jo Bloggs \n\n- Police: A, B\nOfsted") == [
        ("Chair of the board", "Jo Bloggs"),
        ("Police", "A, B"),
        ("Ofsted", ""),
    ]


def test_fieldwork_dates() -> None:
    assert fieldwork_dates(date(2016, 7, 18), date(2016, 7, 20)) == "from 18 to 20 July 2016"
    assert fieldwork_dates(date(2016, 7, 28), date(2016, 8, 2)) == "from 28 July to 2 August 2016"
    assert (
        fieldwork_dates(date(2016, 12, 28), date(2017, 1, 2))
        == "from 28 December 2016 to 2 January 2017"
    )
    assert fieldwork_dates(date(2016, 7, 18), None) == "from 18 July 2016"
    assert fieldwork_dates(date(2016, 7, 18), date(2016, 7, 18)) == "on 18 July 2016"
    assert fieldwork_dates(None, None) == ""


def test_no_rating_anywhere_in_any_format(made: Report) -> None:
    assert not RATED_WORDS.findall(made.model_dump_json())
    html = re.sub(r"<style>.*?</style>", "", render_html(made), flags=re.S)
    visible = " ".join(re.sub(r"<[^>]+>", " ", html).split())
    assert not RATED_WORDS.findall(visible)
    assert f"{TITLE} Cumbria" in visible and "all but two cases" in visible
    assert 'class="cover"' not in html and 'class="letter-head"' in html
    assert "<nav" not in html  # no contents
    pdf = render_pdf(made)
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf)).pages]
    assert not RATED_WORDS.findall(" ".join(pages))
    assert "DRAFT: NOT FOR PUBLICATION To: Darren Martland" in pages[0]  # after the watermark
    assert TITLE in pages[0] and "Context" in pages[0]  # the letter starts on page one
    assert "Samantha Starmer" in pages[-1]
    document = docx.Document(io.BytesIO(render_docx(made)))
    lines = [p.text for p in document.paragraphs]
    assert lines[1].startswith("To:") and f"{TITLE} Cumbria" in lines
    assert not RATED_WORDS.findall("\n".join(lines))
    headings = [
        p.text
        for p in document.paragraphs
        if p.style and (p.style.name or "").startswith("Heading")
    ]
    assert headings[:3] == ["Context", "Summary", "Commentary on the inspection in Cumbria"]
    assert not document.styles["Heading 1"].paragraph_format.page_break_before
