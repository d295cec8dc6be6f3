"""The certainty model's prior: what published key-question figures look like.

Published key-question figures (% Yes) cluster between about 25% and 100%, and not evenly
across strands: work on a child's desistance is usually judged well (about 91% Yes), work to
keep other people safe least well (about 67%). The prior for a key question's rate over a
caseload is therefore a Beta distribution with its strand's mean and one strength shared by
every strand, both fitted by the method of moments to the figures shipped in
`yjqa/benchmark_data/key-question-figures.yaml` (which says which reports they come from).
A key question of a strand with no published figures (the 2025 framework's) gets the mean of
every figure. The fitted values are shipped beside the figures, and a test checks that
refitting gives them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import numpy as np
import yaml

FILE = "key-question-figures.yaml"


@dataclass(frozen=True)
class Prior:
    """Beta(a, b) for one key question's rate over a caseload."""

    a: float
    b: float

    @property
    def mean(self) -> float:
        return self.a / (self.a + self.b)

    @property
    def strength(self) -> float:
        return self.a + self.b


@dataclass(frozen=True)
class Priors:
    """The prior of each strand's key questions: Beta(strength * mean, strength * (1 - mean)).

    `strength`, shared by the strands, is also the Dirichlet process's prior mass (see
    yjqa.core.rating.uncertainty), so each key question's posterior stays conjugate."""

    strength: float
    mean: float  # of every figure: the prior of a strand with none published
    strand_means: Mapping[str, float] = field(default_factory=dict)

    def for_strand(self, strand: str | None) -> Prior:
        mean = self.strand_means.get(strand, self.mean) if strand is not None else self.mean
        return Prior(self.strength * mean, self.strength * (1 - mean))


def _data() -> dict[str, Any]:
    text = (resources.files("yjqa") / "benchmark_data" / FILE).read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    if not isinstance(data, dict):
        raise ValueError(f"{FILE} must be a YAML mapping")
    return data


def published_figures() -> dict[str, list[float]]:
    """Every shipped key-question figure as a proportion from 0 to 1, by strand."""
    found: dict[str, list[float]] = {}
    for report in _data()["reports"]:
        strands = report["strands"]
        for standard, values in report["figures"].items():
            if len(values) != len(strands):
                raise ValueError(
                    f"{FILE}: {standard} of {report['report']!r} needs a figure per strand"
                )
            for strand, value in zip(strands, values, strict=True):
                found.setdefault(strand, []).append(value / 100)
    return found


def fit_priors(figures: Mapping[str, list[float]]) -> Priors:
    """Strand means, and the strength whose Beta variance matches the spread within strands.

    A Beta with mean m and strength s has variance m(1 - m)/(s + 1); pooling the strands, s + 1
    is the sum of m(1 - m) over every figure divided by the sum of squares about its strand's
    mean (the method of moments; unlike the maximum likelihood it is fine with 100% figures)."""
    means = {strand: float(np.mean(values)) for strand, values in figures.items()}
    spread = sum(float(np.sum((np.asarray(v) - means[s]) ** 2)) for s, v in figures.items())
    expected = sum(means[s] * (1 - means[s]) * len(v) for s, v in figures.items())
    every = [value for values in figures.values() for value in values]
    return Priors(expected / spread - 1, float(np.mean(every)), means)


@lru_cache(maxsize=1)
def shipped_priors() -> Priors:
    prior = _data()["prior"]
    return Priors(
        float(prior["strength"]),
        float(prior["mean"]),
        {str(s): float(m) for s, m in prior["strand_means"].items()},
    )
