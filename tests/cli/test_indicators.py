"""`yjqa indicators compute`: JSON, tables and CSV, and one clear message for bad input."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest

from yjqa.core.indicators.data import read_indicator_data, write_indicator_data
from yjqa.core.indicators.engine import compute_indicators, flatten

PEOPLE = """person_id,service,sex,ethnicity,date_of_birth
P1,Westshire,male,white,2009-03-01
P2,Westshire,female,black,2010-12-31
P3,Eastshire,male,mixed,2008-07-15
"""
OUTCOMES = """outcome_id,person_id,service,offence_date,outcome_date,outcome,offence_category,gravity_score,end_date
O1,P1,Westshire,2025-04-20,2025-05-01,youth_caution,theft,2,2025-09-01
O2,P1,Westshire,2025-07-01,2025-08-01,referral_order,theft,3,
O3,P2,Westshire,2025-05-15,2025-06-01,detention_and_training_order,robbery,6,
O4,P3,Eastshire,2025-05-01,2025-05-05,youth_caution,drugs,5,
"""
POPULATION = """service,year,sex,ethnicity,age,count
Westshire,2025,male,white,15,1200
Westshire,2025,female,black,15,800
Eastshire,2025,male,mixed,17,500
"""
YEAR = ("--from", "2025-04-01", "--to", "2026-03-31")


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "people.csv").write_text(PEOPLE, encoding="utf-8")
    (folder / "outcomes.csv").write_text(OUTCOMES, encoding="utf-8")
    (folder / "population.csv").write_text(POPULATION, encoding="utf-8")
    return folder


def test_json_is_the_contract_object(run_cli, data_dir: Path) -> None:
    result = run_cli("indicators", "compute", data_dir, *YEAR, "--format", "json")
    assert result.exit_code == 0, result.stderr
    output = json.loads(result.stdout)  # stdout holds the JSON and nothing else
    assert output["period"] == {"from": "2025-04-01", "to": "2026-03-31", "population_year": 2025}
    assert list(output["services"]) == ["Eastshire", "Westshire"]
    west = output["services"]["Westshire"]
    # First time entrants: P1 (1 May) and P2 (1 June): 2 of 2,000 children = 100 per 100,000.
    assert west["fte"] == {"count": 2, "population": 2000, "rate_per_100k": 100.0}
    # Cohorts: April-June P1 and P2; July-September P1 again. P1's offence of 1 July is 61
    # days after the index (1 May): 1 reoffender of 3, 1 reoffence.
    assert west["reoffending"]["cohort"] == 3
    assert west["reoffending"]["reoffenders"] == 1
    assert west["reoffending"]["binary_rate"] == 33.3333
    # Custody: P2's detention and training order: 1 / 2,000 x 1,000 = 0.5.
    assert west["custody"] == {"count": 1, "population": 2000, "rate_per_1000": 0.5}
    # Serious violence in Eastshire: a drugs offence of gravity 5: 1 / 500 x 10,000 = 20.
    assert output["services"]["Eastshire"]["kpis"]["serious_violence"]["rate_per_10k"] == 20.0
    data = read_indicator_data(data_dir)
    expected = compute_indicators(data, date(2025, 4, 1), date(2026, 3, 31))
    assert output == json.loads(json.dumps(expected))


def test_service_limits_the_figures_to_one_service(run_cli, data_dir: Path) -> None:
    result = run_cli(
        "indicators", "compute", data_dir, *YEAR, "--service", "Westshire", "--format", "json"
    )
    assert result.exit_code == 0, result.stderr
    assert list(json.loads(result.stdout)["services"]) == ["Westshire"]


def test_table_rounds_to_one_decimal_place(run_cli, data_dir: Path) -> None:
    result = run_cli("indicators", "compute", data_dir, *YEAR, "--service", "Westshire")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "Westshire" in text and "Eastshire" not in text
    assert "First time entrants" in text and "100.0" in text
    assert "33.3" in text and "33.3333" not in text  # the binary rate, to 1 decimal place
    assert "KPI 7: Management board attendance" in text
    assert "Proven reoffending by 3-month cohort" in text
    assert "Disproportionality: first time entrants" in text


def test_csv_is_one_row_per_service_indicator_and_measure(run_cli, data_dir: Path) -> None:
    result = run_cli("indicators", "compute", data_dir, *YEAR, "--format", "csv")
    assert result.exit_code == 0, result.stderr
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["service", "indicator", "measure", "value"]
    assert all(len(row) == 4 for row in rows)
    assert ["Westshire", "fte", "rate_per_100k", "100.0"] in rows
    assert ["Westshire", "reoffending", "binary_rate", "33.3333"] in rows
    assert ["Westshire", "kpis.board_attendance", "value", ""] in rows
    assert [
        "Eastshire",
        "disproportionality.fte.ethnicity.mixed",
        "over_represented",
        "false",
    ] in rows
    expected = compute_indicators(
        read_indicator_data(data_dir), date(2025, 4, 1), date(2026, 3, 31)
    )
    assert len(rows) == 1 + len(list(flatten(expected)))


def test_a_parquet_folder_gives_the_same_figures_as_csv(
    run_cli, data_dir: Path, tmp_path: Path
) -> None:
    write_indicator_data(read_indicator_data(data_dir), tmp_path / "pq", "parquet")
    from_csv = run_cli("indicators", "compute", data_dir, *YEAR, "--format", "json")
    from_parquet = run_cli("indicators", "compute", tmp_path / "pq", *YEAR, "--format", "json")
    assert from_parquet.exit_code == 0, from_parquet.stderr
    assert json.loads(from_parquet.stdout) == json.loads(from_csv.stdout)


def test_a_bad_date_is_refused_with_exit_status_2(run_cli, data_dir: Path) -> None:
    result = run_cli("indicators", "compute", data_dir, "--from", "1/4/2025", "--to", "2026-03-31")
    assert result.exit_code == 2
    assert "--from: '1/4/2025' is not a date: write it as YYYY-MM-DD" in result.stderr
    assert result.stdout == ""


def test_a_period_ending_before_it_starts_is_refused(run_cli, data_dir: Path) -> None:
    result = run_cli(
        "indicators", "compute", data_dir, "--from", "2025-04-01", "--to", "2025-03-31"
    )
    assert result.exit_code == 2
    assert "--to: 2025-03-31 is before --from 2025-04-01" in result.stderr


def test_unknown_service_lists_the_services(run_cli, data_dir: Path) -> None:
    result = run_cli("indicators", "compute", data_dir, *YEAR, "--service", "Northshire")
    assert result.exit_code == 2
    assert (
        "no service 'Northshire' in the data; the services are: Eastshire, Westshire"
        in result.stderr
    )


def test_bad_file_names_the_file_row_and_column(run_cli, data_dir: Path) -> None:
    outcomes = data_dir / "outcomes.csv"
    outcomes.write_text(OUTCOMES.replace("2025-06-01,detention", "2025-06-31,detention"))
    result = run_cli("indicators", "compute", data_dir, *YEAR)
    assert result.exit_code == 2
    assert (
        f"{outcomes}: row 4, column outcome_date: '2025-06-31' is not a date: write it as "
        "YYYY-MM-DD" in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_a_missing_folder_is_refused(run_cli, tmp_path: Path) -> None:
    result = run_cli("indicators", "compute", tmp_path / "nothing", *YEAR)
    assert result.exit_code == 2
    assert "is not a folder" in result.stderr
