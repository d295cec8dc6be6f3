"""Every CSV importer decodes strictly: UTF-8 with or without a byte order mark, and anything
else (a Latin-1 or Windows-1252 file, as older Excel saves "CSV") is refused, naming the file,
where the first byte that is not UTF-8 is, and how to save it; never imported garbled."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from yjqa.core.caseload.reader import CASELOAD_COLUMNS, read_caseload
from yjqa.core.caseload.victims import VICTIM_COLUMNS, read_victims
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.indicators.data import read_indicator_data, read_table
from yjqa.core.published_reports.ratings_csv import read_ratings_csv
from yjqa.core.rating.inputs import read_answers
from yjqa.core.surveys.answers import read_answers_csv
from yjqa.core.validation.fields import NotUtf8Error, decode_utf8
from yjqa.core.validation.problems import InputError

ADVICE = "save it as 'CSV UTF-8 (Comma delimited)'"
PEOPLE = "person_id,service,sex,ethnicity,date_of_birth\nP1,Westshire,male,white,2009-03-01\n"


def test_utf8_is_read_with_or_without_a_byte_order_mark() -> None:
    assert decode_utf8("Zoë".encode()) == "Zoë"
    assert decode_utf8(b"\xef\xbb\xbf" + "Zoë".encode()) == "Zoë"


def test_latin1_is_refused_saying_where_the_first_bad_byte_is() -> None:
    data = "a,b\nZo,Zoë Brontë\n".encode("latin-1")
    with pytest.raises(NotUtf8Error) as info:
        decode_utf8(data)
    message = str(info.value)
    assert message.startswith("is not UTF-8 text: byte 10 (line 2, character 6) is not UTF-8")
    assert ADVICE in message


def caseload(path: Path) -> object:
    path.write_bytes(
        (
            ",".join(CASELOAD_COLUMNS) + "\nT-1,female,white,2010-05-14,youth_caution,2025-06-02,"
            "low,medium,,,Zoë Brontë,,,\n"
        ).encode("latin-1")
    )
    return read_caseload(path)


def victims(path: Path) -> object:
    path.write_bytes(
        (",".join(VICTIM_COLUMNS) + "\nVé-1,C-1,theft,2025-05-20,,,,,,none\n").encode("latin-1")
    )
    return read_victims(path)


def indicator_table(path: Path) -> object:
    path.write_bytes(PEOPLE.replace("P1", "Pé1").encode("latin-1"))
    return read_table(path, "people")


def survey_answers(path: Path) -> object:
    path.write_bytes("respondent,question,answer\nR1,q1,très bien\n".encode("cp1252"))
    return read_answers_csv(path)


def ratings(path: Path) -> object:
    path.write_bytes(
        "la_name,score_%,overall_rating,publication_date\nSaint-Étienne,50,Good,2024-01-01\n".encode(
            "latin-1"
        )
    )
    return read_ratings_csv(path)


def case_answers(path: Path) -> object:
    path.write_bytes("case_ref,key_question,answer\nCé-1,1.1.1,yes\n".encode("latin-1"))
    return read_answers(path, None, get_framework("hmip-youth-2021"))


READERS: dict[str, Callable[[Path], object]] = {
    "caseload": caseload,
    "victims": victims,
    "indicator data": indicator_table,
    "survey answers": survey_answers,
    "benchmark ratings": ratings,
    "case answers": case_answers,
}


@pytest.mark.parametrize("name", READERS)
def test_every_csv_importer_refuses_latin1_naming_the_file_and_the_line(
    tmp_path: Path, name: str
) -> None:
    path = tmp_path / "latin.csv"
    with pytest.raises(InputError) as info:
        READERS[name](path)
    described = info.value.describe()
    assert described.startswith(f"{path}: is not UTF-8 text: byte "), described
    assert "(line 2, character" in described and ADVICE in described


def test_indicator_data_in_latin1_is_not_imported_garbled(tmp_path: Path) -> None:
    (tmp_path / "people.csv").write_bytes(PEOPLE.replace("P1", "Pé1").encode("latin-1"))
    for table in ("outcomes", "population"):
        (tmp_path / f"{table}.csv").write_text("x\n")
    with pytest.raises(InputError) as info:
        read_indicator_data(tmp_path)
    assert "people.csv: is not UTF-8 text" in info.value.describe()


def test_the_command_line_refuses_latin1_indicator_data_with_exit_status_2(
    run_cli: Callable[..., Any], tmp_path: Path
) -> None:
    """`yjqa indicators compute` once read a Latin-1 file garbled and exited 0."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "people.csv").write_bytes(PEOPLE.replace("P1", "Pé1").encode("latin-1"))
    (folder / "outcomes.csv").write_text(
        "outcome_id,person_id,service,offence_date,outcome_date,outcome,offence_category,"
        "gravity_score,end_date\n"
    )
    (folder / "population.csv").write_text("service,year,sex,ethnicity,age,count\n")
    result = run_cli("indicators", "compute", folder, "--from", "2025-04-01", "--to", "2026-03-31")
    assert result.exit_code == 2
    assert f"{folder / 'people.csv'}: is not UTF-8 text: byte " in result.stderr
    assert ADVICE in result.stderr and "Traceback" not in result.stderr
