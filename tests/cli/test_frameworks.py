"""`yjqa frameworks`: list, show, validate and schema."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import ROOT


def test_frameworks_lists_shows_validates_and_prints_the_schema(run_cli, tmp_path: Path) -> None:
    listed = run_cli("frameworks", "list")
    assert listed.exit_code == 0
    for framework_id in ("hmip-youth-2018", "hmip-youth-2021", "hmip-sqs-2016"):
        assert framework_id in listed.stdout
    shown = run_cli("frameworks", "show", "hmip-youth-2018")
    assert shown.exit_code == 0 and "3.4.2 Does the YOT work effectively" in shown.stdout
    as_json = run_cli("frameworks", "show", "hmip-youth-2021", "--format", "json")
    assert json.loads(as_json.stdout)["id"] == "hmip-youth-2021"
    valid = run_cli(
        "frameworks", "validate", ROOT / "src" / "yjqa" / "frameworks" / "hmip-youth-2021.yaml"
    )
    assert valid.exit_code == 0 and "valid framework 'hmip-youth-2021'" in valid.stdout
    broken = tmp_path / "broken.yaml"
    broken.write_text("id: x\n")
    invalid = run_cli("frameworks", "validate", broken)
    assert invalid.exit_code == 2
    assert f"{broken}" in invalid.stderr and "title: required field is missing" in invalid.stderr
    schema = run_cli("frameworks", "schema")
    assert json.loads(schema.stdout)["title"] == "Framework"
