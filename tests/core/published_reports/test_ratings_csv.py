"""The national ratings CSV, checked row by row against the rating rules."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from yjqa.core.published_reports.ratings_csv import read_ratings_csv
from yjqa.core.validation.problems import InputError

from helpers import RATINGS_CSV

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


def test_a_csv_row_whose_known_ratings_cannot_make_its_score_is_rejected(tmp_path: Path) -> None:
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


def test_a_control_character_in_a_cell_rejects_the_row_without_carrying_it(
    tmp_path: Path,
) -> None:
    # PostgreSQL cannot store NUL, even in the text of a stored row's problems.
    lines = RATINGS_CSV.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[1].split(",")
    cells[header.index("la_name")] = "North\x00shire"
    path = tmp_path / "nul.csv"
    path.write_text(lines[0] + "\n" + ",".join(cells) + "\n", encoding="utf-8")
    result = read_ratings_csv(path)
    assert result.records == []
    [row] = result.rejected
    assert row.service == "Northshire"
    assert any(problem.startswith("la_name ") for problem in row.problems), row.problems
    assert all("\x00" not in problem for problem in row.problems)


def test_a_control_character_in_a_column_name_refuses_the_file(tmp_path: Path) -> None:
    lines = RATINGS_CSV.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "nul-header.csv"
    path.write_text(lines[0] + ",\x00\n" + lines[1] + ",\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_ratings_csv(path)
    [problem] = caught.value.problems
    assert problem.place == "header"
    assert "\x00" not in problem.message
