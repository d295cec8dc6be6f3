"""Reading published HMIP reports (issue 10): the seeds read completely and correctly, damaged
inputs give warnings and never wrong figures, and the ratings CSV is checked row by row."""

from __future__ import annotations

import csv
import html
import re
from pathlib import Path
from typing import Any

import pytest

from yjqa.core.published_reports.benchmark_records import to_benchmark_record
from yjqa.core.published_reports.consistency import check_consistency
from yjqa.core.published_reports.output import report_as_dict
from yjqa.core.published_reports.parsing import parse_report_text, read_report, read_report_folder
from yjqa.core.published_reports.ratings_csv import read_ratings_csv
from yjqa.core.published_reports.records import BenchmarkRecord, ImportedReport
from yjqa.core.validation.problems import InputError

from helpers import (
    CASES,
    RATINGS_CSV,
    WARWICKSHIRE,
    WARWICKSHIRE_OTHERS,
    PublishedReport,
    seed,
    seed_path,
    youth_justice_plan_text,
)

# ---- Golden data, read by hand from the seeds (line numbers in tests/data/published) ----

# 000 Westmorland and Furness (2021 framework).
# Ratings table, lines 81-101: score 14/36, overall Requires improvement, then every standard.
WESTMORLAND_RATINGS = {
    "1.1": "Requires improvement",
    "1.2": "Good",
    "1.3": "Requires improvement",
    "1.4": "Good",
    "2.1": "Good",
    "2.2": "Requires improvement",
    "2.3": "Good",
    "2.4": "Requires improvement",
    "3.1": "Inadequate",
    "3.2": "Inadequate",
    "3.3": "Requires improvement",
    "3.4": "Requires improvement",
    "4.1": "Requires improvement",  # line 101; does not count (footnote, line 103)
}
# The "% 'Yes'" table in each standard's own section (2.1 at line 392 ... 3.3 at line 541).
WESTMORLAND_FIGURES: dict[str, list[int | None] | None] = {
    "2.1": [100, 88, 75],
    "2.2": [100, 88, 50],
    "2.3": [100, 88, 75],
    "2.4": [88, 88, 50],
    "3.1": [83, 50, 25],
    "3.2": [92, 42, 33],
    "3.3": [100, 83, 58],
}
# "eight community sentences" (line 380), "12 cases ... out-of-court disposal" (line 479),
# "two cases ... custodial sentence" (line 606).
WESTMORLAND_CASES = {"court": 8, "oocd": 12, "resettlement": 2}
# Lines 109-124: three addressees, eight numbered recommendations.
CHAIR = "The chair of Westmorland and Furness YJS management board"
BOARD = "Westmorland and Furness YJS management board"
MANAGER = "Westmorland and Furness YJS service manager"
WESTMORLAND_RECOMMENDATIONS = [
    (
        CHAIR,
        "develop its members so that they have the necessary knowledge and understanding of "
        "the youth justice context to be able to drive service improvements which meet the "
        "needs of YJS children.",
    ),
    (
        BOARD,
        "improve healthcare provision for YJS children so that it meets their emotional, "
        "mental health and wellbeing needs across the full range of mainstream and specialist "
        "health pathways",
    ),
    (
        BOARD,
        "make sure that children supervised by the YJS are assessed for and have access to "
        "specific services that meet their speech, language and communication needs",
    ),
    (
        BOARD,
        "continue to challenge the Probation Service to ensure that it meets its statutory "
        "duties and provides the appropriate secondment provision to the YJS",
    ),
    (
        BOARD,
        "strengthen the quality of resettlement provision and ensure that the partnership "
        "takes collective responsibility for these children.",
    ),
    (
        MANAGER,
        "make sure that there is a structure in place to enable volunteers to be "
        "appropriately managed, supported and integrated as part of the YJS",
    ),
    (
        MANAGER,
        "ensure the consistently high quality of assessing to keep other people safe and "
        "planning to keep both children and other people safe in out-of-court disposal work",
    ),
    (
        MANAGER,
        "put in place a framework to collate and analyse children's participation and "
        "feedback to help influence future service policy and provision.",
    ),
]

# 004 Warwickshire (2018 framework, OCR text).
# Ratings table lines 127-158 ("Service:", "Fieldwork started: October 2018", "Overall rating
# Good"); the OCR lost 3.1 and 3.2's ratings there, which the body (3.1, line 843) and annex 2
# (3.2, line 1308) print. The 1.x, 2.x and 3.3 ratings are in all three places.
WARWICKSHIRE_RATINGS = {
    "1.1": "Good",
    "1.2": "Good",
    "1.3": "Good",
    "1.4": "Good",  # printed "14 Information and facilities Good" (line 141): the dot is lost
    "2.1": "Outstanding",
    "2.2": "Outstanding",
    "2.3": "Outstanding",
    "2.4": "Outstanding",
    "3.1": "Good",
    "3.2": "Good",
    "3.3": "Good",
    "3.4": "Requires improvement",  # "Requires Improvement" (line 158); split at line 944
}
# Annex 2 (lines 1064-1356). 3.3's figures are lost in the OCR: None, with a warning.
WARWICKSHIRE_FIGURES: dict[str, list[int | None] | None] = {
    "2.1": [88, 88, 83],
    "2.2": [92, 86, 83],
    "2.3": [91, 90, 83],
    "2.4": [96, 94, 93],
    "3.1": [80, 93, 73],
    "3.2": [73, 73, 89],
    "3.3": None,
    "3.4": [50, 71],
}
# Annex 1: "We examined 24 post-court cases" (line 1046), "15 out-of-court disposals" (1060).
WARWICKSHIRE_CASES = {"court": 24, "oocd": 15, "resettlement": None}
# Lines 166-184.
WARWICKSHIRE_RECOMMENDATIONS = [
    (
        "The Chief Officers Board",
        "ensure that the partnership strengthens its use of performance reports and data "
        "analysis to influence service delivery to all children and young people across "
        "Warwickshire",
    ),
    (
        "The Chief Officers Board",
        "track the performance data on education, training and employment for young people "
        "aged 16 and above, and ensure that these young people are engaged and that "
        "appropriate provision is available for them.",
    ),
    (
        "The YOS Manager",
        "review the procedure for deciding on and delivering out-of-court disposals and "
        "ensure that the process is clear to all staff and meets the needs of children and "
        "families",
    ),
    (
        "The YOS Manager",
        "develop a process that captures the views of children and young people, their "
        "parents/carers and other stakeholders so that they can influence future service "
        "delivery.",
    ),
]


@pytest.fixture(scope="module")
def westmorland_report() -> ImportedReport:
    return read_report(seed_path("000"))


@pytest.fixture(scope="module")
def warwickshire_report() -> ImportedReport:
    return read_report(seed_path("004"))


def parse(text: str) -> ImportedReport:
    return parse_report_text(text, "damaged.txt")


def cut(text: str, start: str, end: str) -> str:
    """The text without the part from `start` up to (not including) `end`."""
    i = text.index(start)
    return text[:i] + text[text.index(end, i) :]


def warned(report: ImportedReport, *words: str) -> bool:
    return any(all(w in warning for w in words) for warning in report.warnings)


# ---- The seeds, read completely ----


def test_golden_data_here_agrees_with_the_existing_golden_tests(
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


def test_both_seeds_pass_the_consistency_check(
    westmorland_report: ImportedReport, warwickshire_report: ImportedReport
) -> None:
    assert check_consistency(westmorland_report).problems == ()
    assert check_consistency(westmorland_report).unchecked == ()
    result = check_consistency(warwickshire_report)
    assert result.ok and result.problems == ()
    assert [u.split(":")[0] for u in result.unchecked] == ["3.3 Implementation and delivery"]


# ---- Damaged inputs: warnings, never wrong figures ----


def test_without_the_ratings_table() -> None:
    report = parse(cut(seed("000"), "## **Ratings**", "### **Recommendations**"))
    assert report.score is None and warned(report, "score", "no score was found")
    # The sections print every rating again, except 2.3's (its section has none).
    assert report.standards == WESTMORLAND_RATINGS | {"2.3": None}
    assert warned(report, "2.3 Implementation and delivery", "no rating")
    assert report.overall == "Requires improvement"  # also in the foreword
    assert report.key_questions == WESTMORLAND_FIGURES
    assert check_consistency(report).ok


def test_without_a_standards_section() -> None:
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


def test_a_garbled_key_question_table() -> None:
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


def test_a_garbled_ratings_table() -> None:
    text = seed("000")
    i, j = text.index("## **Ratings**"), text.index("### **Recommendations**")
    report = parse(text[:i] + re.sub(r"\d", "x", text[i:j]) + text[j:])
    assert report.score is None
    assert warned(report, "score", "cannot be read as a number")
    assert report.standards == WESTMORLAND_RATINGS | {"2.3": None}
    assert report.key_questions == WESTMORLAND_FIGURES


def test_a_garbled_annex() -> None:
    text = seed("004")
    i, j = text.index("Annex 2"), text.index("Annex 3")
    report = parse(text[:i] + re.sub(r"(\d)(\d)%", r"\1B%", text[i:j]) + text[j:])
    for standard_id, figures in WARWICKSHIRE_FIGURES.items():
        expected = None if figures is None else [None] * len(figures)
        assert report.key_questions[standard_id] == expected, standard_id
    assert warned(report, "2.1 Assessment", "2.1.1 as '8B%'", "cannot be read")
    assert report.standards == WARWICKSHIRE_RATINGS  # the ratings are not figures


def test_warwickshire_without_its_annex() -> None:
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


def test_a_made_up_inconsistent_report_is_caught() -> None:
    # 2.1 rated Outstanding in both places it is printed: its figures (lowest 75%) say Good.
    text = seed("000").replace("2.1\tAssessment\tGood", "2.1\tAssessment\tOutstanding")
    text = text.replace(
        "parents or carers.\n\nGood\n\nOur rating<sup>2</sup>",
        "parents or carers.\n\nOutstanding\n\nOur rating<sup>2</sup>",
    )
    report = parse(text)
    assert report.standards["2.1"] == "Outstanding"
    result = check_consistency(report)
    assert not result.ok
    assert result.problems == (
        "2.1 Assessment is rated Outstanding, but its lowest key-question figure is 75% "
        "(100%, 88%, 75%), in the Good band (65-79%)",
        "the score is printed as 14/36, but the ratings of the 12 standards that count "
        "(6 Requires improvement, 3 Good, 2 Inadequate, 1 Outstanding) add up to 15",
    )


def test_an_overall_rating_that_does_not_follow_from_the_score() -> None:
    text = seed("000").replace(
        "Overall rating Requires improvement\t\tRequires improvement",
        "Overall rating Good\t\tGood",
    )
    text = text.replace("was rated as 'Requires improvement'.", "was rated as 'Good'.")
    result = check_consistency(parse(text))
    assert result.problems == (
        "the overall rating is Good, but a score of 14/36 is in the Requires improvement "
        "band (7-18)",
    )


def test_a_lost_recommendations_page_leaves_the_addressee_unknown() -> None:
    report = parse(cut(seed("004"), "2. track the performance", "4. develop"))
    assert [(r.number, r.addressee) for r in report.recommendations] == [
        (1, "The Chief Officers Board"),
        (4, None),
    ]
    assert warned(report, "numbers 2 and 3 are missing")
    assert warned(report, "says it makes 4, but 2 were read")


def test_recommendations_joined_across_line_breaks_and_hyphens() -> None:
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


def test_a_text_that_is_not_a_report() -> None:
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


def test_a_2025_framework_report_is_refused_plainly() -> None:
    text = "An inspection of youth justice work with children and victims in Eastshire\n"
    with pytest.raises(InputError, match="2025 framework"):
        parse(text + seed("000"))


def test_framework_from_the_fieldwork_date_when_the_standards_do_not_say() -> None:
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


def test_unreadable_files(tmp_path: Path) -> None:
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
def test_a_pdf_without_text(tmp_path: Path) -> None:
    pdf = _pdf_of("", tmp_path / "blank.pdf")
    with pytest.raises(InputError, match="no text layer"):
        read_report(pdf)


def test_a_folder_of_reports(tmp_path: Path) -> None:
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


# ---- Benchmark records ----


def test_reports_become_benchmark_records(
    westmorland_report: ImportedReport, warwickshire_report: ImportedReport
) -> None:
    record = to_benchmark_record(westmorland_report)
    assert record == BenchmarkRecord(
        service="Westmorland and Furness",
        framework="hmip-youth-2021",
        fieldwork="2024-12",
        year=2024,
        published="2025-03",
        overall="Requires improvement",
        score=14,
        max_score=36,
        standards=WESTMORLAND_RATINGS,
        source="report",
        problems=[],
        reference=str(seed_path("000")),
        notes=[],
    )
    record = to_benchmark_record(warwickshire_report)
    # No score is printed: the record's is the ratings' points, and says so.
    assert (record.score, record.max_score, record.year) == (27, 36, 2018)
    assert record.notes and "not printed" in record.notes[0]
    assert record.standards == WARWICKSHIRE_RATINGS and record.problems == []


# ---- The ratings CSV ----

OVERALL_BANDS = [(0, 6, "inadequate"), (7, 18, "requires improvement"), (19, 30, "good")]


def _breaks_the_rules(row: dict[str, str]) -> bool:
    """A simple, independent check: a whole score out of 36, a rating word, and the
    overall rating the score gives (DOMAIN.md section 3)."""
    points = float(row["score_%"]) * 36 / 100
    if abs(points - round(points)) > 0.01:
        return True
    score = round(points)
    expected = next((word for lo, hi, word in OVERALL_BANDS if lo <= score <= hi), "outstanding")
    return row["overall_rating"].strip().lower() != expected


def test_the_csv_rejects_exactly_the_rows_that_break_the_rules() -> None:
    with RATINGS_CSV.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    expected = {line for line, row in enumerate(rows, 2) if _breaks_the_rules(row)}
    result = read_ratings_csv(RATINGS_CSV)
    assert {row.line for row in result.rejected} == expected
    assert len(expected) == 4  # DOMAIN.md: 79 of 83 rows are consistent
    assert len(result.records) == len(rows) - len(expected) == 79
    assert all(record.source == "csv" and not record.problems for record in result.records)
    reasons = {row.service: row.problems for row in result.rejected}
    assert reasons == {
        "Ceredigion": ["score_% 4.17 is not a whole score out of 36 (1.50 points)"],
        "West Sussex": [
            "the overall rating is Requires improvement, but a score of 26/36 is in the "
            "Good band (19-30)"
        ],
        "Portsmouth": [
            "overall_rating '1 The resettlement standard does not contribute to the ov...' "
            "is not a rating"
        ],
        "Bridgend": ["score_% 4.56 is not a whole score out of 36 (1.64 points)"],
    }


def test_the_csv_uses_only_its_unambiguous_columns() -> None:
    result = read_ratings_csv(RATINGS_CSV)
    assert set(result.unused_columns) == {
        "assessment",
        "planning",
        "implementation_and_delivery",
        "policy_and_provision",
    }
    newcastle = result.records[0]
    # Newcastle: staff, partnerships, information Good; reviewing Inadequate; resettlement
    # Good; governance blank (the scrape drops "Requires improvement"): not known, not guessed.
    assert newcastle.service == "Newcastle"
    assert newcastle.standards == {
        "1.2": "Good",
        "1.3": "Good",
        "1.4": "Good",
        "2.4": "Inadequate",
        "4.1": "Good",
    }
    assert (newcastle.score, newcastle.max_score, newcastle.overall) == (
        16,
        36,
        "Requires improvement",
    )
    assert (newcastle.published, newcastle.year) == ("2025-02-18", 2025)
    assert newcastle.framework == "hmip-youth-2021"
    by_service = {record.service: record for record in result.records}
    kirklees = by_service["Kirklees"]  # joint_working is a 2018 standard
    assert kirklees.framework == "hmip-youth-2018" and kirklees.standards["3.4"] == "Inadequate"
    assert by_service["Tower Hamlets and City of London"].overall == "Requires improvement"
    assert "joint inspection" in by_service["Suffolk"].notes[0]
    assert by_service["Harrow"].framework is None  # published Dec 2021: either framework


def test_a_csv_row_whose_known_ratings_cannot_make_its_score(tmp_path: Path) -> None:
    text = RATINGS_CSV.read_text(encoding="utf-8").splitlines()
    header = text[0].split(",")
    row = dict.fromkeys(header, "")
    row |= {
        "la_name": "Eastshire",
        "score_%": "16.67",  # 6 of 36
        "overall_rating": "Inadequate",
        "publication_date": "01/02/24",
        "staff": "Outstanding",
        "governance_and_leadership": "Outstanding",
        "partnerships_and_services": "Good",
    }
    path = tmp_path / "ratings.csv"
    path.write_text(text[0] + "\n" + ",".join(row[c] for c in header) + "\n", encoding="utf-8")
    result = read_ratings_csv(path)
    assert result.records == []
    assert result.rejected[0].line == 2
    assert result.rejected[0].problems == [
        "the score is printed as 6/36, but the 3 of 12 standards that count whose ratings "
        "are known allow only 8 to 35"
    ]


def test_a_damaged_csv_names_the_missing_column(tmp_path: Path) -> None:
    lines = RATINGS_CSV.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    drop = header.index("overall_rating")
    damaged = [",".join(c for i, c in enumerate(line.split(",")) if i != drop) for line in lines]
    path = tmp_path / "damaged.csv"
    path.write_text("\n".join(damaged) + "\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ratings_csv(path)
    assert "missing column 'overall_rating'" in str(caught.value)
    assert str(path) in str(caught.value)
    with pytest.raises(InputError, match="no such file"):
        read_ratings_csv(tmp_path / "none.csv")
