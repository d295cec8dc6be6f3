"""Reading published HMIP reports (issue 10): the seeds read completely and correctly, and
damaged inputs give warnings and never wrong figures."""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

import pytest

from yjqa.core.published_reports.consistency import check_consistency
from yjqa.core.published_reports.output import report_as_dict
from yjqa.core.published_reports.parsing import parse_report_text, read_report, read_report_folder
from yjqa.core.published_reports.records import ImportedReport
from yjqa.core.validation.problems import InputError

from helpers import (
    CASES,
    WARWICKSHIRE,
    WARWICKSHIRE_CASES,
    WARWICKSHIRE_FIGURES,
    WARWICKSHIRE_OTHERS,
    WARWICKSHIRE_RATINGS,
    WARWICKSHIRE_RECOMMENDATIONS,
    WESTMORLAND_CASES,
    WESTMORLAND_FIGURES,
    WESTMORLAND_RATINGS,
    WESTMORLAND_RECOMMENDATIONS,
    PublishedReport,
    seed,
    seed_path,
    youth_justice_plan_text,
)


def parse(text: str) -> ImportedReport:
    return parse_report_text(text, "damaged.txt")


def cut(text: str, start: str, end: str) -> str:
    """The text without the part from `start` up to (not including) `end`."""
    i = text.index(start)
    return text[:i] + text[text.index(end, i) :]


def warned(report: ImportedReport, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in report.warnings)


# ---- The seeds, read completely ----


def test_the_golden_figures_agree_with_those_of_the_rating_tests(
    westmorland: PublishedReport,
) -> None:
    assert westmorland.ratings == WESTMORLAND_RATINGS
    assert {k: [p for _, p in rows] for k, rows in westmorland.key_questions.items()} == (
        WESTMORLAND_FIGURES
    )
    assert {"court": CASES["2"], "oocd": CASES["3"]}.items() <= WESTMORLAND_CASES.items()
    assert {k: figures for k, (figures, _) in WARWICKSHIRE.items()} == {
        k: v for k, v in WARWICKSHIRE_FIGURES.items() if v is not None
    }
    assert {k: r for k, (_, r) in WARWICKSHIRE.items()} | WARWICKSHIRE_OTHERS == (
        WARWICKSHIRE_RATINGS
    )


def test_westmorland_is_read_completely(
    westmorland_report: ImportedReport, westmorland: PublishedReport
) -> None:
    report = westmorland_report
    assert report.service == "Westmorland and Furness"
    assert report.framework == "hmip-youth-2021"
    assert report.fieldwork == "2024-12"  # line 83; "beginning on Monday 02 December 2024"
    assert report.published == "2025-03"  # line 8: "HM Inspectorate of Probation, March 2025"
    assert report.overall == "Requires improvement" == westmorland.overall
    assert (report.score, report.max_score) == (14, 36)
    assert report.standards == WESTMORLAND_RATINGS
    assert list(report.standards) == list(WESTMORLAND_RATINGS)  # the framework's order
    assert report.key_questions == WESTMORLAND_FIGURES
    assert report.cases == WESTMORLAND_CASES
    assert [(r.addressee, r.text) for r in report.recommendations] == (WESTMORLAND_RECOMMENDATIONS)
    assert [r.number for r in report.recommendations] == list(range(1, 9))
    assert report.warnings == []


def test_warwickshire_is_read_completely_despite_the_ocr(
    warwickshire_report: ImportedReport,
) -> None:
    report = warwickshire_report
    assert report.service == "Warwickshire"
    assert report.framework == "hmip-youth-2018"
    assert report.fieldwork == "2018-10"
    assert report.overall == "Good"
    assert report.standards == WARWICKSHIRE_RATINGS
    assert report.key_questions == WARWICKSHIRE_FIGURES
    assert report.cases == WARWICKSHIRE_CASES
    assert [(r.addressee, r.text) for r in report.recommendations] == (WARWICKSHIRE_RECOMMENDATIONS)


def test_what_warwickshire_does_not_print_is_empty_with_a_warning(
    warwickshire_report: ImportedReport,
) -> None:
    report = warwickshire_report
    assert report.key_questions["3.3"] is None
    assert warned(report, "3.3 Implementation and delivery", "no key-question figures")
    # 2018 reports print no score; the one the ratings make is said, not filled in.
    assert report.score is None
    assert warned(report, "score", "prints no score", "add up to 27")
    assert report.published is None
    assert warned(report, "published")
    assert len(report.warnings) == 3


# ---- Damaged inputs: warnings, never wrong figures ----


def test_without_the_ratings_table_the_sections_still_give_the_ratings() -> None:
    report = parse(cut(seed("000"), "## **Ratings**", "### **Recommendations**"))
    assert report.score is None and warned(report, "score", "no score was found")
    # The sections print every rating again, except 2.3's (its section has none).
    assert report.standards == WESTMORLAND_RATINGS | {"2.3": None}
    assert warned(report, "2.3 Implementation and delivery", "no rating")
    assert report.overall == "Requires improvement"  # also in the foreword
    assert report.key_questions == WESTMORLAND_FIGURES
    assert check_consistency(report).ok


def test_without_a_standards_section_only_its_figures_are_missing() -> None:
    report = parse(cut(seed("000"), "### 2.2. Planning", "### 2.3. Implementation"))
    assert report.key_questions == WESTMORLAND_FIGURES | {"2.2": None}
    assert warned(report, "2.2 Planning", "no key-question figures")
    assert report.standards == WESTMORLAND_RATINGS  # the ratings table still has 2.2
    assert check_consistency(report).ok


def test_a_lost_heading_does_not_hand_one_standard_another_s_figures() -> None:
    # The page break falls after 2.1's rating: its table and 2.2's heading are lost, so 2.2's
    # table now follows 2.1's heading. Its questions are 2.2's, so it is not read as 2.1's.
    report = parse(cut(seed("000"), "Our rating<sup>2</sup>", "Our rating<sup>3</sup>"))
    assert report.key_questions["2.1"] is None
    assert report.key_questions["2.2"] is None
    assert warned(report, "2.1 Assessment", "asks the questions of 2.2")
    assert report.standards["2.1"] == "Good"


def test_a_garbled_key_question_table_reads_as_no_figures_with_a_warning() -> None:
    text = seed("000")
    i, j = text.index("Our rating<sup>6</sup>"), text.index("To help identify")
    garbled = re.sub(r"\d", "O", text[i:j])  # OCR reads every digit as a letter
    report = parse(text[:i] + garbled + text[j:])
    assert report.key_questions["3.1"] == [None, None, None]
    assert warned(report, "3.1 Assessment", "3.1.1 as 'OO%'", "cannot be read")
    assert {k: v for k, v in report.key_questions.items() if k != "3.1"} == {
        k: v for k, v in WESTMORLAND_FIGURES.items() if k != "3.1"
    }
    assert "3.1 Assessment: its rating" in " ".join(check_consistency(report).unchecked)


def test_one_garbled_figure_leaves_the_others() -> None:
    text = seed("000").replace(
        "how to keep the child safe?\t50%", "how to keep the child safe?\t5O%"
    )
    report = parse(text)
    assert report.key_questions["3.1"] == [83, None, 25]
    assert warned(report, "3.1.2 as '5O%'")


def test_a_garbled_ratings_table_gives_no_score_and_the_ratings_from_the_sections() -> None:
    text = seed("000")
    i, j = text.index("## **Ratings**"), text.index("### **Recommendations**")
    report = parse(text[:i] + re.sub(r"\d", "x", text[i:j]) + text[j:])
    assert report.score is None
    assert warned(report, "score", "cannot be read as a number")
    assert report.standards == WESTMORLAND_RATINGS | {"2.3": None}
    assert report.key_questions == WESTMORLAND_FIGURES


def test_a_garbled_annex_reads_as_no_figures_with_a_warning() -> None:
    text = seed("004")
    i, j = text.index("Annex 2"), text.index("Annex 3")
    report = parse(text[:i] + re.sub(r"(\d)(\d)%", r"\1B%", text[i:j]) + text[j:])
    for standard_id, figures in WARWICKSHIRE_FIGURES.items():
        expected = None if figures is None else [None] * len(figures)
        assert report.key_questions[standard_id] == expected, standard_id
    assert warned(report, "2.1 Assessment", "2.1.1 as '8B%'", "cannot be read")
    assert report.standards == WARWICKSHIRE_RATINGS  # the ratings are not figures


def test_warwickshire_without_its_annex_has_no_figures_and_no_rating_for_3_2() -> None:
    report = parse(cut(seed("004"), "Annex 2", "Annex 3"))
    assert all(figures is None for figures in report.key_questions.values())
    # 3.2's rating was printed only in the annex (the ratings table lost it to the OCR).
    assert report.standards == WARWICKSHIRE_RATINGS | {"3.2": None}
    assert warned(report, "3.2 Planning", "no rating")
    assert check_consistency(report).ok


def test_different_ratings_in_two_places_are_not_read() -> None:
    text = seed("000").replace("2.1\tAssessment\tGood", "2.1\tAssessment\tOutstanding")
    report = parse(text)
    assert report.standards["2.1"] is None
    assert warned(report, "2.1 Assessment", "different ratings", "Good", "Outstanding")


def test_a_lost_recommendations_page_leaves_the_addressee_unknown() -> None:
    report = parse(cut(seed("004"), "2. track the performance", "4. develop"))
    assert [(r.number, r.addressee) for r in report.recommendations] == [
        (1, "The Chief Officers Board"),
        (4, None),
    ]
    assert warned(report, "numbers 2 and 3 are missing")
    assert warned(report, "says it makes 4, but 2 were read")


def test_recommendations_are_joined_across_line_breaks_and_hyphens() -> None:
    text = (
        "An inspection of youth justice services in\n\nNorthshire\n\n"
        "Fieldwork started January 2023\n"
        "Overall rating Good\n"
        "Recommendations\n"
        "As a result, we have made two recommendations.\n"
        "The chair of the management\nboard should:\n"
        "1. make sure that out-of-\ncourt disposal work is\noverseen\n"
        "2) review the 3.4 out-of-court disposal policy and provision Good\n"
        "Background\n"
    )
    report = parse(text)
    assert [(r.addressee, r.text) for r in report.recommendations] == [
        (
            "The chair of the management board",
            "make sure that out-of-court disposal work is overseen",
        ),
        (
            "The chair of the management board",
            "review the 3.4 out-of-court disposal policy and provision Good",
        ),
    ]


def test_not_rated_resettlement_is_read() -> None:
    text = seed("000").replace(
        "4.1\tResettlement policy and provision\tRequires improvement",
        "4.1\tResettlement policy and provision\tNot rated",
    )
    text = text.replace("leaving custody.\n\nRequires improvement", "leaving custody.\n\nNot rated")
    report = parse(text)
    assert report.standards["4.1"] == "Not rated"
    assert check_consistency(report).ok  # 4.1 does not count


def test_a_text_that_is_not_a_report_is_refused() -> None:
    with pytest.raises(InputError, match="does not look like an HMIP youth inspection report"):
        parse("Minutes of the management board, 3 March 2024.\nApologies were received.\n")
    with pytest.raises(InputError, match="is empty"):
        parse("\n\n  \n")


def test_a_short_quality_screening_letter_is_not_an_inspection_report() -> None:
    # 001 is a 2016 short quality screening letter: unrated, with no standards.
    with pytest.raises(InputError, match="does not look like an HMIP youth inspection report"):
        read_report(seed_path("001"))


def test_a_youth_justice_plan_is_not_an_inspection_report(tmp_path: Path) -> None:
    # 003 is a youth justice plan that reports its inspection's rating and the improvement
    # plan's items; the repository keeps its facts, from which this text is written.
    plan = tmp_path / "youth-justice-plan.txt"
    plan.write_text(youth_justice_plan_text(), encoding="utf-8")
    assert "rated it Requires improvement" in plan.read_text(encoding="utf-8")
    with pytest.raises(InputError, match="does not look like an HMIP youth inspection report"):
        read_report(plan)


def test_the_framework_comes_from_the_fieldwork_date_when_the_standards_do_not_say() -> None:
    text = (
        "An inspection of youth offending services in: Southshire\n"
        "Fieldwork started: March 2019\nOverall rating Good\n"
        "1.1 Governance and leadership Good\n"
    )
    report = parse(text)
    assert report.framework == "hmip-youth-2018"
    assert report.standards["1.1"] == "Good"
    assert report.standards["2.1"] is None


# ---- Files: PDF, text, folders ----


def _pdf_of(text: str, path: Path) -> Path:
    weasyprint = pytest.importorskip("weasyprint")
    page = (
        "<html><head><style>@page { size: A4; margin: 15mm } "
        "pre { font-family: monospace; font-size: 8pt; white-space: pre-wrap }</style></head>"
        f"<body><pre>{html.escape(text)}</pre></body></html>"
    )
    weasyprint.HTML(string=page).write_pdf(path)
    return path


def _comparable(report: ImportedReport) -> dict[str, Any]:
    """The JSON, with warnings' places (lines in text, pages in a PDF) left out."""
    data = report_as_dict(report)
    data["warnings"] = [re.sub(r"(?:line|page) \d+", "", warning) for warning in data["warnings"]]
    return data


@pytest.mark.slow
@pytest.mark.parametrize("prefix", ["000", "004"])
def test_a_pdf_reads_the_same_as_its_text(prefix: str, tmp_path: Path) -> None:
    # The PDF wraps the seed's long lines, as a real report's layout does.
    pdf = _pdf_of(seed(prefix), tmp_path / f"{prefix}.pdf")
    from_pdf = read_report(pdf)
    assert _comparable(from_pdf) == _comparable(read_report(seed_path(prefix)))
    assert from_pdf.source == str(pdf)


def test_unreadable_files_are_refused_with_the_reason(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        read_report(tmp_path / "missing.pdf")
    fake = tmp_path / "fake.pdf"
    fake.write_text("not a pdf")
    with pytest.raises(InputError, match="is not a PDF"):
        read_report(fake)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    with pytest.raises(InputError, match="not a readable PDF"):
        read_report(broken)
    binary = tmp_path / "report.txt"
    binary.write_bytes(b"\xff\xfe\x00\x81 binary")
    with pytest.raises(InputError, match="neither a PDF nor UTF-8 text"):
        read_report(binary)


@pytest.mark.slow
def test_a_pdf_without_text_is_refused(tmp_path: Path) -> None:
    pdf = _pdf_of("", tmp_path / "blank.pdf")
    with pytest.raises(InputError, match="no text layer"):
        read_report(pdf)


def test_a_folder_of_reports_is_read_file_by_file(tmp_path: Path) -> None:
    (tmp_path / "a-westmorland.txt").write_text(seed("000"), encoding="utf-8")
    (tmp_path / "b-warwickshire.TXT").write_text(seed("004"), encoding="utf-8")
    (tmp_path / "c-minutes.txt").write_text("Minutes.\n", encoding="utf-8")
    (tmp_path / "d-data.csv").write_text("a,b\n", encoding="utf-8")
    results = read_report_folder(tmp_path)
    assert [path.name for path, _ in results] == [
        "a-westmorland.txt",
        "b-warwickshire.TXT",
        "c-minutes.txt",
    ]
    first, second, third = (result for _, result in results)
    assert isinstance(first, ImportedReport) and first.service == "Westmorland and Furness"
    assert isinstance(second, ImportedReport) and second.service == "Warwickshire"
    assert isinstance(third, InputError)
    with pytest.raises(InputError, match="not a folder"):
        read_report_folder(tmp_path / "a-westmorland.txt")


# ---- Earlier covers, as published (invented texts in the shape of real covers) ----

_BODY = "Fieldwork started: March 2019\nOverall rating Good\n1.1 Governance and leadership Good\n"


@pytest.mark.parametrize(
    ("cover", "published"),
    [
        ("HM Inspectorate of Probation, May 2020", "2020-05"),
        ("HM Inspectorate of Probation / MARCH 2019", "2019-03"),
        ("HM Inspectorate of Probation\nMARCH 2019", "2019-03"),
        ("DECEMBER 2018", "2018-12"),
        ("December 2018", "2018-12"),
    ],
)
def test_every_cover_layout_gives_the_publication_date(cover: str, published: str) -> None:
    report = parse(f"Inspection of youth offending services in:\nSouthshire\n{cover}\n{_BODY}")
    assert report.published == published
    assert report.service == "Southshire"


def test_a_date_in_the_body_is_not_read_as_the_cover_date() -> None:
    text = f"Inspection of youth offending services in: Southshire\nContents\nMay 2020\n{_BODY}"
    assert parse(text).published is None


def test_the_service_name_never_takes_in_the_cover_line() -> None:
    text = (
        "Inspection of youth offending services in: Warwickshire HM Inspectorate of "
        f"Probation, December 2018\n{_BODY}"
    )
    report = parse(text)
    assert report.service == "Warwickshire"
    assert report.published == "2018-12"
    text = f"Inspection of youth offending services in: Warwickshire DECEMBER 2018\n{_BODY}"
    assert parse(text).service == "Warwickshire"
