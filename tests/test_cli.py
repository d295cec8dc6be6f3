"""The `yjqa` command: outputs, and one clear message with exit status 2 for bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

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


def test_markdown_output(run_cli) -> None:
    result = run_cli("rate", "--percentages", EXAMPLE, "--format", "markdown")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert "**Score:** 14/36" in lines
    assert "**Overall rating:** Requires improvement" in lines
    assert "| 2.2 Planning | Requires improvement |" in lines
    assert "| 4.1 Resettlement policy and provision<sup>1</sup> | Requires improvement |" in lines
    assert "## 3.3 Implementation and delivery: Requires improvement" in lines
    assert (
        "| 3.3.3 Does service delivery effectively support the safety of other people? | **58%** |"
        in lines
    )


def test_frameworks_commands(run_cli, tmp_path: Path) -> None:
    listed = run_cli("frameworks", "list")
    assert listed.exit_code == 0
    for framework_id in ("hmip-youth-2018", "hmip-youth-2021", "hmip-sqs-2016"):
        assert framework_id in listed.stdout
    shown = run_cli("frameworks", "show", "hmip-youth-2018")
    assert shown.exit_code == 0 and "3.4.2 Does the YOT work effectively" in shown.stdout
    as_json = run_cli("frameworks", "show", "hmip-youth-2021", "--format", "json")
    assert json.loads(as_json.stdout)["id"] == "hmip-youth-2021"
    valid = run_cli(
        "frameworks", "validate", ROOT / "src" / "yjqa" / "frameworks" / "hmip-youth-2021.yaml"
    )
    assert valid.exit_code == 0 and "valid framework 'hmip-youth-2021'" in valid.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\n")
    invalid = run_cli("frameworks", "validate", broken)
    assert invalid.exit_code == 2
    assert f"{broken}" in invalid.stderr and "title: required field is missing" in invalid.stderr
    schema = run_cli("frameworks", "schema")
    assert json.loads(schema.stdout)["title"] == "Framework"


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
def test_bad_percentages_file(
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
def test_bad_answers_file(run_cli, tmp_path: Path, body: str, expected: str) -> None:
    assert expected in _answers_error(run_cli, tmp_path, body)


def test_answers_file_with_wrong_header(run_cli, tmp_path: Path) -> None:
    message = _answers_error(run_cli, tmp_path, "C1,2.1.1,yes\n", header="case,question,answer\n")
    assert "row 1: missing column(s) case_ref, key_question" in message


def test_malformed_csv(run_cli, tmp_path: Path) -> None:
    message = _answers_error(run_cli, tmp_path, 'C1,2.1.1,"yes\n')
    assert "answers.csv: row 2: malformed CSV" in message


def test_missing_judgements_point_at_the_judgements_option(run_cli, tmp_path: Path) -> None:
    message = _answers_error(run_cli, tmp_path, "C1,2.1.1,yes\n")
    assert '--judgements: judgements["1.1"]: missing' in message


def test_bad_judgements_file(run_cli, tmp_path: Path) -> None:
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


def test_missing_input_file(run_cli, tmp_path: Path) -> None:
    result = run_cli("rate", "--percentages", tmp_path / "nope.yaml")
    assert result.exit_code == 2
    assert "nope.yaml: file not found" in result.stderr


def test_usage_errors_exit_2(run_cli) -> None:
    assert run_cli("rate").exit_code == 2
    assert run_cli("rate", "--answers", "x.csv").exit_code == 2
    assert run_cli("rate", "--percentages", EXAMPLE, "--format", "xml").exit_code == 2
