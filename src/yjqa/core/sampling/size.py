"""How many cases to draw: Cochran's formula, a share, or a fixed number, clamped."""

from __future__ import annotations

import math
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any

from yjqa.core.sampling.sampling_plans import (
    CochranSize,
    DomainPlan,
    FixedSize,
    ProportionSize,
    SamplingPlan,
)
from yjqa.core.validation.problems import InputError, Problem

# --- sample size ------------------------------------------------------------------------------

_ROUNDING_GUARD = 1e-9  # ceil(x - guard): 26.000000000004 is 26, not 27


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


def _clamp(
    n: int,
    population: int,
    minimum: int,
    maximum: int | None,
    working: list[str],
    noun: str = "case",
) -> int:
    if n < minimum:
        n = minimum
        working.append(f"clamped to the minimum {minimum}")
    if maximum is not None and n > maximum:
        n = maximum
        working.append(f"clamped to the maximum {maximum}")
    if n > population:
        n = population
        working.append(f"clamped to the population {population} (every eligible {noun})")
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
    noun: str = "case",
) -> SampleSize:
    """Cochran's sample size for `population` cases (or children, or victims: `noun`),
    clamped to [minimum, maximum] and N."""
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
    n = _clamp(n, population, minimum, maximum, working, noun)
    return SampleSize(
        population, "cochran", confidence, margin, z, n0, corrected, n, minimum, maximum,
        tuple(working),
    )  # fmt: skip


def plan_sample_size(
    plan: SamplingPlan | DomainPlan, population: int, fixed_size: int | None = None
) -> SampleSize:
    """The sample size `plan` sets for `population` eligible cases (a domain's plan, with the
    domain's own size and bounds, for its children or victims).

    `fixed_size` is the number of cases for a `fixed` plan that leaves it to the caller; it is
    an error for any other plan (unless it repeats the plan's own number).
    """
    size = plan.size
    noun = {"child": "child", "victim": "victim"}.get(getattr(plan, "unit", ""), "case")
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
            noun=noun,
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
        n = _clamp(n, population, plan.minimum, plan.maximum, working, noun)
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
