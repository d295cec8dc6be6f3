"""Reading people, outcomes and population files: every problem named, bad files refused whole."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from yjqa.core.indicators.data import (
    SCHEMAS,
    IndicatorData,
    read_indicator_data,
    read_table,
    write_indicator_data,
)
from yjqa.core.validation.problems import InputError

PEOPLE = """person_id,service,sex,ethnicity,date_of_birth
P1,Westshire,male,white,2009-03-01
P2,Westshire,Female,"Black, Black British, Caribbean or African",2010-12-31
P3,Eastshire,not known,Mixed,2008-07-15
"""
OUTCOMES = """outcome_id,person_id,service,offence_date,outcome_date,outcome,offence_category,gravity_score,end_date,accommodation_suitable,victim_contacted
O1,P1,Westshire,2025-01-02,2025-02-01,youth_caution,theft,2,2025-06-01,yes,
O2,P1,Westshire,2025-03-01,2025-04-01,Referral order,Violence against the person,5,,false,TRUE
O3,P3,Eastshire,2025-05-05,2025-05-05,detention_and_training_order,robbery,6,2026-05-04,,no
"""
POPULATION = """service,year,sex,ethnicity,age,count
Westshire,2025,male,white,15,1200
Westshire,2025,female,black,10,300
Eastshire,2025,male,mixed,17,450
"""


def write(folder: Path, people: str = PEOPLE, outcomes: str = OUTCOMES,
          population: str = POPULATION) -> Path:  # fmt: skip
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "people.csv").write_text(people, encoding="utf-8")
    (folder / "outcomes.csv").write_text(outcomes, encoding="utf-8")
    (folder / "population.csv").write_text(population, encoding="utf-8")
    return folder


def problems(error: pytest.ExceptionInfo[InputError]) -> list[str]:
    return str(error.value).splitlines()


def test_every_table_is_read_with_the_engine_types_and_codes(tmp_path: Path) -> None:
    data = read_indicator_data(write(tmp_path))
    for table in ("people", "outcomes", "population"):
        assert dict(getattr(data, table).schema) == dict(SCHEMAS[table])
    # Labels and spellings become codes; yes/no/true/false become booleans.
    assert data.people["sex"].to_list() == ["male", "female", "unknown"]
    assert data.people["ethnicity"].to_list() == ["white", "black", "mixed"]
    assert data.outcomes["outcome"].to_list() == [
        "youth_caution",
        "referral_order",
        "detention_and_training_order",
    ]
    assert data.outcomes["offence_category"][1] == "violence_against_the_person"
    assert data.outcomes["accommodation_suitable"].to_list() == [True, False, None]
    assert data.outcomes["victim_contacted"].to_list() == [None, True, False]
    # KPI columns left out of the file are all empty.
    assert data.outcomes["wider_services"].null_count() == 3
    assert data.outcomes["end_date"].to_list() == [date(2025, 6, 1), None, date(2026, 5, 4)]
    assert data.population["count"].sum() == 1950


def test_every_problem_names_the_file_row_and_column(tmp_path: Path) -> None:
    bad = """person_id,service,sex,ethnicity,date_of_birth
P1,Westshire,boy,white,2009-03-01
P2,,male,green,12/31/2010
P1,Westshire,male,white,2009-02-30
"""
    path = tmp_path / "people.csv"
    path.write_text(bad, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_table(path, "people")
    found = problems(error)
    source = str(path)
    # In row order: a row's cells left to right, then rules across rows (duplicates).
    assert found == [
        f"{source}: row 2, column sex: 'boy' is not a known code; use one of: male, female, "
        "other, unknown",
        f"{source}: row 2, column person_id: appears on more than one row",
        f"{source}: row 3, column service: is empty",
        f"{source}: row 3, column ethnicity: 'green' is not a known code; use one of: white, "
        "mixed, asian, black, other, unknown",
        f"{source}: row 3, column date_of_birth: '12/31/2010' is not a date: write it as "
        "YYYY-MM-DD or DD/MM/YYYY",
        f"{source}: row 4, column date_of_birth: '2009-02-30' is not a date: write it as "
        "YYYY-MM-DD or DD/MM/YYYY",
        f"{source}: row 4, column person_id: appears on more than one row",
    ]


def test_the_rules_across_a_row_are_checked(tmp_path: Path) -> None:
    outcomes = """outcome_id,person_id,service,offence_date,outcome_date,outcome,offence_category,gravity_score,end_date
O1,P1,Westshire,2025-02-02,2025-02-01,youth_caution,theft,9,2025-01-01
O2,P1,Westshire,2025-01-01,2025-02-01,caution,theft,two,
"""
    path = tmp_path / "outcomes.csv"
    path.write_text(outcomes, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_table(path, "outcomes")
    found = problems(error)
    assert f"{path}: row 2, column gravity_score: must be from 1 to 8" in found
    assert f"{path}: row 2, column offence_date: is after the outcome date" in found
    assert f"{path}: row 2, column end_date: is before the outcome date" in found
    assert any(p.startswith(f"{path}: row 3, column outcome: 'caution' is not") for p in found)
    assert f"{path}: row 3, column gravity_score: 'two' is not a whole number" in found

    population = "service,year,sex,ethnicity,age,count\nW,2025,male,white,9,-1\n"
    pop_path = tmp_path / "population.csv"
    pop_path.write_text(population, encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_table(pop_path, "population")
    assert problems(error) == [
        f"{pop_path}: row 2, column age: must be from 10 to 17",
        f"{pop_path}: row 2, column count: cannot be negative",
    ]


def test_missing_and_unknown_columns_are_named(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("Person_ID,service,sex,date_of_birth,colour\nP1,W,male,2009-01-01,red\n")
    with pytest.raises(InputError) as error:
        read_table(path, "people")
    assert problems(error) == [
        f"{path}: header: missing column(s): ethnicity",
        f"{path}: header: unknown column(s): colour; the columns are person_id, service, sex, "
        "ethnicity, date_of_birth",
    ]


def test_a_file_with_one_bad_row_is_refused_whole(tmp_path: Path) -> None:
    rows = "".join(f"P{n},Westshire,male,white,2009-01-01\n" for n in range(500))
    rows += "P500,Westshire,male,white,2009-13-01\n"
    folder = write(tmp_path, people="person_id,service,sex,ethnicity,date_of_birth\n" + rows)
    result = None
    with pytest.raises(InputError) as error:
        result = read_indicator_data(folder)
    assert result is None  # nothing returned
    assert problems(error) == [
        f"{folder / 'people.csv'}: row 502, column date_of_birth: '2009-13-01' is not a date: "
        "write it as YYYY-MM-DD or DD/MM/YYYY"
    ]


def test_many_problems_are_capped(tmp_path: Path) -> None:
    rows = "".join(f"P{n},Westshire,boy,white,2009-01-01\n" for n in range(150))
    path = tmp_path / "people.csv"
    path.write_text("person_id,service,sex,ethnicity,date_of_birth\n" + rows)
    with pytest.raises(InputError) as error:
        read_table(path, "people")
    found = problems(error)
    assert len(found) == 101
    assert found[-1].endswith("and 50 more problems")


def test_outcomes_must_belong_to_a_known_person_of_the_same_service(tmp_path: Path) -> None:
    outcomes = OUTCOMES + "O4,P9,Westshire,2025-01-01,2025-01-02,youth_caution,theft,2,\n"
    outcomes += "O5,P2,Eastshire,2025-01-01,2025-01-02,youth_caution,theft,2,\n"
    folder = write(tmp_path, outcomes=outcomes)
    with pytest.raises(InputError) as error:
        read_indicator_data(folder)
    source = folder / "outcomes.csv"
    assert problems(error) == [
        f"{source}: row 5, column person_id: no person 'P9' in the people file",
        f"{source}: row 6, column service: the person belongs to Westshire, not Eastshire",
    ]


def test_a_missing_folder_or_table_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is not a folder"):
        read_indicator_data(tmp_path / "nowhere")
    (tmp_path / "people.csv").write_text(PEOPLE)
    with pytest.raises(InputError, match=r"no outcomes\.csv, outcomes\.parquet or outcomes\.xlsx"):
        read_indicator_data(tmp_path)


def _write_xlsx(path: Path, csv_text: str, *, real_dates: bool) -> None:
    """An Excel copy of a CSV text; dates as Excel date cells if real_dates."""
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    lines = pl.read_csv(csv_text.encode(), infer_schema=False)
    sheet.append(lines.columns)
    for row in lines.iter_rows():
        cells: list[object] = []
        for column, value in zip(lines.columns, row, strict=True):
            if value is not None and real_dates and column.endswith(("_date", "date_of_birth")):
                cells.append(date.fromisoformat(value))
            elif value is not None and column in {"gravity_score", "year", "age", "count"}:
                cells.append(int(value))
            else:
                cells.append(value)
        sheet.append(cells)
    book.save(path)


@pytest.mark.parametrize("real_dates", [False, True])
def test_csv_xlsx_and_parquet_read_the_same(tmp_path: Path, real_dates: bool) -> None:
    from_csv = read_indicator_data(write(tmp_path / "csv"))
    xlsx = tmp_path / "xlsx"
    xlsx.mkdir()
    for table, text in (("people", PEOPLE), ("outcomes", OUTCOMES), ("population", POPULATION)):
        _write_xlsx(xlsx / f"{table}.xlsx", text, real_dates=real_dates)
    from_xlsx = read_indicator_data(xlsx)
    parquet = tmp_path / "parquet"
    write_indicator_data(from_csv, parquet, "parquet")
    from_parquet = read_indicator_data(parquet)
    for table in ("people", "outcomes", "population"):
        assert getattr(from_xlsx, table).equals(getattr(from_csv, table)), table
        assert getattr(from_parquet, table).equals(getattr(from_csv, table)), table


def test_excel_and_parquet_problems_name_their_rows(tmp_path: Path) -> None:
    bad = PEOPLE.replace("2010-12-31", "sometime")
    _write_xlsx(tmp_path / "people.xlsx", bad, real_dates=False)
    with pytest.raises(InputError) as error:
        read_table(tmp_path / "people.xlsx", "people")
    # The header is row 1 of the sheet, so the second person is row 3.
    assert problems(error) == [
        f"{tmp_path / 'people.xlsx'}: row 3, column date_of_birth: 'sometime' is not a date: "
        "write it as YYYY-MM-DD or DD/MM/YYYY"
    ]
    frame = pl.read_csv(bad.encode(), infer_schema=False)
    frame.write_parquet(tmp_path / "people.parquet")
    with pytest.raises(InputError) as error:
        read_table(tmp_path / "people.parquet", "people")
    # Parquet has no header row: the second person is row 2.
    assert problems(error)[0].startswith(f"{tmp_path / 'people.parquet'}: row 2, column")


def test_a_date_with_a_time_of_day_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,service,sex,ethnicity,date_of_birth\n"
        "P1,W,male,white,2009-01-01 00:00:00\n"
        "P2,W,male,white,2009-01-01 13:45:00\n"
    )
    with pytest.raises(InputError) as error:
        read_table(path, "people")
    assert problems(error) == [
        f"{path}: row 3, column date_of_birth: '2009-01-01 13:45:00' is not a date: write it as "
        "YYYY-MM-DD or DD/MM/YYYY"
    ]


def test_an_unreadable_file_is_named(tmp_path: Path) -> None:
    path = tmp_path / "people.xlsx"
    path.write_bytes(b"not a spreadsheet")
    with pytest.raises(InputError, match=r"people\.xlsx: \(file\): cannot be read"):
        read_table(path, "people")


def test_written_data_reads_back_the_same(tmp_path: Path) -> None:
    data = read_indicator_data(write(tmp_path / "in"))
    written = write_indicator_data(data, tmp_path / "out")
    assert [p.name for p in written] == ["people.csv", "outcomes.csv", "population.csv"]
    again = read_indicator_data(tmp_path / "out")
    for table in ("people", "outcomes", "population"):
        assert getattr(again, table).equals(getattr(data, table))
    assert isinstance(again, IndicatorData)
    with pytest.raises(ValueError, match="unknown format"):
        write_indicator_data(data, tmp_path / "x", "xlsx")


def test_numbers_too_big_for_their_column_are_problems_not_crashes(tmp_path: Path) -> None:
    outcomes = OUTCOMES.replace(",robbery,6,", ",robbery,300,")
    population = POPULATION.replace(
        "Eastshire,2025,male,mixed,17,450", "Eastshire,99999999999,male,mixed,200,450"
    )
    (tmp_path / "outcomes.csv").write_text(outcomes)
    (tmp_path / "population.csv").write_text(population)
    with pytest.raises(InputError) as error:
        read_table(tmp_path / "outcomes.csv", "outcomes")
    assert problems(error) == [
        f"{tmp_path / 'outcomes.csv'}: row 4, column gravity_score: must be from 1 to 8"
    ]
    with pytest.raises(InputError) as error:
        read_table(tmp_path / "population.csv", "population")
    assert problems(error) == [
        f"{tmp_path / 'population.csv'}: row 4, column year: is not a year",
        f"{tmp_path / 'population.csv'}: row 4, column age: must be from 10 to 17",
    ]
