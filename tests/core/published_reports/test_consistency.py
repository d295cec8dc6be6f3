"""The consistency check: a published report's ratings and score against the rating rules."""

from __future__ import annotations

from yjqa.core.published_reports.consistency import check_consistency
from yjqa.core.published_reports.parsing import parse_report_text
from yjqa.core.published_reports.records import ImportedReport

from helpers import seed


def parse(text: str) -> ImportedReport:
    return parse_report_text(text, "damaged.txt")


def test_both_seeds_pass_the_consistency_check(
    westmorland_report: ImportedReport, warwickshire_report: ImportedReport
) -> None:
    assert check_consistency(westmorland_report).problems == ()
    assert check_consistency(westmorland_report).unchecked == ()
    result = check_consistency(warwickshire_report)
    assert result.ok and result.problems == ()
    assert [u.split(":")[0] for u in result.unchecked] == ["3.3 Implementation and delivery"]


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


def test_a_2025_report_of_unknown_kind_checks_nothing_and_is_not_ok() -> None:
    report = ImportedReport(source="invented.txt", framework="hmip-youth-2025", overall="Good")
    consistency = check_consistency(report)
    assert consistency.problems == ()
    assert consistency.ok is False and consistency.nothing_checked
    assert consistency.provisional is True
    assert consistency.unchecked[-1] == (
        "the overall rating against the areas: the kind of inspection is not known"
    )
