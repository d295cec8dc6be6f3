"""Loading framework versions: the ones yjqa ships and any a service authors itself."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from yjqa.core.frameworks.model import Framework
from yjqa.core.validation.problems import InputError, Problem
from yjqa.core.validation.yaml_input import (
    load_shipped,
    parse_yaml,
    read_text,
    shipped_or_file,
    validate_model,
)


def parse_framework(text: str, source: str) -> Framework:
    data, node = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError([Problem("(top level)", "a framework must be a YAML mapping")], source)
    return validate_model(Framework, data, node, source)


def load_framework_file(path: Path) -> Framework:
    return parse_framework(read_text(path), str(path))


@cache
def shipped_frameworks() -> dict[str, Framework]:
    """Every framework shipped in the yjqa.frameworks package, by id."""
    return load_shipped("yjqa.frameworks", parse_framework, lambda f: f.id, "framework")


def get_framework(ref: str) -> Framework:
    """A shipped framework by id, or a framework YAML file by path."""
    return shipped_or_file(ref, shipped_frameworks(), load_framework_file, "framework")


def framework_json_schema() -> dict[str, Any]:
    schema = Framework.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def framework_json_schema_text() -> str:
    return json.dumps(framework_json_schema(), indent=2, ensure_ascii=False) + "\n"
