"""Survey summaries, with suppression of small groups: figures worked out by hand."""

from __future__ import annotations

import pytest

from yjqa.core.surveys.definitions import (
    COMPLEMENTARY_NOTE,
    NOT_ANSWERED,
    SUPPRESSED_NOTE,
    SurveyResponse,
    parse_survey_definition,
)
from yjqa.core.surveys.summaries import (
    breakdown_summary,
    change_since,
    choice_summary,
    rating_summary,
    response_rate,
    summarise_survey,
    text_summary,
)

from helpers import PILOT_SURVEY as GOOD

MARKER = {"suppressed": True, "note": "fewer than 5 responses"}


def zeros(**counts: int) -> dict[str, int]:
    return {str(r): counts.get(f"r{r}", 0) for r in range(1, 11)}


# --- Ratings -----------------------------------------------------------------------------------


def test_a_rating_summary_of_an_odd_count_has_the_middle_value_as_median() -> None:
    # 3, 7, 8, 9, 10: mean 37/5 = 7.4, median 8, two of five answered 9 or 10.
    assert rating_summary([9, 3, 10, 7, 8]) == {
        "n": 5,
        "mean": 7.4,
        "median": 8.0,
        "share_9_10": 40.0,
        "distribution": zeros(r3=1, r7=1, r8=1, r9=1, r10=1),
    }


def test_rating_summary_even_count_median_is_the_mean_of_the_middle_two() -> None:
    # 1, 2, 5, 6, 9, 10: mean 33/6 = 5.5; median (5 + 6) / 2 = 5.5; 2 of 6 gave 9 or 10.
    summary = rating_summary([10, 1, 6, 2, 9, 5])
    assert summary["median"] == 5.5
    assert summary["mean"] == 5.5
    assert summary["share_9_10"] == 33.3
    assert summary["distribution"] == zeros(r1=1, r2=1, r5=1, r6=1, r9=1, r10=1)


def test_rating_summary_rounds_and_lists_every_bucket() -> None:
    # 7, 7, 7, 8, 8, 8, 10: mean 55/7 = 7.857..., median 8, 1 of 7 = 14.285...%.
    summary = rating_summary([7, 7, 7, 8, 8, 8, 10])
    assert summary["mean"] == 7.86
    assert summary["median"] == 8.0
    assert summary["share_9_10"] == 14.3
    assert list(summary["distribution"]) == [str(r) for r in range(1, 11)]
    assert summary["distribution"]["1"] == 0 and summary["distribution"]["9"] == 0
    assert sum(summary["distribution"].values()) == 7
    assert list(summary) == ["n", "mean", "median", "share_9_10", "distribution"]


def test_rating_summary_with_fewer_than_5_is_suppressed() -> None:
    assert rating_summary([10, 10, 10, 10]) == MARKER
    assert rating_summary([]) == MARKER
    assert rating_summary([10, 10, 10, 10, 10])["n"] == 5
    assert MARKER["note"] == SUPPRESSED_NOTE


def test_rating_summary_rejects_values_outside_1_to_10() -> None:
    with pytest.raises(ValueError, match="1 to 10"):
        rating_summary([1, 2, 3, 4, 11])


# --- Choices, comments, response rate, change --------------------------------------------------


def test_choice_summary_counts_and_shares_every_option() -> None:
    answers = ["Yes", "No", "Yes", "Yes", "Not sure", "Yes", "No", "Yes"]
    assert choice_summary(answers, ["Yes", "No", "Not sure", "Never"]) == {
        "kind": "choice",
        "n": 8,
        "options": {
            "Yes": {"count": 5, "share": 62.5},
            "No": {"count": 2, "share": 25.0},
            "Not sure": {"count": 1, "share": 12.5},
            "Never": {"count": 0, "share": 0.0},
        },
    }
    assert choice_summary(["Yes"] * 4, ["Yes", "No"]) == {"kind": "choice", **MARKER}


def test_text_summary_counts_themes_and_lists_unthemed() -> None:
    comments = [
        ("My worker listened to me", "Listened to"),
        ("They listened", "Listened to"),
        ("More football", "Activities"),
        ("Nothing", None),
        ("It was ok", None),
        ("Helped with college", "Education"),
    ]
    summary = text_summary(comments, ["Activities", "Listened to", "Unused"])
    assert summary == {
        "kind": "text",
        "n": 6,
        "themes": {"Activities": 1, "Listened to": 2, "Unused": 0, "Education": 1},
        "unthemed": 2,
    }
    assert "comments" not in summary  # never without include_comments
    full = text_summary(comments, ["Activities"], include_comments=True)
    assert full["comments"]["Listened to"] == ["My worker listened to me", "They listened"]
    assert full["unthemed_comments"] == ["Nothing", "It was ok"]
    few = text_summary(comments[:4], include_comments=True)
    assert few == {"kind": "text", **MARKER}


def test_the_response_rate_is_a_share_of_those_invited_when_known() -> None:
    assert response_rate(30, 40) == 75.0
    assert response_rate(1, 3) == 33.3
    assert response_rate(5, None) is None
    assert response_rate(5, 0) is None


def test_the_change_since_the_last_period_is_given_unless_either_is_suppressed() -> None:
    now = rating_summary([8, 9, 10, 7, 9])  # mean 8.6, 60% 9 or 10
    before = rating_summary([6, 7, 9, 5, 8, 7])  # mean 7.0, 1 of 6 = 16.7%
    assert change_since(now, before) == {
        "mean": 1.6,
        "share_9_10": 43.3,
        "previous": {"n": 6, "mean": 7.0, "share_9_10": 16.7},
    }
    assert change_since(now, rating_summary([9, 9])) == MARKER
    assert change_since(rating_summary([1]), before) == MARKER


# --- Suppression of breakdowns -----------------------------------------------------------------


def test_a_group_with_fewer_than_5_is_suppressed_and_so_is_the_smallest_other() -> None:
    values = [("Young", 9)] * 2 + [("Middle", 7)] * 6 + [("Old", 5)] * 8
    result = breakdown_summary(["Young", "Middle", "Old"], values)
    assert result["Young"] == MARKER
    # Shown, "Middle" and "Old" would give "Young" away by subtraction from the whole: the
    # smaller of them is suppressed too.
    assert result["Middle"] == {"suppressed": True, "note": COMPLEMENTARY_NOTE}
    assert result["Old"]["n"] == 8 and result["Old"]["mean"] == 5.0


def test_no_complementary_suppression_when_the_hidden_groups_hold_5_or_none() -> None:
    values = [("A", 9)] * 3 + [("B", 8)] * 2 + [("C", 7)] * 6
    result = breakdown_summary(["A", "B", "C", "D"], values)
    assert result["A"] == MARKER and result["B"] == MARKER  # 3 + 2 = 5 hidden together
    assert result["D"] == MARKER  # no answers at all
    assert result["C"]["n"] == 6
    everyone_shown = breakdown_summary(["A", "B"], [("A", 1)] * 5 + [("B", 2)] * 5)
    assert everyone_shown["A"]["n"] == 5 and everyone_shown["B"]["n"] == 5


def test_every_group_is_suppressed_when_none_reaches_5() -> None:
    result = breakdown_summary(["A", "B"], [("A", 1)] * 4 + [("B", 2)] * 4)
    assert result == {"A": MARKER, "B": MARKER}


# --- Whole surveys -----------------------------------------------------------------------------


def test_a_whole_survey_is_summarised_with_breakdowns_and_change() -> None:
    definition = parse_survey_definition(
        GOOD.replace("options: [Often, Never]", "options: ['Yes', 'No']\n    breakdown: true"), "p"
    )
    responses = [SurveyResponse({"overall": "9", "again": "Yes"}) for _ in range(6)]
    responses += [SurveyResponse({"overall": "4", "again": "No"}) for _ in range(2)]
    responses += [SurveyResponse({"overall": "6"})]  # did not answer "again"
    previous = [SurveyResponse({"overall": "5"}) for _ in range(5)]
    summary = summarise_survey(definition, responses, invited=18, previous=previous)
    assert summary["respondents"] == 9
    assert summary["response_rate"] == 50.0
    overall = summary["questions"]["overall"]
    # 6 x 9 + 2 x 4 + 6 = 68 / 9 = 7.555...; sorted 4 4 6 9 9 9 9 9 9: median 9.
    assert overall["mean"] == 7.56 and overall["median"] == 9.0
    assert overall["share_9_10"] == 66.7
    assert summary["questions"]["again"]["options"]["Yes"] == {"count": 6, "share": 75.0}
    groups = summary["breakdowns"]["again"]["overall"]
    assert list(groups) == ["Yes", "No", NOT_ANSWERED]
    # "No" (2) and "Not answered" (1) hold 3 together: "Yes" is suppressed too.
    assert groups["No"] == MARKER and groups[NOT_ANSWERED] == MARKER
    assert groups["Yes"] == {"suppressed": True, "note": COMPLEMENTARY_NOTE}
    assert summary["change"]["overall"]["mean"] == 2.56
    assert summary["change"]["overall"]["share_9_10"] == 66.7
    assert summarise_survey(definition, responses)["change"] is None
