"""Answers files: one row per answer, checked by row and column, and against a survey."""

from __future__ import annotations

import pytest

from yjqa.core.surveys.answers import parse_answers_text, responses_for_survey, summarise_answers
from yjqa.core.surveys.definitions import get_survey_definition
from yjqa.core.validation.problems import InputError

MARKER = {"suppressed": True, "note": "fewer than 5 responses"}


def zeros(**counts: int) -> dict[str, int]:
    return {str(r): counts.get(f"r{r}", 0) for r in range(1, 11)}


def test_summarising_answers_recognises_the_rating_questions() -> None:
    text = "respondent,question,answer\n" + "".join(
        f"r{i},overall,{v}\nr{i},colour,{c}\n"
        for i, (v, c) in enumerate([(9, "red"), (3, "blue"), (10, "red"), (7, "red"), (8, "")])
    )
    result = summarise_answers(parse_answers_text(text, "a.csv"))
    assert result == {
        "questions": {
            "overall": {
                "n": 5,
                "mean": 7.4,
                "median": 8.0,
                "share_9_10": 40.0,
                "distribution": zeros(r3=1, r7=1, r8=1, r9=1, r10=1),
            },
            "colour": {"kind": "choice", **MARKER},  # 4 answers
        },
        "respondents": 5,
    }


def test_answers_problems_name_row_and_column_in_row_order() -> None:
    text = (
        "Question,Respondent,Answer\n"
        "overall,r1,9\n"
        "overall,r2,11\n"
        "overall,,7\n"
        "overall,r1,8\n"
        "overall,r3,6\n"
    )
    with pytest.raises(InputError) as caught:
        summarise_answers(parse_answers_text(text, "a.csv"))
    assert [p.place for p in caught.value.problems] == [
        "row 3, column answer",
        "row 4, column respondent",
        "row 5, column question",
    ]
    assert "'11' is not a whole number from 1 to 10" in caught.value.describe()
    assert caught.value.describe().startswith("a.csv: row 3, column answer")


def test_a_missing_or_unknown_column_and_an_empty_file_are_refused() -> None:
    with pytest.raises(InputError, match="missing column answer"):
        parse_answers_text("respondent,question\nr1,q\n", "a.csv")
    with pytest.raises(InputError, match="unknown column 'score'"):
        parse_answers_text("respondent,question,answer,score\n", "a.csv")
    with pytest.raises(InputError, match="the file is empty"):
        parse_answers_text("", "a.csv")


def test_answers_are_checked_against_a_survey() -> None:
    definition = get_survey_definition("children-feedback")
    text = (
        "respondent,question,answer\n"
        "1,listened,8\n"
        "1,Did you see your worker enough?,about right\n"
        "2,listened,0\n"
        "2,saw_worker,Sometimes\n"
        "3,favourite,blue\n"
        "3,best_thing,My worker listened to me\n"
    )
    with pytest.raises(InputError) as caught:
        responses_for_survey(parse_answers_text(text, "a.csv"), definition)
    assert [p.place for p in caught.value.problems] == [
        "row 4, column answer",
        "row 5, column answer",
        "row 6, column question",
    ]
    good = "\n".join(text.splitlines()[:3] + text.splitlines()[-1:]) + "\n"
    responses = responses_for_survey(parse_answers_text(good, "a.csv"), definition)
    assert [dict(r.answers) for r in responses] == [
        {"listened": "8", "saw_worker": "About right"},
        {"best_thing": "My worker listened to me"},
    ]
