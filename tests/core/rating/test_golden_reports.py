"""Golden tests: the engine reproduces the published HMIP reports kept in tests/data/published."""

from __future__ import annotations

import csv
import json
import re
from fractions import Fraction
from pathlib import Path

import pytest
import yaml

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import KeyQuestionFigure, Tally, overall_rating, rate_case_standard

from helpers import CASES, ROOT, WARWICKSHIRE, WARWICKSHIRE_OTHERS, PublishedReport, seed

EXAMPLE = ROOT / "examples" / "westmorland-and-furness-2025.yaml"


def test_seed_parser_found_every_printed_figure(westmorland: PublishedReport) -> None:
    assert westmorland.score == 14 and westmorland.max_score == 36
    assert len(westmorland.ratings) == 13
    assert sorted(westmorland.key_questions) == ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"]


def test_key_question_wording_is_verbatim_from_the_2021_seed(
    westmorland: PublishedReport,
) -> None:
    framework = get_framework("hmip-youth-2021")
    for standard_id, rows in westmorland.key_questions.items():
        printed = [text for text, _ in rows]
        shipped = [q.text for q in framework.standard(standard_id).key_questions]
        assert shipped == printed, standard_id


def test_headlines_are_verbatim_from_the_2021_seed() -> None:
    # The printed layout puts the rating beside the headline: drop that column.
    text = re.sub(r"\t(Requires|improvement)\s*$", "", seed("000"), flags=re.M)
    text = " ".join(text.split())
    for standard in get_framework("hmip-youth-2021").iter_standards():
        assert standard.headline in text, standard.id


def test_2018_wording_is_verbatim_from_warwickshire_annex() -> None:
    text = seed("004").replace("\u2019", "'")
    text = re.sub(r"-\n", "-", text)
    text = re.sub(r"\b\d+%", " ", text)
    text = " ".join(text.split())
    framework = get_framework("hmip-youth-2018")
    for standard in framework.iter_standards():
        assert standard.headline in text, standard.id
        for question in standard.key_questions:
            assert question.text in text, question.id


def test_example_file_holds_the_printed_figures(westmorland: PublishedReport) -> None:
    example = yaml.safe_load(EXAMPLE.read_text())
    assert example["judgements"] == {
        k: v for k, v in westmorland.ratings.items() if k in example["judgements"]
    }
    assert example["key_questions"] == {
        sid: [pct for _, pct in rows] for sid, rows in westmorland.key_questions.items()
    }


def _expected_json(report: PublishedReport) -> dict[str, object]:
    return {
        "score": report.score,
        "max_score": report.max_score,
        "overall": report.overall,
        "ratings": report.ratings,
        "key_questions": {
            sid: [pct for _, pct in rows] for sid, rows in report.key_questions.items()
        },
    }


def _summary(result: dict[str, object]) -> dict[str, object]:
    standards = result["standards"]
    assert isinstance(standards, dict)
    return {
        "score": result["score"],
        "max_score": result["max_score"],
        "overall": result["overall"],
        "ratings": {sid: entry["rating"] for sid, entry in standards.items()},
        "key_questions": {
            sid: list(entry["key_questions"].values())
            for sid, entry in standards.items()
            if "key_questions" in entry
        },
    }


def test_westmorland_s_printed_percentages_rate_as_published(
    run_cli, westmorland: PublishedReport
) -> None:
    result = run_cli("rate", "--percentages", EXAMPLE, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["framework"] == "hmip-youth-2021"
    assert _summary(data) == _expected_json(westmorland)
    assessment = data["standards"]["2.1"]
    assert {key: assessment[key] for key in list(assessment)[:4]} == {
        "rating": "Good",
        "key_questions": {"2.1.1": 100, "2.1.2": 88, "2.1.3": 75},
        "lowest": 75,
        "cases": 8,
    }
    # Then how sure the rating is (issue 7; see tests/cli/test_rate.py for their shape).
    assert list(assessment)[4:] == [
        "key_question_stats",
        "band_probability",
        "borderline",
        "next_band",
        "too_few_cases",  # issue 19
        "most_likely",
    ]
    assert data["standards"]["1.1"] == {"rating": "Requires improvement"}


def answers_for(printed: int, cases: int) -> tuple[int, int]:
    """Yes and No counts, using as many of the cases as possible, that print as `printed`%."""
    for answered in range(cases, 0, -1):
        for yes in range(answered + 1):
            if int(Fraction(100 * yes, answered) + Fraction(1, 2)) == printed:
                return yes, answered - yes
    raise AssertionError(f"no split of {cases} cases prints as {printed}%")


def write_answers(path: Path, report: PublishedReport, cases: dict[str, int]) -> None:
    framework = get_framework("hmip-youth-2021")
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["case_ref", "key_question", "answer"])
        for standard_id, rows in report.key_questions.items():
            n = cases[standard_id.split(".")[0]]
            questions = framework.standard(standard_id).key_questions
            for question, (_, printed) in zip(questions, rows, strict=True):
                yes, no = answers_for(printed, n)
                words = ["yes"] * yes + ["no"] * no + ["n/a"] * (n - yes - no)
                for number, word in enumerate(words, 1):
                    # Mixed case on purpose: answer words are case-insensitive.
                    writer.writerow(
                        [f"WF-{standard_id[0]}-{number:02d}", question.id, word.upper()]
                    )


def test_westmorland_s_case_level_answers_rate_as_published(
    run_cli,
    westmorland: PublishedReport,
    tmp_path: Path,
) -> None:
    answers = tmp_path / "answers.csv"
    write_answers(answers, westmorland, CASES)
    judgements = tmp_path / "judgements.yaml"
    example = yaml.safe_load(EXAMPLE.read_text())
    judgements.write_text(yaml.safe_dump(example["judgements"]))
    result = run_cli(
        "rate",
        "--answers",
        answers,
        "--judgements",
        judgements,
        "--framework",
        "hmip-youth-2021",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert _summary(data) == _expected_json(westmorland)
    assert data["standards"]["2.2"]["cases"] == 8
    assert data["standards"]["3.3"]["cases"] == 12


def test_warwickshire_figures_are_those_printed() -> None:
    annex = seed("004")
    annex = annex[annex.index("Annex 2") : annex.index("Annex 3")]
    printed = [int(p) for p in re.findall(r"(\d+)%", annex)]
    expected = [pct for figures, _ in WARWICKSHIRE.values() for pct in figures]
    assert printed == expected


@pytest.mark.parametrize("standard_id", sorted(WARWICKSHIRE))
def test_each_warwickshire_standard_rates_as_published(standard_id: str) -> None:
    framework = get_framework("hmip-youth-2018")
    standard = framework.standard(standard_id)
    figures, rating = WARWICKSHIRE[standard_id]
    result = rate_case_standard(
        standard,
        [
            KeyQuestionFigure(q.id, Fraction(p))
            for q, p in zip(standard.key_questions, figures, strict=True)
        ],
        framework.rating_rules,
    )
    assert result.rating == rating


def test_warwickshire_s_overall_rating_follows_from_its_standard_ratings() -> None:
    framework = get_framework("hmip-youth-2018")
    rules = framework.rating_rules
    assert rules is not None
    ratings = {sid: rating for sid, (_, rating) in WARWICKSHIRE.items()} | WARWICKSHIRE_OTHERS
    points = {band.rating: band.points for band in rules.bands}
    assert len(ratings) == 12 == framework.max_score() // 3
    assert overall_rating(sum(points[r] for r in ratings.values()), rules) == "Good"


def test_warwickshire_s_court_figures_come_from_fewer_applicable_cases() -> None:
    """24 court cases: 86% and 93% can only come from fewer applicable cases."""
    framework = get_framework("hmip-youth-2018")
    standard = framework.standard("2.2")
    figures = []
    for question, printed in zip(standard.key_questions, [92, 86, 83], strict=True):
        yes, no = answers_for(printed, 24)
        figures.append(KeyQuestionFigure(question.id, Tally(yes, no).percentage))
    result = rate_case_standard(standard, figures, framework.rating_rules)
    assert [int(kq.shown or 0) for kq in result.key_questions] == [92, 86, 83]
    assert result.rating == "Outstanding"
