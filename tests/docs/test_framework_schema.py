"""The published JSON Schema of a framework file is current, and holds the shipped frameworks."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from yjqa.core.frameworks.shipped import framework_json_schema

from helpers import ROOT

SCHEMA_FILE = ROOT / "schema" / "framework.schema.json"


def test_published_schema_is_current() -> None:
    published = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    assert published == framework_json_schema(), (
        "schema/framework.schema.json is out of date: "
        "run `yjqa frameworks schema -o schema/framework.schema.json`"
    )


def test_shipped_frameworks_satisfy_the_published_schema() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    validator = jsonschema.Draft202012Validator(schema, format_checker=None)
    for path in sorted((ROOT / "src" / "yjqa" / "frameworks").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data = json.loads(json.dumps(data, default=str))  # dates as JSON text
        errors = list(validator.iter_errors(data))
        assert not errors, f"{path.name}: {errors[0].message}"


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    bad = {"id": "x", "title": "t", "version": "1", "valid_from": "2025-01-01", "domains": []}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema)
