"""Reading reports on HMIP's 2025 framework (issue 15): the kind of inspection told from the
content, every area and activity rating, the children's and victims' cases, the same reading
from the text and from the web page, and a text cut short read for what it holds.

The reports are written for the tests in the structure HMIP publishes (tests/data/published/
README.md); the expected values below are what those texts print.
"""

from __future__ import annotations

from dataclasses import asdict, replace

import pytest

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.consistency import check_consistency
from yjqa.core.published_reports.output import report_as_dict
from yjqa.core.published_reports.parsing import parse_report_text, read_report
from yjqa.core.published_reports.records import FRAMEWORK_2025, ImportedReport
from yjqa.core.validation.problems import InputError

from helpers import PUBLISHED, seed

EASTMOOR = PUBLISHED / "005_eastmoor-children-and-victims-2025.txt"
WESTHAVEN = PUBLISHED / "006_westhaven-full-2025.txt"
CUT_SHORT = PUBLISHED / "007_eastmoor-cut-short-2025.txt"

EASTMOOR_AREAS = {"work_with_children": "Good", "work_with_victims": "Requires improvement"}
EASTMOOR_STANDARDS = {
    "2.1": "Good",
    "2.2": "Good",
    "2.3": "Outstanding",
    "V1": "Requires improvement",
}
WESTHAVEN_AREAS = {
    "organisational_delivery": "Good",
    "work_with_children": "Good",
    "work_with_victims": "Outstanding",
}
WESTHAVEN_STANDARDS = {
    "1.1": "Good",
    "1.2": "Good",
    "1.3": "Requires improvement",
    "1.4": "Good",
    "2.1": "Good",
    "2.2": "Requires improvement",
    "2.3": "Good",
    "V1": "Outstanding",
}


def parse(text: str) -> ImportedReport:
    return parse_report_text(text, "invented.txt")


def test_the_expected_ids_are_the_frameworks_own() -> None:
    framework = get_framework(FRAMEWORK_2025)
    assert {a.id for a in framework.areas} == set(WESTHAVEN_AREAS)
    assert [s.id for s in framework.iter_standards()] == list(WESTHAVEN_STANDARDS)
    children = framework.inspection_type("children_and_victims")
    assert children is not None and list(children.areas) == list(EASTMOOR_AREAS)


# ---- An inspection of work with children and victims ----


def test_an_inspection_of_work_with_children_and_victims_is_read_completely(
    eastmoor_report: ImportedReport,
) -> None:
    report = eastmoor_report
    assert report.service == "Eastmoor"
    assert (report.framework, report.inspection_type) == (FRAMEWORK_2025, "children_and_victims")
    assert (report.fieldwork, report.published) == ("2025-09", "2025-11-12")
    assert report.overall == "Good"
    assert (report.score, report.max_score) == (None, None)
    assert report.areas == EASTMOOR_AREAS
    assert report.standards == EASTMOOR_STANDARDS
    assert report.key_questions == {}
    assert report.cases == {"children": 24, "victims": 12}
    assert [(r.addressee, r.number) for r in report.recommendations] == [
        ("Eastmoor YJS", 1),
        ("Eastmoor YJS", 2),
        ("Eastmoor YJS", 3),
        ("The Eastmoor YJS management board", 4),
    ]
    assert report.recommendations[3].text == (
        "monitor the quality of work with victims, and hold the partnership to account for "
        "the support victims receive."
    )
    assert (report.complete, report.missing, report.warnings) == (True, [], [])


def test_a_full_inspection_under_the_earlier_title_is_told_from_its_foreword(
    westhaven_report: ImportedReport,
) -> None:
    report = westhaven_report
    assert seed_text(WESTHAVEN).startswith("An inspection of youth justice services in Westhaven")
    assert (report.framework, report.inspection_type) == (FRAMEWORK_2025, "full")
    assert report.service == "Westhaven"
    assert (report.fieldwork, report.published) == ("2026-01", "2026-03-17")
    assert report.overall == "Good"
    assert report.areas == WESTHAVEN_AREAS
    assert report.standards == WESTHAVEN_STANDARDS
    assert report.cases == {"children": 30, "victims": 15}
    assert [r.addressee for r in report.recommendations] == [
        "The Westhaven YJS management board",
        "Westhaven YJS",
        "Westhaven YJS",
    ]
    assert (report.complete, report.missing, report.warnings) == (True, [], [])


def seed_text(path: object) -> str:
    return PUBLISHED.joinpath(str(path)).read_text(encoding="utf-8")


def test_the_kind_comes_from_the_foreword_not_the_title() -> None:
    # The foreword of a full inspection under the title of an inspection of children and
    # victims: the content decides, and the reader says the two disagree.
    text = seed_text(WESTHAVEN).replace(
        "An inspection of youth justice services in Westhaven",
        "An inspection of youth justice work with children and victims in Westhaven",
    )
    report = parse(text)
    assert report.inspection_type == "full"
    assert any(w.startswith("inspection_type: the title") for w in report.warnings)
    # Without its foreword, the title tells an inspection of children and victims...
    start = text.index("Foreword\nThis inspection")
    no_foreword = text[:start] + text[text.index("Ratings\nWesthaven") :]
    assert parse(no_foreword).inspection_type == "children_and_victims"
    # ... and under the earlier title, a rating for work with victims beside one for
    # organisational delivery tells a full inspection.
    plain = no_foreword.replace(
        "An inspection of youth justice work with children and victims in Westhaven",
        "An inspection of youth justice services in Westhaven",
    )
    report = parse(plain)
    assert (report.framework, report.inspection_type) == (FRAMEWORK_2025, "full")
    assert report.areas == WESTHAVEN_AREAS


def test_earlier_reports_stay_on_their_frameworks() -> None:
    # Westmorland's foreword names three broad areas too, but not work with victims.
    assert parse(seed("000")).framework == "hmip-youth-2021"
    assert parse(seed("004")).framework == "hmip-youth-2018"


def test_a_rating_printed_differently_in_two_places_is_left_empty() -> None:
    text = seed_text(EASTMOOR).replace("Delivery\nOutstanding", "Delivery\nGood")
    report = parse(text)
    assert report.standards["2.3"] is None
    assert "standards.2.3" in report.missing and report.complete is False
    assert any(
        "2.3 Delivery: the report gives different ratings" in w and "Good" in w
        for w in report.warnings
    )


def test_an_organisational_standard_named_otherwise_is_read_by_its_number_with_a_warning() -> None:
    text = seed_text(WESTHAVEN).replace(
        "1.4\tAppropriate Adult arrangements\tGood", "1.4\tChildren in police custody\tGood"
    )
    report = parse(text)
    assert report.standards["1.4"] == "Good"
    assert any("printed as 'Children in police custody'" in w for w in report.warnings)


# ---- The web page ----


@pytest.mark.parametrize("name", [EASTMOOR.stem, WESTHAVEN.stem])
def test_the_web_page_reads_as_its_text(name: str) -> None:
    from_text = read_report(PUBLISHED / f"{name}.txt")
    from_html = read_report(PUBLISHED / f"{name}.html")
    assert from_html.source.endswith(".html")
    assert asdict(replace(from_html, source="")) == asdict(replace(from_text, source=""))
    assert report_as_dict(from_html) == report_as_dict(from_text)


def test_the_web_pages_scripts_navigation_and_footer_are_not_read() -> None:
    # The Westhaven page's JSON-LD script says "Overall rating Inadequate" and its footer
    # "HM Inspectorate of Probation, March 2020": neither is report text.
    page = (PUBLISHED / f"{WESTHAVEN.stem}.html").read_text(encoding="utf-8")
    assert "Overall rating Inadequate" in page and "Probation, March 2020" in page
    report = read_report(PUBLISHED / f"{WESTHAVEN.stem}.html")
    assert (report.overall, report.published) == ("Good", "2026-03-17")


def test_a_web_page_is_told_by_its_content_whatever_its_name(tmp_path) -> None:  # type: ignore[no-untyped-def]
    saved = tmp_path / "report.txt"
    saved.write_text(
        (PUBLISHED / f"{EASTMOOR.stem}.html").read_text(encoding="utf-8"), encoding="utf-8"
    )
    report = read_report(saved)
    assert report.areas == EASTMOOR_AREAS and report.complete


# ---- A text cut short ----


def test_a_text_cut_short_is_read_for_what_it_holds() -> None:
    report = read_report(CUT_SHORT)
    assert (report.framework, report.inspection_type) == (FRAMEWORK_2025, "children_and_victims")
    assert (report.service, report.fieldwork, report.overall) == ("Eastmoor", "2025-09", "Good")
    assert report.areas == {"work_with_children": "Good", "work_with_victims": None}
    assert report.standards == {"2.1": "Good", "2.2": None, "2.3": None, "V1": None}
    assert report.complete is False
    assert report.missing == [
        "areas.work_with_victims",
        "standards.2.2",
        "standards.2.3",
        "cases.children",
        "cases.victims",
        "recommendations",
    ]
    assert any("printed as 'Planning G0od'" in w for w in report.warnings)


def test_a_title_and_foreword_alone_are_a_report_with_everything_else_missing() -> None:
    text = seed_text(EASTMOOR)
    report = parse(text[: text.index("Overall, Eastmoor YJS")])
    assert report.inspection_type == "children_and_victims"
    assert report.complete is False
    assert {"overall", "areas.work_with_children", "standards.2.1"} <= set(report.missing)


def test_a_text_with_nothing_recognisable_is_still_refused() -> None:
    with pytest.raises(InputError, match="does not look like an HMIP youth inspection report"):
        parse("Notes from the team meeting.\nFieldwork started September 2025\n")


# ---- Consistency by the provisional rules ----


def test_both_kinds_are_consistent_with_the_provisional_rules(
    eastmoor_report: ImportedReport, westhaven_report: ImportedReport
) -> None:
    for report, checks in ((eastmoor_report, 2), (westhaven_report, 3)):
        consistency = check_consistency(report)
        assert consistency.ok and consistency.provisional
        assert consistency.checked == checks  # children's area (and organisational), overall
        assert consistency.unchecked == (
            "each activity's rating (assessing, planning, delivery) and work with victims' "
            "against key-question figures: 2025 reports print none",
        )


def test_an_area_that_does_not_follow_its_activities_is_a_provisional_problem() -> None:
    # Assessing and planning Requires improvement, delivery Outstanding: the provisional rule
    # gives Requires improvement, the report says Good.
    text = seed_text(EASTMOOR)
    for old, new in (
        ("Assessing\tGood", "Assessing\tRequires improvement"),
        ("Planning\tGood", "Planning\tRequires improvement"),
        ("Assessing\nGood", "Assessing\nRequires improvement"),
        ("Planning\nGood", "Planning\nRequires improvement"),
    ):
        text = text.replace(old, new)
    consistency = check_consistency(parse(text))
    assert consistency.provisional and not consistency.ok
    assert consistency.problems[0].startswith(
        "Work with children is rated Good, but its standards (assessing Requires improvement, "
        "planning Requires improvement, delivery Outstanding) give Requires improvement by the "
        "2025 framework's provisional rule"
    )


def test_an_overall_rating_that_does_not_follow_the_areas_is_a_provisional_problem() -> None:
    # Work with victims two bands below work with children lowers the overall rating by one
    # band under the provisional rule for an inspection of children and victims.
    text = (
        seed_text(EASTMOOR)
        .replace("Work with victims\tRequires improvement", "Work with victims\tInadequate")
        .replace("Work with victims\nRequires improvement", "Work with victims\nInadequate")
    )
    consistency = check_consistency(parse(text))
    assert len(consistency.problems) == 1
    assert consistency.problems[0].startswith(
        "the overall rating is Good, but the areas (work with children Good, work with victims "
        "Inadequate) give Requires improvement by the 2025 framework's provisional rule"
    )


def test_what_a_text_cut_short_cannot_check_is_listed() -> None:
    consistency = check_consistency(read_report(CUT_SHORT))
    assert not consistency.ok and consistency.nothing_checked
    assert consistency.unchecked[1:] == (
        "work with children against its standards' ratings, which were not all read",
        "the overall rating against the areas, as not every area's rating was read",
    )
