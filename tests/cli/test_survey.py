"""`yjqa survey summary`: JSON and tables of survey answers, and one clear message for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

# Six children: overall 9, 3, 10, 7, 8, 9 -> mean 46/6 = 7.67, median (8 + 9) / 2 = 8.5,
# 3 of 6 answered 9 or 10. Only four answered "helped": suppressed.
ANSWERS = """respondent,question,answer
c1,overall,9
c1,helped,10
c1,saw_worker,About right
c2,overall,3
c2,helped,2
c2,saw_worker,Not enough
c3,overall,10
c3,helped,9
c3,saw_worker,About right
c4,overall,7
c4,helped,6
c4,saw_worker,About right
c5,overall,8
c5,saw_worker,Too much
c6,overall,9
c6,best_thing,My worker listened to me
"""


@pytest.fixture
def answers(tmp_path: Path) -> Path:
    path = tmp_path / "answers.csv"
    path.write_text(ANSWERS, encoding="utf-8")
    return path


def test_json_gives_each_rating_question_exactly_its_figures(run_cli, answers: Path) -> None:
    result = run_cli("survey", "summary", answers, "--format", "json")
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert list(output) == ["questions", "respondents"]
    assert output["respondents"] == 6
    assert output["questions"]["overall"] == {
        "n": 6,
        "mean": 7.67,
        "median": 8.5,
        "share_9_10": 50.0,
        "distribution": {
            "1": 0,
            "2": 0,
            "3": 1,
            "4": 0,
            "5": 0,
            "6": 0,
            "7": 1,
            "8": 1,
            "9": 2,
            "10": 1,
        },
    }
    assert output["questions"]["helped"] == {"suppressed": True, "note": "fewer than 5 responses"}
    assert output["questions"]["saw_worker"] == {
        "kind": "choice",
        "n": 5,
        "options": {
            "About right": {"count": 3, "share": 60.0},
            "Not enough": {"count": 1, "share": 20.0},
            "Too much": {"count": 1, "share": 20.0},
        },
    }


def test_a_survey_definition_and_the_number_invited_give_every_question_and_the_rate(
    run_cli, answers: Path
) -> None:
    result = run_cli(
        "survey",
        "summary",
        answers,
        "--format",
        "json",
        "--survey",
        "children-feedback",
        "--invited",
        "12",
    )
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)
    assert output["response_rate"] == 50.0 and output["invited"] == 12
    # The definition's questions, in its order: all of them, answered or not.
    assert list(output["questions"])[:5] == ["listened", "explained", "safe", "helped", "overall"]
    assert output["questions"]["overall"]["mean"] == 7.67
    assert output["questions"]["saw_worker"]["options"]["Not sure"] == {"count": 0, "share": 0.0}
    assert output["questions"]["best_thing"] == {
        "kind": "text",
        "suppressed": True,
        "note": "fewer than 5 responses",
    }


def test_the_table_shows_the_respondents_ratings_and_suppression(run_cli, answers: Path) -> None:
    result = run_cli("survey", "summary", answers)
    assert result.exit_code == 0, result.stderr
    assert "6 respondents" in result.stdout
    assert "Ratings (1 to 10)" in result.stdout
    assert "7.67" in result.stdout and "8.5" in result.stdout
    assert "fewer than 5 responses" in result.stdout
    assert "About right" in result.stdout


def test_bad_rows_are_named_by_row_and_column_and_exit_2(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "bad.csv"
    path.write_text(
        "respondent,question,answer\nc1,overall,9\nc2,overall,11\n,overall,7\nc3,overall,8\n"
        "c4,overall,6\n",
        encoding="utf-8",
    )
    result = run_cli("survey", "summary", path, "--format", "json")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert f"{path}: row 3, column answer: '11' is not a whole number from 1 to 10" in (
        result.stderr.replace("\n", " ")
    )
    assert "row 4, column respondent: a value is required" in result.stderr


def test_answers_not_in_the_survey_exit_2(run_cli, answers: Path) -> None:
    bad = answers.read_text().replace("c2,overall,3", "c2,overall,ten")
    answers.write_text(bad)
    result = run_cli("survey", "summary", answers, "--survey", "children-feedback")
    assert result.exit_code == 2
    assert "row 5, column answer: 'ten' is not a whole number from 1 to 10" in result.stderr


def test_a_missing_file_and_a_bad_header_exit_2(run_cli, tmp_path: Path) -> None:
    result = run_cli("survey", "summary", tmp_path / "nothing.csv")
    assert result.exit_code == 2
    assert "file not found" in result.stderr
    header = tmp_path / "header.csv"
    header.write_text("who,question,answer\n")
    result = run_cli("survey", "summary", header)
    assert result.exit_code == 2
    assert "row 1: missing column respondent" in result.stderr
