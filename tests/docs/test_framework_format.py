"""The framework reference page and the published JSON Schema keep up with the models."""

from __future__ import annotations

import json
import re

import jsonschema
import pytest
import yaml

from yjqa.core.frameworks import model as models
from yjqa.core.frameworks.shipped import framework_json_schema, parse_framework

from helpers import ROOT

DOC = (ROOT / "docs" / "framework-format.md").read_text(encoding="utf-8")
SCHEMA_FILE = ROOT / "schema" / "framework.schema.json"
MODELS = [
    models.Framework,
    models.Strand,
    models.Domain,
    models.Standard,
    models.KeyQuestion,
    models.Prompt,
    models.RatingRules,
    models.Band,
    models.OverallBand,
]


def section(name: str) -> str:
    match = re.search(rf"^## {name}\n(.*?)(?=^## |\Z)", DOC, re.M | re.S)
    assert match, f"docs/framework-format.md has no '## {name}' section"
    return match.group(1)


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_reference_page_documents_every_field(model: type[models.BaseModel]) -> None:
    text = section(model.__name__)
    missing = [name for name in model.model_fields if f"`{name}`" not in text]
    assert not missing, f"## {model.__name__} does not document: {', '.join(missing)}"


def test_reference_page_example_is_a_valid_framework() -> None:
    example = re.findall(r"```yaml\n(.*?)```", DOC, re.S)[0]
    assert parse_framework(example, "docs/framework-format.md").domains


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
