"""How sure a rating is: intervals for key-question figures and band probabilities.

Ratings rest on small samples (eight court cases in Westmorland and Furness), so a figure of
75% may well be 60% or 90% with another sample. These functions put numbers on that.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist

from yjqa.core.framework import RatingRules, Standard
from yjqa.core.rating import (
    Answer,
    KeyQuestionFigure,
    Tally,
    band_for,
    rate_case_standard,
    round_percentage,
)


@dataclass(frozen=True)
class Interval:
    low: float  # percent
    high: float  # percent


def wilson_interval(yes: int, answered: int, confidence: float = 0.95) -> Interval | None:
    """The Wilson score interval for a % Yes of `yes` out of `answered` cases.

    Unlike the textbook "± 1.96 standard errors" it stays within 0 to 100 and behaves at
    100% and with few cases, which is where inspection figures live. None with no cases.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if answered <= 0:
        return None
    if not 0 <= yes <= answered:
        raise ValueError(f"{yes} Yes answers out of {answered} cases is impossible")
    z = NormalDist().inv_cdf(1 - (1 - confidence) / 2)
    p = yes / answered
    denominator = 1 + z * z / answered
    centre = (p + z * z / (2 * answered)) / denominator
    spread = z * math.sqrt(p * (1 - p) / answered + z * z / (4 * answered * answered))
    spread /= denominator
    return Interval(100 * max(0.0, centre - spread), 100 * min(1.0, centre + spread))


CaseAnswers = Mapping[str, Answer]  # one case's answers, by key question id


def band_probabilities(
    standard: Standard,
    cases: Sequence[CaseAnswers],
    rules: RatingRules,
    *,
    resamples: int = 2000,
    seed: int = 0,
) -> dict[str, float]:
    """The chance of each rating band, by a seeded bootstrap over whole cases.

    Whole cases are resampled, so a case's answers to the standard's key questions stay
    together (they are correlated: a weak assessment tends to make weak planning). Each
    resample is rated by the framework's own rules. Ratings never reached are left out.
    """
    if resamples < 1:
        raise ValueError("at least one resample is needed")
    if not cases:
        return {}
    rng = random.Random(seed)
    counts: Counter[str] = Counter()
    questions = [q.id for q in standard.key_questions]
    for _ in range(resamples):
        tallies = {q: Tally() for q in questions}
        for case in rng.choices(cases, k=len(cases)):
            for question in questions:
                answer = case.get(question)
                if answer is not None:
                    tallies[question] = tallies[question].add(answer)
        figures = [KeyQuestionFigure(q, tallies[q].percentage, tallies[q]) for q in questions]
        counts[rate_case_standard(standard, figures, rules).rating] += 1
    return {rating: count / resamples for rating, count in counts.most_common()}


def yes_needed_for_next_band(tally: Tally, rules: RatingRules) -> int | None:
    """How many of the No answers would have to have been Yes to reach the next band up.

    None when the figure is already in the top band, or no number of extra Yes answers
    among these cases would get it there.
    """
    if tally.percentage is None:
        return None
    current = band_for(round_percentage(tally.percentage, rules.rounding), rules)
    better = [b for b in rules.bands if b.min > current.min]
    if not better:
        return None
    target = min(better, key=lambda b: b.min)
    answered = tally.yes + tally.no
    for extra in range(1, tally.no + 1):
        shown = round_percentage(Fraction(100 * (tally.yes + extra), answered), rules.rounding)
        if shown >= target.min:
            return extra
    return None
