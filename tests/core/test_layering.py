"""The core's packages import only downward, never the web layer, and never in a circle.

The allowed imports below are the ones docs/architecture.md draws; a new arrow means
changing both.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

CORE = Path(__file__).resolve().parents[2] / "src" / "yjqa" / "core"

# Each core package, and the core packages it may import.
ALLOWED: dict[str, set[str]] = {
    "validation": set(),
    "frameworks": {"validation"},
    "caseload": {"validation"},
    "rating": {"frameworks", "validation"},
    "sampling": {"caseload", "validation"},
    "indicators": {"caseload", "validation"},
    "surveys": {"validation"},
    "improvement": set(),
    "retention": {"validation"},
    "documents": {"frameworks", "rating", "improvement", "indicators", "validation"},
    "published_reports": {"frameworks", "rating", "validation"},
    "synthetic": {"caseload", "frameworks", "indicators", "validation"},
}
OUTSIDE_THE_CORE = ("django", "ninja", "yjqa.web", "yjqa.cli", "yjqa.reports")


def _imports(path: Path) -> list[str]:
    names: list[str] = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
        elif isinstance(node, ast.Import):
            names.extend(alias.name for alias in node.names)
    return names


def _modules() -> list[Path]:
    return sorted(p for p in CORE.rglob("*.py") if p.name != "__init__.py" or p.parent != CORE)


def test_every_core_package_is_declared() -> None:
    packages = {p.name for p in CORE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert packages == set(ALLOWED)


@pytest.mark.parametrize("path", _modules(), ids=lambda p: str(p.relative_to(CORE)))
def test_a_core_module_imports_no_web_framework_and_only_allowed_packages(path: Path) -> None:
    package = path.relative_to(CORE).parts[0]
    for name in _imports(path):
        assert not name.startswith(OUTSIDE_THE_CORE), f"{path.name} imports {name}"
        parts = name.split(".")
        if parts[:2] == ["yjqa", "core"] and len(parts) > 2 and parts[2] != package:
            assert parts[2] in ALLOWED[package], f"{package} may not import {parts[2]}"


def test_the_allowed_imports_have_no_circle() -> None:
    def reachable(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(ALLOWED[start])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(ALLOWED[current])
        return seen

    assert not [package for package in ALLOWED if package in reachable(package)]


def test_no_module_in_a_core_package_imports_another_in_a_circle() -> None:
    graph: dict[str, set[str]] = {}
    for path in _modules():
        module = ".".join(path.relative_to(CORE.parents[1]).with_suffix("").parts)
        module = module.removesuffix(".__init__")
        graph[module] = {n for n in _imports(path) if n.startswith("yjqa.core.")}
    visiting: set[str] = set()
    done: set[str] = set()

    def visit(module: str, trail: tuple[str, ...]) -> None:
        if module in done:
            return
        assert module not in visiting, " -> ".join((*trail, module))
        visiting.add(module)
        for target in graph.get(module, ()):
            visit(target, (*trail, module))
        visiting.discard(module)
        done.add(module)

    for module in graph:
        visit(module, ())
