"""An unrated framework's report (the national standards self-assessment, the screening as a
report) reads as unrated: proportions of cases in figures and words, no rating words, bands,
rating boxes or "lowest figure", in the model and in HTML, PDF and Word."""

from __future__ import annotations

import io
import re

import docx
import pytest
from pypdf import PdfReader

from yjqa.core.documents.inspection_report import (
    Findings,
    Recommendation,
    ReportInput,
    build_report,
)
from yjqa.core.documents.model import RatingBox, Report, Table
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import Answer, figures_from_tallies, rate_available, tally_answers
from yjqa.reports import render_docx, render_html, render_pdf

# Words a rated report prints that an unrated one must not.
RATED_WORDS = re.compile(
    r"Not rated|Not yet rated|Outstanding|Requires improvement|Inadequate|\bGood\b|"
    r"lowest|rating band|Rating",
)


def answers_for(framework_id: str, yes: int, no: int, na: int = 0) -> list[tuple[str, str, Answer]]:
    """Every case key question answered by the same cases: `yes` Yes, `no` No, `na` n/a."""
    framework = get_framework(framework_id)
    words: list[Answer] = ["yes"] * yes + ["no"] * no + ["n/a"] * na
    return [
        (f"C{n:02d}", q.id, word)
        for s in framework.iter_standards()
        if s.kind == "case"
        for q in s.key_questions
        for n, word in enumerate(words)
    ]


def build(framework_id: str, rows: list[tuple[str, str, Answer]], **extra: object) -> Report:
    framework = get_framework(framework_id)
    cases = {s.id: len({r for r, _, _ in rows}) for s in framework.iter_standards() if rows}
    rating = rate_available(
        framework, figures_from_tallies(framework, tally_answers(framework, rows)), {}, cases
    )
    return build_report(
        ReportInput(
            service="Northshire",
            title="National standards self-assessment 2026",
            kind="Self-assessment",
            framework=framework,
            rating=rating,
            **extra,  # type: ignore[arg-type]
        )
    )


@pytest.fixture(scope="module")
def national_standards() -> Report:
    return build(
        "yjb-national-standards-2019",
        answers_for("yjb-national-standards-2019", 26, 8),
        summary="We found strong work at court.",
        findings={
            "2.1": Findings(narrative="The board meets the bench each quarter.\n\nMore."),
            "3.1": Findings(evidence="Board minutes, March 2026."),
        },
        recommendations=[
            Recommendation("The management board", "review the court protocol"),
            Recommendation("The head of service", "audit resettlement plans"),
        ],
    )


def all_text(report: Report) -> str:
    return report.model_dump_json()


def test_no_rating_words_boxes_or_lowest_figure(national_standards: Report) -> None:
    blocks = [b for s in national_standards.sections for b in s.blocks]
    assert not any(isinstance(b, RatingBox) for b in blocks)
    found = RATED_WORDS.findall(all_text(national_standards))
    assert not found, found
    assert "ratings" not in [s.id for s in national_standards.sections]


def test_each_standard_has_its_proportions_in_figures_and_words(
    national_standards: Report,
) -> None:
    summary = national_standards.section("findings-summary")
    table = next(b for b in summary.blocks if isinstance(b, Table))
    assert table.header == ("Standard and key question", "Cases answered Yes", "In words")
    framework = get_framework("yjb-national-standards-2019")
    case_standards = [s for s in framework.iter_standards() if s.kind == "case"]
    assert len(table.group_rows) == len(case_standards) == 5
    assert table.rows[0][0].text == "Out-of-court disposals: 1.2 Operational"
    questions = [row for i, row in enumerate(table.rows) if i not in table.group_rows]
    assert len(questions) == sum(len(s.key_questions) for s in case_standards)
    # 26 of 34 is 76.5%: over three-quarters.
    assert {(row[1].text, row[2].text) for row in questions} == {
        ("26 of 34 cases, 76%", "over three-quarters")
    }


def test_strategic_standards_give_what_was_recorded(national_standards: Report) -> None:
    texts = [getattr(b, "text", "") for b in national_standards.section("findings-summary").blocks]
    at_court = texts.index("At court: 2.1 Strategic")
    assert texts[at_court + 1] == "The board meets the bench each quarter."
    in_community = texts.index("In the community (court disposals): 3.1 Strategic")
    assert texts[in_community + 1] == "Board minutes, March 2026."
    out_of_court = texts.index("Out-of-court disposals: 1.1 Strategic")
    assert texts[out_of_court + 1] == "No findings have been recorded yet."


def test_a_standard_section_gives_its_headline_and_proportions(national_standards: Report) -> None:
    section = national_standards.section("standard-2-2")
    framework = get_framework("yjb-national-standards-2019")
    assert getattr(section.blocks[0], "text", "") == framework.standard("2.2").headline
    table = section.blocks[1]
    assert isinstance(table, Table)
    assert [c.text for c in table.rows[0][1:]] == ["26 of 34 cases, 76%", "over three-quarters"]
    assert not any(cell.bold for row in table.rows for cell in row)


def test_the_annexe_says_how_proportions_are_put_in_words(national_standards: Report) -> None:
    annexe = national_standards.section("annexe")
    lines = [item for b in annexe.blocks for item in getattr(b, "items", ())]
    assert "exactly 3/4: three-quarters" in lines
    assert "over 3/4: over three-quarters" in lines
    assert "every case: all" in lines and "exactly 0: none" in lines
    assert "from 60%: almost two-thirds" in lines
    assert "all but 2 of 16 or more cases: all but two" in lines


def test_a_draft_with_no_answers_says_so_without_rating_words() -> None:
    report = build("yjb-national-standards-2019", [])
    assert not RATED_WORDS.findall(all_text(report))
    assert "No case answered yet" in all_text(report)


def test_recommendations_run_straight_through(national_standards: Report) -> None:
    lists = [b for b in national_standards.section("recommendations").blocks if b.kind == "bullets"]
    assert [lst.start for lst in lists] == [1, 2]  # type: ignore[union-attr]


def test_html_pdf_and_word_carry_no_rating_words(national_standards: Report) -> None:
    html = render_html(national_standards)
    body = re.sub(r"<style>.*?</style>", "", html, flags=re.S)
    visible = re.sub(r"<[^>]+>", " ", body)
    assert not RATED_WORDS.findall(visible)
    assert "over three-quarters" in visible
    pdf = render_pdf(national_standards)
    pdf_text = " ".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
    assert not RATED_WORDS.findall(pdf_text)
    assert "26 of 34 cases, 76%" in " ".join(pdf_text.split())
    document = docx.Document(io.BytesIO(render_docx(national_standards)))
    word_text = "\n".join(p.text for p in document.paragraphs) + "\n".join(
        cell.text for table in document.tables for row in table.rows for cell in row.cells
    )
    assert not RATED_WORDS.findall(word_text)
    assert "over three-quarters" in word_text


def test_a_screening_as_a_report_is_unrated_too() -> None:
    report = build("hmip-sqs-2016", answers_for("hmip-sqs-2016", 32, 2))
    assert not RATED_WORDS.findall(all_text(report))
    assert "all but two" in all_text(report)
