"""Limits on every upload (issue 18): size, rows, an Excel file's unpacked size read from the
zip's directory before any workbook reader opens it, and a capped list of problems."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from xlsx_bomb import opening_refused, write_xlsx_bomb
from yjqa.core.caseload.reader import CASELOAD_COLUMNS, caseload_cells, read_caseload
from yjqa.core.caseload.victims import read_victims
from yjqa.core.indicators.data import COLUMNS, read_table
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.validation.limits import MB, UploadLimits, xlsx_problem
from yjqa.core.validation.problems import Collected, InputError, MoreProblems, Problem


def caseload_csv(path: Path, count: int, *, bad: bool = False) -> Path:
    cases = generate_service("Limits", "LIM", seed=3, outcomes_per_year=count).cases[:count]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CASELOAD_COLUMNS)
        for case in cases:
            cells = caseload_cells(case)
            if bad:
                cells[CASELOAD_COLUMNS.index("sex")] = "boy"
            writer.writerow(cells)
    assert len(cases) == count
    return path


def test_the_default_cap_refuses_a_real_zip_bomb_unopened_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = write_xlsx_bomb(tmp_path / "caseload.xlsx", CASELOAD_COLUMNS, megabytes=300)
    assert bomb.stat().st_size < 4 * MB  # a few megabytes on disk ...
    opened = opening_refused(monkeypatch)
    with pytest.raises(InputError) as refused:
        read_caseload(bomb, limits=UploadLimits())  # ... the defaults, as shipped
    assert opened == []
    message = refused.value.describe()
    assert message.startswith(f"{bomb}: would unpack to 300.")
    assert "more than the 200 MB an Excel file may hold: it was not opened" in message


def test_the_indicator_and_victims_imports_refuse_a_bomb_before_fastexcel_reads_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = write_xlsx_bomb(tmp_path / "people.xlsx", COLUMNS["people"], megabytes=3)
    small = UploadLimits(xlsx_unpacked_bytes=2 * MB)
    opened = opening_refused(monkeypatch)
    with pytest.raises(InputError, match=r"would unpack to 3\.\d MB, more than the 2 MB"):
        read_table(bomb, "people", limits=small)
    with pytest.raises(InputError, match=r"would unpack to 3\.\d MB"):
        read_victims(bomb, limits=small)
    assert opened == []


def test_a_bomb_under_the_caps_is_opened_so_the_unopened_checks_can_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The control for the tests above: with caps the bomb is under, each reader does try to
    open it, and opening_refused records that."""
    bomb = write_xlsx_bomb(tmp_path / "people.xlsx", COLUMNS["people"], megabytes=3)
    loose = UploadLimits(xlsx_unpacked_bytes=10 * MB, xlsx_ratio=1_000_000)
    opened = opening_refused(monkeypatch)
    for read in (
        lambda: read_caseload(bomb, limits=loose),
        lambda: read_table(bomb, "people", limits=loose),
    ):
        with pytest.raises((InputError, RuntimeError)):
            read()
    assert "openpyxl.load_workbook" in opened and "polars.read_excel" in opened


def test_a_member_packed_far_tighter_than_a_sheet_is_refused_by_its_ratio(tmp_path: Path) -> None:
    bomb = write_xlsx_bomb(tmp_path / "tight.xlsx", CASELOAD_COLUMNS, megabytes=5)
    problem = xlsx_problem(bomb, UploadLimits())  # 5 MB is under the unpacked cap
    assert problem is not None
    assert "times tighter than its contents (more than 100 times), as a zip bomb is" in problem
    assert xlsx_problem(bomb, UploadLimits(xlsx_ratio=100_000)) is None


def test_a_real_workbook_is_not_mistaken_for_a_bomb(tmp_path: Path) -> None:
    import openpyxl  # type: ignore[import-untyped, unused-ignore]

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(CASELOAD_COLUMNS))
    cases = generate_service("Limits", "LIM", seed=4, outcomes_per_year=3000).cases
    for case in cases:
        sheet.append(caseload_cells(case))
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    assert xlsx_problem(path, UploadLimits()) is None
    assert len(read_caseload(path, limits=UploadLimits())) == len(cases)


def test_an_over_size_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = caseload_csv(tmp_path / "caseload.csv", 40)
    size = path.stat().st_size
    with pytest.raises(InputError) as refused:
        read_caseload(path, limits=UploadLimits(data_bytes=size - 1))
    assert "files of up to" in refused.value.describe()
    assert str(path) in refused.value.describe()
    with pytest.raises(InputError, match="files of up to"):
        read_table(path, "people", limits=UploadLimits(data_bytes=size - 1))
    assert len(read_caseload(path, limits=UploadLimits(data_bytes=size))) == 40


def test_the_row_cap_is_enforced_for_caseload_and_indicator_files(tmp_path: Path) -> None:
    path = caseload_csv(tmp_path / "caseload.csv", 12)
    assert len(read_caseload(path, limits=UploadLimits(rows=12))) == 12
    with pytest.raises(InputError) as refused:
        read_caseload(path, limits=UploadLimits(rows=11))
    assert refused.value.problems == (
        Problem(
            "",
            "has more than 11 rows: at most 11 rows can be imported at once, "
            "so split the file and import each part",
        ),
    )
    people = tmp_path / "people.parquet"
    pl.DataFrame(
        {
            "person_id": [f"P{n}" for n in range(12)],
            "service": ["X"] * 12,
            "sex": ["male"] * 12,
            "ethnicity": ["white"] * 12,
            "date_of_birth": ["2010-01-01"] * 12,
        }
    ).write_parquet(people)
    assert read_table(people, "people", limits=UploadLimits(rows=12)).height == 12
    with pytest.raises(InputError, match="has more than 11 rows"):
        read_table(people, "people", limits=UploadLimits(rows=11))
    as_csv = tmp_path / "people.csv"
    pl.read_parquet(people).write_csv(as_csv)
    with pytest.raises(InputError, match="has more than 11 rows"):
        read_table(as_csv, "people", limits=UploadLimits(rows=11))


def test_five_thousand_bad_rows_list_the_first_100_problems_and_count_the_rest(
    tmp_path: Path,
) -> None:
    path = caseload_csv(tmp_path / "bad.csv", 5000, bad=True)
    with pytest.raises(InputError) as refused:
        read_caseload(path, limits=UploadLimits())
    error = refused.value
    assert error.total == 5000
    assert len(error.problems) == 101
    assert error.problems[99].place == "row 101, column sex"
    lines = error.describe().splitlines()
    assert len(lines) == 101
    assert lines[-1] == "and 4,900 more problems"


def test_an_input_error_lists_at_most_100_problems_however_it_is_made() -> None:
    error = InputError([Problem(f"row {n}", "wrong") for n in range(2, 400_002)], "plan.xlsx")
    assert (len(error.problems), error.total, error.more) == (101, 400_000, 399_900)
    assert error.describe().endswith("plan.xlsx: row 101: wrong\nand 399,900 more problems")
    again = error.with_source("other.xlsx")
    assert (len(again.problems), again.total) == (101, 400_000)


def test_collected_problems_keep_100_and_count_every_one() -> None:
    found = Collected()
    for n in range(250):
        found.append(Problem(f"row {n + 2}", "wrong"))
    found += [Problem("row 1", "also wrong")]
    assert len(found) == 251
    listed = list(found)
    assert len(listed) == 101
    assert isinstance(listed[-1], MoreProblems) and listed[-1].count == 151
    assert InputError(listed).total == 251


def test_limits_come_from_the_environment() -> None:
    assert UploadLimits.from_env({}) == UploadLimits()
    chosen = UploadLimits.from_env(
        {
            "YJQA_MAX_UPLOAD_MB": "5",
            "YJQA_MAX_EVIDENCE_MB": "2",
            "YJQA_MAX_IMPORT_ROWS": "1_000",
            "YJQA_MAX_XLSX_UNPACKED_MB": "30",
            "YJQA_MAX_XLSX_RATIO": "50",
        }
    )
    assert chosen == UploadLimits(5 * MB, 2 * MB, 1000, 30 * MB, 50)
    with pytest.raises(ValueError, match="YJQA_MAX_IMPORT_ROWS must be a whole number"):
        UploadLimits.from_env({"YJQA_MAX_IMPORT_ROWS": "lots"})
    with pytest.raises(ValueError, match="YJQA_MAX_UPLOAD_MB"):
        UploadLimits.from_env({"YJQA_MAX_UPLOAD_MB": "0"})


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    content=st.one_of(
        st.binary(max_size=400),
        st.lists(st.lists(st.text(max_size=12), max_size=16), max_size=6).map(
            lambda rows: "\n".join(",".join(r) for r in rows).encode("utf-8", "surrogatepass")
        ),
        st.sampled_from(["csv", "xlsx"]).map(lambda _: b"PK\x03\x04" + b"\x00" * 40),
    ),
    header=st.booleans(),
    suffix=st.sampled_from([".csv", ".xlsx"]),
)
def test_the_caseload_reader_gives_rows_or_a_clear_input_error_never_a_crash(
    tmp_path: Path, content: bytes, header: bool, suffix: str
) -> None:
    path = tmp_path / f"fuzz{suffix}"
    prefix = (",".join(CASELOAD_COLUMNS) + "\n").encode() if header and suffix == ".csv" else b""
    path.write_bytes(prefix + content)
    try:
        rows = read_caseload(path, limits=UploadLimits(data_bytes=2000, rows=5))
    except InputError as error:
        assert error.problems and all(p.message for p in error.problems)
    else:
        assert rows


def test_a_zip_bomb_given_as_bytes_is_refused_from_its_directory(tmp_path: Path) -> None:
    bomb = write_xlsx_bomb(tmp_path / "plan.xlsx", ["a", "b"], megabytes=3)
    problem = xlsx_problem(io.BytesIO(bomb.read_bytes()), UploadLimits(xlsx_unpacked_bytes=MB))
    assert problem is not None and problem.startswith("would unpack to 3.")
    assert xlsx_problem(io.BytesIO(b"not a zip"), UploadLimits()) is None  # its reader says why


def test_yaml_and_text_inputs_are_held_to_the_size_limit_in_force(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from yjqa.core.validation import limits
    from yjqa.core.validation.yaml_input import read_text

    path = tmp_path / "survey.yaml"
    path.write_text("title: " + "x" * 200)
    monkeypatch.setattr(limits, "_provider", lambda: UploadLimits(data_bytes=100))
    with pytest.raises(
        InputError, match=r"survey\.yaml: is 207 bytes: files of up to 100 bytes can be imported"
    ):
        read_text(path)
    monkeypatch.setattr(limits, "_provider", lambda: UploadLimits(data_bytes=1000))
    assert read_text(path).startswith("title: ")
