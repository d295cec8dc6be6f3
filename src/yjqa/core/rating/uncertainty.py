"""How sure a rating is: the chance of each rating over the whole eligible caseload.

Ratings rest on small samples (eight court cases in Westmorland and Furness), so a figure of
75% may well be 60% or 90% over all the cases the sample was drawn from. The chance of a
rating here is the chance that the standard, read by the framework's own rules over the
**whole eligible caseload**, has that rating. It comes from a Bayesian model of the cases'
answers (docs/how-sure.md):

- the caseload's answer patterns follow a Dirichlet process centred on a base measure, so the
  posterior puts weights Dirichlet(1, ..., 1, alpha) on the read cases (each case's answers
  kept together) and on "fresh" cases unlike any read one;
- a fresh case answers each key question Yes at a rate drawn from its strand's prior, fitted
  to published key-question figures (yjqa.core.rating.prior); the standard's key questions
  take the same quantile of their priors in a draw (one level for the standard), and alpha is
  the priors' shared strength, so one key question's rate has exactly the conjugate
  Beta(yes + a, no + b) posterior;
- with the caseload's size known, its unseen cases are drawn from the posterior predictive
  (copies of read cases and fresh cases, in multinomial counts) and added to the read ones
  before the rule is applied; without it the caseload is taken as large.

A domain's standards are drawn with the same weights in each draw, so standards sharing cases
and the overall rating (`Certainty.overall_probability`) are consistent. Key-question 95%
ranges come from the same draws, so ranges and chances never contradict each other.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from statistics import NormalDist
from typing import Literal

import numpy as np
import numpy.typing as npt
from scipy import stats
from scipy.special import betaincinv, expit

from yjqa.core.frameworks.model import (
    NOT_RATED,
    Band,
    CertaintyRules,
    Domain,
    Framework,
    RatingRules,
    Standard,
)
from yjqa.core.rating.prior import Prior, Priors, shipped_priors
from yjqa.core.rating.rules import (
    Answer,
    FrameworkRating,
    KeyQuestionFigure,
    Tally,
    area_rating,
    band_for,
    overall_from_areas,
    overall_rating,
    points_for,
    round_percentage,
)

DEFAULT_RESAMPLES = 2000
CASES_NEEDED_CAP = 10_000

IntArray = npt.NDArray[np.int64]


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
    # "model": the 95% range of the caseload's figure from the certainty model's draws.
    method: Literal["model", "wilson", "jeffreys"]


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
    # The chance of each rating over the whole eligible caseload, in band order (best first,
    # Not rated last); bands never reached are left out.
    band_probability: dict[str, float]
    # The framework's borderline rule (RatingRules.certainty): the rating's own chance is
    # under borderline_if_rating_below, or a neighbouring band's over
    # borderline_if_neighbour_above. Never with too few cases.
    borderline: bool
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
    # The chance of each overall rating, in band order (best first), from the same draws over
    # every case-assessed standard (judgements as recorded); empty when it cannot be worked
    # out (no overall rating yet, or a rated case standard has too few cases or no draws).
    overall_probability: dict[str, float]
    # The eligible caseload's size each standard's chances used (standard id -> N); a
    # standard left out was taken as large.
    population: dict[str, int] = field(default_factory=dict)


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


# --- Cases as indicators, draws as shares of each rating ------------------------------------


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


def _probabilities(ratings: Sequence[str], rules: RatingRules) -> dict[str, float]:
    """Share of each rating, in band order (best first, Not rated last)."""
    order = [band.rating for band in rules.bands] + [NOT_RATED]
    counts: dict[str, int] = {}
    for rating in ratings:
        counts[rating] = counts.get(rating, 0) + 1
    ranked = sorted(counts.items(), key=lambda item: order.index(item[0]))
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


# --- The certainty model ---------------------------------------------------------------------


@dataclass(frozen=True)
class _Draws:
    """One case standard's draws: the band index (0 = best; -1 Not rated) of the caseload's
    rating in each draw, and each key question's caseload % Yes (NaN where not answered)."""

    bands: IntArray
    percent: npt.NDArray[np.float64]  # draws x key questions


def _band_names(rules: RatingRules) -> list[str]:
    return [band.rating for band in rules.bands]


def _worst_band(percent: npt.NDArray[np.float64], rules: RatingRules) -> IntArray:
    """Each draw's rating by the framework's rule: the lowest key-question figure, rounded and
    banded, key questions with no Yes or No answers (NaN) left out; -1 when none is answered."""
    worst = np.full(percent.shape[0], -1, dtype=np.int64)
    for question in range(percent.shape[1]):
        column = percent[:, question]
        answered = ~np.isnan(column)
        bands = _rounded_bands(np.where(answered, column, 100.0), rules)
        worst = np.maximum(worst, np.where(answered, bands, -1))
    return worst


def _case_standard_draws(
    yes: npt.NDArray[np.float64],
    answered: npt.NDArray[np.float64],
    weights: npt.NDArray[np.float64],
    copies: npt.NDArray[np.float64] | None,
    fresh_rate: npt.NDArray[np.float64],
    rng: np.random.Generator,
    rules: RatingRules,
) -> _Draws:
    """Draws of one standard's caseload figures from its domain's shared weights.

    `yes`/`answered`: cases x key questions indicators over the domain's read cases;
    `weights`: draws x (cases + 1), the last column the fresh cases' share; `copies`:
    draws x (cases + 1) unseen cases (copies of each read case, then fresh ones), or None
    for a large caseload; `fresh_rate`: draws x key questions, a fresh case's rate of Yes.
    """
    seen = answered.sum(axis=0) > 0  # key questions no read case answered stay left out
    rate = fresh_rate
    if copies is None:
        share = weights[:, -1:]
        yes_mass = weights[:, :-1] @ yes + share * rate
        answered_mass = weights[:, :-1] @ answered + share
    else:
        counts = 1.0 + copies[:, :-1]
        fresh = copies[:, -1:]
        shape = (weights.shape[0], yes.shape[1])
        # Given the draw's rate, a fresh case answers each key question Yes independently.
        fresh_yes = rng.binomial(
            np.broadcast_to(fresh.astype(np.int64), shape), np.broadcast_to(rate, shape)
        )
        yes_mass = counts @ yes + fresh_yes
        answered_mass = counts @ answered + fresh
    with np.errstate(invalid="ignore", divide="ignore"):
        percent = 100.0 * yes_mass / answered_mass
    percent[:, ~seen] = np.nan
    percent[answered_mass <= 0] = np.nan
    return _Draws(_worst_band(percent, rules), percent)


def _ranges(draws: _Draws, stats: Sequence[tuple[str, int, int]]) -> tuple[KeyQuestionStat, ...]:
    """Each key question's counts and the 95% range of its caseload figure, from the draws."""
    found = []
    for column, (question_id, yes, no) in enumerate(stats):
        values = draws.percent[:, column]
        values = values[~np.isnan(values)]
        interval = None
        if yes + no > 0 and values.size:
            low, high = np.quantile(values, [0.025, 0.975])
            interval = Interval(float(low), float(high))
        found.append(KeyQuestionStat(question_id, yes, no, interval, "model"))
    return tuple(found)


def _summarise(
    standard_id: str,
    actual: str,
    stats: tuple[KeyQuestionStat, ...],
    bands: IntArray,
    cases: int,
    rules: RatingRules,
) -> StandardUncertainty:
    """A standard's how-sure result from its draws, by the framework's certainty rules."""
    certainty: CertaintyRules = rules.certainty
    names = _band_names(rules)
    following = next_band(actual, [(s.yes, s.no) for s in stats], rules)
    if cases < certainty.min_cases:
        return StandardUncertainty(
            standard_id, stats, {}, False, None, following, too_few_cases=True
        )
    probabilities = _probabilities(
        [names[i] if i >= 0 else NOT_RATED for i in bands.tolist()], rules
    )
    order = [*names, NOT_RATED]
    best = max(probabilities.values())
    most_likely = next(r for r in order if probabilities.get(r) == best)
    others = sorted(
        (r for r in probabilities if r != actual),
        key=lambda r: (-probabilities[r], order.index(r)),
    )
    neighbours = []
    if actual in names:
        at = names.index(actual)
        neighbours = [names[i] for i in (at - 1, at + 1) if 0 <= i < len(names)]
    borderline = probabilities.get(actual, 0.0) < certainty.borderline_if_rating_below or any(
        probabilities.get(r, 0.0) > certainty.borderline_if_neighbour_above for r in neighbours
    )
    return StandardUncertainty(
        standard_id=standard_id,
        key_question_stats=stats,
        band_probability=probabilities,
        borderline=borderline,
        nearest_other_band=others[0] if others else None,
        next_band=following,
        too_few_cases=False,
        most_likely=most_likely,
    )


def _dirichlet_weights(
    rng: np.random.Generator, cases: int, alpha: float, draws: int
) -> npt.NDArray[np.float64]:
    """Draws x (cases + 1) Dirichlet(1, ..., 1, alpha) weights (scipy's, vectorised)."""
    concentration = np.append(np.ones(cases), alpha)
    return np.asarray(
        stats.dirichlet.rvs(concentration, size=draws, random_state=rng), dtype=np.float64
    )


def _fresh_rates(
    standard: Standard, priors: Priors, rng: np.random.Generator, draws: int
) -> npt.NDArray[np.float64]:
    """Draws x key questions: a fresh case's rate of Yes for each key question.

    Each key question's rate follows its strand's prior; in a draw they all take the same
    quantile (one level for the standard), so a fresh case strong on one is strong on all."""
    level = rng.random(size=draws)
    rates = np.empty((draws, len(standard.key_questions)))
    for column, question in enumerate(standard.key_questions):
        prior = priors.for_strand(question.strand)
        rates[:, column] = np.interp(level, QUANTILE_GRID, _beta_quantiles(prior.a, prior.b))
    return rates


# A Beta's quantiles at these levels (dense towards 0 and 1, where quantiles move fastest),
# interpolated between: scipy's exact `ppf` for every draw took most of the time, and the
# interpolated rate differs from it by under 0.000001 in 9,999 draws of 10,000.
QUANTILE_GRID = np.concatenate([[0.0], expit(np.linspace(-14.0, 14.0, 4095)), [1.0]])


@lru_cache(maxsize=64)
def _beta_quantiles(a: float, b: float) -> npt.NDArray[np.float64]:
    return np.asarray(stats.beta.ppf(QUANTILE_GRID, a, b), dtype=np.float64)


def _population_of(domain: Domain, population: Mapping[str, int] | None) -> int | None:
    if not population or domain.population is None:
        return None
    return population.get(domain.population)


def uncertainty_from_cases(
    framework: Framework,
    rating: FrameworkRating,
    case_answers: Mapping[str, Mapping[str, Answer]],
    *,
    population: Mapping[str, int] | None = None,
    resamples: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    priors: Priors | None = None,
) -> Certainty:
    """How sure each rated case standard is, from case-level answers (case ref -> answers).

    `population` gives the eligible caseload's size by domain population (e.g. "court"); a
    domain left out is taken as large. `resamples` is the number of draws; the same `seed`
    gives the same chances.
    """
    rules = framework.rating_rules
    if rules is None:
        return Certainty({}, {})
    if resamples < 1:
        raise ValueError("at least one resample is needed")
    priors = priors or shipped_priors()
    found: dict[str, StandardUncertainty] = {}
    bands: dict[str, IntArray] = {}
    sizes: dict[str, int] = {}
    ordered = sorted(case_answers.items(), key=lambda item: item[0].casefold())
    for index, domain in enumerate(framework.domains):
        rated = [
            s
            for s in domain.standards
            if s.kind == "case" and _rating_of(rating, s.id) not in (None, NOT_RATED)
        ]
        ids = {q.id for s in rated for q in s.key_questions}
        # In case-reference order, so the same cases give the same draws however read.
        cases = [answers for _ref, answers in ordered if ids & answers.keys()]
        if not cases:
            continue
        rng = np.random.default_rng([seed, index])
        weights = _dirichlet_weights(rng, len(cases), priors.strength, resamples)
        size = _population_of(domain, population)
        copies = None
        if size is not None:
            unseen = max(size - len(cases), 0)
            copies = rng.multinomial(unseen, weights).astype(np.float64)
        for standard in rated:
            actual = _rating_of(rating, standard.id)
            assert actual is not None
            yes, answered = _indicators(standard, cases)
            fresh_rate = _fresh_rates(standard, priors, rng, resamples)
            draws = _case_standard_draws(
                yes.astype(np.float64),
                answered.astype(np.float64),
                weights,
                copies,
                fresh_rate,
                rng,
                rules,
            )
            counts = [
                (q.id, int(yes[:, c].sum()), int((answered[:, c] - yes[:, c]).sum()))
                for c, q in enumerate(standard.key_questions)
            ]
            answering = int((answered.sum(axis=1) > 0).sum())
            found[standard.id] = _summarise(
                standard.id, actual, _ranges(draws, counts), draws.bands, answering, rules
            )
            bands[standard.id] = draws.bands
            if size is not None:
                sizes[standard.id] = max(size, len(cases))
    overall = overall_probabilities(framework, rating, found, bands)
    return Certainty(found, overall, sizes)


def uncertainty_from_percentages(
    framework: Framework,
    rating: FrameworkRating,
    figures: Mapping[str, Sequence[KeyQuestionFigure]],
    cases: Mapping[str, int],
    *,
    population: Mapping[str, int] | None = None,
    draws: int = DEFAULT_RESAMPLES,
    seed: int = 0,
    priors: Priors | None = None,
) -> Certainty:
    """How sure each rated case standard is, from published percentages and case counts.

    `population` gives the eligible caseload's size by standard id (e.g. {"2.1": 39}).

    The same model as `uncertainty_from_cases` seen one key question at a time: each key
    question's rate over a large caseload has the posterior Beta(y + a, n - y + b), with y
    inferred from the published figure and (a, b) its strand's fitted prior; with the
    caseload's size N known, its N - n unseen cases answer Yes in a beta-binomial count.
    Without the cases
    themselves the key questions' correlation is unknown, so they are drawn independently.
    """
    rules = framework.rating_rules
    if rules is None:
        return Certainty({}, {})
    if draws < 1:
        raise ValueError("at least one draw is needed")
    priors = priors or shipped_priors()
    population = population or {}
    found: dict[str, StandardUncertainty] = {}
    bands: dict[str, IntArray] = {}
    sizes: dict[str, int] = {}
    for standard in framework.iter_standards():
        n = cases.get(standard.id)
        actual = _rating_of(rating, standard.id)
        if standard.kind != "case" or not n or actual is None or actual == NOT_RATED:
            continue
        size = population.get(standard.id)
        unseen = max(size - n, 0) if size is not None else None
        by_id = {f.key_question_id: f for f in figures.get(standard.id, ())}
        rng = np.random.default_rng(seed)  # per standard: the same figures, the same answer
        counts = []
        percent = np.full((draws, len(standard.key_questions)), np.nan)
        for column, question in enumerate(standard.key_questions):
            figure = by_id.get(question.id)
            if figure is None or figure.percentage is None:
                counts.append((question.id, 0, 0))
                continue
            real_yes, yes = infer_yes(figure.percentage, n, rules)
            counts.append((question.id, yes, n - yes))
            prior = priors.for_strand(question.strand)
            rate = stats.beta.rvs(
                real_yes + prior.a, n - real_yes + prior.b, size=draws, random_state=rng
            )
            if unseen is None:
                percent[:, column] = 100 * rate
            else:
                more = stats.binom.rvs(unseen, rate, random_state=rng) if unseen else 0
                percent[:, column] = 100 * (real_yes + more) / (n + unseen)
        sampled = _Draws(_worst_band(percent, rules), percent)
        ranges = _ranges(sampled, counts)
        if unseen is None:  # a large caseload: the posterior's own quantiles, exactly
            ranges = tuple(
                _beta_range(stat, n, rules, priors.for_strand(question.strand), by_id)
                for stat, question in zip(ranges, standard.key_questions, strict=True)
            )
        found[standard.id] = _summarise(standard.id, actual, ranges, sampled.bands, n, rules)
        bands[standard.id] = sampled.bands
        if size is not None:
            sizes[standard.id] = max(size, n)
    overall = overall_probabilities(framework, rating, found, bands)
    return Certainty(found, overall, sizes)


def _beta_range(
    stat: KeyQuestionStat,
    n: int,
    rules: RatingRules,
    prior: Prior,
    figures: Mapping[str, KeyQuestionFigure],
) -> KeyQuestionStat:
    figure = figures.get(stat.key_question_id)
    if stat.ci95 is None or figure is None or figure.percentage is None:
        return stat
    real_yes, _yes = infer_yes(figure.percentage, n, rules)
    low, high = stats.beta.ppf([0.025, 0.975], real_yes + prior.a, n - real_yes + prior.b)
    return KeyQuestionStat(
        stat.key_question_id, stat.yes, stat.no, Interval(100 * low, 100 * high), "model"
    )


# --- The overall rating ----------------------------------------------------------------------


def overall_order(framework: Framework) -> list[str]:
    """Overall ratings best first: the score bands' (2018, 2021), else the bands' (2025)."""
    rules = framework.rating_rules
    if rules is None:
        return []
    words = [b.rating for b in rules.overall] or _band_names(rules)
    return list(dict.fromkeys(words))


def overall_of(
    framework: Framework, rating: FrameworkRating, ratings: Mapping[str, str]
) -> str | None:
    """The overall rating the framework's own rule gives these standards' ratings (standard
    id -> rating, for every standard `rating` rates), as `rate_framework` would."""
    rules = framework.rating_rules
    if rules is None:
        return None
    if rating.inspection_type is not None:
        kind = framework.inspection_type(rating.inspection_type)
        if kind is None:
            return None
        areas = {
            area.id: area_rating(framework, area, ratings) for area in framework.areas_for(kind.id)
        }
        return overall_from_areas(framework, kind, areas)
    score = sum(
        points_for(ratings[r.standard_id], rules)
        for r in rating.standards
        if r.counts_towards_overall and ratings.get(r.standard_id, NOT_RATED) != NOT_RATED
    )
    return overall_rating(score, rules)


def overall_probabilities(
    framework: Framework,
    rating: FrameworkRating,
    found: Mapping[str, StandardUncertainty],
    bands: Mapping[str, IntArray],
) -> dict[str, float]:
    """The chance of each overall rating, in band order, from the standards' draws.

    Each draw's case-standard ratings (with judgements as recorded) are rated by the
    framework's overall rule; the few distinct combinations are rated once each. Empty when
    there is no overall rating yet, or a rated case standard has too few cases or no draws.
    """
    rules = framework.rating_rules
    if rules is None or rating.overall is None:
        return {}
    drawn = []
    for result in rating.standards:
        if result.rating == NOT_RATED:
            continue
        sure = found.get(result.standard_id)
        if result.standard_id in bands and sure is not None:
            if sure.too_few_cases:
                return {}
            drawn.append(result.standard_id)
        elif result.key_questions or result.cases is not None:
            return {}  # a rated case standard without draws
    if not drawn:
        return {}
    matrix = np.stack([bands[sid] for sid in drawn], axis=1)
    combinations, counts = np.unique(matrix, axis=0, return_counts=True)
    names = _band_names(rules)
    recorded = {r.standard_id: r.rating for r in rating.standards}
    totals: dict[str, int] = {}
    for row, count in zip(combinations.tolist(), counts.tolist(), strict=True):
        ratings = dict(recorded)
        ratings.update(
            {sid: names[i] if i >= 0 else NOT_RATED for sid, i in zip(drawn, row, strict=True)}
        )
        overall = overall_of(framework, rating, ratings) or NOT_RATED
        totals[overall] = totals.get(overall, 0) + count
    order = [*overall_order(framework), NOT_RATED]
    whole = int(counts.sum())
    return {
        word: totals[word] / whole
        for word in sorted(totals, key=lambda w: order.index(w) if w in order else len(order))
    }


def _rating_of(rating: FrameworkRating, standard_id: str) -> str | None:
    try:
        return rating.standard(standard_id).rating
    except KeyError:
        return None


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
