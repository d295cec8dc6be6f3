"""Agreement between two raters: percent agreement and Cohen's kappa with its interval."""

from __future__ import annotations

import math
import random

import numpy as np
import pytest
from statsmodels.stats.inter_rater import cohens_kappa

from yjqa.core.rating.agreement import KAPPA_FLAG_BELOW, agreement
from yjqa.core.rating.rules import Answer

CATEGORIES: list[Answer] = ["yes", "no", "n/a"]


def pairs_from(table: dict[tuple[Answer, Answer], int]) -> list[tuple[Answer, Answer]]:
    return [pair for pair, count in table.items() for _ in range(count)]


def test_kappa_and_its_interval_match_a_hand_computed_example() -> None:
    # yes/yes 20, yes/no 5, no/yes 10, no/no 15 of 50.
    result = agreement(
        pairs_from({("yes", "yes"): 20, ("yes", "no"): 5, ("no", "yes"): 10, ("no", "no"): 15})
    )
    # Observed agreement 35/50 = 0.7. First rater: yes 25/50, no 25/50; second: yes 30/50,
    # no 20/50. Chance agreement 0.5 * 0.6 + 0.5 * 0.4 = 0.5. Kappa (0.7 - 0.5) / 0.5 = 0.4.
    assert (result.pairs, result.agreed) == (50, 35)
    assert result.percent == pytest.approx(70.0)
    assert result.kappa == pytest.approx(0.4)
    assert result.flagged  # 0.4 is below 0.6

    # Asymptotic variance of Fleiss, Cohen and Everitt (1969), written out here:
    # [sum_i p_ii (1 - (p_i. + p_.i)(1 - k))^2
    #  + (1 - k)^2 sum_{i != j} p_ij (p_.i + p_j.)^2 - (k - pe (1 - k))^2] / ((1 - pe)^2 n)
    p = {("yes", "yes"): 0.4, ("yes", "no"): 0.1, ("no", "yes"): 0.2, ("no", "no"): 0.3}
    row = {"yes": 0.5, "no": 0.5}
    col = {"yes": 0.6, "no": 0.4}
    k, pe, n = 0.4, 0.5, 50
    a = sum(p[(c, c)] * (1 - (row[c] + col[c]) * (1 - k)) ** 2 for c in ("yes", "no"))
    b = (1 - k) ** 2 * sum(
        p[(i, j)] * (col[i] + row[j]) ** 2 for i in ("yes", "no") for j in ("yes", "no") if i != j
    )
    c = (k - pe * (1 - k)) ** 2
    se = math.sqrt((a + b - c) / ((1 - pe) ** 2 * n))
    assert result.ci95 is not None
    assert result.ci95[0] == pytest.approx(k - 1.96 * se, abs=1e-3)
    assert result.ci95[1] == pytest.approx(k + 1.96 * se, abs=1e-3)


def test_kappa_matches_statsmodels_on_random_tables() -> None:
    rng = random.Random(2025)
    for _ in range(200):
        n = rng.randint(2, 60)
        weights = [rng.random() for _ in range(3)]
        pairs: list[tuple[Answer, Answer]] = []
        for _ in range(n):
            first = rng.choices(CATEGORIES, weights)[0]
            second = first if rng.random() < 0.6 else rng.choice(CATEGORIES)
            pairs.append((first, second))
        table = np.zeros((3, 3))
        for first, second in pairs:
            table[CATEGORIES.index(first), CATEGORIES.index(second)] += 1
        with np.errstate(all="ignore"):
            expected = cohens_kappa(table)
        result = agreement(pairs)
        assert result.agreed == int(np.trace(table))
        if not np.isfinite(expected.kappa):
            assert result.kappa is None
            continue
        assert result.kappa == pytest.approx(expected.kappa)
        if not expected.std_kappa > 1e-6:
            assert result.ci95 is None  # a collapsed interval is not reported
            continue
        assert result.ci95 is not None
        if np.isfinite(expected.std_kappa):
            assert result.ci95[0] == pytest.approx(max(-1.0, expected.kappa_low), abs=1e-9)
            assert result.ci95[1] == pytest.approx(min(1.0, expected.kappa_upp), abs=1e-9)
        assert -1 <= result.ci95[0] <= result.kappa <= result.ci95[1] <= 1
        assert result.flagged == (result.kappa < KAPPA_FLAG_BELOW)


def test_perfect_agreement_is_a_kappa_of_one_with_no_interval() -> None:
    result = agreement(pairs_from({("yes", "yes"): 12, ("no", "no"): 4, ("n/a", "n/a"): 2}))
    assert result.kappa == pytest.approx(1.0)
    assert result.percent == 100
    # The asymptotic standard error is 0 at perfect agreement: no interval is claimed.
    assert result.ci95 is None
    assert not result.flagged


def test_a_single_shared_answer_leaves_kappa_undefined() -> None:
    result = agreement([("yes", "yes")] * 9)
    assert result.kappa is None and result.ci95 is None
    assert result.percent == 100
    assert not result.flagged


def test_no_pairs_give_no_percent_and_no_kappa() -> None:
    result = agreement([])
    assert (result.pairs, result.agreed, result.percent, result.kappa, result.flagged) == (
        0,
        0,
        None,
        None,
        False,
    )


def test_a_kappa_below_the_threshold_is_flagged() -> None:
    # High percent agreement, but little beyond chance: nearly everything is Yes.
    result = agreement(pairs_from({("yes", "yes"): 18, ("yes", "no"): 1, ("no", "yes"): 1}))
    assert result.percent == pytest.approx(90.0)
    assert result.kappa is not None and result.kappa < KAPPA_FLAG_BELOW
    assert result.flagged
    good = agreement(pairs_from({("yes", "yes"): 10, ("no", "no"): 9, ("no", "yes"): 1}))
    assert good.kappa is not None and good.kappa >= KAPPA_FLAG_BELOW
    assert not good.flagged


def test_a_value_that_is_not_an_answer_is_refused() -> None:
    with pytest.raises(ValueError):
        agreement([("yes", "maybe")])  # type: ignore[list-item]
