"""Calibration of the certainty model: do stated chances come true as often as they say?

Simulates caseloads resembling published inspections (10 to 120 eligible cases, samples of 3
to 30, key-question rates like the published ones, answers correlated within a case, some Not
applicable), each with a known whole-caseload rating by the framework's rule, and compares the
chances `uncertainty_from_cases` states from the sample with what the whole caseload gives.

The simulation is deliberately NOT the model's own: answers come from a logistic model with a
case random effect (logit P(Yes) = service level + strand shift and key-question offset +
case effect), not from a Dirichlet process with a Beta base measure.

    .venv/bin/python bench/calibration.py [--standards 3000] [--seed 1]

prints the expected calibration error (ECE, target at most 0.05), the reliability table (stated
chance against how often it came true, by tenths) and the time taken.
"""

from __future__ import annotations

import argparse
import time
from dataclasses import dataclass

import numpy as np
from scipy.special import expit

from yjqa.core.frameworks.model import NOT_RATED, Framework
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import (
    Answer,
    FrameworkRating,
    figures_from_tallies,
    rate_available,
    tally_answers,
)

FRAMEWORK = "hmip-youth-2021"
STANDARD = "2.1"
BINS = 10
STRAND_SHIFT = np.array([0.8, 0.0, -0.8])  # logit shifts for 2.1's three strands


@dataclass(frozen=True)
class Outcome:
    stated: dict[str, float]  # the chance of each band, from the sample
    truth: str  # the whole caseload's rating by the rule


def _rating(framework: Framework, answers: dict[str, dict[str, Answer]]) -> FrameworkRating:
    rows = [(ref, q, a) for ref, by_q in answers.items() for q, a in by_q.items()]
    figures = figures_from_tallies(framework, tally_answers(framework, rows))
    return rate_available(framework, figures, {})


def _rate(framework: Framework, answers: dict[str, dict[str, Answer]]) -> str:
    return _rating(framework, answers).standard(STANDARD).rating


def simulate(standards: int, seed: int = 1, resamples: int = 2000) -> list[Outcome]:
    """`standards` simulated samples and their caseloads' true ratings."""
    from yjqa.core.rating.uncertainty import uncertainty_from_cases

    framework = get_framework(FRAMEWORK)
    questions = [q.id for q in framework.standard(STANDARD).key_questions]
    rng = np.random.default_rng(seed)
    found: list[Outcome] = []
    while len(found) < standards:
        size = int(rng.integers(10, 121))
        sample = int(rng.integers(3, min(30, size) + 1))
        level = rng.normal(1.6, 1.0)  # service: logit of a typical rate, about 83%
        # Key questions in strand order, shifted as published figures are (desistance about
        # 91% Yes, children's safety 81%, others' safety 67%), each with its own noise.
        offsets = STRAND_SHIFT + rng.normal(0.0, 0.6, size=len(questions))
        spread = rng.uniform(0.5, 1.5)  # how strongly a case's answers go together
        effect = rng.normal(0.0, spread, size=(size, 1))
        yes = rng.random((size, len(questions))) < expit(level + offsets + effect)
        applicable = rng.random((size, len(questions))) >= rng.uniform(0.0, 0.2)
        caseload: dict[str, dict[str, Answer]] = {
            f"C{i:03d}": {
                q: ("yes" if yes[i, j] else "no") if applicable[i, j] else "n/a"
                for j, q in enumerate(questions)
            }
            for i in range(size)
        }
        truth = _rate(framework, caseload)
        chosen = sorted(rng.choice(size, size=sample, replace=False).tolist())
        read = {f"C{i:03d}": caseload[f"C{i:03d}"] for i in chosen}
        rating = _rating(framework, read)
        if rating.standard(STANDARD).rating == NOT_RATED or truth == NOT_RATED:
            continue
        sure = uncertainty_from_cases(
            framework,
            rating,
            read,
            population={"court": size},
            resamples=resamples,
            seed=len(found),
        ).standards.get(STANDARD)
        if sure is None or sure.too_few_cases:
            continue
        found.append(Outcome(sure.band_probability, truth))
    return found


def reliability(outcomes: list[Outcome]) -> tuple[float, list[tuple[float, float, float, int]]]:
    """(ECE, rows of (bin low, mean stated chance, share that came true, count)).

    Every band's stated chance of every standard counts, so a bin holds chances of all sizes."""
    framework = get_framework(FRAMEWORK)
    rules = framework.rating_rules
    assert rules is not None
    bands = [b.rating for b in rules.bands]
    stated = np.array([o.stated.get(b, 0.0) for o in outcomes for b in bands])
    came = np.array([float(o.truth == b) for o in outcomes for b in bands])
    which = np.minimum((stated * BINS).astype(int), BINS - 1)
    rows = []
    ece = 0.0
    for index in range(BINS):
        mask = which == index
        count = int(mask.sum())
        if not count:
            continue
        mean_stated, share = float(stated[mask].mean()), float(came[mask].mean())
        ece += count / stated.size * abs(mean_stated - share)
        rows.append((index / BINS, mean_stated, share, count))
    return ece, rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--standards", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    start = time.perf_counter()
    outcomes = simulate(args.standards, args.seed)
    elapsed = time.perf_counter() - start
    ece, rows = reliability(outcomes)
    print(f"{len(outcomes)} simulated standards ({elapsed:.1f} s)")
    print("stated chance  mean stated  came true  chances")
    for low, mean_stated, share, count in rows:
        print(f"{low:.1f}-{low + 0.1:.1f}       {mean_stated:.3f}        {share:.3f}      {count}")
    worst = max((abs(m - s) for _l, m, s, c in rows if c >= 50), default=0.0)
    print(f"ece={ece:.4f} worst_bin_gap={worst:.4f} (targets: ece <= 0.05, gap <= 0.10)")


if __name__ == "__main__":
    main()
