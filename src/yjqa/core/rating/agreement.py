"""How alike two raters answer the same cases: percent agreement and Cohen's kappa.

Double-marked cases show whether auditors apply the key questions consistently. Percent
agreement alone flatters when nearly every answer is Yes, so kappa corrects for the agreement
two raters would reach by chance with their own mix of answers.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from yjqa.core.rating.rules import Answer

KAPPA_FLAG_BELOW = 0.6
# Kappa from fewer double-marked cases than this rests on too few to read much into it
# (issue 19): it is still shown, marked as resting on too few cases.
KAPPA_MIN_CASES = 10
CATEGORIES: tuple[Answer, ...] = ("yes", "no", "n/a")
_Z95 = 1.959963984540054
_NO_SPREAD = 1e-12


@dataclass(frozen=True)
class Agreement:
    pairs: int  # answer pairs compared
    agreed: int
    percent: float | None  # percent agreement, 0 to 100; None with no pairs
    kappa: float | None  # Cohen's kappa; None when undefined (chance agreement is total)
    ci95: tuple[float, float] | None  # for kappa, clipped to [-1, 1]; None where it collapses
    flagged: bool  # kappa is known and below KAPPA_FLAG_BELOW
    cases: int | None = None  # double-marked cases behind the pairs, where known
    # Fewer than KAPPA_MIN_CASES cases: kappa rests on too few cases to read much into it.
    too_few_cases: bool = False


def agreement(pairs: Sequence[tuple[Answer, Answer]], *, cases: int | None = None) -> Agreement:
    """Agreement between two raters' answers to the same key questions of the same cases.

    Kappa and its 95% interval are statsmodels' (asymptotic standard error of Fleiss, Cohen
    and Everitt). Kappa is None when it is undefined: both raters gave one and the same answer
    throughout, so chance alone would have them agree. `cases`, the double-marked cases the
    pairs come from, marks a kappa from fewer than KAPPA_MIN_CASES as resting on too few.
    """
    if cases is not None and cases < 0:
        raise ValueError(f"{cases} cases is impossible")
    too_few = cases is not None and cases < KAPPA_MIN_CASES
    if not pairs:
        return Agreement(0, 0, None, None, None, False, cases, too_few)
    for first, second in pairs:
        if first not in CATEGORIES or second not in CATEGORIES:
            raise ValueError(f"({first!r}, {second!r}) is not a pair of yes, no or n/a answers")
    agreed = sum(first == second for first, second in pairs)
    percent = 100 * agreed / len(pairs)
    kappa, ci95 = _kappa(pairs)
    flagged = kappa is not None and kappa < KAPPA_FLAG_BELOW
    return Agreement(len(pairs), agreed, percent, kappa, ci95, flagged, cases, too_few)


def _kappa(
    pairs: Sequence[tuple[Answer, Answer]],
) -> tuple[float | None, tuple[float, float] | None]:
    import numpy as np
    from statsmodels.stats.inter_rater import cohens_kappa  # slow to import: only when needed

    table = np.zeros((len(CATEGORIES), len(CATEGORIES)))
    for first, second in pairs:
        table[CATEGORIES.index(first), CATEGORIES.index(second)] += 1
    with warnings.catch_warnings(), np.errstate(all="ignore"):
        warnings.simplefilter("ignore", RuntimeWarning)
        result = cohens_kappa(table)
    kappa = float(result["kappa"])
    if not math.isfinite(kappa):
        return None, None
    variance = float(result["var_kappa"])
    if not math.isfinite(variance) or variance < _NO_SPREAD:
        # The asymptotic error vanishes at the edges (perfect agreement, or one rater giving
        # a single answer throughout): an interval of width 0 would claim certainty that a
        # handful of cases cannot give, so none is reported.
        return kappa, None
    spread = _Z95 * math.sqrt(variance)
    return kappa, (max(-1.0, kappa - spread), min(1.0, kappa + spread))
