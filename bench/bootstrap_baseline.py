"""The whole-case bootstrap that came before the certainty model, kept as
bench/bench_certainty.py's baseline (the app uses yjqa.core.rating.uncertainty's model).

Each resample draws as many whole cases as were read, with replacement, and rates them by the
framework's own rules, through a table of the band of every yes/answered count.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

import numpy as np
import numpy.typing as npt

from yjqa.core.frameworks.model import NOT_RATED, RatingRules, Standard
from yjqa.core.rating.rules import band_for, round_percentage
from yjqa.core.rating.uncertainty import (
    DEFAULT_RESAMPLES,
    CaseAnswers,
    _indicators,
    _probabilities,
)

SmallIntArray = npt.NDArray[np.int16]


def _band_index(value: Fraction, rules: RatingRules) -> int:
    """Position in `rules.bands` (0 = best) of a percentage, by the framework's own rules."""
    return rules.bands.index(band_for(round_percentage(value, rules.rounding), rules))


def band_lookup(rules: RatingRules, max_answered: int) -> SmallIntArray:
    """table[answered, yes] = band index (0 = best) of yes/answered; -1 where nothing answered.

    Exact: every entry is what `band_for(round_percentage(...))` gives, whatever the rounding
    rule, so a resample is rated exactly as the framework would rate it.
    """
    table = np.full((max_answered + 1, max_answered + 1), -1, dtype=np.int16)
    for answered in range(1, max_answered + 1):
        table[answered, : answered + 1] = _band_row(answered, rules)
    return table


def _band_row(answered: int, rules: RatingRules) -> list[int]:
    """Band index of yes/answered for yes = 0..answered.

    The band only improves as Yes answers grow, so the row is filled by bisecting towards the
    few places where it changes, rather than rating every cell.
    """

    def index(yes: int) -> int:
        return _band_index(Fraction(100 * yes, answered), rules)

    row = [0] * (answered + 1)
    pending = [(0, answered, index(0), index(answered))]
    while pending:
        lo, hi, at_lo, at_hi = pending.pop()
        if at_lo == at_hi:
            row[lo : hi + 1] = [at_lo] * (hi - lo + 1)
        elif hi - lo <= 1:
            row[lo], row[hi] = at_lo, at_hi
        else:
            mid = (lo + hi) // 2
            at_mid = index(mid)
            pending += [(lo, mid, at_lo, at_mid), (mid, hi, at_mid, at_hi)]
    return row


def resample_ratings(
    standard: Standard,
    cases: Sequence[CaseAnswers],
    rules: RatingRules,
    draws: npt.ArrayLike,
) -> list[str]:
    """The rating of each resample, where row r of `draws` lists the cases drawn (by index).

    Each resample is rated by the framework's rules: the lowest key-question figure, rounded
    and banded; a key question no drawn case answered Yes or No is left out, and a resample
    with no answered key question at all is Not rated.
    """
    indices = np.asarray(draws, dtype=np.int64)
    if indices.ndim != 2:
        raise ValueError("draws must be a matrix: one row of case indices per resample")
    yes, answered = _indicators(standard, cases)
    table = band_lookup(rules, indices.shape[1])
    worst = np.full(indices.shape[0], -1, dtype=np.int64)
    for question in range(yes.shape[1]):
        yes_sums = yes[:, question][indices].sum(axis=1)
        answered_sums = answered[:, question][indices].sum(axis=1)
        # Bands are listed best first, so the lowest figure has the highest band index.
        worst = np.maximum(worst, table[answered_sums, yes_sums])
    names = [band.rating for band in rules.bands]
    return [names[i] if i >= 0 else NOT_RATED for i in worst.tolist()]


def band_probabilities(
    standard: Standard,
    cases: Sequence[CaseAnswers],
    rules: RatingRules,
    *,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> dict[str, float]:
    """The chance of each rating band, by a seeded bootstrap over whole cases.

    Whole cases are resampled (with replacement, as many as there are), so a case's answers to
    the standard's key questions stay together: they are correlated, as a weak assessment
    tends to make weak planning. Ratings never reached are left out; most likely first.
    """
    if resamples < 1:
        raise ValueError("at least one resample is needed")
    if not cases:
        return {}
    rng = np.random.default_rng(seed)
    draws = rng.integers(0, len(cases), size=(resamples, len(cases)))
    ratings = resample_ratings(standard, cases, rules, draws)
    return _probabilities(ratings, rules)
