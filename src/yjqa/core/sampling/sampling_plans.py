"""Sampling plans as data, and which cases each domain makes eligible."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from yjqa.core.caseload import codes
from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.validation.problems import InputError, Problem
from yjqa.core.validation.yaml_input import (
    line_of,
    load_shipped,
    parse_yaml,
    read_text,
    shipped_or_file,
    validate_model,
)

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
        message = (
            "unknown field (check the spelling against the shipped plans in yjqa/sampling_plans)"
        )
    return Problem(place, message, line)


def load_plan_file(path: Path) -> SamplingPlan:
    return parse_plan(read_text(path), str(path))


@cache
def shipped_plans() -> dict[str, SamplingPlan]:
    """Every sampling plan shipped in the yjqa.sampling_plans package, by id."""
    return load_shipped("yjqa.sampling_plans", parse_plan, lambda p: p.id, "sampling plan")


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
