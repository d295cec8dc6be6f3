"""`yjqa import-report FILE [--format json]`: the JSON contract, the readable output, and one
clear message (exit status 2) for a file that cannot be read."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import PUBLISHED, seed, seed_path

CONTRACT = [
    "service",
    "framework",
    "inspection_type",
    "fieldwork",
    "published",
    "overall",
    "score",
    "areas",
    "standards",
    "key_questions",
    "cases",
    "recommendations",
    "consistency",
    "complete",
    "missing",
    "warnings",
]


def test_json_for_westmorland_holds_every_field_of_the_contract(run_cli) -> None:
    result = run_cli("import-report", seed_path("000"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == CONTRACT
    assert data["service"] == "Westmorland and Furness"
    assert data["framework"] == "hmip-youth-2021"
    assert data["fieldwork"] == "2024-12"
    assert data["published"] == "2025-03"
    assert data["overall"] == "Requires improvement"
    assert data["score"] == 14
    assert data["standards"]["1.1"] == "Requires improvement"
    assert data["standards"]["4.1"] == "Requires improvement"
    assert len(data["standards"]) == 13
    assert data["key_questions"]["2.1"] == [100, 88, 75]
    assert data["key_questions"]["3.3"] == [100, 83, 58]
    assert sorted(data["key_questions"]) == ["2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"]
    assert data["cases"] == {"court": 8, "oocd": 12, "resettlement": 2}
    assert len(data["recommendations"]) == 8
    assert data["recommendations"][0] == {
        "addressee": "The chair of Westmorland and Furness YJS management board",
        "text": "develop its members so that they have the necessary knowledge and "
        "understanding of the youth justice context to be able to drive service "
        "improvements which meet the needs of YJS children.",
    }
    assert data["consistency"] == {
        "ok": True,
        "problems": [],
        "unchecked": [],
        "provisional": False,
    }
    assert (data["inspection_type"], data["areas"]) == (None, {})
    assert (data["complete"], data["missing"]) == (True, [])
    assert data["warnings"] == []


def test_json_for_warwickshire_keeps_what_is_lost_empty(run_cli) -> None:
    result = run_cli("import-report", seed_path("004"), "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == CONTRACT
    assert data["framework"] == "hmip-youth-2018"
    assert data["score"] is None
    assert data["key_questions"]["3.3"] is None
    assert data["key_questions"]["3.4"] == [50, 71]
    assert data["cases"] == {"court": 24, "oocd": 15, "resettlement": None}
    assert data["consistency"]["ok"] is True and data["consistency"]["problems"] == []
    assert data["consistency"]["unchecked"] == [
        "3.3 Implementation and delivery: its rating, as not all its figures were read"
    ]
    assert any(w.startswith("3.3 Implementation and delivery") for w in data["warnings"])
    # 2018 reports print no score, so the score is not missing; the rest is.
    assert data["complete"] is False
    assert data["missing"] == ["published", "key_questions.3.3"]


def test_json_lists_the_problems_of_an_inconsistent_report(run_cli, tmp_path: Path) -> None:
    text = seed("000").replace("3.3\tImplementation and delivery\tRequires improvement", "")
    text = text.replace(
        "engaging and assisting the child.\n\nRequires improvement",
        "engaging and assisting the child.\n\nGood",
    )
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("import-report", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["standards"]["3.3"] == "Good"
    assert data["consistency"]["ok"] is False
    assert data["consistency"]["problems"][0] == (
        "3.3 Implementation and delivery is rated Good, but its lowest key-question figure "
        "is 58% (100%, 83%, 58%), in the Requires improvement band (50-64%)"
    )


def test_readable_output_shows_ratings_figures_recommendations_and_warnings(run_cli) -> None:
    result = run_cli("import-report", seed_path("004"))
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Warwickshire" in out and "hmip-youth-2018" in out
    assert "Overall rating Good" in out
    assert "Joint working" in out and "50%  71%" in out
    assert "The YOS Manager should:" in out
    assert "Consistent with the framework's rating rules." in out
    assert "Warnings" in out and "3.3 Implementation and delivery" in out


def test_readable_output_names_the_problems(run_cli, tmp_path: Path) -> None:
    text = seed("000").replace("Score\t\t14/36", "Score\t\t15/36")
    path = tmp_path / "report.txt"
    path.write_text(text, encoding="utf-8")
    result = run_cli("import-report", path)
    assert result.exit_code == 0, result.stderr
    assert "Not consistent with the framework's rating rules:" in result.stdout
    assert "the score is printed as 15/36" in result.stdout


def test_unreadable_files_are_one_clear_message(run_cli, tmp_path: Path) -> None:
    result = run_cli("import-report", tmp_path / "missing.pdf")
    assert result.exit_code == 2
    assert "missing.pdf: no such file" in result.stderr
    assert "Traceback" not in result.stderr
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\n garbage")
    result = run_cli("import-report", broken, "--format", "json")
    assert result.exit_code == 2
    assert "is not a readable PDF" in result.stderr
    notes = tmp_path / "notes.txt"
    notes.write_text("Shopping list: milk, bread.\n", encoding="utf-8")
    result = run_cli("import-report", notes)
    assert result.exit_code == 2
    assert "does not look like an HMIP youth inspection report" in result.stderr


def test_an_unknown_format_is_refused(run_cli) -> None:
    result = run_cli("import-report", seed_path("000"), "--format", "xml")
    assert result.exit_code == 2


def test_with_json_an_error_is_json_on_stdout(run_cli, tmp_path: Path) -> None:
    for path in (tmp_path / "missing.pdf", tmp_path / "notes.txt"):
        if path.suffix == ".txt":
            path.write_text("Shopping list: milk, bread.\n", encoding="utf-8")
        result = run_cli("import-report", path, "--format", "json")
        assert result.exit_code == 2
        data = json.loads(result.stdout)
        assert list(data) == ["error"]
        assert data["error"].startswith(str(path))
    assert "does not look like an HMIP youth inspection report" in data["error"]


def test_a_report_whose_framework_is_not_told_is_not_checked_and_not_ok(
    run_cli, tmp_path: Path
) -> None:
    # An invented text: no standard that tells the framework, no fieldwork date.
    path = tmp_path / "report.txt"
    path.write_text(
        "An inspection of youth justice services in Eastshire\nOverall rating Good\n",
        encoding="utf-8",
    )
    result = run_cli("import-report", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["consistency"] == {
        "ok": False,
        "problems": [],
        "unchecked": ["every check: the report's framework could not be told"],
        "provisional": False,
    }
    assert data["complete"] is False and "framework" in data["missing"]
    result = run_cli("import-report", path)
    assert "Not checked against the framework's rating rules." in result.stdout
    assert "Consistent with" not in result.stdout
    assert "Incomplete: not read: framework, fieldwork, published" in result.stdout


# ---- Reports on the 2025 framework (written for the tests: tests/data/published/README.md) ----

EASTMOOR = "005_eastmoor-children-and-victims-2025"
WESTHAVEN = "006_westhaven-full-2025"


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_json_for_an_inspection_of_children_and_victims(run_cli, suffix: str) -> None:
    result = run_cli("import-report", PUBLISHED / f"{EASTMOOR}{suffix}", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == CONTRACT
    assert (data["framework"], data["inspection_type"]) == (
        "hmip-youth-2025",
        "children_and_victims",
    )
    assert (data["service"], data["fieldwork"], data["published"]) == (
        "Eastmoor",
        "2025-09",
        "2025-11-12",
    )
    assert (data["overall"], data["score"]) == ("Good", None)
    assert data["areas"] == {
        "work_with_children": "Good",
        "work_with_victims": "Requires improvement",
    }
    assert data["standards"] == {
        "2.1": "Good",
        "2.2": "Good",
        "2.3": "Outstanding",
        "V1": "Requires improvement",
    }
    assert data["key_questions"] == {}
    assert data["cases"] == {"children": 24, "victims": 12}
    assert len(data["recommendations"]) == 4
    assert data["consistency"]["ok"] is True and data["consistency"]["provisional"] is True
    assert data["consistency"]["problems"] == []
    assert data["consistency"]["unchecked"][0].endswith("2025 reports print none")
    assert (data["complete"], data["missing"], data["warnings"]) == (True, [], [])


@pytest.mark.parametrize("suffix", [".txt", ".html"])
def test_json_for_a_full_inspection_under_the_earlier_title(run_cli, suffix: str) -> None:
    result = run_cli("import-report", PUBLISHED / f"{WESTHAVEN}{suffix}", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == CONTRACT
    assert (data["framework"], data["inspection_type"]) == ("hmip-youth-2025", "full")
    assert list(data["areas"]) == [
        "organisational_delivery",
        "work_with_children",
        "work_with_victims",
    ]
    assert data["areas"]["work_with_victims"] == "Outstanding"
    assert list(data["standards"]) == ["1.1", "1.2", "1.3", "1.4", "2.1", "2.2", "2.3", "V1"]
    assert data["standards"]["1.4"] == "Good"
    assert data["cases"] == {"children": 30, "victims": 15}
    assert data["complete"] is True


def test_a_2025_text_cut_short_is_read_not_refused(run_cli) -> None:
    result = run_cli(
        "import-report", PUBLISHED / "007_eastmoor-cut-short-2025.txt", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == CONTRACT
    assert data["complete"] is False
    assert data["missing"] == [
        "areas.work_with_victims",
        "standards.2.2",
        "standards.2.3",
        "cases.children",
        "cases.victims",
        "recommendations",
    ]
    assert data["areas"]["work_with_children"] == "Good"
    assert data["consistency"]["ok"] is False


def test_a_2018_text_cut_short_is_read_for_what_it_holds(run_cli, tmp_path: Path) -> None:
    text = seed("000")
    path = tmp_path / "cut.txt"
    path.write_text(text[: text.index("### **Recommendations**")], encoding="utf-8")
    result = run_cli("import-report", path, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["framework"] == "hmip-youth-2021" and data["standards"]["4.1"]
    assert data["complete"] is False and "recommendations" in data["missing"]


def test_readable_output_for_2025_shows_areas_and_says_the_rules_are_provisional(
    run_cli,
) -> None:
    result = run_cli("import-report", PUBLISHED / f"{WESTHAVEN}.html")
    assert result.exit_code == 0, result.stderr
    out = result.stdout
    assert "Kind of inspection full" in out
    assert "Organisational delivery" in out and "Appropriate Adult arrangements" in out
    assert "Consistent with the framework's provisional rating rules." in out
    assert "yjqa's provisional defaults (HMIP has not published them)" in out
    assert "Score" not in out
