"""`yjqa rate`: its outputs, how sure each rating is, and exit status 2 with one clear message."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from scipy.stats import beta
from statsmodels.stats.proportion import proportion_confint

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.prior import shipped_priors

from helpers import ROOT

EXAMPLE = ROOT / "examples" / "westmorland-and-furness-2025.yaml"
GOOD_PERCENTAGES = EXAMPLE.read_text()


def test_table_output_reads_like_the_report(run_cli) -> None:
    result = run_cli("rate", "--percentages", EXAMPLE)
    assert result.exit_code == 0
    assert "14/36" in result.stdout
    assert "Overall rating" in result.stdout and "Requires improvement" in result.stdout
    assert "3.1 Assessment" in result.stdout and "Inadequate" in result.stdout
    assert "does not influence the overall YJS rating" in result.stdout
    assert "3.2.3 Does planning focus on keeping other people safe?" in result.stdout


def test_markdown_output_has_the_ratings_tables_and_the_figure_in_bold(run_cli) -> None:
    result = run_cli("rate", "--percentages", EXAMPLE, "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "**Score:** 14/36" in lines
    assert "**Overall rating:** Requires improvement" in lines
    assert "| 2.2 Planning | Requires improvement |" in lines
    assert "| 4.1 Resettlement policy and provision<sup>1</sup> | Requires improvement |" in lines
    assert "## 3.3 Implementation and delivery: Requires improvement" in lines
    # The figure that drives the rating is in bold; then its 95% interval (issue 7).
    assert any(
        line.startswith(
            "| 3.3.3 Does service delivery effectively support the safety of other people? "
            "| **58%** | "
        )
        for line in lines
    )


def test_a_framework_file_can_be_used_to_rate(run_cli, tmp_path: Path) -> None:
    framework_file = ROOT / "src" / "yjqa" / "frameworks" / "hmip-youth-2021.yaml"
    percentages = tmp_path / "p.yaml"
    percentages.write_text(GOOD_PERCENTAGES.replace("hmip-youth-2021", str(framework_file)))
    result = run_cli("rate", "--percentages", percentages, "--format", "json")
    assert result.exit_code == 0, result.stderr
    assert json.loads(result.stdout)["score"] == 14


def _percentages_error(run_cli, tmp_path: Path, text: str) -> str:
    path = tmp_path / "figures.yaml"
    path.write_text(text)
    result = run_cli("rate", "--percentages", path, "--format", "json")
    assert result.exit_code == 2, result.stdout
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    return " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ('  "1.2": Good\n', ""),
            'judgements["1.2"]: missing: no judgement recorded for 1.2 Staff',
        ),
        (
            ('  "2.3": [100, 88, 75]\n', ""),
            'key_questions["2.3"]: missing: no key-question figures',
        ),
        (("[100, 88, 75]", "[100, 88, 175]"), 'key_questions["2.1"][2]: 175 is not a percentage'),
        (("[100, 88, 75]", "[100, -1, 75]"), 'key_questions["2.1"][1]: -1 is not a percentage'),
        (
            ("[100, 88, 75]", "[100, 88]"),
            "has 3 key questions (2.1.1, 2.1.2, 2.1.3), but 2 figures",
        ),
        (
            ("[100, 88, 75]", "[100, lots, 75]"),
            "key_questions[\"2.1\"][1]: 'lots' is not a percentage",
        ),
        (('  "2.1": 8\n', '  "2.1": eight\n'), "cases[\"2.1\"]: 'eight' is not a number of cases"),
        (('"1.2": Good', '"1.2": Great'), "'Great' is not a rating; use one of: Outstanding"),
        (('"1.2": Good', '"2.1": Good'), 'judgements["2.1"]: standard 2.1 is rated from its key'),
        (('"2.4": [88, 88, 50]', '"2.9": [88, 88, 50]'), "unknown standard '2.9'"),
        (("hmip-youth-2021", "hmip-youth-2099"), "unknown framework 'hmip-youth-2099'"),
        (("cases:", "caces:"), "caces: unknown field"),
        (("[100, 88, 75]", "[100, 88, 75"), "malformed YAML"),
    ],
)
def test_each_problem_in_a_percentages_file_is_one_clear_message(
    run_cli, tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    old, new = change
    assert old in GOOD_PERCENTAGES
    message = _percentages_error(run_cli, tmp_path, GOOD_PERCENTAGES.replace(old, new, 1))
    assert expected in message


def test_percentages_error_names_the_line(run_cli, tmp_path: Path) -> None:
    text = GOOD_PERCENTAGES.replace("[100, 88, 75]", "[100, 88, 175]", 1)
    line = next(i for i, row in enumerate(text.splitlines(), 1) if "175" in row)
    message = _percentages_error(run_cli, tmp_path, text)
    assert f"figures.yaml:{line}:" in message


ANSWERS_HEADER = "case_ref,key_question,answer\n"


def _answers_error(run_cli, tmp_path: Path, body: str, header: str = ANSWERS_HEADER) -> str:
    path = tmp_path / "answers.csv"
    path.write_text(header + body)
    result = run_cli(
        "rate", "--answers", path, "--framework", "hmip-youth-2021", "--format", "json"
    )
    assert result.exit_code == 2, result.stdout
    assert "Traceback" not in result.stderr
    assert str(path) in result.stderr
    return " ".join(result.stderr.split())


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        ("C1,2.1.1,maybe\n", "row 2, column answer: 'maybe' is not an answer; use yes, no or n/a"),
        ("C1,2.1.9,yes\n", "row 2, column key_question: unknown key question '2.1.9'"),
        (
            "C1,2.1.1,yes\nC2,2.1.1,no\nc1,2.1.1,no\n",
            "row 4: duplicate answer: case c1 already answered 2.1.1 on row 2",
        ),
        ("C1,1.1.1,yes\n", "1.1.1 belongs to 1.1, which is rated by judgement"),
        ("C1,2.1.1\n", "row 2: has 2 fields, the header has 3"),
        (",2.1.1,yes\n", "row 2, column case_ref: is empty"),
        ("C1,2.1.1,yes\n", 'key_questions["2.2"]: missing: no key-question figures for 2.2'),
    ],
)
def test_each_problem_in_an_answers_file_is_one_clear_message(
    run_cli, tmp_path: Path, body: str, expected: str
) -> None:
    assert expected in _answers_error(run_cli, tmp_path, body)


def test_an_answers_file_with_the_wrong_header_names_the_missing_columns(
    run_cli, tmp_path: Path
) -> None:
    message = _answers_error(run_cli, tmp_path, "C1,2.1.1,yes\n", header="case,question,answer\n")
    assert "row 1: missing column(s) case_ref, key_question" in message


def test_a_malformed_answers_csv_names_the_row(run_cli, tmp_path: Path) -> None:
    message = _answers_error(run_cli, tmp_path, 'C1,2.1.1,"yes\n')
    assert "answers.csv: row 2: malformed CSV" in message


def test_missing_judgements_point_at_the_judgements_option(run_cli, tmp_path: Path) -> None:
    message = _answers_error(run_cli, tmp_path, "C1,2.1.1,yes\n")
    assert '--judgements: judgements["1.1"]: missing' in message


def test_a_bad_judgements_file_names_the_line(run_cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    answers.write_text(ANSWERS_HEADER + "C1,2.1.1,yes\n")
    judgements = tmp_path / "j.yaml"
    judgements.write_text("'1.1': [Good]\n")
    result = run_cli(
        "rate", "--answers", answers, "--judgements", judgements, "--framework", "hmip-youth-2021"
    )
    assert result.exit_code == 2
    assert f"{judgements}:1: 1.1: '['Good']' is not a rating word" in " ".join(
        result.stderr.split()
    )


def test_a_missing_input_file_is_reported_as_not_found(run_cli, tmp_path: Path) -> None:
    result = run_cli("rate", "--percentages", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: file not found" in result.stderr


def test_usage_errors_exit_2(run_cli) -> None:
    assert run_cli("rate").exit_code == 2
    assert run_cli("rate", "--answers", "x.csv").exit_code == 2
    assert run_cli("rate", "--percentages", EXAMPLE, "--format", "xml").exit_code == 2


# --- How sure is a rating? (issue 7) ---------------------------------------------------------

NEW_KEYS = [
    "key_question_stats",
    "band_probability",
    "borderline",
    "next_band",
    "too_few_cases",
    "most_likely",
]
BAND_ORDER = ["Outstanding", "Good", "Requires improvement", "Inadequate"]
JUDGEMENT_STANDARDS = ("1.1", "1.2", "1.3", "1.4", "3.4", "4.1")


def _rate_json(run_cli, *args: str | Path) -> dict:
    result = run_cli("rate", *args, "--format", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def _assert_uncertainty_shape(entry: dict) -> None:
    assert list(entry)[: len(entry) - len(NEW_KEYS)] == [
        "rating",
        "key_questions",
        "lowest",
        "cases",
    ]
    assert list(entry)[-len(NEW_KEYS) :] == NEW_KEYS
    stats = entry["key_question_stats"]
    assert list(stats) == list(entry["key_questions"])
    for stat in stats.values():
        assert set(stat) == {"yes", "no", "ci95"}
        assert isinstance(stat["yes"], int) and isinstance(stat["no"], int)
        low, high = stat["ci95"]
        assert 0 <= low <= high <= 100
        assert round(low, 1) == low and round(high, 1) == high
    probabilities = entry["band_probability"]
    assert set(probabilities) <= {"Outstanding", "Good", "Requires improvement", "Inadequate"}
    assert list(probabilities) == sorted(probabilities, key=BAND_ORDER.index)  # band order
    assert sum(probabilities.values()) == pytest.approx(1.0, abs=1e-3)
    assert all(round(p, 4) == p for p in probabilities.values())
    assert entry["too_few_cases"] is False
    assert entry["most_likely"] == max(probabilities, key=probabilities.__getitem__)
    assert isinstance(entry["borderline"], bool)
    at = BAND_ORDER.index(entry["rating"])
    neighbours = [BAND_ORDER[i] for i in (at - 1, at + 1) if 0 <= i < len(BAND_ORDER)]
    assert entry["borderline"] == (
        probabilities.get(entry["rating"], 0) < 0.5
        or any(probabilities.get(n, 0) > 0.3 for n in neighbours)
    )


def test_json_says_how_sure_from_published_figures(run_cli) -> None:
    data = _rate_json(run_cli, "--percentages", EXAMPLE)
    assessment = data["standards"]["2.1"]
    _assert_uncertainty_shape(assessment)
    # 100%, 88% and 75% of eight cases: 8, 7 and 6 Yes.
    assert {q: (s["yes"], s["no"]) for q, s in assessment["key_question_stats"].items()} == {
        "2.1.1": (8, 0),
        "2.1.2": (7, 1),
        "2.1.3": (6, 2),
    }
    # The range is the model's: the posterior Beta(6 + a, 2 + b) of the fitted prior.
    prior = shipped_priors().for_strand("others_safety")
    low, high = beta.ppf([0.025, 0.975], 6 + prior.a, 2 + prior.b)
    assert assessment["key_question_stats"]["2.1.3"]["ci95"] == pytest.approx(
        [100 * low, 100 * high], abs=1.0
    )
    assert assessment["most_likely"] == "Good"
    chances = assessment["band_probability"]
    # About as likely as not, with Requires improvement the next likeliest.
    assert chances["Good"] < 0.55
    assert chances["Requires improvement"] > chances["Outstanding"] > 0.1
    assert assessment["borderline"] is (chances["Good"] < 0.5)
    assert assessment["next_band"] == {"rating": "Outstanding", "yes_needed": 1, "cases_needed": 2}
    for standard_id in ("2.2", "2.3", "2.4", "3.1", "3.2", "3.3"):
        _assert_uncertainty_shape(data["standards"][standard_id])
    for standard_id in JUDGEMENT_STANDARDS:
        assert set(data["standards"][standard_id]) == {"rating"}
    assert (data["score"], data["overall"]) == (14, "Requires improvement")
    overall = data["overall_probability"]
    assert list(overall) == sorted(overall, key=BAND_ORDER.index)
    assert sum(overall.values()) == pytest.approx(1.0, abs=1e-3)
    assert max(overall, key=overall.__getitem__) == "Requires improvement"


def test_seed_replays_the_band_probabilities(run_cli) -> None:
    first = _rate_json(run_cli, "--percentages", EXAMPLE, "--seed", "7")
    again = _rate_json(run_cli, "--percentages", EXAMPLE, "--seed", "7")
    default = _rate_json(run_cli, "--percentages", EXAMPLE)
    assert first == again
    assert (
        first["standards"]["2.1"]["band_probability"]
        != default["standards"]["2.1"]["band_probability"]
    )


def test_without_case_counts_nothing_is_said_about_how_sure(run_cli, tmp_path: Path) -> None:
    path = tmp_path / "no-cases.yaml"
    path.write_text(GOOD_PERCENTAGES[: GOOD_PERCENTAGES.index("cases:")])
    data = _rate_json(run_cli, "--percentages", path)
    assert data["standards"]["2.1"] == {
        "rating": "Good",
        "key_questions": {"2.1.1": 100, "2.1.2": 88, "2.1.3": 75},
        "lowest": 75,
    }
    for entry in data["standards"].values():
        assert not set(NEW_KEYS) & set(entry)
    markdown = run_cli("rate", "--percentages", path, "--format", "markdown").stdout
    assert "How sure" not in markdown and "95% interval" not in markdown


def _answers_csv(path: Path) -> None:
    """Ten cases for every case standard: case k answers Yes unless k is among the first few."""
    lines = [ANSWERS_HEADER.strip()]
    framework = get_framework("hmip-youth-2021")
    for standard in framework.iter_standards():
        if standard.kind != "case":
            continue
        for index, question in enumerate(standard.key_questions):
            for case in range(10):
                answer = "no" if case < index + 1 else "yes"
                if standard.id == "2.2" and index == 2 and case == 9:
                    answer = "n/a"
                lines.append(f"C{case:02d},{question.id},{answer}")
    path.write_text("\n".join(lines) + "\n")


def test_json_says_how_sure_from_case_answers(run_cli, tmp_path: Path) -> None:
    answers = tmp_path / "answers.csv"
    _answers_csv(answers)
    judgements = tmp_path / "judgements.yaml"
    judgements.write_text("\n".join(f'"{s}": Good' for s in JUDGEMENT_STANDARDS) + "\n")
    data = _rate_json(
        run_cli,
        "--answers",
        answers,
        "--judgements",
        judgements,
        "--framework",
        "hmip-youth-2021",
    )
    for standard_id in ("2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"):
        _assert_uncertainty_shape(data["standards"][standard_id])
    for standard_id in JUDGEMENT_STANDARDS:
        assert set(data["standards"][standard_id]) == {"rating"}
    planning = data["standards"]["2.2"]
    # 9, 8 and 6 Yes of 10, 10 and 9 answered: 90%, 80%, 67% (Good).
    assert planning["rating"] == "Good"
    assert planning["key_questions"] == {"2.2.1": 90, "2.2.2": 80, "2.2.3": 67}
    counts = {q: (s["yes"], s["no"]) for q, s in planning["key_question_stats"].items()}
    assert counts == {"2.2.1": (9, 1), "2.2.2": (8, 2), "2.2.3": (6, 3)}
    for question, (yes, no) in counts.items():
        # Each range holds the sample's figure and is narrower than the sample alone allows.
        low, high = planning["key_question_stats"][question]["ci95"]
        w_low, w_high = proportion_confint(yes, yes + no, method="wilson")
        assert low <= 100 * yes / (yes + no) <= high
        assert high - low < 100 * (w_high - w_low) + 5
    # Outstanding needs 80%, which only 2.2.3 (6 of 9) lacks: 7 of 9 (77.8%) is short and 8 of
    # 9 (88.9%) reaches it, so two more Yes. With extra all-Yes cases, 10/13 = 76.9% and
    # 11/14 = 78.6% fall short and 12/15 = 80% reaches it: six.
    assert planning["next_band"] == {"rating": "Outstanding", "yes_needed": 2, "cases_needed": 6}


def test_markdown_and_table_say_how_sure(run_cli) -> None:
    markdown = run_cli("rate", "--percentages", EXAMPLE, "--format", "markdown")
    assert markdown.exit_code == 0, markdown.stderr
    lines = markdown.stdout.splitlines()
    assert "| Key question | % Yes | 95% interval |" in lines
    how_sure = next(line for line in lines if line.startswith("How sure: Outstanding "))
    assert "Good" in how_sure and "Requires improvement" in how_sure
    assert how_sure.endswith("Good most likely, then Requires improvement") or how_sure.endswith(
        "borderline between Good and Requires improvement"
    )
    assert any(line.startswith("Chances of the overall rating: ") for line in lines)
    assert (
        "Next band: Outstanding needs 1 more Yes answer (or 2 more cases answered Yes throughout)"
        in lines
    )
    assert any(
        line.startswith("How sure: ")
        and line.endswith("not borderline: Inadequate most likely, then Requires improvement")
        for line in lines
    )
    assert not any(line.startswith("How sure:") and " 0%" in line for line in lines)
    table = run_cli("rate", "--percentages", EXAMPLE)
    assert table.exit_code == 0
    assert "95% interval" in table.stdout and "How sure: Outstanding" in table.stdout
    assert "Chances of the overall rating" in table.stdout


EXAMPLE_2025 = ROOT / "examples" / "hmip-2025-children-and-victims.yaml"


def test_a_2025_percentages_file_rates_areas_and_the_overall_without_a_score(run_cli) -> None:
    assert "INVENTED FIGURES" in EXAMPLE_2025.read_text()
    result = run_cli("rate", "--percentages", EXAMPLE_2025, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["framework"] == "hmip-youth-2025"
    assert data["inspection_type"] == "children_and_victims"
    assert data["areas"] == {
        "work_with_children": "Good",
        "work_with_victims": "Requires improvement",
    }
    assert data["overall"] == "Good"
    assert data["score"] is None and data["max_score"] is None
    assert list(data["standards"]) == ["2.1", "2.2", "2.3", "V1"]
    assert data["standards"]["2.2"]["rating"] == "Outstanding"
    assert data["standards"]["V1"]["key_questions"] == {"V1.1": 58, "V1.2": 67}


def test_a_2025_rating_prints_its_areas_in_the_table_and_markdown(run_cli) -> None:
    table = run_cli("rate", "--percentages", EXAMPLE_2025)
    assert table.exit_code == 0, table.stderr
    assert "Work with victims" in table.stdout and "Requires improvement" in table.stdout
    assert "/36" not in table.stdout
    assert "V1.1 Is work with victims high-quality, individualised, and responsive?" in (
        table.stdout
    )
    markdown = run_cli("rate", "--percentages", EXAMPLE_2025, "--format", "markdown")
    lines = markdown.stdout.splitlines()
    assert "**Overall rating:** Good" in lines
    assert "| Work with children | Good |" in lines
    assert "| Work with victims | Requires improvement |" in lines
    assert "| 2.2 Planning | Outstanding |" in lines
    assert not any(line.startswith("**Score:**") for line in lines)
    assert "An inspection of youth justice work with children and victims" in lines[0]


def test_a_full_2025_inspection_from_a_percentages_file(run_cli, tmp_path: Path) -> None:
    text = EXAMPLE_2025.read_text().replace(
        "inspection_type: children_and_victims",
        'inspection_type: full\njudgements: {"1.1": Good, "1.2": Good, "1.3": Outstanding, '
        '"1.4": Requires improvement}',
    )
    path = tmp_path / "full.yaml"
    path.write_text(text)
    result = run_cli("rate", "--percentages", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["inspection_type"] == "full"
    assert data["areas"] == {
        "organisational_delivery": "Good",
        "work_with_children": "Good",
        "work_with_victims": "Requires improvement",
    }
    assert data["overall"] == "Good"


def test_an_unknown_inspection_type_in_a_percentages_file_names_its_line(
    run_cli, tmp_path: Path
) -> None:
    path = tmp_path / "figures.yaml"
    path.write_text(
        EXAMPLE_2025.read_text().replace(
            "inspection_type: children_and_victims", "inspection_type: thematic"
        )
    )
    result = run_cli("rate", "--percentages", path, "--format", "json")
    assert result.exit_code == 2
    line = next(
        n for n, text in enumerate(path.read_text().splitlines(), 1) if "inspection_type" in text
    )
    assert f"{path}:{line}: inspection_type: unknown kind of inspection 'thematic'" in (
        " ".join(result.stderr.split())
    )


def test_earlier_frameworks_json_gains_no_keys_but_the_overall_chances(run_cli) -> None:
    result = run_cli("rate", "--percentages", EXAMPLE, "--format", "json")
    assert set(json.loads(result.stdout)) == {
        "framework",
        "standards",
        "score",
        "max_score",
        "overall",
        "overall_probability",  # issue 19: every framework's JSON has it
    }


def _answers_file(tmp_path: Path) -> tuple[str | Path, ...]:
    answers, judgements = tmp_path / "answers.csv", tmp_path / "judgements.yaml"
    _answers_csv(answers)  # ten cases a standard
    judgements.write_text("\n".join(f'"{s}": Good' for s in JUDGEMENT_STANDARDS) + "\n")
    return ("--answers", answers, "--judgements", judgements, "--framework", "hmip-youth-2021")


def test_population_gives_the_caseload_the_chances_speak_for(run_cli, tmp_path) -> None:
    args = _answers_file(tmp_path)
    whole = _rate_json(run_cli, *args, "--population", "court=10", "--population", "oocd=10")
    large = _rate_json(run_cli, *args)
    for standard_id in ("2.1", "3.1"):
        rating = whole["standards"][standard_id]["rating"]
        assert whole["standards"][standard_id]["band_probability"] == {rating: 1.0}
        assert large["standards"][standard_id]["band_probability"][rating] < 1.0
    assert whole["overall_probability"] == {whole["overall"]: 1.0}


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("court", "is not DOMAIN=N"),
        ("prison=4", "unknown domain 'prison'"),
        ("court=none", "is not a number of cases"),
        ("court=0", "is not a number of cases"),
    ],
)
def test_a_bad_population_is_a_clear_error(run_cli, tmp_path, value, message) -> None:
    result = run_cli("rate", *_answers_file(tmp_path), "--population", value)
    assert result.exit_code != 0
    assert message in " ".join(result.stderr.split())
