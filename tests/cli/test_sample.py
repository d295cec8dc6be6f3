"""`yjqa sample`: the JSON contract, and clear errors with exit status 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from yjqa.core.caseload.reader import write_caseload_csv
from yjqa.core.synthetic.caseload import generate_service


@pytest.fixture(scope="module")
def caseload(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("caseload") / "caseload.csv"
    write_caseload_csv(path, generate_service("Sample YJS", "SY", seed=3).cases)
    return path


def test_sample_prints_the_json_contract_and_replays_with_its_seed(run_cli, caseload: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("sample", caseload, "--domain", "oocd", "--from", "2025-04-01", "--to", "2026-03-31")
    result = run_cli(*args, "--seed", "5", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[:6] == ["population", "sample_size", "seed", "balance", "cases", "reserve"]
    assert data["seed"] == 5 and len(data["cases"]) == data["sample_size"]
    assert set(data["balance"]) == {"sex", "outcome", "rosh", "safety_wellbeing"}
    female = data["balance"]["sex"]["female"]
    assert set(female) == {"population", "expected", "sample"}
    assert not set(data["cases"]) & set(data["reserve"])
    again = json.loads(run_cli(*args, "--seed", "5", "--format", "json").stdout)
    assert again["cases"] == data["cases"]
    table = run_cli(*args, "--seed", "5")
    assert table.exit_code == 0 and "Balance" in table.stdout


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (("--from", "2026-01-01", "--to", "2025-01-01"), "after it ends"),
        (("--from", "2030-01-01", "--to", "2030-12-31"), "no eligible cases"),
        (("--from", "2025-04-01", "--to", "2026-03-31", "--plan", "hmip-1999"), "hmip-1999"),
        (("--from", "01/04/2025", "--to", "2026-03-31"), "is not a date"),
    ],
)
def test_bad_sample_input_is_one_message_with_exit_status_2(  # type: ignore[no-untyped-def]
    run_cli, caseload: Path, extra: tuple[str, ...], message: str
) -> None:
    result = run_cli("sample", caseload, "--domain", "court", "--seed", "1", *extra)
    assert result.exit_code == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_unknown_domain_is_a_usage_error(run_cli, caseload: Path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "sample",
        caseload,
        "--domain",
        "victims",
        "--from",
        "2025-04-01",
        "--to",
        "2026-03-31",
        "--seed",
        "1",
    )
    assert result.exit_code == 2
