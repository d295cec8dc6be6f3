"""`yjqa sample`: the JSON contract, and clear errors with exit status 2."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest

from yjqa.core.caseload.reader import write_caseload_csv
from yjqa.core.caseload.victims import write_victims_csv
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.synthetic.victims import generate_victims


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
    args = ("--from", "2025-04-01", "--to", "2026-03-31", "--seed", "1")
    result = run_cli("sample", caseload, "--domain", "custody", *args)
    assert result.exit_code == 2
    # A domain the plan has not: one message, exit status 2.
    result = run_cli("sample", caseload, "--domain", "children", *args)
    assert result.exit_code == 2
    assert "sampling plan 'hmip-2018' has no domain 'children'" in result.stderr
    assert "Traceback" not in result.stderr


def test_children_are_sampled_by_child_over_all_their_work(run_cli, caseload: Path) -> None:  # type: ignore[no-untyped-def]
    args = ("sample", caseload, "--domain", "children", "--plan", "hmip-2025")
    window = ("--from", "2025-04-01", "--to", "2026-03-31", "--seed", "4")
    result = run_cli(*args, *window, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data)[:6] == ["population", "sample_size", "seed", "balance", "cases", "reserve"]
    assert data["unit"] == "child" and data["domain"] == "children"
    assert 14 <= data["sample_size"] <= 91
    assert len(data["children"]) == len(set(data["children"])) == data["sample_size"]
    assert not set(data["children"]) & set(data["reserve_children"])
    with caseload.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    child_of = {r["case_ref"]: r["child_ref"] or r["case_ref"] for r in rows}
    assert [child_of[ref] for ref in data["cases"]] == data["children"]
    assert data["population"] < len(rows)  # children, fewer than their records
    table = run_cli(*args, *window)
    assert table.exit_code == 0, table.stderr
    assert "eligible children" in table.stdout and "Sample (child: case)" in table.stdout


def test_victims_are_sampled_from_a_victims_caseload(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = generate_service("Sample YJS", "SY", seed=3).cases
    path = tmp_path / "victims.csv"
    write_victims_csv(path, generate_victims(cases, code="SY", seed=3, as_of=date(2026, 3, 31)))
    args = ("sample", path, "--domain", "victims", "--plan", "hmip-2025")
    window = ("--from", "2025-04-01", "--to", "2026-03-31", "--seed", "2")
    result = run_cli(*args, *window, "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["unit"] == "victim" and data["domain"] == "victims"
    assert 9 <= data["sample_size"] <= 24
    assert set(data["balance"]) == {"offence_category", "consent_to_contact"}
    assert all(ref.startswith("SY-V") for ref in data["cases"] + data["reserve"])
    assert json.loads(run_cli(*args, *window, "--format", "json").stdout) == data
    table = run_cli(*args, *window)
    assert table.exit_code == 0 and "eligible victims" in table.stdout
    # A victims' file that is not there: one message, exit status 2.
    wrong = run_cli(
        "sample", tmp_path / "missing.csv", "--domain", "victims", "--plan", "hmip-2025", *window
    )
    assert wrong.exit_code == 2 and "file not found" in wrong.stderr
