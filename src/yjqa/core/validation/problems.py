"""Input problems that name the file, the place in it and what is wrong.

Every reader of user input (framework YAML, percentages, answers CSV) reports through
these types, so the command line can print one clear message and exit with status 2.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

# Problems listed at most; beyond this, one line counts the rest ("and 399,900 more problems"),
# so a file with a bad row on every line still gives a page and a message of bounded size.
MAX_LISTED = 100


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


@dataclass(frozen=True)
class MoreProblems(Problem):
    """The last line of a capped list: how many problems were found but not listed."""

    count: int = 0

    def describe(self, source: str | None = None) -> str:
        return self.message


def more_problems(count: int) -> MoreProblems:
    return MoreProblems("", f"and {count:,} more problem{'s' if count != 1 else ''}", None, count)


class InputError(Exception):
    """Raised when an input cannot be used; carries every problem found, not just the first,
    up to `MAX_LISTED` of them and then a count of the rest (`MoreProblems`, last)."""

    def __init__(
        self, problems: Iterable[Problem], source: str | None = None, *, more: int = 0
    ) -> None:
        listed: list[Problem] = []
        for problem in problems:
            if isinstance(problem, MoreProblems):
                more += problem.count
            elif len(listed) < MAX_LISTED:
                listed.append(problem)
            else:
                more += 1
        if not listed and not more:
            raise ValueError("an InputError needs at least one problem")
        self.more = more
        self.total = len(listed) + more  # every problem found, listed or counted
        self.problems: tuple[Problem, ...] = tuple(listed) + (
            (more_problems(more),) if more else ()
        )
        self.source = source
        super().__init__(self.describe())

    def describe(self) -> str:
        return "\n".join(p.describe(self.source) for p in self.problems)

    def with_source(self, source: str) -> InputError:
        return InputError(self.problems, source)


class Collected:
    """Problems as a reader finds them: the first `MAX_LISTED` kept, the rest only counted,
    so memory stays bounded however many rows are bad. `len` is the count found; iterating
    gives the kept ones and then, if any were not kept, their count (`MoreProblems`)."""

    __slots__ = ("count", "kept")

    def __init__(self, first: Iterable[Problem] = ()) -> None:
        self.kept: list[Problem] = []
        self.count = 0
        self.extend(first)

    def append(self, problem: Problem) -> None:
        if isinstance(problem, MoreProblems):
            self.count += problem.count
            return
        self.count += 1
        if len(self.kept) < MAX_LISTED:
            self.kept.append(problem)

    def extend(self, problems: Iterable[Problem]) -> None:
        for problem in problems:
            self.append(problem)

    def __iadd__(self, problems: Iterable[Problem]) -> Collected:
        self.extend(problems)
        return self

    def __len__(self) -> int:
        return self.count

    def __iter__(self) -> Iterator[Problem]:
        yield from self.kept
        if self.count > len(self.kept):
            yield more_problems(self.count - len(self.kept))


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
