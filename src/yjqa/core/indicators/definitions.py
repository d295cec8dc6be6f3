"""Performance indicator definitions as data: the YAML in yjqa/indicators, validated.

Each indicator carries its numerator, denominator, factor, disaggregations, period rule,
missing-data rule and, where the official formula is not published, the assumption yjqa
makes. The engine (`yjqa.core.indicators.engine`) reads its parameters from here: outcome groups,
factors, windows, KPI columns, the serious-violence rule and the age bands.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from yjqa.core.caseload import codes
from yjqa.core.indicators.data import KPI_COLUMNS, OFFENCE_CATEGORY
from yjqa.core.validation.problems import InputError, Problem
from yjqa.core.validation.yaml_input import (
    load_shipped,
    parse_yaml,
    read_text,
    shipped_or_file,
    validate_model,
)

DEFAULT_SET = "yjb-2023"

Factor = Literal[100, 1000, 10000, 100000]
Disaggregation = Literal["ethnicity", "sex", "age_band"]
CohortName = Literal["fte", "outcomes", "custody"]
OutcomeGroupName = Literal["caution_or_sentence", "custodial", "out_of_court"]


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class Definition(_Frozen):
    """What every indicator states: the words a board member reads, and the rules."""

    title: str = Field(min_length=1, description="Name shown to people.")
    description: str = Field(min_length=1, description="What it measures, in plain English.")
    numerator: str = Field(min_length=1, description="What is counted.")
    denominator: str = Field(min_length=1, description="What it is counted out of.")
    factor: Factor | None = Field(
        default=None, description="Multiplier of numerator / denominator; null for a count."
    )
    disaggregations: tuple[Disaggregation, ...] = Field(
        default=(), description="The breakdowns reported (in `disproportionality`)."
    )
    period_rule: str = Field(min_length=1, description="Which date puts a record in a period.")
    missing_data_rule: str = Field(min_length=1, description="What happens to empty cells.")
    assumption: str | None = Field(
        default=None, description="Where the official formula is not published: yjqa's choice."
    )


class Population(_Frozen):
    ages: tuple[int, int] = Field(description="Youngest and oldest age in the population.")
    year_rule: str = Field(min_length=1)
    assumption: str | None = None


class CountOfGroup(Definition):
    """A count of outcomes (or people) of an outcome group, per `factor` of the population."""

    outcomes: OutcomeGroupName = Field(description="Which outcome group is counted.")


class Reoffending(CountOfGroup):
    cohort_months: int = Field(ge=1, le=12, description="Length of a cohort in months.")
    offence_within_days: tuple[int, int] = Field(
        description="A reoffence's offence date is this many days after the index (inclusive)."
    )
    proven_within_months: int = Field(
        ge=1, description="Its outcome date is at most this many calendar months after the index."
    )

    @field_validator("offence_within_days")
    @classmethod
    def _window(cls, days: tuple[int, int]) -> tuple[int, int]:
        if not 1 <= days[0] <= days[1]:
            raise ValueError("give [first, last] days after the index, with 1 <= first <= last")
        return days


def _known_kpi_column(column: str | None) -> str | None:
    if column is not None and column not in KPI_COLUMNS:
        raise ValueError(f"unknown KPI column '{column}' (known: {', '.join(KPI_COLUMNS)})")
    return column


class Ratio(_Frozen):
    """result_column true out of result_column recorded, among need_column true if given."""

    numerator: str | None = None
    denominator: str | None = None
    need_column: str | None = Field(
        default=None, description="Only outcomes where this KPI column is true count."
    )
    result_column: str = Field(description="The KPI column whose true is the numerator.")

    @field_validator("need_column", "result_column")
    @classmethod
    def _kpi_column(cls, column: str | None) -> str | None:
        return _known_kpi_column(column)


class RatioKpi(Definition):
    kpi: int = Field(ge=1, le=10)
    need_column: str | None = None
    result_column: str

    @field_validator("need_column", "result_column")
    @classmethod
    def _kpi_column(cls, column: str | None) -> str | None:
        return _known_kpi_column(column)

    def ratio(self) -> Ratio:
        return Ratio(need_column=self.need_column, result_column=self.result_column)


class VictimsKpi(RatioKpi):
    rj_offered: Ratio


class CountKpi(Definition):
    kpi: int = Field(ge=1, le=10)
    outcomes: OutcomeGroupName


class NotComputedKpi(Definition):
    kpi: int = Field(ge=1, le=10)


class SeriousViolenceKpi(Definition):
    kpi: int = Field(ge=1, le=10)
    offence_categories: tuple[str, ...] = Field(min_length=1)
    min_gravity: int = Field(ge=1, le=8)

    @field_validator("offence_categories")
    @classmethod
    def _categories(cls, categories: tuple[str, ...]) -> tuple[str, ...]:
        unknown = [c for c in categories if c not in OFFENCE_CATEGORY]
        if unknown:
            known = ", ".join(OFFENCE_CATEGORY)
            raise ValueError(f"unknown offence category {', '.join(unknown)} (known: {known})")
        return categories


# What a victims' caseload measure may count or be counted among (VictimFacts fields; `contacted`
# is a first contact date recorded, `all` every victim in the period).
VictimField = Literal[
    "contacted",
    "consent_to_contact",
    "restorative_justice_offered",
    "restorative_justice_took_part",
    "safety_planning_needed",
]
VictimPeriodDate = Literal["case_end_date", "offence_date", "first_contact_date"]


class VictimMeasure(_Frozen):
    """Victims with `counted` true out of those with it recorded, among those with `among` true."""

    label: str = Field(min_length=1, description="The measure as a board member reads it.")
    among: VictimField | Literal["all"] = Field(description="Which victims the measure is of.")
    counted: VictimField = Field(description="The field whose true is the numerator.")
    numerator: str = Field(min_length=1)
    denominator: str = Field(min_length=1)

    @model_validator(mode="after")
    def _different(self) -> VictimMeasure:
        if self.among == self.counted:
            raise ValueError(f"a measure of {self.counted} among {self.among} is always 100%")
        return self


class VictimsCaseloadKpi(Definition):
    """KPI 10 from the victims' caseload: each measure a share of the victims in the period."""

    kpi: Literal[10] = 10
    period_date: VictimPeriodDate = Field(
        description="Which date puts a victim in a period (case_end_date: the linked child's "
        "order or programme ending)."
    )
    measures: dict[str, VictimMeasure] = Field(min_length=1)


class Kpis(_Frozen):
    """The ten KPIs, in the order of the contract."""

    accommodation: RatioKpi
    ete: RatioKpi
    send: RatioKpi
    mental_health: RatioKpi
    substance_misuse: RatioKpi
    oocd_completed: CountKpi
    board_attendance: NotComputedKpi
    wider_services: RatioKpi
    serious_violence: SeriousViolenceKpi
    victims: VictimsKpi

    def ratios(self) -> dict[str, RatioKpi]:
        """The KPIs that are a numerator out of a denominator (victims included)."""
        return {
            name: kpi
            for name in type(self).model_fields
            if isinstance(kpi := getattr(self, name), RatioKpi)
        }

    def items(self) -> Iterator[tuple[str, Definition]]:
        for name in type(self).model_fields:
            yield name, getattr(self, name)


class Disproportionality(Definition):
    cohorts: tuple[CohortName, ...] = Field(min_length=1)
    dimensions: dict[Literal["ethnicity", "sex"], tuple[str, ...]] = Field(
        description="The groups of each coded dimension, in the order they are reported."
    )
    age_bands: dict[str, tuple[int, int]] = Field(
        min_length=1, description="Band name: [youngest, oldest] (ages on the cohort date)."
    )
    z: float = Field(gt=0, description="Normal quantile of the interval (1.959964 for 95%).")

    @model_validator(mode="after")
    def _check(self) -> Disproportionality:
        problems: list[Problem] = []
        known: Mapping[str, Mapping[str, str]] = {"ethnicity": codes.ETHNICITY, "sex": codes.SEX}
        for dimension, groups in self.dimensions.items():
            unknown = [g for g in groups if g not in known[dimension]]
            if unknown or len(set(groups)) != len(groups) or not groups:
                problems.append(
                    Problem(
                        f"dimensions.{dimension}",
                        f"list each of {', '.join(known[dimension])} once"
                        + (f" (unknown: {', '.join(unknown)})" if unknown else ""),
                    )
                )
        ages: set[int] = set()
        for band, (low, high) in self.age_bands.items():
            if not 10 <= low <= high <= 17:
                problems.append(Problem(f"age_bands.{band}", "ages must run from 10 to 17"))
            elif ages & set(range(low, high + 1)):
                problems.append(Problem(f"age_bands.{band}", "overlaps another age band"))
            ages |= set(range(low, high + 1))
        if problems:
            raise InputError(problems)
        return self


class IndicatorSet(_Frozen):
    """Every indicator yjqa computes, with the outcome groups and population rule they share."""

    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$", description="Stable identifier.")
    title: str = Field(min_length=1)
    description: str = ""
    population: Population
    outcome_groups: dict[OutcomeGroupName, tuple[str, ...]]
    fte: CountOfGroup
    reoffending: Reoffending
    custody: CountOfGroup
    kpis: Kpis
    victims_caseload: VictimsCaseloadKpi | None = Field(
        default=None, description="KPI 10 from the victims' caseload, where a service has one."
    )
    disproportionality: Disproportionality

    @field_validator("outcome_groups")
    @classmethod
    def _known_outcomes(
        cls, groups: dict[OutcomeGroupName, tuple[str, ...]]
    ) -> dict[OutcomeGroupName, tuple[str, ...]]:
        for name, outcomes in groups.items():
            unknown = [o for o in outcomes if o not in codes.OUTCOME]
            if unknown or not outcomes:
                known = ", ".join(codes.OUTCOME)
                raise ValueError(
                    f"{name}: unknown outcome {', '.join(map(repr, unknown))} (known: {known})"
                    if unknown
                    else f"{name}: list at least one outcome"
                )
        return groups

    @model_validator(mode="after")
    def _groups_defined(self) -> IndicatorSet:
        used = {
            "fte.outcomes": self.fte.outcomes,
            "reoffending.outcomes": self.reoffending.outcomes,
            "custody.outcomes": self.custody.outcomes,
            "kpis.oocd_completed.outcomes": self.kpis.oocd_completed.outcomes,
        }
        problems = [
            Problem(place, f"no outcome group '{group}' in outcome_groups")
            for place, group in used.items()
            if group not in self.outcome_groups
        ]
        numbers = [kpi.kpi for _, kpi in self.kpis.items() if hasattr(kpi, "kpi")]
        if sorted(numbers) != list(range(1, 11)):
            problems.append(Problem("kpis", "number the KPIs 1 to 10, once each"))
        if problems:
            raise InputError(problems)
        return self

    def group(self, name: OutcomeGroupName) -> list[str]:
        """The outcome codes of a group, as a list (for Polars `is_in`)."""
        return list(self.outcome_groups[name])

    def definitions(self) -> Iterator[tuple[str, Definition]]:
        """Every indicator by its key in the JSON: fte, ..., kpis.accommodation, ..."""
        yield "fte", self.fte
        yield "reoffending", self.reoffending
        yield "custody", self.custody
        for name, kpi in self.kpis.items():
            yield f"kpis.{name}", kpi
        if self.victims_caseload is not None:
            yield "victims_caseload", self.victims_caseload
        yield "disproportionality", self.disproportionality


def parse_indicator_set(text: str, source: str) -> IndicatorSet:
    """An indicator set from YAML text, or InputError naming the file, line and field."""
    data, node = parse_yaml(text, source)
    if not isinstance(data, dict):
        raise InputError([Problem("(top level)", "indicators must be a YAML mapping")], source)
    try:
        return validate_model(IndicatorSet, data, node, source)
    except InputError as error:
        raise InputError(
            [
                Problem(
                    p.place,
                    p.message.removeprefix("Value error, ").replace(
                        "docs/framework-format.md", "the shipped yjqa/indicators/yjb-2023.yaml"
                    ),
                    p.line,
                )
                for p in error.problems
            ],
            source,
        ) from None


def load_indicator_set_file(path: Path) -> IndicatorSet:
    return parse_indicator_set(read_text(path), str(path))


@cache
def shipped_indicator_sets() -> dict[str, IndicatorSet]:
    """Every indicator set shipped in the yjqa.indicators package, by id."""
    return load_shipped("yjqa.indicators", parse_indicator_set, lambda s: s.id, "indicator set")


def get_indicator_set(ref: str = DEFAULT_SET) -> IndicatorSet:
    """A shipped indicator set by id (default yjb-2023), or a YAML file by path."""
    return shipped_or_file(ref, shipped_indicator_sets(), load_indicator_set_file, "indicator set")
