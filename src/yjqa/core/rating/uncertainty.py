"""How sure a rating is: intervals for key-question figures and band probabilities.

Ratings rest on small samples (eight court cases in Westmorland and Furness), so a figure of
75% may well be 60% or 90% with another sample. These functions put numbers on that: an
interval for each key question's % Yes, the chance of each rating band for a standard, and what
it would have taken to reach the next band up.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from statistics import NormalDist
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy.special import betaincinv

from yjqa.core.frameworks.model import NOT_RATED, Band, Framework, RatingRules, Standard
from yjqa.core.rating.rules import (
    Answer,
    FrameworkRating,
    KeyQuestionFigure,
    Tally,
    band_for,
    round_percentage,
)

BORDERLINE_BELOW = 0.8
DEFAULT_RESAMPLES = 2000
CASES_NEEDED_CAP = 10_000

IntArray = npt.NDArray[np.int64]
SmallIntArray = npt.NDArray[np.int16]


@dataclass(frozen=True)
class Interval:
    low: float  # percent
    high: float  # percent


@dataclass(frozen=True)
class KeyQuestionStat:
    """One key question's counts and 95% interval for its % Yes."""

    key_question_id: str
    yes: int
    no: int
    ci95: Interval | None  # percent; None when no Yes/No answers
    method: Literal["wilson", "jeffreys"]


@dataclass(frozen=True)
class NextBand:
    """What it would have taken to reach the band above the standard's rating."""

    rating: str
    yes_needed: int | None  # No answers that would have had to be Yes, over all key questions
    cases_needed: int | None  # extra cases answered Yes throughout


@dataclass(frozen=True)
class StandardUncertainty:
    """How sure one case standard's rating is."""

    standard_id: str
    key_question_stats: tuple[KeyQuestionStat, ...]
    band_probability: dict[str, float]  # most likely first; bands never reached left out
    borderline: bool  # the actual rating's probability is below BORDERLINE_BELOW
    nearest_other_band: str | None
    next_band: NextBand | None
    # Fewer cases answered the standard than the framework's minimum: no chances are given
    # (band_probability is empty) and the rating is never called firm.
    too_few_cases: bool = False
    most_likely: str | None = None  # the rating with the highest chance; None when too few


@dataclass(frozen=True)
class Certainty:
    """How sure an inspection's ratings are: each case standard's, and the overall rating's."""

    standards: dict[str, StandardUncertainty]
    # The chance of each overall rating, best first, from the same draws over every
    # case-assessed standard (judgements as recorded); empty when it cannot be worked out.
    overall_probability: dict[str, float]


CaseAnswers = Mapping[str, Answer]  # one case's answers, by key question id


# --- Intervals -------------------------------------------------------------------------------


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


def jeffreys_interval(yes: float, answered: int, confidence: float = 0.95) -> Interval | None:
    """The Jeffreys interval: equal tails of the Beta(yes + ½, no + ½) posterior.

    Used where only a published percentage and the number of cases are known, so `yes` may be
    a real number. By convention the lower end is 0 with no Yes and the upper end 100 with
    all Yes, where the equal-tailed bounds would wrongly exclude the observed value.
    """
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be between 0 and 1, got {confidence}")
    if answered <= 0:
        return None
    if not 0 <= yes <= answered:
        raise ValueError(f"{yes} Yes answers out of {answered} cases is impossible")
    tail = (1 - confidence) / 2
    a, b = yes + 0.5, answered - yes + 0.5
    low = 0.0 if yes == 0 else float(betaincinv(a, b, tail))
    high = 1.0 if yes == answered else float(betaincinv(a, b, 1 - tail))
    return Interval(100 * low, 100 * high)


# --- Band lookup -----------------------------------------------------------------------------


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


# --- Bootstrap over whole cases --------------------------------------------------------------


def _indicators(standard: Standard, cases: Sequence[CaseAnswers]) -> tuple[IntArray, IntArray]:
    """Yes and answered (Yes or No) indicators, one row per case and one column per key question."""
    questions = [q.id for q in standard.key_questions]
    yes = np.array(
        [[case.get(q) == "yes" for q in questions] for case in cases], dtype=np.int64
    ).reshape(len(cases), len(questions))
    answered = np.array(
        [[case.get(q) in ("yes", "no") for q in questions] for case in cases], dtype=np.int64
    ).reshape(len(cases), len(questions))
    return yes, answered


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


def _probabilities(ratings: Sequence[str], rules: RatingRules) -> dict[str, float]:
    order = [band.rating for band in rules.bands] + [NOT_RATED]
    counts: dict[str, int] = {}
    for rating in ratings:
        counts[rating] = counts.get(rating, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: (-item[1], order.index(item[0])))
    return {rating: count / len(ratings) for rating, count in ranked}


# --- What would move a rating ----------------------------------------------------------------


def yes_needed_for_next_band(tally: Tally, rules: RatingRules) -> int | None:
    """How many of the No answers would have to have been Yes to reach the next band up.

    This is the key question's own next band. None when the figure is already in the top
    band, or no number of extra Yes answers among these cases would get it there.
    """
    if tally.percentage is None:
        return None
    current = band_for(round_percentage(tally.percentage, rules.rounding), rules)
    target = _band_above(current, rules)
    if target is None:
        return None
    return _yes_needed(tally.yes, tally.no, target, rules)


def _band_above(current: Band, rules: RatingRules) -> Band | None:
    better = [b for b in rules.bands if b.min > current.min]
    return min(better, key=lambda b: b.min) if better else None


def _reaches(yes: int, answered: int, target: Band, rules: RatingRules) -> bool:
    return round_percentage(Fraction(100 * yes, answered), rules.rounding) >= target.min


def _yes_needed(yes: int, no: int, target: Band, rules: RatingRules) -> int | None:
    """Fewest No answers turned Yes for yes/(yes + no) to reach `target`; 0 if it already does."""
    answered = yes + no
    for extra in range(no + 1):
        if _reaches(yes + extra, answered, target, rules):
            return extra
    return None


def _cases_needed(yes: int, no: int, target: Band, rules: RatingRules) -> int | None:
    """Fewest extra all-Yes cases for the figure to reach `target` (bisected: it only rises)."""
    answered = yes + no
    if _reaches(yes, answered, target, rules):
        return 0
    if not _reaches(yes + CASES_NEEDED_CAP, answered + CASES_NEEDED_CAP, target, rules):
        return None
    lo, hi = 0, CASES_NEEDED_CAP  # lo fails, hi reaches
    while hi - lo > 1:
        mid = (lo + hi) // 2
        if _reaches(yes + mid, answered + mid, target, rules):
            hi = mid
        else:
            lo = mid
    return hi


def next_band(
    rating: str, counts: Sequence[tuple[int, int]], rules: RatingRules
) -> NextBand | None:
    """What would have lifted a standard rated `rating` to the band above.

    `counts` holds each key question's (Yes, No). Every key question must reach the next
    band's minimum, since the lowest one sets the rating; key questions with no Yes or No
    answers are left out, as they are when rating. None in the top band or when Not rated.
    """
    current = next((b for b in rules.bands if b.rating == rating), None)
    if current is None:
        return None
    target = _band_above(current, rules)
    if target is None:
        return None
    answered = [(yes, no) for yes, no in counts if yes + no > 0]
    per_question = [_yes_needed(yes, no, target, rules) for yes, no in answered]
    yes_needed = None if None in per_question else sum(n or 0 for n in per_question)
    per_case = [_cases_needed(yes, no, target, rules) for yes, no in answered]
    cases_needed = None if None in per_case else max((n or 0 for n in per_case), default=0)
    return NextBand(target.rating, yes_needed, cases_needed)


# --- Whole standards -------------------------------------------------------------------------


def _summarise(
    standard_id: str,
    actual: str,
    stats: tuple[KeyQuestionStat, ...],
    probabilities: dict[str, float],
    rules: RatingRules,
) -> StandardUncertainty:
    others = [rating for rating in probabilities if rating != actual]
    return StandardUncertainty(
        standard_id=standard_id,
        key_question_stats=stats,
        band_probability=probabilities,
        borderline=probabilities.get(actual, 0.0) < BORDERLINE_BELOW,
        nearest_other_band=others[0] if others else None,
        next_band=next_band(actual, [(s.yes, s.no) for s in stats], rules),
        most_likely=next(iter(probabilities), None),
    )


def uncertainty_from_cases(
    framework: Framework,
    rating: FrameworkRating,
    case_answers: Mapping[str, Mapping[str, Answer]],
    *,
    population: Mapping[str, int] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> Certainty:
    """How sure each rated case standard is, from case-level answers (case ref → answers).

    `population` gives the eligible caseload's size by domain population (e.g. "court").

    Intervals are Wilson's; band probabilities come from a seeded bootstrap over the cases
    that answered the standard (see `band_probabilities`).
    """
    rules = framework.rating_rules
    if rules is None:
        return Certainty({}, {})
    found: dict[str, StandardUncertainty] = {}
    for standard in framework.iter_standards():
        if standard.kind != "case":
            continue
        actual = _rating_of(rating, standard.id)
        if actual is None or actual == NOT_RATED:
            continue
        ids = {q.id for q in standard.key_questions}
        # In case-reference order, so the same cases give the same bootstrap however read.
        cases = [
            {q: a for q, a in answers.items() if q in ids}
            for _ref, answers in sorted(case_answers.items(), key=lambda item: item[0].casefold())
            if ids & answers.keys()
        ]
        if not cases:
            continue
        stats = []
        for question in standard.key_questions:
            yes = sum(case.get(question.id) == "yes" for case in cases)
            no = sum(case.get(question.id) == "no" for case in cases)
            stats.append(
                KeyQuestionStat(question.id, yes, no, wilson_interval(yes, yes + no), "wilson")
            )
        probabilities = band_probabilities(standard, cases, rules, resamples=resamples, seed=seed)
        found[standard.id] = _summarise(standard.id, actual, tuple(stats), probabilities, rules)
    return Certainty(found, {})


def infer_yes(shown: Fraction, cases: int, rules: RatingRules) -> tuple[float, int]:
    """The Yes count behind a published % Yes of `cases` cases: (for the posterior, reported).

    The whole number y whose 100·y/cases rounds (by the framework's rule) to the published
    figure, the closest to figure·cases/100 if several do. If none does (Not applicable
    answers made the true denominator smaller), the real number figure·cases/100 is used,
    and rounded half up for reporting.
    """
    estimate = shown * cases / 100
    target = round_percentage(shown, rules.rounding)
    matches = [
        y
        for y in range(cases + 1)
        if round_percentage(Fraction(100 * y, cases), rules.rounding) == target
    ]
    if matches:
        y = min(matches, key=lambda y: (abs(y - estimate), y))
        return float(y), y
    real = min(max(estimate, Fraction(0)), Fraction(cases))
    return float(real), math.floor(real + Fraction(1, 2))


def _rounded_bands(percent: npt.NDArray[np.float64], rules: RatingRules) -> IntArray:
    """Band index (0 = best) of each simulated percentage, rounded by the framework's rule."""
    if rules.rounding == "half_up":
        shown = np.floor(percent + 0.5)
    elif rules.rounding == "half_even":
        shown = np.round(percent)
    else:
        shown = percent
    mins = np.array([band.min for band in rules.bands], dtype=np.float64)
    ascending = np.argsort(mins, kind="stable")
    position = np.searchsorted(mins[ascending], shown, side="right") - 1
    return np.asarray(ascending[np.clip(position, 0, None)], dtype=np.int64)


def uncertainty_from_percentages(
    framework: Framework,
    rating: FrameworkRating,
    figures: Mapping[str, Sequence[KeyQuestionFigure]],
    cases: Mapping[str, int],
    *,
    population: Mapping[str, int] | None = None,
    draws: int = DEFAULT_RESAMPLES,
    seed: int = 0,
) -> Certainty:
    """How sure each rated case standard is, from published percentages and case counts.

    `population` gives the eligible caseload's size by standard id (e.g. {"2.1": 39}).

    Each key question's true % Yes gets the Jeffreys posterior Beta(y + ½, n - y + ½), with y
    inferred from the published figure. Band probabilities come from seeded draws of every key
    question, rated by the framework's rules. Key questions are drawn independently: without
    the cases themselves their correlation is unknown, so these probabilities may differ
    from a bootstrap over the actual cases.
    """
    rules = framework.rating_rules
    if rules is None:
        return Certainty({}, {})
    if draws < 1:
        raise ValueError("at least one draw is needed")
    found: dict[str, StandardUncertainty] = {}
    for standard in framework.iter_standards():
        n = cases.get(standard.id)
        actual = _rating_of(rating, standard.id)
        if standard.kind != "case" or not n or actual is None or actual == NOT_RATED:
            continue
        by_id = {f.key_question_id: f for f in figures.get(standard.id, ())}
        rng = np.random.default_rng(seed)  # per standard: the same figures, the same answer
        stats = []
        worst = np.full(draws, -1, dtype=np.int64)
        for question in standard.key_questions:
            figure = by_id.get(question.id)
            if figure is None or figure.percentage is None:
                stats.append(KeyQuestionStat(question.id, 0, 0, None, "jeffreys"))
                continue
            real_yes, yes = infer_yes(figure.percentage, n, rules)
            interval = jeffreys_interval(real_yes, n)
            stats.append(KeyQuestionStat(question.id, yes, n - yes, interval, "jeffreys"))
            sampled = rng.beta(real_yes + 0.5, n - real_yes + 0.5, size=draws)
            worst = np.maximum(worst, _rounded_bands(100 * sampled, rules))
        names = [band.rating for band in rules.bands]
        ratings = [names[i] if i >= 0 else NOT_RATED for i in worst.tolist()]
        probabilities = _probabilities(ratings, rules)
        found[standard.id] = _summarise(standard.id, actual, tuple(stats), probabilities, rules)
    return Certainty(found, {})


def _rating_of(rating: FrameworkRating, standard_id: str) -> str | None:
    try:
        return rating.standard(standard_id).rating
    except KeyError:
        return None
