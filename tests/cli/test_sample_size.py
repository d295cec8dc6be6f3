"""`yjqa sample-size`: the size and its working, and clear errors with exit status 2."""

from __future__ import annotations

import json


def test_sample_size_prints_the_size_as_json(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("sample-size", "--population", "30", "--format", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert (data["population"], data["sample_size"]) == (30, 26)
    clamped = json.loads(
        run_cli("sample-size", "--population", "1000", "--max", "91", "--format", "json").stdout
    )
    assert clamped["sample_size"] == 91


def test_sample_size_shows_the_working(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("sample-size", "--population", "30")
    assert "Sample size: 26 of 30" in result.stdout
    assert "finite-population correction" in result.stdout


def test_a_bad_margin_is_refused_with_exit_status_2(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("sample-size", "--population", "30", "--margin", "2")
    assert result.exit_code == 2
    assert "margin" in result.stderr and "Traceback" not in result.stderr
