"""Sampling plans as data, and which cases (children, victims) each domain makes eligible."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Annotated, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from yjqa.core.caseload import codes
from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.caseload.victims import VictimRow
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
# A victims' sample is balanced on the victims' caseload's fields (yjqa.core.caseload.victims).
VictimStratifyField = Literal[
    "offence_category",
    "consent_to_contact",
    "restorative_justice_offered",
    "restorative_justice_took_part",
    "safety_planning_needed",
    "support_given",
]
# `children` is the 2025 framework's one population of children over all their work;
# `victims` is drawn from the victims' caseload; `community` and `secure` are the YJB national
# standards' own samples (work in the community, and in secure settings).
SamplingDomain = Literal[
    "court", "oocd", "resettlement", "community", "secure", "children", "victims"
]
CaseDateField = Literal["outcome_date", "licence_start"]
VictimDateField = Literal["offence_date", "first_contact_date"]
DateField = Literal["outcome_date", "licence_start", "offence_date", "first_contact_date"]
# What one unit of a caseload domain's population is: a record, or a child (each child once,
# however many of their records are eligible).
Unit = Literal["case", "child"]

STRATIFY_FIELDS: tuple[str, ...] = get_args(StratifyField)
VICTIM_STRATIFY_FIELDS: tuple[str, ...] = get_args(VictimStratifyField)
DOMAINS: tuple[str, ...] = get_args(SamplingDomain)
CASE_DATES: tuple[str, ...] = get_args(CaseDateField)
VICTIM_DATES: tuple[str, ...] = get_args(VictimDateField)
# Domains drawn from the victims' caseload, not the children's.
VICTIM_DOMAINS = frozenset({"victims"})

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
    "offence_category": tuple(codes.OFFENCE_CATEGORY),
    "consent_to_contact": ("yes", "no"),
    "restorative_justice_offered": ("yes", "no"),
    "restorative_justice_took_part": ("yes", "no"),
    "safety_planning_needed": ("yes", "no"),
    "support_given": tuple(codes.SUPPORT_GIVEN),
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
    """Cases with one of `outcomes` whose date (any of `dates`) falls in the window; for the
    victims' domain, victims (of one of `offence_categories`, if given) whose date does."""

    outcomes: tuple[str, ...] = Field(
        default=(), description="Outcome codes (codes.OUTCOME); required except for victims."
    )
    offence_categories: tuple[str, ...] = Field(
        default=(),
        description="Victims only: offence categories (codes.OFFENCE_CATEGORY); empty for all.",
    )
    dates: tuple[DateField, ...] = Field(
        min_length=1,
        description="`outcome_date` and/or `licence_start` (custodial cases only); for "
        "victims `offence_date` and/or `first_contact_date`.",
    )

    @field_validator("outcomes")
    @classmethod
    def _known_outcomes(cls, outcomes: tuple[str, ...]) -> tuple[str, ...]:
        return _known(outcomes, codes.OUTCOME, "outcome")

    @field_validator("offence_categories")
    @classmethod
    def _known_categories(cls, categories: tuple[str, ...]) -> tuple[str, ...]:
        return _known(categories, codes.OFFENCE_CATEGORY, "offence category")

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


def _known(values: tuple[str, ...], known: Mapping[str, str], what: str) -> tuple[str, ...]:
    unknown = [value for value in values if value not in known]
    if unknown:
        listed = ", ".join(known)
        raise ValueError(f"unknown {what} {', '.join(map(repr, unknown))} (known: {listed})")
    if len(set(values)) != len(values):
        raise ValueError(f"an {what} is listed twice")
    return values


class DomainSettings(_Frozen):
    """What one domain's sample does differently from the plan's top level (any may be left
    out: the plan's own value is used)."""

    unit: Unit | None = Field(
        default=None,
        description="`case` (each eligible record; the default) or `child` (each child with "
        "an eligible record, once).",
    )
    size: SizeMethod | None = Field(default=None, description="How this sample's size is set.")
    minimum: int | None = Field(default=None, ge=0, description="Fewest for this sample.")
    maximum: int | None = Field(
        default=None, ge=1, description="Most for this sample; null here means no maximum."
    )
    stratify_by: tuple[StratifyField | VictimStratifyField, ...] | None = Field(
        default=None,
        description="Fields this sample matches its population on (victims' fields for victims).",
    )
    reserve_share: float | None = Field(default=None, ge=0, le=10, description="As the plan's.")


@dataclass(frozen=True)
class DomainPlan:
    """A plan as one domain's sample uses it: the plan's settings with the domain's own."""

    id: str  # the plan's
    domain: str
    unit: str  # `case`, `child` or `victim`
    size: CochranSize | ProportionSize | FixedSize
    minimum: int
    maximum: int | None
    stratify_by: tuple[str, ...]
    reserve_share: float
    rules: tuple[EligibilityRule, ...]

    @property
    def noun(self) -> str:
        """What the population is counted in: cases, children or victims."""
        return {"case": "cases", "child": "children", "victim": "victims"}[self.unit]


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
    domains: dict[SamplingDomain, DomainSettings] = Field(
        default_factory=dict,
        description="For a domain whose sample differs from the plan's top level: its unit, "
        "size, minimum, maximum, stratify_by or reserve_share.",
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
        for domain in self.domains:
            if domain not in self.eligibility:
                problems.append(
                    Problem(f"domains.{domain}", f"has no rules: add eligibility.{domain}")
                )
        for domain, rules in self.eligibility.items():
            if not rules:
                problems.append(Problem(f"eligibility.{domain}", "has no rules"))
            problems.extend(self._domain_problems(domain, rules))
        if problems:
            raise InputError(problems)
        return self

    def _domain_problems(self, domain: str, rules: tuple[EligibilityRule, ...]) -> list[Problem]:
        problems = []
        victims = domain in VICTIM_DOMAINS
        for index, rule in enumerate(rules):
            place = f"eligibility.{domain}[{index}]"
            if victims:
                if rule.outcomes:
                    problems.append(
                        Problem(
                            f"{place}.outcomes",
                            "victims are eligible by offence_date or first_contact_date, "
                            "not by outcome: leave outcomes out",
                        )
                    )
                wrong = [d for d in rule.dates if d not in VICTIM_DATES]
                allowed = VICTIM_DATES
            else:
                if not rule.outcomes:
                    problems.append(Problem(f"{place}.outcomes", "lists no outcomes"))
                if rule.offence_categories:
                    problems.append(
                        Problem(
                            f"{place}.offence_categories",
                            "is for the victims' domain only: cases are chosen by outcome",
                        )
                    )
                wrong = [d for d in rule.dates if d not in CASE_DATES]
                allowed = CASE_DATES
            if wrong:
                problems.append(
                    Problem(
                        f"{place}.dates",
                        f"{', '.join(wrong)} is not a date of {'a victim' if victims else 'a case'}"
                        f" (use {' or '.join(allowed)})",
                    )
                )
        settings = self.domains.get(domain)  # type: ignore[call-overload]
        if settings is None:
            settings = DomainSettings()
        where = f"domains.{domain}"
        resolved = self.for_domain(domain, check=False)
        if victims and settings.unit is not None:
            problems.append(
                Problem(f"{where}.unit", "a victims' sample draws victims: unit is for cases")
            )
        own_bounds = {"minimum", "maximum"} & settings.model_fields_set
        if own_bounds and resolved.maximum is not None and resolved.minimum > resolved.maximum:
            problems.append(
                Problem(
                    f"{where}.maximum",
                    f"is less than the minimum ({resolved.maximum} < {resolved.minimum})",
                )
            )
        fields = resolved.stratify_by
        if settings.stratify_by is not None and len(set(fields)) != len(fields):
            problems.append(Problem(f"{where}.stratify_by", "lists a field twice"))
        allowed_fields = VICTIM_STRATIFY_FIELDS if victims else STRATIFY_FIELDS
        wrong_fields = [f for f in fields if f not in allowed_fields]
        if wrong_fields:
            kind = "victims'" if victims else "caseload"
            problems.append(
                Problem(
                    f"{where}.stratify_by",
                    f"{', '.join(wrong_fields)} {'is' if len(wrong_fields) == 1 else 'are'} not "
                    f"{kind} fields: a {domain} sample matches on {', '.join(allowed_fields)}",
                )
            )
        return problems

    def for_domain(self, domain: str, *, check: bool = True) -> DomainPlan:
        """The plan's settings for one domain's sample: its own where it has them.

        InputError if the plan has no such domain.
        """
        rules = self.eligibility.get(domain)  # type: ignore[call-overload]
        if rules is None:
            known = ", ".join(self.eligibility)
            raise InputError(
                [
                    Problem(
                        "domain",
                        f"sampling plan '{self.id}' has no domain '{domain}' "
                        f"(its domains: {known})",
                    )
                ]
            )
        settings = self.domains.get(domain) or DomainSettings()  # type: ignore[call-overload]
        given = settings.model_fields_set
        victims = domain in VICTIM_DOMAINS
        return DomainPlan(
            id=self.id,
            domain=domain,
            unit="victim" if victims else settings.unit or "case",
            size=settings.size if settings.size is not None else self.size,
            minimum=settings.minimum if settings.minimum is not None else self.minimum,
            maximum=settings.maximum if "maximum" in given else self.maximum,
            stratify_by=(
                settings.stratify_by if settings.stratify_by is not None else self.stratify_by
            ),
            reserve_share=(
                settings.reserve_share if settings.reserve_share is not None else self.reserve_share
            ),
            rules=rules,
        )


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
    untagged = _UNION_TAG.sub(r"\1size.", place)
    if untagged != place:  # pydantic names the union member: point at the field
        place = untagged
        line = line_of(node, place.split(".")) or line
    message = message.removeprefix("Value error, ")
    if message.startswith("unknown field ("):
        message = (
            "unknown field (check the spelling against the shipped plans in yjqa/sampling_plans)"
        )
    return Problem(place, message, line)


# A size method's union tag in a problem's place: `size.cochran.margin` is `size.margin`.
_UNION_TAG = re.compile(r"(^|\.)size\.(?:cochran|proportion|fixed)\.")


def load_plan_file(path: Path) -> SamplingPlan:
    return parse_plan(read_text(path), str(path))


@cache
def shipped_plans() -> dict[str, SamplingPlan]:
    """Every sampling plan shipped in the yjqa.sampling_plans package, by id."""
    return load_shipped("yjqa.sampling_plans", parse_plan, lambda p: p.id, "sampling plan")


# The plan that fits each shipped framework; any other framework gets HMIP's plan for its
# kind of sample (`default_plan_id`).
FRAMEWORK_PLANS: Mapping[str, str] = {
    "hmip-sqs-2016": "hmip-2018",
    "hmip-youth-2018": "hmip-2018",
    "hmip-youth-2021": "hmip-2018",
    "hmip-youth-2025": "hmip-2025",
    "yjb-national-standards-2019": "yjb-ns-2019",
}


def default_plan_id(framework_id: str, *, samples_children: bool = False) -> str:
    """The sampling plan that fits an inspection under `framework_id`: the 2025 plan for the
    2025 framework (and any that samples children, each once), the YJB's for its national
    standards, else HMIP's 2018 plan (which the 2021 standards kept)."""
    if framework_id in FRAMEWORK_PLANS:
        return FRAMEWORK_PLANS[framework_id]
    return "hmip-2025" if samples_children else "hmip-2018"


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
    """The rows eligible for `domain` under `plan` in the window `start`..`end` (inclusive).

    For a domain sampled by child, these are every eligible record of each child; the draw
    takes each child once (`children_of`).
    """
    settings = plan.for_domain(domain)
    if settings.unit == "victim":
        raise InputError(
            [
                Problem(
                    "domain",
                    f"the {domain} domain is drawn from a victims' caseload, not the children's",
                )
            ]
        )
    _check_window(start, end)
    dates_by_outcome: dict[str, set[str]] = {}
    for rule in settings.rules:
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


def eligible_victims(
    rows: Iterable[VictimRow], plan: SamplingPlan, domain: str, start: date, end: date
) -> list[VictimRow]:
    """The victims eligible for `domain` (a victims' domain) in the window (inclusive): of an
    offence category the rule allows, with any of the rule's dates in the window (a victim not
    yet contacted has no first contact date)."""
    settings = plan.for_domain(domain)
    if settings.unit != "victim":
        raise InputError(
            [Problem("domain", f"the {domain} domain is drawn from the children's caseload")]
        )
    _check_window(start, end)
    found: list[VictimRow] = []
    for row in rows:
        for rule in settings.rules:
            if rule.offence_categories and row.offence_category not in rule.offence_categories:
                continue
            if any(
                (when := getattr(row, name)) is not None and start <= when <= end
                for name in rule.dates
            ):
                found.append(row)
                break
    return found


def children_of(rows: Iterable[CaseloadRow]) -> dict[str, list[CaseloadRow]]:
    """Records by child (`CaseloadRow.child`: the child reference, else the case reference),
    each child's in date order."""
    by_child: dict[str, list[CaseloadRow]] = {}
    for row in rows:
        by_child.setdefault(row.child, []).append(row)
    for records in by_child.values():
        records.sort(key=lambda row: (row.outcome_date, row.case_ref))
    return by_child


def representative(records: Iterable[CaseloadRow]) -> CaseloadRow:
    """The record that stands for a child in a sample by child: the child's most recent
    eligible record (latest outcome date; on the same day, the last case reference). Its
    categories are the child's for balancing, and its case is the one the child is audited on.
    """
    return max(records, key=lambda row: (row.outcome_date, row.case_ref))
