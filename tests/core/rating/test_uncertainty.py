"""How sure is a rating? Intervals, band probabilities and what would move a rating (issue 7)."""

from __future__ import annotations

import math
import random
from fractions import Fraction

import numpy as np
import pytest
from statsmodels.stats.proportion import proportion_confint

from yjqa.core.frameworks.model import NOT_RATED, Band, RatingRules
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.inputs import read_percentages
from yjqa.core.rating.rules import (
    Answer,
    KeyQuestionFigure,
    Tally,
    band_for,
    figures_from_tallies,
    rate_available,
    rate_case_standard,
    round_percentage,
    tally_answers,
)
from yjqa.core.rating.uncertainty import (
    BORDERLINE_BELOW,
    DEFAULT_RESAMPLES,
    NextBand,
    band_lookup,
    band_probabilities,
    infer_yes,
    jeffreys_interval,
    next_band,
    resample_ratings,
    uncertainty_from_cases,
    uncertainty_from_percentages,
    wilson_interval,
    yes_needed_for_next_band,
)

from helpers import ROOT

FRAMEWORK = get_framework("hmip-youth-2021")
RULES = FRAMEWORK.rating_rules
assert RULES is not None
EXAMPLE = ROOT / "examples" / "westmorland-and-furness-2025.yaml"
COURT_STANDARDS = ("2.1", "2.2", "2.3", "2.4")


def rules_with(rounding: str = "half_up", bands: tuple[Band, ...] | None = None) -> RatingRules:
    assert RULES is not None
    return RatingRules.model_validate(
        {
            "rounding": rounding,
            "bands": [b.model_dump() for b in (bands or RULES.bands)],
            "overall": [o.model_dump() for o in RULES.overall],
        }
    )


# --- Intervals -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("yes", "n", "low", "high"),
    [
        (7, 8, 52.9, 97.8),  # textbook Wilson 95% interval for 7 of 8
        (0, 10, 0.0, 27.8),  # and for none of 10
        (8, 8, 67.6, 100.0),  # and for all of 8
    ],
)
def test_wilson_interval_matches_published_values(
    yes: int, n: int, low: float, high: float
) -> None:
    interval = wilson_interval(yes, n)
    assert interval is not None
    assert interval.low == pytest.approx(low, abs=0.1)
    assert interval.high == pytest.approx(high, abs=0.1)


def test_wilson_interval_matches_statsmodels_for_every_count() -> None:
    for n in [*range(1, 41), 57, 91, 250]:
        for yes in range(n + 1):
            interval = wilson_interval(yes, n)
            low, high = proportion_confint(yes, n, alpha=0.05, method="wilson")
            assert interval is not None
            assert interval.low == pytest.approx(100 * low, abs=1e-9), (yes, n)
            assert interval.high == pytest.approx(100 * high, abs=1e-9), (yes, n)


def test_the_wilson_interval_needs_answers_and_narrows_with_more_cases() -> None:
    assert wilson_interval(0, 0) is None
    with pytest.raises(ValueError):
        wilson_interval(9, 8)
    narrow, wide = wilson_interval(60, 80), wilson_interval(6, 8)
    assert narrow is not None and wide is not None
    assert narrow.high - narrow.low < wide.high - wide.low


def test_jeffreys_interval_matches_statsmodels() -> None:
    for n in [*range(2, 41), 91]:
        for yes in range(1, n):
            interval = jeffreys_interval(yes, n)
            low, high = proportion_confint(yes, n, alpha=0.05, method="jeffreys")
            assert interval is not None
            assert interval.low == pytest.approx(100 * low, abs=1e-7), (yes, n)
            assert interval.high == pytest.approx(100 * high, abs=1e-7), (yes, n)


def test_jeffreys_interval_includes_all_or_nothing() -> None:
    none, every = jeffreys_interval(0, 8), jeffreys_interval(8, 8)
    assert none is not None and every is not None
    assert none.low == 0 and 0 < none.high < 50
    assert every.high == 100 and 50 < every.low < 100
    assert jeffreys_interval(3, 0) is None


@pytest.mark.parametrize(
    ("shown", "cases", "reported", "real"),
    [
        (88, 8, 7, 7.0),  # 7/8 = 87.5%, published as 88%
        (75, 8, 6, 6.0),
        (83, 12, 10, 10.0),  # 83.3%
        (33, 12, 4, 4.0),
        (42, 12, 5, 5.0),  # 41.7%
        (50, 300, 150, 150.0),  # 149, 150 and 151 all show as 50%: the closest wins
        (90, 8, 7, 7.2),  # no count of 8 shows as 90%: Not applicable answers shrank it
    ],
)
def test_the_yes_count_is_inferred_from_a_published_figure(
    shown: int, cases: int, reported: int, real: float
) -> None:
    assert RULES is not None
    real_yes, yes = infer_yes(Fraction(shown), cases, RULES)
    assert yes == reported
    assert real_yes == pytest.approx(real)


# --- Bootstrap over whole cases --------------------------------------------------------------


def westmorland_assessment_cases(copies: int = 1) -> list[dict[str, Answer]]:
    """Eight cases answering 2.1 as printed: 100%, 88% (7/8) and 75% (6/8), repeated."""
    cases: list[dict[str, Answer]] = []
    for number in range(8):
        cases.append(
            {
                "2.1.1": "yes",
                "2.1.2": "yes" if number < 7 else "no",
                "2.1.3": "yes" if number < 6 else "no",
            }
        )
    return cases * copies


def by_ref(cases: list[dict[str, Answer]]) -> dict[str, dict[str, Answer]]:
    return {f"C{i}": case for i, case in enumerate(cases)}


def rate_cases(case_answers: dict[str, dict[str, Answer]]):
    rows = [(ref, q, a) for ref, answers in case_answers.items() for q, a in answers.items()]
    return rate_available(
        FRAMEWORK, figures_from_tallies(FRAMEWORK, tally_answers(FRAMEWORK, rows)), {}
    )


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


def test_bootstrap_is_replayable_and_sums_to_one() -> None:
    answers = by_ref(westmorland_assessment_cases())
    rating = rate_cases(answers)
    first = uncertainty_from_cases(FRAMEWORK, rating, answers, seed=4).standards
    again = uncertainty_from_cases(FRAMEWORK, rating, answers, seed=4).standards
    other = uncertainty_from_cases(FRAMEWORK, rating, answers, seed=5).standards
    assert first == again
    assert first["2.1"].band_probability != other["2.1"].band_probability
    for band, probability in first["2.1"].band_probability.items():
        assert other["2.1"].band_probability[band] == pytest.approx(probability, abs=0.05)
    assert sum(first["2.1"].band_probability.values()) == pytest.approx(1.0)
    assert set(first) == {"2.1"}  # only the standard these cases answered


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


def test_all_yes_is_certainly_outstanding() -> None:
    answers = by_ref([{"2.1.1": "yes", "2.1.2": "yes", "2.1.3": "yes"}] * 5)
    sure = uncertainty_from_cases(FRAMEWORK, rate_cases(answers), answers, resamples=200).standards[
        "2.1"
    ]
    assert sure.band_probability == {"Outstanding": 1.0}
    assert not sure.borderline
    assert sure.nearest_other_band is None
    assert sure.next_band is None  # already in the top band


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


def test_key_question_stats_count_the_yes_and_no_answers_of_the_cases() -> None:
    cases = westmorland_assessment_cases()
    cases[0] = {**cases[0], "2.1.2": "n/a"}
    answers = by_ref(cases)
    stats = (
        uncertainty_from_cases(FRAMEWORK, rate_cases(answers), answers)
        .standards["2.1"]
        .key_question_stats
    )
    assert [s.key_question_id for s in stats] == ["2.1.1", "2.1.2", "2.1.3"]
    assert [(s.yes, s.no, s.method) for s in stats] == [
        (8, 0, "wilson"),
        (6, 1, "wilson"),
        (6, 2, "wilson"),
    ]
    assert stats[1].ci95 == wilson_interval(6, 7)


def test_a_key_question_nobody_answered_is_still_listed() -> None:
    answers = by_ref([{"2.1.1": "yes", "2.1.2": "no", "2.1.3": "n/a"}] * 4)
    sure = uncertainty_from_cases(FRAMEWORK, rate_cases(answers), answers).standards["2.1"]
    assert [(s.key_question_id, s.yes, s.no, s.ci95) for s in sure.key_question_stats][2] == (
        "2.1.3",
        0,
        0,
        None,
    )
    assert sure.band_probability == {"Inadequate": 1.0}


# --- What would move a rating ----------------------------------------------------------------


def test_the_yes_answers_needed_for_the_next_band_are_counted() -> None:
    assert RULES is not None
    # Westmorland and Furness 2.2.3: 4 of 8 (50%, Requires improvement); 6 of 8 is 75%.
    assert yes_needed_for_next_band(Tally(yes=4, no=4), RULES) == 2
    assert yes_needed_for_next_band(Tally(yes=8, no=0), RULES) is None  # already Outstanding
    assert yes_needed_for_next_band(Tally(not_applicable=3), RULES) is None


def test_the_next_band_says_how_many_yes_answers_or_extra_cases_it_needs() -> None:
    assert RULES is not None
    # 8/8, 7/8 (88%) and 6/8 (75%): Good. Outstanding needs 80%: 7/8 is 87.5%, so one more Yes;
    # or extra all-Yes cases: 7/9 is 77.8% (78), 8/10 is exactly 80%, so two.
    assert next_band("Good", [(8, 0), (7, 1), (6, 2)], RULES) == NextBand("Outstanding", 1, 2)
    # 4 of 8 (50%) is Requires improvement; Good needs 65%: 5/8 = 62.5 (63), 6/8 = 75, so two
    # more Yes; extra cases: 7/11 = 63.6 (64) falls short, 8/12 = 66.7 reaches it, so four.
    assert next_band("Requires improvement", [(7, 1), (4, 4)], RULES) == NextBand("Good", 2, 4)
    # Every key question below the next band counts: 3/8 (38%) and 5/8 (63%) both need 65%.
    # Requires improvement needs 50%: 4/8 (one more Yes) for 3/8; 5/8 is there already.
    # Extra cases: 4/9 = 44.4% falls short, 5/10 = 50% reaches it, so two.
    assert next_band("Inadequate", [(3, 5), (5, 3)], RULES) == NextBand(
        "Requires improvement", 1, 2
    )
    # Good needs 65%: 3/8 needs 6/8 (three more), 5/8 needs 6/8 (one more): four in all.
    # Extra cases for 3/8: 9/14 = 64.3% (64) falls short, 10/15 = 66.7% reaches it: seven.
    assert next_band("Requires improvement", [(3, 5), (5, 3)], RULES) == NextBand("Good", 4, 7)
    assert next_band("Outstanding", [(8, 0)], RULES) is None
    assert next_band(NOT_RATED, [(0, 0)], RULES) is None


def test_a_next_band_that_no_extra_case_can_reach_needs_changed_answers() -> None:
    assert RULES is not None
    strict = rules_with(
        bands=(
            Band(rating="Outstanding", min=100, max=100, points=3),
            Band(rating="Good", min=65, max=99, points=2),
            Band(rating="Requires improvement", min=50, max=64, points=1),
            Band(rating="Inadequate", min=0, max=49, points=0),
        ),
        rounding="none",
    )
    # 100% with a No already recorded is out of reach of extra cases, but not of changed answers.
    assert next_band("Good", [(8, 0), (7, 1), (6, 2)], strict) == NextBand("Outstanding", 3, None)


# --- From published percentages --------------------------------------------------------------


@pytest.fixture(scope="module")
def westmorland_published():
    rating_input = read_percentages(EXAMPLE, get_framework)
    rating = rating_input.rate()
    sure = uncertainty_from_percentages(
        rating_input.framework, rating, rating_input.figures, rating_input.cases
    ).standards
    return rating, sure


def test_golden_westmorland_assessment_is_borderline(westmorland_published) -> None:
    """Issue 7: W&F court 2.1 is 100/88/75 of eight cases, lowest 75, Good, but only just."""
    rating, sure = westmorland_published
    assessment = sure["2.1"]
    print("\nWestmorland and Furness 2.1 band probabilities:", assessment.band_probability)
    assert rating.standard("2.1").rating == "Good"
    assert assessment.borderline
    assert assessment.band_probability["Good"] < BORDERLINE_BELOW
    assert list(assessment.band_probability)[:2] == ["Good", "Requires improvement"]
    assert assessment.nearest_other_band == "Requires improvement"
    assert [(s.yes, s.no) for s in assessment.key_question_stats] == [(8, 0), (7, 1), (6, 2)]
    assert assessment.next_band == NextBand("Outstanding", 1, 2)


def test_golden_westmorland_every_standard_with_cases_has_band_probabilities(
    westmorland_published,
) -> None:
    rating, sure = westmorland_published
    assert set(sure) == {"2.1", "2.2", "2.3", "2.4", "3.1", "3.2", "3.3"}
    for standard_id in COURT_STANDARDS:
        probabilities = sure[standard_id].band_probability
        print(standard_id, rating.standard(standard_id).rating, probabilities)
        assert sum(probabilities.values()) == pytest.approx(1.0)
        assert list(probabilities.values()) == sorted(probabilities.values(), reverse=True)
    stat = sure["2.1"].key_question_stats[1]  # 88% of 8: 7 Yes
    low, high = proportion_confint(7, 8, method="jeffreys")
    assert stat.method == "jeffreys"
    assert stat.ci95 is not None
    assert (stat.ci95.low, stat.ci95.high) == pytest.approx((100 * low, 100 * high))


def test_golden_westmorland_out_of_court_assessment_matches_direct_simulation(
    westmorland_published,
) -> None:
    """3.1 is 83/50/25 of twelve cases: 10, 6 and 3 Yes. Simulate it here, independently."""
    rating, sure = westmorland_published
    actual = rating.standard("3.1").rating
    assert actual == "Inadequate"
    rng = np.random.default_rng(2024)
    draws = 200_000
    lowest = np.full(draws, 100.0)
    for yes in (10, 6, 3):
        shown = np.floor(100 * rng.beta(yes + 0.5, 12 - yes + 0.5, size=draws) + 0.5)
        lowest = np.minimum(lowest, shown)
    direct = float(np.mean(lowest < 50))  # Inadequate: under 50%
    print("\n3.1:", sure["3.1"].band_probability, "direct simulation:", direct)
    assert sure["3.1"].band_probability[actual] == pytest.approx(direct, abs=0.03)
    assert sure["3.1"].borderline == (direct < BORDERLINE_BELOW)


def test_from_percentages_a_standard_needs_its_cases_and_a_missing_figure_gets_no_interval() -> (
    None
):
    rating_input = read_percentages(EXAMPLE, get_framework)
    rating = rating_input.rate()
    figures = dict(rating_input.figures)
    sure = uncertainty_from_percentages(FRAMEWORK, rating, figures, {"2.1": 8}).standards
    assert set(sure) == {"2.1"}
    figures["2.1"] = [
        KeyQuestionFigure("2.1.1", Fraction(100)),
        KeyQuestionFigure("2.1.2", None),
        KeyQuestionFigure("2.1.3", Fraction(75)),
    ]
    sure = uncertainty_from_percentages(FRAMEWORK, rating, figures, {"2.1": 8}, seed=3).standards
    stats = sure["2.1"].key_question_stats
    assert (stats[1].yes, stats[1].no, stats[1].ci95) == (0, 0, None)
    again = uncertainty_from_percentages(FRAMEWORK, rating, figures, {"2.1": 8}, seed=3).standards
    assert sure == again
