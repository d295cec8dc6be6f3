"""`yjqa caseload template`: a caseload file to fill in, as the web page offers."""

from __future__ import annotations

from pathlib import Path

import pytest

from yjqa.core.caseload.reader import CASELOAD_COLUMNS, read_caseload


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_caseload_template_is_written_and_reads_back_as_cases(
    run_cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    fmt: str,
) -> None:
    path = tmp_path / f"caseload.{fmt}"
    result = run_cli("caseload", "template", "--format", fmt, "-o", path)
    assert result.exit_code == 0, result.stderr
    assert f"{path}: a caseload template ({fmt})" in result.stdout
    assert len(read_caseload(path)) == 2
    if fmt == "csv":
        assert path.read_text().splitlines()[0] == ",".join(CASELOAD_COLUMNS)


def test_an_unknown_template_format_is_refused(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("caseload", "template", "--format", "pdf", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 2
    assert not (tmp_path / "x.pdf").exists()
