"""The certainty model's prior: what published key-question figures look like.

Published key-question figures (% Yes) cluster between about 25% and 100%. The prior for a
key question's rate over a caseload is a Beta distribution fitted (by the method of moments,
scipy.stats.beta.fit) to the figures shipped in `yjqa/benchmark_data/key-question-figures.yaml`,
which says which reports they come from. The fitted parameters are shipped beside them, and a
test checks that refitting gives them.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml
from scipy import stats

FILE = "key-question-figures.yaml"


@dataclass(frozen=True)
class Prior:
    """Beta(a, b) for a key question's rate; its strength a + b is the Dirichlet process's
    prior mass (see yjqa.core.rating.uncertainty)."""

    a: float
    b: float

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)

    @property
    def strength(self) -> float:
        return self.a + self.b


def _data() -> dict[str, Any]:
    text = (resources.files("yjqa") / "benchmark_data" / FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{FILE} must be a YAML mapping")
    return data


def published_figures() -> list[float]:
    """Every shipped key-question figure, as a proportion from 0 to 1."""
    return [
        value / 100
        for report in _data()["reports"]
        for values in report["figures"].values()
        for value in values
    ]


def fit_prior(figures: list[float]) -> Prior:
    """Beta(a, b) by the method of moments (figures of exactly 100% are fine, unlike the MLE)."""
    # scipy's starting guess takes a square root of a negative skew term: harmless here.
    with np.errstate(invalid="ignore"):
        a, b, _loc, _scale = stats.beta.fit(np.asarray(figures), floc=0, fscale=1, method="MM")
    return Prior(float(a), float(b))


@lru_cache(maxsize=1)
def shipped_prior() -> Prior:
    prior = _data()["prior"]
    return Prior(float(prior["a"]), float(prior["b"]))
