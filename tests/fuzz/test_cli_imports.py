"""Every command-line import, fuzzed (issue 18): a bad file exits with status 2 and a message
naming the file, never a traceback, and nothing is written, no audit record either. A fuzzed
file that happens to import is left out (`assume`), as it is not bad."""

from __future__ import annotations

from contextlib import nullcontext
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, example, given, note
from hypothesis import strategies as st

from fuzz.fuzzing import RATINGS_COLUMNS, THROUGH_THE_DATABASE, nothing_written, place
from fuzz.strategies import THROUGH, any_file, definition_texts, report_texts
from yjqa.core.caseload.reader import CASELOAD_COLUMNS
from yjqa.core.caseload.victims import VICTIM_COLUMNS
from yjqa.core.indicators.data import COLUMNS
from yjqa.core.surveys.definitions import ANSWER_COLUMNS

pytestmark = THROUGH_THE_DATABASE


@pytest.fixture(autouse=True)
def migrated(monkeypatch: pytest.MonkeyPatch) -> None:
    """The test database is migrated already: each command's own `migrate` (a second or so a
    run, tested elsewhere) is skipped, so the examples stay fast."""
    import yjqa.cli.benchmark
    import yjqa.cli.web

    monkeypatch.setattr(yjqa.cli.web, "migrate", lambda: None)
    monkeypatch.setattr(yjqa.cli.benchmark, "migrate", lambda: None)


def refused(run_cli: Any, path: Path, *args: str | Path, writes: bool = True) -> None:
    """Run the command; unless it succeeded, it said why naming the file, and wrote nothing."""
    with nothing_written() if writes else nullcontext():
        result = run_cli(*args)
        note(f"exit {result.exit_code}: {result.stderr[:500]}")
        assume(result.exit_code != 0)  # it imported (or read): not a bad file after all
    assert result.exit_code == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.lstrip().startswith("Error: ")
    assert path.name in result.stderr.replace("\n", "")


@THROUGH
@given(suffix=st.sampled_from([".csv", ".xlsx"]), content=any_file(CASELOAD_COLUMNS))
# A Latin-1 file (issue 18's probe: it imported with garbled letters and exit 0).
@example(
    suffix=".csv",
    content=(",".join(CASELOAD_COLUMNS) + "\nX1,female,caf\u00e9\n").encode("latin-1"),
)
def test_caseload_import(run_cli: Any, tmp_path: Path, suffix: str, content: bytes) -> None:
    path = place(tmp_path, f"caseload{suffix}", content)
    refused(run_cli, path, "caseload", "import", "northshire", path)


@THROUGH
@given(suffix=st.sampled_from([".csv", ".xlsx"]), content=any_file(VICTIM_COLUMNS))
def test_victims_import(run_cli: Any, tmp_path: Path, suffix: str, content: bytes) -> None:
    path = place(tmp_path, f"victims{suffix}", content)
    refused(run_cli, path, "victims", "import", "northshire", path)


@THROUGH
@given(
    table=st.sampled_from(sorted(COLUMNS)),
    suffix=st.sampled_from([".csv", ".xlsx", ".parquet"]),
    data=st.data(),
)
def test_indicators_import(
    run_cli: Any, tmp_path: Path, table: str, suffix: str, data: st.DataObject
) -> None:
    content = data.draw(any_file(COLUMNS[table]))  # type: ignore[index]
    path = place(tmp_path, f"{table}{suffix}", content)
    refused(run_cli, path, "indicators", "import", "northshire", path.parent)


@THROUGH
@given(content=any_file(RATINGS_COLUMNS, xlsx=False))
# Found by the reader's fuzz test: a cell over the csv module's field limit was a traceback.
@example(content=(",".join(RATINGS_COLUMNS) + "\n" + "x" * 140_000 + "\n").encode())
def test_benchmark_import_of_a_ratings_csv(run_cli: Any, tmp_path: Path, content: bytes) -> None:
    path = place(tmp_path, "ratings.csv", content)
    refused(run_cli, path, "benchmark", "import", path)


@THROUGH
@given(suffix=st.sampled_from([".pdf", ".html", ".txt"]), content=report_texts)
def test_benchmark_import_and_import_report_of_a_report(
    run_cli: Any, tmp_path: Path, suffix: str, content: bytes
) -> None:
    path = place(tmp_path, f"report{suffix}", content)
    refused(run_cli, path, "benchmark", "import", path)
    refused(run_cli, path, "import-report", path, writes=False)


@THROUGH
@given(content=any_file(ANSWER_COLUMNS, xlsx=False, max_rows=8))
def test_survey_summary_of_an_answers_file(run_cli: Any, tmp_path: Path, content: bytes) -> None:
    path = place(tmp_path, "answers.csv", content)
    refused(run_cli, path, "survey", "summary", path, "--survey", "children-feedback")


@THROUGH
@given(content=definition_texts)
def test_survey_summary_with_a_survey_definition_file(
    run_cli: Any, tmp_path: Path, content: bytes
) -> None:
    answers = place(tmp_path, "answers.csv", b"respondent,question,answer\nR1,q1,7\n")
    path = place(tmp_path, "survey.yaml", content)
    refused(run_cli, path, "survey", "summary", answers, "--survey", path, writes=False)
