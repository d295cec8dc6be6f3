"""Every importer's reader, fuzzed (issue 18): arbitrary bytes and plausible but corrupted
files either parse or raise the reader's clear InputError, naming the file (and, where the
reader is row-based, the row and field), never another exception."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from fuzz.fuzzing import PLAN_HEADERS, RATINGS_COLUMNS, place
from fuzz.strategies import CORE, any_file, definition_texts, junk, report_texts, xlsx_files
from yjqa.core.caseload.reader import CASELOAD_COLUMNS, read_caseload
from yjqa.core.caseload.victims import VICTIM_COLUMNS, read_victims
from yjqa.core.indicators.data import COLUMNS, read_table
from yjqa.core.published_reports.parsing import read_report
from yjqa.core.published_reports.ratings_csv import read_ratings_csv
from yjqa.core.surveys.answers import read_answers_csv
from yjqa.core.surveys.definitions import ANSWER_COLUMNS, load_survey_definition_file
from yjqa.core.validation.limits import UploadLimits
from yjqa.core.validation.problems import InputError
from yjqa.web.improvement.spreadsheet import SHEET as PLAN_SHEET
from yjqa.web.improvement.spreadsheet import read_rows

SMALL = UploadLimits(data_bytes=4_000_000, rows=50)
# Where a row-based reader's problem is: the file as a whole, its header, a row, or a row's
# field ("row 7, column sex").
ROW_PLACE = re.compile(r"^(|header|\(file\)|row \d+(, column [\w ]+)?)$")


def clear(error: InputError, path: Path, *, rows: bool = True) -> None:
    """The error names the file and says, for each problem, what is wrong and (for a
    row-based reader) where: the header, or the row and field."""
    assert error.source is not None and Path(error.source).name == path.name
    assert error.problems
    for problem in error.problems:
        assert problem.message.strip()
        if rows:
            assert ROW_PLACE.match(problem.place), problem.place
    assert path.name in error.describe()


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("fuzz")


@CORE
@given(
    suffix=st.sampled_from([".csv", ".xlsx"]),
    content=any_file(CASELOAD_COLUMNS),
)
# A header name that is itself a control character, over a cell that holds one.
@example(
    suffix=".csv",
    content=(
        ",".join(CASELOAD_COLUMNS) + ",\x00\n" + "," * len(CASELOAD_COLUMNS) + "\x1b\n"
    ).encode(),
)
def test_the_caseload_reader(folder: Path, suffix: str, content: bytes) -> None:
    path = place(folder, f"fuzz{suffix}", content)
    try:
        read_caseload(path, limits=SMALL)
    except InputError as error:
        clear(error, path)


@CORE
@given(suffix=st.sampled_from([".csv", ".xlsx"]), content=any_file(VICTIM_COLUMNS))
def test_the_victims_reader(folder: Path, suffix: str, content: bytes) -> None:
    path = place(folder, f"fuzz{suffix}", content)
    try:
        read_victims(path, limits=SMALL)
    except InputError as error:
        clear(error, path)


@CORE
@given(
    table=st.sampled_from(sorted(COLUMNS)),
    suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]),
    data=st.data(),
)
def test_the_indicator_data_reader(
    folder: Path, table: str, suffix: str, data: st.DataObject
) -> None:
    content = data.draw(any_file(COLUMNS[table]))  # type: ignore[index]
    path = place(folder, f"fuzz{suffix}", content)
    try:
        read_table(path, table, limits=SMALL)  # type: ignore[arg-type]
    except InputError as error:
        clear(error, path)


@CORE
@given(content=any_file(ANSWER_COLUMNS, xlsx=False, max_rows=8))
def test_the_survey_answers_reader(folder: Path, content: bytes) -> None:
    path = place(folder, "fuzz.csv", content)
    try:
        read_answers_csv(path, limits=SMALL).checked()
    except InputError as error:
        clear(error, path)


@CORE
@given(content=definition_texts)
def test_the_survey_definition_reader(folder: Path, content: bytes) -> None:
    path = place(folder, "fuzz.yaml", content)
    try:
        load_survey_definition_file(path)
    except InputError as error:
        clear(error, path, rows=False)


@CORE
@given(content=any_file(RATINGS_COLUMNS, xlsx=False))
# Found by this test: a cell over the csv module's field limit was a _csv.Error traceback.
@example(content=(",".join(RATINGS_COLUMNS) + "\n" + "x" * 140_000 + "\n").encode())
def test_the_benchmark_ratings_csv_reader(folder: Path, content: bytes) -> None:
    path = place(folder, "fuzz.csv", content)
    try:
        read_ratings_csv(path, limits=SMALL)
    except InputError as error:
        clear(error, path)


@CORE
@given(suffix=st.sampled_from([".pdf", ".html", ".txt"]), content=report_texts)
def test_the_published_report_reader(folder: Path, suffix: str, content: bytes) -> None:
    path = place(folder, f"fuzz{suffix}", content)
    try:
        read_report(path)
    except InputError as error:
        clear(error, path, rows=False)


@CORE
@given(content=st.one_of(junk, xlsx_files(PLAN_HEADERS, sheet=PLAN_SHEET)))
def test_the_improvement_plan_reader(content: bytes) -> None:
    try:
        read_rows(content, "plan.xlsx")
    except InputError as error:
        assert error.source == "plan.xlsx" and error.problems
        assert all(p.message.strip() for p in error.problems)
