"""Small numbers: hiding indicator figures from fewer than 5 children (docs/indicators.md).

A figure is *built on* one or more counts of children (or of their outcomes): a count on
itself, a rate or a percentage on its numerator and its denominator, a rate ratio on its
group's count and the reference group's. The rule, applied to the engine's objects:

1. **Primary.** A count below `THRESHOLD` (0 to 4) is hidden, and so is every figure built on
   it. It reads "fewer than 5" (`SMALL_TEXT`), never 0.
2. **Secondary.** Where counts add up to a total that is shown (the groups of a
   disproportionality table, the 3-month cohorts of a year's reoffending, the quarters of a
   year), the hidden counts of a group could be worked out by subtraction. So while a group
   has just one hidden count, or hidden counts holding between 1 and 4 together, the smallest
   count still shown in it is hidden too ("not shown", `COMPLEMENTARY_TEXT`, as it may be 5
   or more), with every figure built on it, and the groups are checked again (a count hidden
   for one group may be alone in another). As in the surveys (`yjqa.core.surveys`), hidden
   counts that are 0 together need no protection: a total can only show that no child is in
   them.
3. **Someone else's part.** Where the reader may know part of a figure (their own service
   within "all services"), the rest (all services less this one) is protected by rules 1 and
   2 as well, and a figure whose rest is hidden is hidden.

Population estimates are not counts of children in the youth justice system and are never
hidden. Nothing here imports Django: the web layer chooses when to apply it (to board members,
and to exports meant for sharing).
"""

from __future__ import annotations

import copy
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

THRESHOLD = 5  # the same as the surveys' SUPPRESSION_THRESHOLD
SMALL_TEXT = "fewer than 5"
COMPLEMENTARY_TEXT = "not shown"
SMALL_NOTE = "fewer than 5 children: not shown, so that no child can be identified"
COMPLEMENTARY_NOTE = "not shown, to protect a figure from fewer than 5 children"

Reason = Literal["small", "complementary"]
K = TypeVar("K", bound=Hashable)
Path = tuple[str | int, ...]


@dataclass(frozen=True)
class Suppressed:
    """What stands in place of a hidden figure. Templates test `.suppressed`; `str()` is the
    words a table cell shows."""

    reason: Reason
    suppressed: bool = True

    @property
    def text(self) -> str:
        return SMALL_TEXT if self.reason == "small" else COMPLEMENTARY_TEXT

    @property
    def note(self) -> str:
        return SMALL_NOTE if self.reason == "small" else COMPLEMENTARY_NOTE

    def __str__(self) -> str:
        return self.text


def is_suppressed(value: object) -> bool:
    return isinstance(value, Suppressed)


def protect(
    cells: Mapping[K, int],
    groups: Sequence[Sequence[K]],
    threshold: int = THRESHOLD,
    *,
    hide_zero: bool = True,
) -> dict[K, Reason]:
    """The cells to hide, and why: rule 1 (below `threshold`; 0 too unless `hide_zero` is
    false), then rule 2 within each group (cells that add up to a total shown elsewhere) until
    no group has a single hidden cell, nor hidden cells holding between 1 and threshold - 1
    together (hidden cells of 0 excepted). Ties go to the cell listed first in the group."""
    lowest = 0 if hide_zero else 1
    hidden: dict[K, Reason] = {k: "small" for k, v in cells.items() if lowest <= v < threshold}
    changed = True
    while changed:
        changed = False
        for group in groups:
            inside = [k for k in group if k in cells]
            held = [cells[k] for k in inside if k in hidden]
            shown = [k for k in inside if k not in hidden]
            # One hidden cell alone would be the total less the others, exactly.
            if shown and sum(held) > 0 and (len(held) == 1 or sum(held) < threshold):
                smallest = min(shown, key=lambda k: (cells[k], inside.index(k)))
                hidden[smallest] = "small" if cells[smallest] < threshold else "complementary"
                changed = True
    return hidden


# --- The engine's objects ------------------------------------------------------------------
# Each measure of an indicator object, and the counts (keys of the same object) it is built on.
_COUNTED: dict[str, dict[str, tuple[str, ...]]] = {
    "count": {
        "count": ("count",),
        "rate_per_100k": ("count",),
        "rate_per_1000": ("count",),
        "rate_per_10k": ("count",),
    },
    "fraction": {
        "numerator": ("numerator",),
        "denominator": ("denominator",),
        "percent": ("numerator", "denominator"),
    },
    "reoffending": {
        "cohort": ("cohort",),
        "reoffenders": ("reoffenders",),
        "reoffences": ("reoffenders",),  # offences by fewer than 5 children
        "binary_rate": ("reoffenders", "cohort"),
        "per_reoffender": ("reoffenders",),
        "per_offender": ("reoffenders", "cohort"),
    },
}
_COUNTS = {"count": ("count",), "fraction": ("numerator", "denominator")}
_GROUP_BUILT_ON = {  # a disproportionality group's measures; "@reference" is the reference group
    "cohort": ("cohort",),
    "cohort_share": ("cohort",),
    "gap_pp": ("cohort",),
    "rate_per_1000": ("cohort",),
    "rate_ratio": ("cohort", "@reference"),
    "ci95": ("cohort", "@reference"),
    "over_represented": ("cohort", "@reference"),
}


def _kind(value: Mapping[str, Any]) -> str | None:
    if "numerator" in value and "denominator" in value:
        return "fraction"
    if "count" in value:
        return "count"
    return None


def reference_group(groups: Mapping[str, Mapping[str, Any]]) -> str | None:
    """The group with the largest population (the first such), as the engine chooses it."""
    best: str | None = None
    for name, row in groups.items():
        population = row.get("population") or 0
        if population and (best is None or population > (groups[best].get("population") or 0)):
            best = name
    return best


def counts_of(figures: Mapping[str, Any]) -> tuple[dict[Path, int], list[list[Path]]]:
    """The counts of children in one service's figures for one period (the engine's object,
    or the victims' caseload's KPI 10), keyed by their path, and the groups of counts that add
    up to a total shown elsewhere."""
    cells: dict[Path, int] = {}
    groups: list[list[Path]] = []

    def add(path: Path, value: Any) -> None:
        if isinstance(value, int) and not isinstance(value, bool):
            cells[path] = value

    for name in ("fte", "custody"):
        for key in _COUNTS["count"]:
            add((name, key), (figures.get(name) or {}).get(key))
    reoffending = figures.get("reoffending") or {}
    for key in ("cohort", "reoffenders"):
        add(("reoffending", key), reoffending.get(key))
    quarters = reoffending.get("quarters") or []
    for index, quarter in enumerate(quarters):
        for key in ("cohort", "reoffenders"):
            add(("reoffending", "quarters", index, key), quarter.get(key))
    if len(quarters) > 1:
        for key in ("cohort", "reoffenders"):
            groups.append([("reoffending", "quarters", i, key) for i in range(len(quarters))])
    for name, kpi in (figures.get("kpis") or {}).items():
        if isinstance(kpi, Mapping):
            _kpi_counts(("kpis", name), kpi, add)
    for name, measure in (figures.get("measures") or {}).items():  # the victims' caseload
        if isinstance(measure, Mapping):
            _kpi_counts(("measures", name), measure, add)
    add(("victims",), figures.get("victims"))
    for cohort, dimensions in (figures.get("disproportionality") or {}).items():
        for dimension, rows in (dimensions or {}).items():
            group: list[Path] = []
            for code, row in (rows or {}).items():
                path: Path = ("disproportionality", cohort, dimension, code, "cohort")
                add(path, row.get("cohort"))
                group.append(path)
            groups.append(group)
    return cells, groups


def _kpi_counts(prefix: Path, kpi: Mapping[str, Any], add: Any) -> None:
    kind = _kind(kpi)
    if kind is not None:
        for key in _COUNTS[kind]:
            add((*prefix, key), kpi.get(key))
    for key, inner in kpi.items():
        if isinstance(inner, Mapping):
            _kpi_counts((*prefix, key), inner, add)


def _hide(obj: dict[str, Any], built_on: Mapping[str, tuple[str, ...]], reasons: Any) -> None:
    """Replace each measure of `obj` whose counts are hidden; `reasons(key)` is a count's."""
    for measure, counts in built_on.items():
        if measure not in obj:
            continue
        found = [r for r in (reasons(c) for c in counts) if r is not None]
        if found:
            reason: Reason = "small" if "small" in found else "complementary"
            marker = Suppressed(reason)
            obj[measure] = [marker, marker] if measure == "ci95" else marker


def _apply(figures: Mapping[str, Any], hidden: Mapping[Path, Reason]) -> dict[str, Any]:
    out: dict[str, Any] = copy.deepcopy(dict(figures))

    def at(prefix: Path) -> Any:
        return lambda key: hidden.get((*prefix, key))

    for name in ("fte", "custody"):
        if isinstance(out.get(name), dict):
            _hide(out[name], _COUNTED["count"], at((name,)))
    reoffending = out.get("reoffending")
    if isinstance(reoffending, dict):
        _hide(reoffending, _COUNTED["reoffending"], at(("reoffending",)))
        for index, quarter in enumerate(reoffending.get("quarters") or []):
            _hide(quarter, _COUNTED["reoffending"], at(("reoffending", "quarters", index)))
    for name, kpi in (out.get("kpis") or {}).items():
        if isinstance(kpi, dict):
            _hide_kpi(("kpis", name), kpi, hidden)
    for name, measure in (out.get("measures") or {}).items():
        if isinstance(measure, dict):
            _hide_kpi(("measures", name), measure, hidden)
    if ("victims",) in hidden:
        out["victims"] = Suppressed(hidden[("victims",)])
    for cohort, dimensions in (out.get("disproportionality") or {}).items():
        for dimension, rows in (dimensions or {}).items():
            _hide_groups(("disproportionality", cohort, dimension), rows, hidden)
    return out


def _hide_groups(prefix: Path, rows: dict[str, Any], hidden: Mapping[Path, Reason]) -> None:
    reference = reference_group(rows)
    for code, row in rows.items():

        def reasons(key: str, code: str = code) -> Reason | None:
            if key == "@reference":
                if reference is None:
                    return None
                key, code = "cohort", reference
            return hidden.get((*prefix, code, key))

        _hide(row, _GROUP_BUILT_ON, reasons)


def _hide_kpi(prefix: Path, kpi: dict[str, Any], hidden: Mapping[Path, Reason]) -> None:
    kind = _kind(kpi)
    if kind is not None:
        _hide(kpi, _COUNTED[kind], lambda key: hidden.get((*prefix, key)))
    for key, inner in kpi.items():
        if isinstance(inner, dict):
            _hide_kpi((*prefix, key), inner, hidden)


def suppress_figures(
    figures: Sequence[Mapping[str, Any]],
    *,
    sums: Sequence[Sequence[int]] = (),
    known: Sequence[Mapping[str, Any] | None] | None = None,
    threshold: int = THRESHOLD,
) -> list[dict[str, Any]]:
    """Copies of the figures (one service's objects, e.g. a year and its quarters) with small
    numbers hidden (`Suppressed`), by rules 1 and 2 over all of them together.

    `sums` lists the objects (by index) whose counts add up to another object shown beside
    them: the quarters of a year. `known`, one per object (or None), is the part of each the
    reader may know (their own service's figures, where `figures` are all services pooled):
    rule 3 protects the rest as well (a rest of 0 needs no protection: the pooled figure is
    then the reader's own, protected by rule 1 if small).
    """
    cells: dict[tuple[int, Path], int] = {}
    groups: list[list[tuple[int, Path]]] = []
    for index, one in enumerate(figures):
        found, within = counts_of(one)
        cells.update({(index, path): value for path, value in found.items()})
        groups += [[(index, path) for path in group] for group in within]
    for together in sums:
        paths = {path for index, path in cells if index in together}
        groups += [[(i, p) for i in together if (i, p) in cells] for p in sorted(paths, key=str)]
    hidden = protect(cells, groups, threshold)
    if known is not None:
        rest: dict[tuple[int, Path], int] = {}
        for index, part in enumerate(known):
            if part is None:
                continue
            mine, _ = counts_of(part)
            rest.update(
                {
                    (i, path): value - mine.get(path, 0)
                    for (i, path), value in cells.items()
                    if i == index
                }
            )
        for key in protect(rest, groups, threshold, hide_zero=False):
            hidden.setdefault(key, "small" if cells[key] < threshold else "complementary")
    by_object: list[dict[Path, Reason]] = [{} for _ in figures]
    for (index, path), reason in hidden.items():
        by_object[index][path] = reason
    return [_apply(one, by_object[i]) for i, one in enumerate(figures)]


def suppress_one(figures: Mapping[str, Any], threshold: int = THRESHOLD) -> dict[str, Any]:
    """One object's figures with small numbers hidden (rules 1 and 2)."""
    return suppress_figures([figures], threshold=threshold)[0]


def plain(value: Any) -> Any:
    """A figure as a chart or a sum can take it: a hidden figure is None (no value)."""
    return None if isinstance(value, Suppressed) else value


def as_written(value: Any) -> Any:
    """A copy of figures fit for JSON or a file (a frozen board pack, an export): each hidden
    figure is its words ("fewer than 5", "not shown"), everything else as it was."""
    if isinstance(value, Suppressed):
        return value.text
    if isinstance(value, Mapping):
        return {key: as_written(inner) for key, inner in value.items()}
    if isinstance(value, list | tuple):
        return [as_written(inner) for inner in value]
    return value
