"""National figures a document compares a service's own with, read from the shipped data
(`yjqa/benchmark_data/national-figures.yaml`), each with its period and source."""

from __future__ import annotations

from functools import cache
from importlib import resources

from pydantic import BaseModel, ConfigDict, Field

from yjqa.core.validation.yaml_input import parse_yaml, validate_model

FILE = "national-figures.yaml"


class NationalRate(BaseModel):
    """A national rate, e.g. children's proven reoffending: 32.5% in 2023/24 (YJB)."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    rate: float = Field(ge=0, le=100, description="The rate, as a percentage.")
    period: str = Field(min_length=1, description="The period it covers, e.g. `2023/24`.")
    area: str = Field(min_length=1, description="Where it covers, e.g. `England and Wales`.")
    source: str = Field(min_length=1, description="Who published it, and where.")


class NationalFigures(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    reoffending: NationalRate


@cache
def national_figures() -> NationalFigures:
    text = (resources.files("yjqa") / "benchmark_data" / FILE).read_text(encoding="utf-8")
    data, node = parse_yaml(text, FILE)
    return validate_model(NationalFigures, data, node, FILE)
