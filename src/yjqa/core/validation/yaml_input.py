"""Reading YAML inputs with errors that point at the file, the line and the field."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from contextvars import ContextVar
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from yjqa.core.validation.fields import NotUtf8Error, decode_utf8
from yjqa.core.validation.limits import current, size_problem
from yjqa.core.validation.problems import InputError, Problem, format_path

M = TypeVar("M", bound=BaseModel)
T = TypeVar("T")


def read_text(path: Path) -> str:
    """A text file's text: UTF-8 (a byte order mark dropped), strictly (`decode_utf8`); a file
    over the upload size limit is refused unread."""
    try:
        problem = size_problem(path.stat().st_size, current().data_bytes)
        if problem is not None:
            raise InputError([Problem("", problem)], str(path))
        return decode_utf8(path.read_bytes())
    except FileNotFoundError:
        raise InputError([Problem("", "file not found")], str(path)) from None
    except NotUtf8Error as exc:
        raise InputError([Problem("", str(exc))], str(path)) from None
    except OSError as exc:
        raise InputError([Problem("", f"cannot be read ({exc.strerror})")], str(path)) from None


# libyaml's loader when PyYAML was built with it: about ten times as fast as the pure Python
# one (the shipped frameworks load in about 15 ms rather than 180 ms). It is used only for the
# YAML files yjqa ships (`load_shipped`), which tests/core/validation/test_yaml_loaders.py reads
# with both loaders: the two accept slightly different files (libyaml takes some tabs and `?`s
# the pure Python loader refuses), so a file a person wrote is still read by the pure Python
# loader, and what is accepted and every error's message and line stay as they were.
_FAST_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_READING_SHIPPED: ContextVar[bool] = ContextVar("yjqa_reading_shipped_yaml", default=False)


def parse_yaml(text: str, source: str) -> tuple[Any, yaml.Node | None]:
    """Parse YAML, returning the data and the node tree used to find line numbers."""
    loader = _FAST_LOADER if _READING_SHIPPED.get() else yaml.SafeLoader
    try:
        # yaml.load with a safe loader (SafeLoader or CSafeLoader) builds plain data only.
        return yaml.load(text, Loader=loader), yaml.compose(text, Loader=loader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark is not None else None
        reason = getattr(exc, "problem", None) or str(exc)
        raise InputError([Problem("", f"malformed YAML: {reason}", line)], source) from None


def line_of(node: yaml.Node | None, loc: Sequence[str | int]) -> int | None:
    """The 1-based line of the deepest node along loc that exists in the YAML tree."""
    if node is None:
        return None
    line: int = node.start_mark.line + 1
    current: yaml.Node = node
    for part in loc:
        child: yaml.Node | None = None
        if isinstance(current, yaml.MappingNode):
            for key, value in current.value:
                if key.value == str(part):
                    child, line = value, key.start_mark.line + 1
                    break
        elif (
            isinstance(current, yaml.SequenceNode)
            and isinstance(part, int)
            and 0 <= part < len(current.value)
        ):
            child = current.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        current = child
    return line


def validate_model(model: type[M], data: Any, node: yaml.Node | None, source: str) -> M:
    """Validate data into model; every error names its field path and YAML line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problems = []
        errors = exc.errors(include_url=False)
        failed_items = [tuple(e["loc"]) for e in errors]
        for error in errors:
            loc = [p for p in error["loc"] if isinstance(p, str | int)]
            if error["type"] == "too_short" and any(
                len(other) > len(loc) and tuple(other[: len(loc)]) == tuple(loc)
                for other in failed_items
            ):
                continue  # a list is only "too short" because its items failed: say why they did
            problems.append(
                Problem(format_path(loc) or "(top level)", _message(error), line_of(node, loc))
            )
        raise InputError(problems, source) from None
    except InputError as exc:
        located = [
            Problem(p.place, p.message, line_of(node, _parse_path(p.place))) for p in exc.problems
        ]
        raise InputError(located, source) from None


def _message(error: Any) -> str:
    kind = error.get("type")
    if kind == "missing":
        return "required field is missing"
    if kind == "string_type" and error["loc"] and error["loc"][-1] == "id":
        return f"ids are text: put it in quotes, e.g. '{error.get('input')}'"
    if kind == "extra_forbidden":
        return "unknown field (check the spelling against docs/framework-format.md)"
    return str(error.get("msg", "invalid value"))


def _parse_path(path: str) -> list[str | int]:
    """Inverse of format_path for paths it produced."""
    parts: list[str | int] = []
    for chunk in path.split("."):
        name, _, rest = chunk.partition("[")
        if name:
            parts.append(name)
        for index in filter(None, rest.replace("]", "").split("[")):
            parts.append(int(index))
    return parts


def load_shipped(
    package: str, parse: Callable[[str, str], T], id_of: Callable[[T], str], what: str
) -> dict[str, T]:
    """Every YAML item shipped in a package (frameworks, sampling plans), by id."""
    found: dict[str, T] = {}
    for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".yaml"):
            reading = _READING_SHIPPED.set(True)
            try:
                item = parse(entry.read_text(encoding="utf-8"), entry.name)
            finally:
                _READING_SHIPPED.reset(reading)
            if id_of(item) in found:
                raise InputError([Problem("id", f"{what} id '{id_of(item)}' shipped twice")])
            found[id_of(item)] = item
    return found


def shipped_or_file(
    ref: str, shipped: Mapping[str, T], load_file: Callable[[Path], T], what: str
) -> T:
    """A shipped item by id, or one a person wrote, by the path of its YAML file."""
    if ref in shipped:
        return shipped[ref]
    path = Path(ref)
    if path.suffix in {".yaml", ".yml"} or path.exists():
        return load_file(path)
    known = ", ".join(sorted(shipped))
    raise InputError([Problem(what.split()[-1], f"unknown {what} '{ref}' (shipped: {known})")])
