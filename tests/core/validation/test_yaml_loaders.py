"""The YAML files yjqa ships are read with libyaml's loader (for a quick `yjqa frameworks list`,
issue 20); files people write keep the pure Python loader, which refuses some files libyaml
accepts. The two loaders must read every shipped file the same."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import pytest
import yaml

from yjqa.core.frameworks.shipped import load_framework_file, parse_framework
from yjqa.core.validation import yaml_input
from yjqa.core.validation.problems import InputError

SHIPPED_PACKAGES = ("yjqa.frameworks", "yjqa.sampling_plans", "yjqa.indicators", "yjqa.surveys")
SHIPPED = sorted(
    (package, entry.name)
    for package in SHIPPED_PACKAGES
    for entry in resources.files(package).iterdir()
    if entry.name.endswith(".yaml")
)


def lines_and_values(node: yaml.Node | None) -> list[Any]:
    """Every node's tag and line (what error messages use), and every scalar's text."""
    if node is None:
        return []
    found: list[Any] = [(node.tag, node.start_mark.line)]
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            found += lines_and_values(key) + lines_and_values(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            found += lines_and_values(item)
    else:
        found.append(node.value)
    return found


def test_every_shipped_package_has_yaml_files() -> None:
    assert {package for package, _ in SHIPPED} == set(SHIPPED_PACKAGES)


@pytest.mark.parametrize(("package", "name"), SHIPPED)
def test_both_loaders_read_a_shipped_file_the_same(package: str, name: str) -> None:
    assert hasattr(yaml, "CSafeLoader"), "PyYAML was built without libyaml"
    text = (resources.files(package) / name).read_text(encoding="utf-8")
    pure = yaml.load(text, Loader=yaml.SafeLoader)
    assert pure is not None
    assert yaml.load(text, Loader=yaml.CSafeLoader) == pure
    assert lines_and_values(yaml.compose(text, Loader=yaml.CSafeLoader)) == lines_and_values(
        yaml.compose(text, Loader=yaml.SafeLoader)
    )


def test_shipped_files_are_read_with_libyaml_and_others_with_pure_python(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    used: list[str] = []

    class Fast(yaml.CSafeLoader):  # type: ignore[misc]
        def __init__(self, stream: str) -> None:
            used.append("fast")
            super().__init__(stream)

    monkeypatch.setattr(yaml_input, "_FAST_LOADER", Fast)
    shipped = yaml_input.load_shipped("yjqa.frameworks", parse_framework, lambda f: f.id, "f")
    assert "hmip-youth-2021" in shipped
    assert used and set(used) == {"fast"}
    used.clear()
    text = (resources.files("yjqa.frameworks") / "hmip-youth-2021.yaml").read_text("utf-8")
    own = tmp_path / "own.yaml"
    own.write_text(text, encoding="utf-8")
    assert load_framework_file(own) == shipped["hmip-youth-2021"]
    assert used == []


def test_a_file_a_person_wrote_is_refused_as_before_where_libyaml_would_take_it(
    tmp_path: Path,
) -> None:
    # A tab inside a line: libyaml reads it as part of the text; the pure Python loader, which
    # has always read people's files, refuses it, naming the line.
    text = (resources.files("yjqa.frameworks") / "hmip-youth-2021.yaml").read_text("utf-8")
    title = next(i for i, line in enumerate(text.splitlines()) if line.startswith("title:"))
    lines = text.splitlines()
    lines[title] = "title:\tHMI Probation"
    text = "\n".join(lines) + "\n"
    assert yaml.load(text, Loader=yaml.CSafeLoader)["title"] == "HMI Probation"
    own = tmp_path / "tabbed.yaml"
    own.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as raised:
        load_framework_file(own)
    (problem,) = raised.value.problems
    assert problem.message.startswith("malformed YAML: found character '\\t'")
    assert problem.line == title + 1
