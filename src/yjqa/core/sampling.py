"""Choosing the cases to inspect: sampling plans, sample sizes and a balanced, replayable draw.

A sampling plan (`SamplingPlan`, authored in YAML; yjqa ships some in `yjqa.plans`) says which
cases are eligible for each inspection domain in a date window, how many to draw and which
caseload fields the sample must match the population on (DOMAIN.md section 4).

**Eligibility.** A case is eligible for a domain when its outcome is in one of the domain's
rules and any of that rule's dates falls in the window (both ends included). The dates are
`outcome_date` and `licence_start`: the community part of a custodial sentence (a detention
and training order serves half in custody, half on licence), taken as the midpoint of
`outcome_date` and `end_date`, rounded down to a whole day. It is only known for a custodial
case with an end date; otherwise it matches no window.

**Size.** `cochran`: Cochran's formula for a proportion (p = 0.5, the largest) with the
finite-population correction, rounded up: n0 = z² * 0.25 / e², n = n0 / (1 + (n0 - 1) / N).
`proportion`: a share of the population, rounded up, at least `minimum_cases`. `fixed`: a
number set by the plan or given when drawing. Every method is then clamped to the plan's
minimum and maximum and, last, to the population. `SampleSize.working` shows every step.

**Draw.** The eligible cases are sorted by case reference and shuffled with
`random.Random(seed)` (the seed is a whole number, 0 or more), so the same population (in any
order), plan and seed always give the same sample. Cases are grouped into cells by their
categories on the stratification fields. The draw starts from the first n cases of the shuffle
(a simple random sample) and then moves one case at a time from an over-represented cell to an
under-represented one, always the move that most reduces a penalty, until none does. The
penalty is, over every category of every field, Σ d² + 1,000 * Σ max(0, |d| - 1) + 10⁶ *
Σ max(0, |d| - 2), where d is the cases sampled in the category less its population share of
n: it keeps every category within one case of its proportional share whenever it can. If some
category is still more than one case away, seeded random perturbations followed by the same
search are tried and the best result kept. Within a cell the cases earliest in the shuffle are
taken. Deviations are computed as exact integers (d * N), so no rounding noise can make two
runs differ. (Checked against exhaustive search on thousands of small random populations: it
found a sample within one case whenever one exists.)

The reserve (max(3, ceil(reserve_share * n)) further cases, as many as remain) is drawn the same
way from the cases not sampled, balanced against the population's shares; both lists are in
shuffle order. `best_replacement` picks the reserve case that keeps the sample's balance best
when a sampled case has to be replaced.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from itertools import pairwise
from operator import attrgetter
from pathlib import Path
from statistics import NormalDist
from typing import Annotated, Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from yjqa.core import codes
from yjqa.core.caseload_import import CaseloadRow
from yjqa.core.problems import InputError, Problem
from yjqa.core.yaml_input import (
    line_of,
    load_shipped,
    parse_yaml,
    read_text,
    shipped_or_file,
    validate_model,
)

__all__ = [
    "DOMAINS",
    "STRATIFY_FIELDS",
    "CategoryBalance",
    "CochranSize",
    "EligibilityRule",
    "FixedSize",
    "ProportionSize",
    "Sample",
    "SampleSize",
    "SamplingPlan",
    "StratifiedUnits",
    "balance_of",
    "balanced_draw",
    "best_replacement",
    "category_of",
    "draw_sample",
    "eligible_cases",
    "get_plan",
    "licence_start",
    "load_plan_file",
    "parse_plan",
    "plan_sample_size",
    "population_fingerprint",
    "reserve_size_for",
    "sample_as_dict",
    "sample_size",
    "sample_size_as_dict",
    "shipped_plans",
    "units_by_ref",
    "worst_deviation",
]

StratifyField = Literal[
    "sex",
    "ethnicity",
    "outcome",
    "rosh",
    "safety_wellbeing",
    "likelihood_of_reoffending",
    "looked_after",
    "send",
]
SamplingDomain = Literal["court", "oocd", "resettlement"]
DateField = Literal["outcome_date", "licence_start"]

STRATIFY_FIELDS: tuple[str, ...] = get_args(StratifyField)
DOMAINS: tuple[str, ...] = get_args(SamplingDomain)

# The category a case with nothing recorded in a field falls in.
NOT_RECORDED = "not_recorded"
# Each field's categories in the order reports list them (codes.py order, then not recorded).
_CATEGORY_ORDER: Mapping[str, tuple[str, ...]] = {
    "sex": tuple(codes.SEX),
    "ethnicity": tuple(codes.ETHNICITY),
    "outcome": tuple(codes.OUTCOME),
    "rosh": tuple(codes.RISK_LEVEL),
    "safety_wellbeing": tuple(codes.RISK_LEVEL),
    "likelihood_of_reoffending": tuple(codes.LIKELIHOOD),
    "looked_after": ("yes", "no"),
    "send": ("yes", "no"),
}

_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
_ROUNDING_GUARD = 1e-9  # ceil(x - guard): 26.000000000004 is 26, not 27

# Penalty weights (module docstring): a category more than one case from its share costs far
# more than any spread of squared deviations within one case, and more than two cases far more.
_OVER_ONE_WEIGHT = 1_000
_OVER_TWO_WEIGHT = 1_000_000
# Seeded perturbations tried when some category is still more than one case from its share.
_PERTURBATIONS = 40
_MAX_PERTURBATION_MOVES = 8


# --- plans ------------------------------------------------------------------------------------


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class CochranSize(_Frozen):
    """Cochran's sample size for a proportion, with the finite-population correction."""

    method: Literal["cochran"]
    confidence: float = Field(gt=0, lt=1, description="Confidence level, e.g. 0.80 for 80%.")
    margin: float = Field(gt=0, lt=1, description="Margin of error, e.g. 0.05 for 5 points.")


class ProportionSize(_Frozen):
    """A share of the eligible cases, rounded up, at least `minimum_cases` where there are."""

    method: Literal["proportion"]
    share: float = Field(gt=0, le=1, description="Share of the eligible cases, e.g. 0.20.")
    minimum_cases: int = Field(
        default=0, ge=0, description="At least this many cases (every case if fewer)."
    )


class FixedSize(_Frozen):
    """A fixed number of cases; null means the number is given when the sample is drawn."""

    method: Literal["fixed"]
    cases: int | None = Field(default=None, ge=1, description="Cases to draw, or null.")


SizeMethod = Annotated[CochranSize | ProportionSize | FixedSize, Field(discriminator="method")]


class EligibilityRule(_Frozen):
    """Cases with one of `outcomes` whose date (any of `dates`) falls in the window."""

    outcomes: tuple[str, ...] = Field(min_length=1, description="Outcome codes (codes.OUTCOME).")
    dates: tuple[DateField, ...] = Field(
        min_length=1, description="`outcome_date` and/or `licence_start` (custodial cases only)."
    )

    @field_validator("outcomes")
    @classmethod
    def _known_outcomes(cls, outcomes: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [o for o in outcomes if o not in codes.OUTCOME]
        if unknown:
            known = ", ".join(codes.OUTCOME)
            raise ValueError(f"unknown outcome {', '.join(map(repr, unknown))} (known: {known})")
        if len(set(outcomes)) != len(outcomes):
            raise ValueError("an outcome is listed twice")
        return outcomes

    @model_validator(mode="after")
    def _licence_start_is_custodial(self) -> EligibilityRule:
        if len(set(self.dates)) != len(self.dates):
            raise ValueError("a date is listed twice")
        if "licence_start" in self.dates:
            other = [o for o in self.outcomes if o not in codes.CUSTODY]
            if other:
                raise ValueError(
                    "licence_start is only known for custodial outcomes "
                    f"({', '.join(sorted(codes.CUSTODY))}), not {', '.join(other)}"
                )
        return self


class SamplingPlan(_Frozen):
    """Which cases are eligible, how many to draw and what the sample must be balanced on."""

    id: str = Field(pattern=_ID_PATTERN, description="Stable identifier, e.g. `hmip-2025`.")
    title: str = Field(min_length=1, description="Name shown to people.")
    description: str = Field(default="", description="Where the plan comes from.")
    size: SizeMethod = Field(description="How the sample size is set (`method`).")
    minimum: int = Field(default=1, ge=0, description="Fewest cases (the population if fewer).")
    maximum: int | None = Field(default=None, ge=1, description="Most cases, or null.")
    stratify_by: tuple[StratifyField, ...] = Field(
        default=(), description="Caseload fields the sample matches the population on."
    )
    reserve_share: float = Field(
        default=0.25,
        ge=0,
        le=10,
        description="Reserve size is max(3, ceil(reserve_share * sample size)), as many as remain.",
    )
    eligibility: dict[SamplingDomain, tuple[EligibilityRule, ...]] = Field(
        min_length=1, description="For each domain, the rules that make a case eligible."
    )

    @model_validator(mode="after")
    def _check(self) -> SamplingPlan:
        problems = []
        if self.maximum is not None and self.minimum > self.maximum:
            problems.append(
                Problem("maximum", f"is less than the minimum ({self.maximum} < {self.minimum})")
            )
        if len(set(self.stratify_by)) != len(self.stratify_by):
            problems.append(Problem("stratify_by", "lists a field twice"))
        for domain, rules in self.eligibility.items():
            if not rules:
                problems.append(Problem(f"eligibility.{domain}", "has no rules"))
        if problems:
            raise InputError(problems)
        return self


def parse_plan(text: str, source: str) -> SamplingPlan:
    """A sampling plan from YAML text, or InputError naming the file, line and field."""
    data, node = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError([Problem("(top level)", "a sampling plan must be a YAML mapping")], source)
    try:
        return validate_model(SamplingPlan, data, node, source)
    except InputError as error:
        raise InputError([_plan_problem(p, node) for p in error.problems], source) from None


def _plan_problem(problem: Problem, node: yaml.Node | None) -> Problem:
    """A plan problem as people should read it: no union tags, no framework-only advice."""
    place, message, line = problem.place, problem.message, problem.line
    for method in ("cochran", "proportion", "fixed"):
        tagged = f"size.{method}."
        if place.startswith(tagged):  # pydantic names the union member: point at the field
            place = "size." + place.removeprefix(tagged)
            line = line_of(node, place.split(".")) or line
    message = message.removeprefix("Value error, ")
    if message.startswith("unknown field ("):
        message = "unknown field (check the spelling against the shipped plans in yjqa/plans)"
    return Problem(place, message, line)


def load_plan_file(path: Path) -> SamplingPlan:
    return parse_plan(read_text(path), str(path))


@cache
def shipped_plans() -> dict[str, SamplingPlan]:
    """Every sampling plan shipped in the yjqa.plans package, by id."""
    return load_shipped("yjqa.plans", parse_plan, lambda p: p.id, "sampling plan")


def get_plan(ref: str) -> SamplingPlan:
    """A shipped sampling plan by id, or a plan YAML file by path."""
    return shipped_or_file(ref, shipped_plans(), load_plan_file, "sampling plan")


# --- eligibility ------------------------------------------------------------------------------


def licence_start(row: CaseloadRow) -> date | None:
    """When a custodial sentence's community part starts: halfway from outcome to end date.

    None for a non-custodial outcome or a custodial case without an end date.
    """
    if row.outcome not in codes.CUSTODY or row.end_date is None:
        return None
    return row.outcome_date + timedelta(days=(row.end_date - row.outcome_date).days // 2)


def _check_window(start: date, end: date) -> None:
    if start > end:
        raise InputError(
            [
                Problem(
                    "window",
                    f"the window starts ({start.isoformat()}) after it ends ({end.isoformat()})",
                )
            ]
        )


def eligible_cases(
    rows: Iterable[CaseloadRow], plan: SamplingPlan, domain: str, start: date, end: date
) -> list[CaseloadRow]:
    """The rows eligible for `domain` under `plan` in the window `start`..`end` (inclusive)."""
    rules = plan.eligibility.get(domain)  # type: ignore[call-overload]
    if rules is None:
        known = ", ".join(plan.eligibility)
        raise InputError(
            [
                Problem(
                    "domain",
                    f"sampling plan '{plan.id}' has no domain '{domain}' (its domains: {known})",
                )
            ]
        )
    _check_window(start, end)
    dates_by_outcome: dict[str, set[str]] = {}
    for rule in rules:
        for outcome in rule.outcomes:
            dates_by_outcome.setdefault(outcome, set()).update(rule.dates)
    by_outcome = {o: "outcome_date" in d for o, d in dates_by_outcome.items()}
    by_licence = {o: "licence_start" in d for o, d in dates_by_outcome.items()}
    found: list[CaseloadRow] = []
    for row in rows:
        outcome = row.outcome
        if outcome not in dates_by_outcome:
            continue
        if by_outcome[outcome] and start <= row.outcome_date <= end:
            found.append(row)
        elif by_licence[outcome]:
            begins = licence_start(row)
            if begins is not None and start <= begins <= end:
                found.append(row)
    return found


# --- sample size ------------------------------------------------------------------------------


@dataclass(frozen=True)
class SampleSize:
    """A sample size with every step of its working, for people to check."""

    population: int
    method: str
    confidence: float | None
    margin: float | None
    z: float | None
    n0: float | None
    corrected: float  # before rounding (and before any clamping)
    sample_size: int  # final
    minimum: int
    maximum: int | None
    working: tuple[str, ...]


def _percent(value: float) -> str:
    return f"{value * 100:g}%"


def _round_up(value: float) -> int:
    return max(0, math.ceil(value - _ROUNDING_GUARD))


def _check_bounds(population: int, minimum: int, maximum: int | None) -> list[Problem]:
    problems = []
    if population < 0:
        problems.append(Problem("population", f"must not be negative, got {population}"))
    if minimum < 0:
        problems.append(Problem("minimum", f"must not be negative, got {minimum}"))
    if maximum is not None and maximum < minimum:
        problems.append(
            Problem("maximum", f"the maximum {maximum} is less than the minimum {minimum}")
        )
    return problems


def _clamp(n: int, population: int, minimum: int, maximum: int | None, working: list[str]) -> int:
    if n < minimum:
        n = minimum
        working.append(f"clamped to the minimum {minimum}")
    if maximum is not None and n > maximum:
        n = maximum
        working.append(f"clamped to the maximum {maximum}")
    if n > population:
        n = population
        working.append(f"clamped to the population {population} (every eligible case)")
    return n


def _rounded(corrected: float, n: int) -> str:
    if n == corrected:
        return f"{corrected:.1f}, so {n}"
    shown = f"{corrected:.1f}"
    for places in range(2, 7):  # 163.96 is not shown as 164.0, rounded up to 164
        if float(shown) != n:
            break
        shown = f"{corrected:.{places}f}"
    return f"{shown}, rounded up to {n}"


def sample_size(
    population: int,
    *,
    confidence: float = 0.8,
    margin: float = 0.05,
    minimum: int = 1,
    maximum: int | None = None,
) -> SampleSize:
    """Cochran's sample size for `population` cases, clamped to [minimum, maximum] and N."""
    problems = _check_bounds(population, minimum, maximum)
    if not 0 < confidence < 1:
        problems.append(
            Problem("confidence", f"must be between 0 and 1 (0.8 is 80%), got {confidence}")
        )
    if not 0 < margin < 1:
        problems.append(
            Problem("margin", f"must be between 0 and 1 (0.05 is 5 points), got {margin}")
        )
    if problems:
        raise InputError(problems)
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    n0 = z * z * 0.25 / (margin * margin)
    working = [
        f"z for {_percent(confidence)} confidence = {z:.4f}",
        f"n0 = z² × 0.25 / e² = {z:.4f}² × 0.25 / {margin:g}² = {n0:.1f}",  # noqa: RUF001
    ]
    if population == 0:
        working.append("no eligible cases, so no sample")
        return SampleSize(
            0, "cochran", confidence, margin, z, n0, 0.0, 0, minimum, maximum, tuple(working)
        )
    corrected = n0 / (1 + (n0 - 1) / population)
    n = _round_up(corrected)
    working.append(
        "finite-population correction: n = n0 / (1 + (n0 − 1) / N) = "  # noqa: RUF001
        f"{n0:.1f} / (1 + {n0 - 1:.1f} / {population}) = {_rounded(corrected, n)}"
    )
    n = _clamp(n, population, minimum, maximum, working)
    return SampleSize(
        population, "cochran", confidence, margin, z, n0, corrected, n, minimum, maximum,
        tuple(working),
    )  # fmt: skip


def plan_sample_size(
    plan: SamplingPlan, population: int, fixed_size: int | None = None
) -> SampleSize:
    """The sample size `plan` sets for `population` eligible cases.

    `fixed_size` is the number of cases for a `fixed` plan that leaves it to the caller; it is
    an error for any other plan (unless it repeats the plan's own number).
    """
    size = plan.size
    if fixed_size is not None and not (
        isinstance(size, FixedSize) and size.cases in (None, fixed_size)
    ):
        fixed = f"fixes the size at {size.cases} cases" if isinstance(size, FixedSize) else ""
        how = fixed or f"sets the size by the {size.method} method"
        raise InputError(
            [Problem("size", f"sampling plan '{plan.id}' {how}: a size cannot be given")]
        )
    if isinstance(size, CochranSize):
        return sample_size(
            population,
            confidence=size.confidence,
            margin=size.margin,
            minimum=plan.minimum,
            maximum=plan.maximum,
        )
    problems = _check_bounds(population, plan.minimum, plan.maximum)
    if problems:
        raise InputError(problems)
    working: list[str] = []
    if isinstance(size, ProportionSize):
        corrected = size.share * population
        n = _round_up(corrected)
        working.append(f"{_percent(size.share)} of {population} cases = {_rounded(corrected, n)}")
        if n < size.minimum_cases:
            n = size.minimum_cases
            working.append(f"raised to at least {size.minimum_cases} cases")
    else:
        cases = size.cases if size.cases is not None else fixed_size
        if cases is None:
            raise InputError(
                [Problem("size", f"sampling plan '{plan.id}' needs the number of cases to draw")]
            )
        if cases < 1:
            raise InputError([Problem("size", f"must be at least 1, got {cases}")])
        corrected = float(cases)
        n = cases
        by = "set by the plan" if size.cases is not None else "given"
        working.append(f"fixed size: {cases} cases ({by})")
    if population == 0:
        working.append("no eligible cases, so no sample")
        n = 0
    else:
        n = _clamp(n, population, plan.minimum, plan.maximum, working)
    return SampleSize(
        population, size.method, None, None, None, None, corrected, n, plan.minimum,
        plan.maximum, tuple(working),
    )  # fmt: skip


def sample_size_as_dict(size: SampleSize) -> dict[str, Any]:
    return {
        "population": size.population,
        "sample_size": size.sample_size,
        "confidence": size.confidence,
        "margin": size.margin,
        "z": size.z,
        "n0": size.n0,
        "corrected": size.corrected,
        "minimum": size.minimum,
        "maximum": size.maximum,
        "working": list(size.working),
    }


# --- the balanced draw ------------------------------------------------------------------------


def _penalty(scaled: int, population: int) -> int:
    """The penalty of one category's deviation d, given as d * N (times N², exactly)."""
    size = abs(scaled)
    value = scaled * scaled
    if size > population:
        value += _OVER_ONE_WEIGHT * population * (size - population)
        if size > 2 * population:
            value += _OVER_TWO_WEIGHT * population * (size - 2 * population)
    return value


class _Allocation:
    """How many cases to take from each cell so every category is near its share.

    `deviation[g]` is (cases taken in category g) * N - n * (population of g): the deviation
    from the proportional share, times N, as an exact integer.
    """

    def __init__(
        self,
        cell_categories: Sequence[tuple[int, ...]],
        capacity: Sequence[int],
        category_population: Sequence[int],
        population: int,
        n: int,
        counts: list[int],
    ) -> None:
        self.cells = cell_categories
        self.capacity = capacity
        self.category_population = category_population
        self.population = population
        self.n = n
        self.reset(counts)

    def reset(self, counts: list[int]) -> None:
        self.counts = list(counts)
        self.deviation = [-self.n * size for size in self.category_population]
        for cell, count in enumerate(self.counts):
            for category in self.cells[cell]:
                self.deviation[category] += count * self.population

    def penalty(self) -> int:
        return sum(_penalty(d, self.population) for d in self.deviation)

    def worst(self) -> int:
        return max((abs(d) for d in self.deviation), default=0)

    def move(self, source: int, target: int) -> None:
        self.counts[source] -= 1
        self.counts[target] += 1
        for removed, added in zip(self.cells[source], self.cells[target], strict=True):
            if removed != added:
                self.deviation[removed] -= self.population
                self.deviation[added] += self.population

    def improve(self) -> None:
        """Make the best penalty-reducing move until none reduces it (a local optimum)."""
        big = self.population
        cells, counts, capacity = self.cells, self.counts, self.capacity
        while True:
            base = [_penalty(d, big) for d in self.deviation]
            remove = [_penalty(d - big, big) - p for d, p in zip(self.deviation, base, strict=True)]
            add = [_penalty(d + big, big) - p for d, p in zip(self.deviation, base, strict=True)]
            remove_bound = [min(0, r) for r in remove]
            add_bound = [min(0, a) for a in add]
            # A move's change is at least the sum of its negative parts: bounds to prune by.
            sources = sorted(
                (sum(remove_bound[g] for g in cells[j]), j)
                for j in range(len(cells))
                if counts[j] > 0
            )
            targets = sorted(
                (sum(add_bound[g] for g in cells[j]), j)
                for j in range(len(cells))
                if counts[j] < capacity[j]
            )
            if not sources or not targets:
                return
            lowest_target = targets[0][0]
            best, best_move = 0, (-1, -1)
            for source_bound, source in sources:
                if source_bound + lowest_target >= best:
                    break
                source_cell = cells[source]
                for target_bound, target in targets:
                    if source_bound + target_bound >= best:
                        break
                    if target == source:
                        continue
                    change = 0
                    for removed, added in zip(source_cell, cells[target], strict=True):
                        if removed != added:
                            change += remove[removed] + add[added]
                    if change < best:
                        best, best_move = change, (source, target)
            if best_move[0] < 0:
                return
            self.move(*best_move)

    def balance(self, seed: int, purpose: str) -> None:
        """Search from the current counts, then perturb while any category is > 1 case off."""
        self.improve()
        if self.worst() <= self.population:
            return
        best_counts, best_penalty = list(self.counts), self.penalty()
        taken_total = sum(self.counts)
        room_total = sum(self.capacity) - taken_total
        most = min(taken_total, room_total, _MAX_PERTURBATION_MOVES)
        if most < 1:
            return
        for attempt in range(_PERTURBATIONS):
            rng = random.Random(f"yjqa.sampling:{seed}:{purpose}:{attempt}")
            for _ in range(rng.randint(1, most)):
                source = self._pick(rng, self.counts)
                room = [c - k for c, k in zip(self.capacity, self.counts, strict=True)]
                room[source] = 0
                if not any(room):
                    break
                self.move(source, self._pick(rng, room))
            self.improve()
            penalty = self.penalty()
            if penalty < best_penalty:
                best_counts, best_penalty = list(self.counts), penalty
                if self.worst() <= self.population:
                    return
            else:
                self.reset(best_counts)

    @staticmethod
    def _pick(rng: random.Random, weights: Sequence[int]) -> int:
        """A cell with chance in proportion to its weight (a random case of those counted)."""
        point = rng.randrange(sum(weights))
        for cell, weight in enumerate(weights):
            if point < weight:
                return cell
            point -= weight
        raise AssertionError("unreachable")  # pragma: no cover


def balanced_draw(
    units: Sequence[tuple[str, tuple[str, ...]]], n: int, seed: int, reserve_size: int
) -> tuple[list[str], list[str]]:
    """A seeded sample of `n` case references balanced on each unit's categories, and a reserve.

    Each unit is (case_ref, its category on each stratification field); every unit has the
    same number of categories. Returns the sample and a reserve of up to `reserve_size`
    further cases (as many as remain), both in draw order. The same units in any order and
    the same seed give the same result.
    """
    ordered = sorted(units)
    total = len(ordered)
    if not 0 <= n <= total:
        raise ValueError(f"cannot draw {n} cases from {total}")
    if reserve_size < 0:
        raise ValueError(f"reserve size must not be negative, got {reserve_size}")
    if seed < 0:  # random.Random(-s) is random.Random(s): keep seeds distinct
        raise ValueError(f"the seed must be 0 or more, got {seed}")
    for (ref, categories), (next_ref, next_categories) in pairwise(ordered):
        if ref == next_ref:
            raise ValueError(f"case {ref} appears more than once")
        if len(categories) != len(next_categories):
            raise ValueError("every unit must have one category per stratification field")
    reserve_size = min(reserve_size, total - n)

    random.Random(seed).shuffle(ordered)
    rank = {ref: position for position, (ref, _) in enumerate(ordered)}

    # Cells (units with the same categories) and their members in shuffle order.
    category_ids: dict[tuple[int, str], int] = {}
    cell_of: dict[tuple[str, ...], int] = {}
    cell_categories: list[tuple[int, ...]] = []
    members: list[list[str]] = []
    for ref, categories in ordered:
        cell = cell_of.get(categories)
        if cell is None:
            cell = cell_of[categories] = len(members)
            cell_categories.append(
                tuple(
                    category_ids.setdefault((field, value), len(category_ids))
                    for field, value in enumerate(categories)
                )
            )
            members.append([])
        members[cell].append(ref)
    category_population = [0] * len(category_ids)
    for cell, refs in enumerate(members):
        for category in cell_categories[cell]:
            category_population[category] += len(refs)
    capacity = [len(refs) for refs in members]

    cell_of_ref = {ref: cell_of[categories] for ref, categories in ordered}

    def first_counts(refs: Iterable[str]) -> list[int]:
        counts = [0] * len(members)
        for ref in refs:
            counts[cell_of_ref[ref]] += 1
        return counts

    start = first_counts(ref for ref, _ in ordered[:n])
    sample = _Allocation(cell_categories, capacity, category_population, total, n, start)
    sample.balance(seed, "sample")
    chosen = [ref for cell, refs in enumerate(members) for ref in refs[: sample.counts[cell]]]
    chosen.sort(key=rank.__getitem__)

    taken = set(chosen)
    rest = [refs[sample.counts[cell] :] for cell, refs in enumerate(members)]
    remaining_in_order = (ref for ref, _ in ordered if ref not in taken)
    reserve_start = first_counts(
        ref for _, ref in zip(range(reserve_size), remaining_in_order, strict=False)
    )
    reserve = _Allocation(
        cell_categories,
        [len(refs) for refs in rest],
        category_population,
        total,
        reserve_size,
        reserve_start,
    )
    reserve.balance(seed, "reserve")
    spare = [ref for cell, refs in enumerate(rest) for ref in refs[: reserve.counts[cell]]]
    spare.sort(key=rank.__getitem__)
    return chosen, spare


# --- balance, replacement and the whole draw --------------------------------------------------


@dataclass(frozen=True)
class CategoryBalance:
    """One category of a stratification field: in the population, expected and sampled."""

    population: int
    expected: float  # the population share * the sample size
    sample: int


_CATEGORY_NAMES: Mapping[object, str] = {
    None: NOT_RECORDED,
    "": NOT_RECORDED,
    True: "yes",
    False: "no",
}


def category_of(row: CaseloadRow, field: str) -> str:
    """A case's category on a stratification field: its code, yes/no, or `not_recorded`."""
    if field not in STRATIFY_FIELDS:
        raise KeyError(field)
    value = getattr(row, field)
    return _CATEGORY_NAMES.get(value) or str(value)


def _categories(fields: Sequence[str]) -> Callable[[CaseloadRow], tuple[str, ...]]:
    """A fast `category_of` for several fields at once."""
    for field in fields:
        if field not in STRATIFY_FIELDS:
            raise KeyError(field)
    getters = [attrgetter(field) for field in fields]
    names = _CATEGORY_NAMES
    known: dict[tuple[object, ...], tuple[str, ...]] = {}  # few distinct value combinations

    def categories(row: CaseloadRow) -> tuple[str, ...]:
        values = tuple([get(row) for get in getters])
        found = known.get(values)
        if found is None:
            found = known[values] = tuple(names.get(value) or str(value) for value in values)
        return found

    return categories


class StratifiedUnits(dict[str, tuple[str, ...]]):
    """Cases' categories by case reference, remembering the fields the categories are on."""

    def __init__(self, fields: Sequence[str]) -> None:
        super().__init__()
        self.fields: tuple[str, ...] = tuple(fields)


def units_by_ref(rows: Iterable[CaseloadRow], plan: SamplingPlan) -> StratifiedUnits:
    """Each case's categories on the plan's stratification fields, by case reference.

    InputError if a case reference appears twice.
    """
    units = StratifiedUnits(plan.stratify_by)
    categories = _categories(plan.stratify_by)
    for row in rows:
        if row.case_ref in units:
            raise InputError([Problem("case_ref", f"case {row.case_ref} appears more than once")])
        units[row.case_ref] = categories(row)
    return units


def _category_key(field: str, category: str) -> tuple[int, str]:
    order = _CATEGORY_ORDER.get(field, ())
    if category in order:
        return order.index(category), ""
    return len(order) + (category == NOT_RECORDED), category


def balance_of(
    units_by_ref: Mapping[str, tuple[str, ...]],
    chosen_refs: Iterable[str],
    n: int | None = None,
    fields: Sequence[str] | None = None,
) -> dict[str, dict[str, CategoryBalance]]:
    """How far `chosen_refs` match the population `units_by_ref` on each field and category.

    `expected` is each category's population share * `n` (default: the number chosen).
    `fields` names the positions of the categories (default: the fields `units_by_ref`
    recorded, else "1", "2", ...); categories are listed in codes.py order.
    """
    chosen = list(chosen_refs)
    size = len(chosen) if n is None else n
    width = len(next(iter(units_by_ref.values()), ()))
    if fields is None:
        fields = getattr(units_by_ref, "fields", None)
    names = list(fields) if fields is not None else [str(i + 1) for i in range(width)]
    if len(names) != width:
        raise ValueError(f"{len(names)} field names for {width} categories per case")
    population: list[dict[str, int]] = [{} for _ in names]
    for categories in units_by_ref.values():
        for position, category in enumerate(categories):
            population[position][category] = population[position].get(category, 0) + 1
    sampled: list[dict[str, int]] = [{} for _ in names]
    for ref in chosen:
        for position, category in enumerate(units_by_ref[ref]):
            sampled[position][category] = sampled[position].get(category, 0) + 1
    total = len(units_by_ref)
    return {
        name: {
            category: CategoryBalance(
                count, size * count / total if total else 0.0, sampled[position].get(category, 0)
            )
            for category, count in sorted(
                population[position].items(), key=lambda item: _category_key(name, item[0])
            )
        }
        for position, name in enumerate(names)
    }


def worst_deviation(balance: Mapping[str, Mapping[str, CategoryBalance]]) -> float:
    """The largest |sampled - expected| over every category of every field (0 if none)."""
    return max(
        (abs(b.sample - b.expected) for field in balance.values() for b in field.values()),
        default=0.0,
    )


def best_replacement(
    sample_refs: Sequence[str],
    reserve_refs: Sequence[str],
    removed_ref: str,
    units_by_ref: Mapping[str, tuple[str, ...]],
) -> str | None:
    """The reserve case whose swap for `removed_ref` leaves the sample best balanced.

    `units_by_ref` is the whole eligible population (case_ref to its categories). Ties go to
    the case earliest in the reserve; None when no reserve case is left.
    """
    if removed_ref not in sample_refs:
        raise InputError([Problem("case", f"case {removed_ref} is not in the sample")])
    total, n = len(units_by_ref), len(sample_refs)
    population: dict[tuple[int, str], int] = {}
    for categories in units_by_ref.values():
        for key in enumerate(categories):
            population[key] = population.get(key, 0) + 1
    deviation = {key: -n * count for key, count in population.items()}
    for ref in sample_refs:
        if ref != removed_ref:
            for key in enumerate(units_by_ref[ref]):
                deviation[key] += total
    in_sample = set(sample_refs)
    best: tuple[int, str] | None = None
    for ref in reserve_refs:
        if ref in in_sample:
            continue
        change = sum(
            _penalty(deviation[key] + total, total) - _penalty(deviation[key], total)
            for key in enumerate(units_by_ref[ref])
        )
        if best is None or change < best[0]:
            best = (change, ref)
    return None if best is None else best[1]


@dataclass(frozen=True)
class Sample:
    """A drawn sample: the cases, the reserve, the balance achieved and how to replay it."""

    plan_id: str
    domain: str
    seed: int
    fingerprint: str  # sha256 of the eligible population (population_fingerprint)
    size: SampleSize
    cases: tuple[str, ...]  # in draw order
    reserve: tuple[str, ...]  # in the order to use them
    balance: dict[str, dict[str, CategoryBalance]]


def population_fingerprint(rows: Iterable[CaseloadRow], fields: Sequence[str]) -> str:
    """sha256 (hex) of the cases' references, categories on `fields`, outcomes and dates.

    Any change to the eligible population, or to what the sample is balanced on, changes it.
    """
    categories = _categories(fields)
    return _fingerprint(rows, fields, lambda row: categories(row))


def _fingerprint(
    rows: Iterable[CaseloadRow],
    fields: Sequence[str],
    categories: Callable[[CaseloadRow], tuple[str, ...]],
) -> str:
    digest = hashlib.sha256()
    digest.update(("yjqa-sample-population 1\t" + "\t".join(fields) + "\n").encode())
    lines = []
    for row in rows:
        begins = licence_start(row)
        lines.append(
            "\t".join(
                (
                    row.case_ref,
                    *categories(row),
                    row.outcome,
                    row.outcome_date.isoformat(),
                    row.end_date.isoformat() if row.end_date else "",
                    begins.isoformat() if begins else "",
                )
            )
            + "\n"
        )
    lines.sort()  # by case reference first: no reference contains a tab
    digest.update("".join(lines).encode())
    return digest.hexdigest()


def reserve_size_for(plan: SamplingPlan, sample_size: int, population: int) -> int:
    """max(3, ceil(reserve_share * sample size)), limited to the cases not sampled."""
    wanted = max(3, _round_up(plan.reserve_share * sample_size))
    return max(0, min(wanted, population - sample_size))


def draw_sample(
    rows: Sequence[CaseloadRow],
    plan: SamplingPlan,
    domain: str,
    start: date,
    end: date,
    seed: int,
    fixed_size: int | None = None,
) -> Sample:
    """Draw the sample (and reserve) for `domain` from the cases eligible in the window."""
    if seed < 0:
        raise InputError([Problem("seed", f"must be a whole number, 0 or more, got {seed}")])
    eligible = eligible_cases(rows, plan, domain, start, end)
    if not eligible:
        raise InputError(
            [
                Problem(
                    "window",
                    f"no eligible cases in the window for {domain} "
                    f"({start.isoformat()} to {end.isoformat()})",
                )
            ]
        )
    units = units_by_ref(eligible, plan)
    size = plan_sample_size(plan, len(eligible), fixed_size)
    n = size.sample_size
    cases, reserve = balanced_draw(
        list(units.items()), n, seed, reserve_size_for(plan, n, len(eligible))
    )
    return Sample(
        plan_id=plan.id,
        domain=domain,
        seed=seed,
        fingerprint=_fingerprint(eligible, plan.stratify_by, lambda row: units[row.case_ref]),
        size=size,
        cases=tuple(cases),
        reserve=tuple(reserve),
        balance=balance_of(units, cases, n),
    )


def sample_as_dict(sample: Sample) -> dict[str, Any]:
    """The sample as JSON-ready data (expected shares rounded to 2 decimal places)."""
    return {
        "population": sample.size.population,
        "sample_size": sample.size.sample_size,
        "seed": sample.seed,
        "balance": {
            field: {
                category: {
                    "population": b.population,
                    "expected": round(b.expected, 2),
                    "sample": b.sample,
                }
                for category, b in categories.items()
            }
            for field, categories in sample.balance.items()
        },
        "cases": list(sample.cases),
        "reserve": list(sample.reserve),
        "plan": sample.plan_id,
        "domain": sample.domain,
        "fingerprint": sample.fingerprint,
        "working": list(sample.size.working),
    }
