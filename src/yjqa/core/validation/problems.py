"""Input problems that name the file, the place in it and what is wrong.

Every reader of user input (framework YAML, percentages, answers CSV) reports through
these types, so the command line can print one clear message and exit with status 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input: where it is and what is wrong with it."""

    place: str
    message: str
    line: int | None = None

    def describe(self, source: str | None = None) -> str:
        prefix = source or ""
        if self.line is not None:
            prefix = f"{prefix}:{self.line}" if prefix else f"line {self.line}"
        parts = [p for p in (prefix, self.place) if p]
        return ": ".join([*parts, self.message])


class InputError(Exception):
    """Raised when an input cannot be used; carries every problem found, not just the first."""

    def __init__(self, problems: Sequence[Problem], source: str | None = None) -> None:
        if not problems:
            raise ValueError("an InputError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        self.source = source
        super().__init__(self.describe())

    def describe(self) -> str:
        return "\n".join(p.describe(self.source) for p in self.problems)

    def with_source(self, source: str) -> InputError:
        return InputError(self.problems, source)


def raise_if_any(problems: Iterable[Problem], source: str | None = None) -> None:
    found = list(problems)
    if found:
        raise InputError(found, source)


def format_path(loc: Sequence[str | int]) -> str:
    """Render a location such as ('domains', 1, 'id') as 'domains[1].id'."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out
