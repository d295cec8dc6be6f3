"""Loading framework versions: the ones yjqa ships and any a service authors itself."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from yjqa.core.framework import Framework
from yjqa.core.problems import InputError, Problem
from yjqa.core.yaml_input import parse_yaml, read_text, validate_model


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
    found: dict[str, Framework] = {}
    for entry in sorted(resources.files("yjqa.frameworks").iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            framework = parse_framework(entry.read_text(encoding="utf-8"), entry.name)
            if framework.id in found:
                raise InputError([Problem("id", f"framework id '{framework.id}' shipped twice")])
            found[framework.id] = framework
    return found


def get_framework(ref: str) -> Framework:
    """A shipped framework by id, or a framework YAML file by path."""
    shipped = shipped_frameworks()
    if ref in shipped:
        return shipped[ref]
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return load_framework_file(path)
    known = ", ".join(sorted(shipped))
    raise InputError([Problem("framework", f"unknown framework '{ref}' (shipped: {known})")])


def framework_json_schema() -> dict[str, Any]:
    schema = Framework.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def framework_json_schema_text() -> str:
    return json.dumps(framework_json_schema(), indent=2, ensure_ascii=False) + "\n"
