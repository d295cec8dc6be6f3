"""Retention periods as data: one period per kind of record, read from YAML and checked, and
the cut-off day a period gives.

A record is due once the day it is kept from (its case closing, its response, ...) falls
before the cut-off: `years` whole years before today.
"""

from __future__ import annotations

from datetime import date
from importlib import resources
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from yjqa.core.validation.yaml_input import parse_yaml, read_text, validate_model

SHIPPED = "retention.yaml"


class Period(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)

    years: int = Field(ge=1, le=100, description="Whole years the record is kept.")
    kept_from: str = Field(alias="from", description="What the years are counted from.")
    then: str = Field(description="What happens to the record once they have passed.")


class RetentionPolicy(BaseModel):
    """A period for every kind of record yjqa keeps about children."""

    model_config = ConfigDict(extra="forbid")

    case_records: Period
    victim_records: Period
    indicator_records: Period
    survey_comments: Period
    access_log: Period

    def periods(self) -> dict[str, Period]:
        return {name: getattr(self, name) for name in type(self).model_fields}


def parse_policy(text: str, source: str) -> RetentionPolicy:
    data, node = parse_yaml(text, source)
    return validate_model(RetentionPolicy, data, node, source)


def load_policy(path: Path | None = None) -> RetentionPolicy:
    """The policy in `path`, or the shipped defaults."""
    if path is not None:
        return parse_policy(read_text(path), str(path))
    shipped = resources.files("yjqa.policies").joinpath(SHIPPED)
    return parse_policy(shipped.read_text(encoding="utf-8"), SHIPPED)


def cutoff(today: date, years: int) -> date:
    """The same day `years` years before today (28 February for a 29 February)."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)
