"""The upload caps on the imports that lacked them (issue 18): the survey answers file and the
benchmark ratings CSV are refused over the size cap and the row cap, naming the file, and
nothing is written; every command-line import is held to the same caps."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path
from typing import Any

import pytest

from fuzz.fuzzing import nothing_written
from yjqa.core.caseload.reader import CASELOAD_COLUMNS
from yjqa.core.caseload.victims import VICTIM_COLUMNS
from yjqa.core.indicators.data import COLUMNS
from yjqa.core.published_reports.parsing import read_report
from yjqa.core.published_reports.ratings_csv import read_ratings_csv
from yjqa.core.surveys.answers import read_answers_csv
from yjqa.core.validation import limits
from yjqa.core.validation.limits import UploadLimits
from yjqa.core.validation.problems import InputError

from helpers import RATINGS_CSV


def held_to(monkeypatch: pytest.MonkeyPatch, caps: UploadLimits) -> None:
    """The limits in force, for the web app's setting and the command line's environment
    alike."""
    monkeypatch.setattr(limits, "_provider", lambda: caps)


def answers_csv(path: Path, rows: int) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["respondent", "question", "answer"])
        for n in range(rows):
            writer.writerow([f"R{n}", "q1", "7"])
    return path


def ratings_rows() -> int:
    with RATINGS_CSV.open(encoding="utf-8-sig") as handle:
        return sum(1 for _ in csv.reader(handle)) - 1


def test_the_survey_answers_reader_has_a_row_cap_and_a_size_cap(tmp_path: Path) -> None:
    path = answers_csv(tmp_path / "answers.csv", 12)
    assert len(read_answers_csv(path, limits=UploadLimits(rows=12)).checked()) == 12
    with pytest.raises(InputError, match=r"answers\.csv: has more than 11 rows"):
        read_answers_csv(path, limits=UploadLimits(rows=11))
    size = path.stat().st_size
    with pytest.raises(InputError, match=r"answers\.csv: is \d+ bytes: files of up to"):
        read_answers_csv(path, limits=UploadLimits(data_bytes=size - 1))


def test_the_survey_summary_command_refuses_a_file_over_the_caps(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = answers_csv(tmp_path / "answers.csv", 30)
    held_to(monkeypatch, UploadLimits(rows=29))
    result = run_cli("survey", "summary", path)
    assert result.exit_code == 2
    assert f"{path}: has more than 29 rows" in result.stderr.replace("\n", "")
    held_to(monkeypatch, UploadLimits(data_bytes=100))
    result = run_cli("survey", "summary", path)
    assert result.exit_code == 2
    assert "files of up to 100 bytes can be imported" in result.stderr
    held_to(monkeypatch, UploadLimits())
    assert run_cli("survey", "summary", path).exit_code == 0


def test_the_ratings_csv_reader_has_a_row_cap_and_a_size_cap(tmp_path: Path) -> None:
    path = tmp_path / "ratings.csv"
    shutil.copy(RATINGS_CSV, path)
    rows = ratings_rows()
    assert len(read_ratings_csv(path, limits=UploadLimits(rows=rows)).rows) == rows
    with pytest.raises(InputError, match=rf"ratings\.csv: has more than {rows - 1} rows"):
        read_ratings_csv(path, limits=UploadLimits(rows=rows - 1))
    with pytest.raises(InputError, match=r"ratings\.csv: is .*: files of up to"):
        read_ratings_csv(path, limits=UploadLimits(data_bytes=path.stat().st_size - 1))


@pytest.mark.django_db
def test_the_benchmark_import_command_refuses_a_ratings_csv_over_the_caps_writing_nothing(
    run_cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "ratings.csv"
    shutil.copy(RATINGS_CSV, path)
    with nothing_written():
        held_to(monkeypatch, UploadLimits(rows=ratings_rows() - 1))
        result = run_cli("benchmark", "import", path)
        assert result.exit_code == 2
        assert f"{path}: has more than {ratings_rows() - 1} rows" in result.stderr.replace("\n", "")
        held_to(monkeypatch, UploadLimits(data_bytes=1000))
        result = run_cli("benchmark", "import", path)
        assert result.exit_code == 2
        assert "files of up to 1000 bytes can be imported" in result.stderr.replace(",", "")


def test_a_published_report_over_the_size_cap_is_refused_unread(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "report.txt"
    path.write_text("An inspection of youth offending services\n" * 100)
    held_to(monkeypatch, UploadLimits(data_bytes=1000))
    with pytest.raises(InputError, match=r"report\.txt: is 4 KB: files of up to 1,000 bytes"):
        read_report(path)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("command", "name", "columns"),
    [
        (("caseload", "import", "northshire"), "caseload.csv", CASELOAD_COLUMNS),
        (("victims", "import", "northshire"), "victims.csv", VICTIM_COLUMNS),
        (("indicators", "import", "northshire"), "people.csv", COLUMNS["people"]),
    ],
)
def test_every_command_line_import_is_held_to_the_same_size_cap(
    run_cli: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    command: tuple[str, ...],
    name: str,
    columns: tuple[str, ...],
) -> None:
    path = tmp_path / name
    path.write_text(",".join(columns) + "\n" + ",".join("x" for _ in columns) * 200 + "\n")
    for table in ("outcomes", "population"):
        (tmp_path / f"{table}.csv").write_text(",".join(COLUMNS[table]) + "\n")
    target = tmp_path if command[0] == "indicators" else path
    with nothing_written():
        held_to(monkeypatch, UploadLimits(data_bytes=1000))
        result = run_cli(*command, target)
        assert result.exit_code == 2
        assert f"{path}: is " in result.stderr and "files of up to 1,000 bytes" in result.stderr
        path.write_text(",".join(columns) + "\n" + (",".join("x" for _ in columns) + "\n") * 3)
        held_to(monkeypatch, UploadLimits(rows=2))
        result = run_cli(*command, target)
        assert result.exit_code == 2
        assert f"{path}: has more than 2 rows" in result.stderr.replace("\n", "")
