"""Imports accept UK dates (31/01/2026, 31/1/2026) as well as ISO ones (2026-01-31), and never
read a slashed date US-style: the caseload, the victims' caseload and the indicators' data."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from yjqa.core.caseload.reader import CASELOAD_COLUMNS, parse_caseload_rows
from yjqa.core.caseload.victims import VICTIM_COLUMNS, read_victims
from yjqa.core.indicators.data import read_table
from yjqa.core.validation.dates import not_a_day, parse_day
from yjqa.core.validation.problems import InputError


@pytest.mark.parametrize(
    ("text", "day"),
    [
        ("2026-01-31", date(2026, 1, 31)),
        ("31/01/2026", date(2026, 1, 31)),
        ("31/1/2026", date(2026, 1, 31)),
        ("1/2/2026", date(2026, 2, 1)),
        ("02/03/2026", date(2026, 3, 2)),  # 2 March, never February 3rd
        (" 14/05/2010 ", date(2010, 5, 14)),
        ("29/02/2024", date(2024, 2, 29)),
    ],
)
def test_iso_and_uk_days_are_read_day_first(text: str, day: date) -> None:
    assert parse_day(text) == day


@pytest.mark.parametrize(
    "text",
    [
        "",
        "12/31/2026",  # US-style: there is no month 31
        "05/14/2010",
        "31/01/26",  # two-digit year: the century would be a guess
        "31-01-2026",
        "2026-1-31",
        "20260131",
        "2026-W05-6",
        "2026-02-30",
        "31/04/2026",
        "29/02/2025",
        "0/1/2026",
        "next Tuesday",
    ],
)
def test_anything_else_is_not_a_day(text: str) -> None:
    assert parse_day(text) is None


def test_the_problem_names_both_formats() -> None:
    assert not_a_day("'1.2.2026'") == (
        "'1.2.2026' is not a date: use YYYY-MM-DD or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025"
    )


CASE = {
    "case_ref": "T-0001",
    "sex": "female",
    "ethnicity": "white",
    "date_of_birth": "14/5/2010",
    "outcome": "youth_caution",
    "outcome_date": "02/06/2025",
    "rosh": "low",
    "safety_wellbeing": "medium",
    "end_date": "2025-07-01",
    "likelihood_of_reoffending": "low",
    "case_manager": "Alex Ashdown",
    "looked_after": "no",
    "send": "yes",
    "child_ref": "",
}


def test_a_caseload_reads_uk_and_iso_dates_in_one_file() -> None:
    (case,) = parse_caseload_rows(
        CASELOAD_COLUMNS, [[CASE[name] for name in CASELOAD_COLUMNS]], "caseload.csv"
    )
    assert (case.date_of_birth, case.outcome_date, case.end_date) == (
        date(2010, 5, 14),
        date(2025, 6, 2),
        date(2025, 7, 1),
    )


def test_a_caseload_date_that_is_neither_names_its_row_and_column() -> None:
    bad = {**CASE, "outcome_date": "06/13/2025"}
    with pytest.raises(InputError) as caught:
        parse_caseload_rows(
            CASELOAD_COLUMNS, [[bad[name] for name in CASELOAD_COLUMNS]], "caseload.csv"
        )
    assert [p.describe("caseload.csv") for p in caught.value.problems] == [
        "caseload.csv: row 2, column outcome_date: '06/13/2025' is not a date: use YYYY-MM-DD "
        "or DD/MM/YYYY, e.g. 2025-04-01 or 01/04/2025"
    ]


def test_a_victims_caseload_reads_uk_dates(tmp_path: Path) -> None:
    path = tmp_path / "victims.csv"
    path.write_text(
        ",".join(VICTIM_COLUMNS) + "\nV-1,C-1,theft,20/5/2025,09/06/2025,yes,yes,no,no,none\n",
        encoding="utf-8",
    )
    (victim,) = read_victims(path, today=date(2026, 1, 31))
    assert (victim.offence_date, victim.first_contact_date) == (date(2025, 5, 20), date(2025, 6, 9))


def test_indicator_data_reads_uk_and_iso_dates_and_never_us_style(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,service,sex,ethnicity,date_of_birth\n"
        "P1,W,male,white,2009-03-01\n"
        "P2,W,male,white,31/12/2010\n"
        "P3,W,female,white,1/2/2011\n",
        encoding="utf-8",
    )
    people = read_table(path, "people")
    assert people["date_of_birth"].to_list() == [
        date(2009, 3, 1),
        date(2010, 12, 31),
        date(2011, 2, 1),
    ]


def test_indicator_data_names_each_date_that_is_neither(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text(
        "person_id,service,sex,ethnicity,date_of_birth\n"
        "P1,W,male,white,12/31/2010\n"
        "P2,W,male,white,31/12/10\n",
        encoding="utf-8",
    )
    with pytest.raises(InputError) as caught:
        read_table(path, "people")
    assert [p.describe(str(path)) for p in caught.value.problems] == [
        f"{path}: row 2, column date_of_birth: '12/31/2010' is not a date: write it as "
        "YYYY-MM-DD or DD/MM/YYYY",
        f"{path}: row 3, column date_of_birth: '31/12/10' is not a date: write it as "
        "YYYY-MM-DD or DD/MM/YYYY",
    ]
