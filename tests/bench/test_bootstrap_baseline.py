"""The whole-case bootstrap that bench/bench_certainty.py measures the certainty model against
(bench/bootstrap_baseline.py): each resample is rated exactly as the engine rates it, and its
chances converge and behave as a bootstrap over whole cases should."""

from __future__ import annotations

import math
import random
import sys
from fractions import Fraction

import pytest
from tests.core.rating.westmorland_cases import (
    FRAMEWORK,
    RULES,
    rules_with,
    westmorland_assessment_cases,
)

from yjqa.core.frameworks.model import NOT_RATED, RatingRules
from yjqa.core.rating.rules import (
    Answer,
    KeyQuestionFigure,
    Tally,
    band_for,
    rate_case_standard,
    round_percentage,
)
from yjqa.core.rating.uncertainty import DEFAULT_RESAMPLES

from helpers import ROOT

sys.path.insert(0, str(ROOT / "bench"))
from bootstrap_baseline import band_lookup, band_probabilities, resample_ratings


def slow_rating(standard_id: str, cases: list[dict[str, Answer]], rules: RatingRules) -> str:
    """An independent, one-case-at-a-time rating of a resample with the engine's own rules."""
    standard = FRAMEWORK.standard(standard_id)
    tallies = {q.id: Tally() for q in standard.key_questions}
    for case in cases:
        for question, answer in case.items():
            tallies[question] = tallies[question].add(answer)
    figures = [KeyQuestionFigure(q, t.percentage, t) for q, t in tallies.items()]
    return rate_case_standard(standard, figures, rules).rating


@pytest.mark.parametrize("rounding", ["half_up", "half_even", "none"])
def test_each_resample_is_rated_exactly_as_the_engine_rates_it(rounding: str) -> None:
    rules = rules_with(rounding)
    rng = random.Random(7)
    choices: list[Answer] = ["yes", "yes", "yes", "no", "n/a"]
    for n in (1, 3, 8, 13, 40):
        cases: list[dict[str, Answer]] = [
            {q.id: rng.choice(choices) for q in FRAMEWORK.standard("2.2").key_questions}
            for _ in range(n)
        ]
        draws = [[rng.randrange(n) for _ in range(n)] for _ in range(300)]
        fast = resample_ratings(FRAMEWORK.standard("2.2"), cases, rules, draws)
        slow = [slow_rating("2.2", [cases[i] for i in row], rules) for row in draws]
        assert fast == slow


@pytest.mark.parametrize("rounding", ["half_up", "half_even", "none"])
def test_band_lookup_is_exact(rounding: str) -> None:
    rules = rules_with(rounding)
    table = band_lookup(rules, 60)
    for answered in range(1, 61):
        for yes in range(answered + 1):
            band = band_for(round_percentage(Fraction(100 * yes, answered), rounding), rules)
            assert rules.bands[table[answered, yes]] == band
    assert (table[0] == -1).all()


def test_a_resample_with_nothing_answered_is_not_rated() -> None:
    assert RULES is not None
    cases: list[dict[str, Answer]] = [
        {"2.1.1": "n/a", "2.1.2": "n/a", "2.1.3": "n/a"},
        {"2.1.1": "yes", "2.1.2": "yes", "2.1.3": "no"},
    ]
    ratings = resample_ratings(FRAMEWORK.standard("2.1"), cases, RULES, [[0, 0], [1, 1], [0, 1]])
    assert ratings == [NOT_RATED, "Inadequate", "Inadequate"]


def test_the_bootstrap_converges_at_the_default_number_of_resamples() -> None:
    assert RULES is not None
    standard = FRAMEWORK.standard("2.1")
    cases = westmorland_assessment_cases()
    cases[2] = {**cases[2], "2.1.1": "no"}
    cases[3] = {**cases[3], "2.1.2": "n/a"}
    default = band_probabilities(standard, cases, RULES, seed=11)
    many = band_probabilities(standard, cases, RULES, resamples=50_000, seed=12)
    assert DEFAULT_RESAMPLES >= 2000
    assert set(default) == set(many)
    for band, probability in many.items():
        assert default[band] == pytest.approx(probability, abs=0.03), band


def test_more_cases_make_the_rating_surer() -> None:
    assert RULES is not None
    standard = FRAMEWORK.standard("2.1")
    few = band_probabilities(standard, westmorland_assessment_cases(1), RULES, seed=1)
    many = band_probabilities(standard, westmorland_assessment_cases(10), RULES, seed=1)
    assert many["Good"] > few["Good"]


def test_whole_cases_are_resampled_together() -> None:
    """Two key questions answered alike behave as one: the cases are drawn, not the answers."""
    assert RULES is not None
    standard = FRAMEWORK.standard("2.1")
    base = westmorland_assessment_cases()
    twinned: list[dict[str, Answer]] = [{**c, "2.1.2": c["2.1.3"]} for c in base]
    single: list[dict[str, Answer]] = [{**c, "2.1.2": "n/a"} for c in base]
    together = band_probabilities(standard, twinned, RULES, resamples=20_000, seed=3)
    alone = band_probabilities(standard, single, RULES, resamples=20_000, seed=3)
    assert together == alone
    # And the single question's chances are the binomial ones: No answers ~ Binomial(8, 1/4).
    exact: dict[str, float] = {}
    for no in range(9):
        band = band_for(round_percentage(Fraction(100 * (8 - no), 8), "half_up"), RULES).rating
        exact[band] = exact.get(band, 0.0) + math.comb(8, no) * 0.25**no * 0.75 ** (8 - no)
    for band, probability in exact.items():
        assert alone.get(band, 0.0) == pytest.approx(probability, abs=0.015), band
