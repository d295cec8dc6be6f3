"""The rating rules: key-question figures to standard ratings, points, score and overall rating.

Exact arithmetic throughout (fractions, not floats), so a figure on a band boundary such as
64.5% is rounded the same way every time. The rules themselves (bands, points, thresholds,
rounding) come from the framework's `rating_rules`.

A framework with areas and inspection types (2025) rates, for one kind of inspection, the
standards of the areas it covers, each area from its standards by the area's `rule`, and the
overall rating from the areas by the type's `overall_rule`; it gives no score.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Literal

from yjqa.core.frameworks.model import (
    NOT_RATED,
    Area,
    Band,
    CombineRule,
    Domain,
    Framework,
    InspectionType,
    RatingRules,
    Rounding,
    Standard,
)
from yjqa.core.validation.problems import Problem, raise_if_any

Answer = Literal["yes", "no", "n/a"]
Percentage = Fraction


@dataclass(frozen=True)
class Tally:
    """How the cases answered one key question."""

    yes: int = 0
    no: int = 0
    not_applicable: int = 0

    def add(self, answer: Answer) -> Tally:
        return Tally(
            self.yes + (answer == "yes"),
            self.no + (answer == "no"),
            self.not_applicable + (answer == "n/a"),
        )

    @property
    def percentage(self) -> Percentage | None:
        """% Yes among Yes and No answers; Not applicable cases are left out."""
        answered = self.yes + self.no
        return Fraction(100 * self.yes, answered) if answered else None


@dataclass(frozen=True)
class KeyQuestionFigure:
    """A key question's % Yes, from case tallies or from a published table."""

    key_question_id: str
    percentage: Percentage | None
    tally: Tally | None = None


@dataclass(frozen=True)
class KeyQuestionResult:
    key_question_id: str
    percentage: Percentage | None
    shown: Fraction | None  # as published: rounded by the framework's rule
    tally: Tally | None


@dataclass(frozen=True)
class StandardResult:
    standard_id: str
    rating: str
    points: int | None
    counts_towards_overall: bool
    key_questions: tuple[KeyQuestionResult, ...] = ()
    lowest: Fraction | None = None
    cases: int | None = None


@dataclass(frozen=True)
class FrameworkRating:
    framework_id: str
    standards: tuple[StandardResult, ...]
    score: int | None
    max_score: int | None
    overall: str | None
    # Each area's rating (frameworks with areas only), in the order the inspection rates them.
    areas: Mapping[str, str] = field(default_factory=dict)
    inspection_type: str | None = None  # the kind of inspection rated, where there are kinds

    def standard(self, standard_id: str) -> StandardResult:
        for result in self.standards:
            if result.standard_id == standard_id:
                return result
        raise KeyError(standard_id)


def round_percentage(value: Percentage, rounding: Rounding) -> Fraction:
    if rounding == "none":
        return Fraction(value)
    if rounding == "half_up":
        return Fraction(math.floor(value + Fraction(1, 2)))
    return Fraction(round(value))  # Fraction.__round__ rounds half to even


def band_for(value: Fraction, rules: RatingRules) -> Band:
    """The band a (rounded) percentage falls in; between two whole-number bands, the lower."""
    candidates = [band for band in rules.bands if band.min <= value]
    if not candidates:
        raise ValueError(f"{value}% is below every band")
    return max(candidates, key=lambda band: band.min)


def points_for(rating: str, rules: RatingRules) -> int:
    for band in rules.bands:
        if band.rating == rating:
            return band.points
    raise KeyError(rating)


def overall_rating(score: int, rules: RatingRules) -> str:
    for band in rules.overall:
        if band.min_score <= score <= band.max_score:
            return band.rating
    raise ValueError(f"score {score} is outside every overall band")


def score_from_ratings(framework: Framework, ratings: Mapping[str, str | None]) -> int | None:
    """The score from standards' ratings: the points of every standard that counts, summed.

    None where the framework is unrated, gives no score (2025), or a standard that counts has
    no rating yet.
    """
    rules = framework.rating_rules
    if rules is None or not rules.overall:
        return None
    total = 0
    for standard in framework.iter_standards():
        if not standard.counts_towards_overall:
            continue
        rating = ratings.get(standard.id)
        if rating is None or rating == NOT_RATED:
            return None
        total += points_for(rating, rules)
    return total


def combine_ratings(ratings: Mapping[str, str], rule: CombineRule, rules: RatingRules) -> str:
    """One rating from several (member id -> rating), by a combine rule.

    `lower_median`: the ratings ordered best first, the one in the middle, and of the middle
    two the lower (the worse); so whenever more than half share a rating, that rating.
    `lead`: the lead member's rating, one band lower when another member is at least
    `lower_when_behind_by` bands below it. Members `Not rated` are left out; with none rated
    (or the lead not rated) the result is `Not rated`.
    """
    order = [band.rating for band in rules.bands]
    rated = {member: order.index(r) for member, r in ratings.items() if r != NOT_RATED}
    if not rated:
        return NOT_RATED
    if rule.method == "lower_median":
        ranks = sorted(rated.values())
        return order[ranks[len(ranks) // 2]]
    if rule.lead not in rated:
        return NOT_RATED
    lead = rated[rule.lead]
    gap = rule.lower_when_behind_by
    if gap is not None and any(r - lead >= gap for m, r in rated.items() if m != rule.lead):
        return order[min(lead + 1, len(order) - 1)]
    return order[lead]


def area_rating(
    framework: Framework, area: Area, ratings: Mapping[str, str], *, complete: bool = False
) -> str:
    """An area's rating from its standards' ratings, by the area's rule.

    Only standards that count towards the overall rating take part. With `complete`, the
    area stays `Not rated` until every one of them is rated.
    """
    rules = framework.rating_rules
    if rules is None:
        return NOT_RATED
    members = {
        standard.id: ratings.get(standard.id, NOT_RATED)
        for domain in framework.domains
        if domain.id in area.domains
        for standard in domain.standards
        if standard.counts_towards_overall
    }
    if complete and any(r == NOT_RATED for r in members.values()):
        return NOT_RATED
    return combine_ratings(members, area.rule, rules)


def overall_from_areas(
    framework: Framework, kind: InspectionType, area_ratings: Mapping[str, str]
) -> str | None:
    """The overall rating of an inspection of this kind from its areas' ratings.

    None until every area the kind rates has a rating.
    """
    rules = framework.rating_rules
    members = {a: area_ratings.get(a, NOT_RATED) for a in kind.areas}
    if rules is None or any(r == NOT_RATED for r in members.values()):
        return None
    return combine_ratings(members, kind.overall_rule, rules)


def resolve_inspection_type(
    framework: Framework, inspection_type: str | None
) -> InspectionType | None:
    """The kind of inspection to rate: the one named, or the framework's first.

    Raises InputError for a kind the framework does not define, or for any kind named for a
    framework that has none.
    """
    if inspection_type is not None and not framework.inspection_types:
        raise_if_any(
            [
                Problem(
                    "inspection_type",
                    f"{framework.id} has no kinds of inspection; leave inspection_type out",
                )
            ]
        )
    try:
        return framework.inspection_type(inspection_type)
    except KeyError:
        ids = ", ".join(t.id for t in framework.inspection_types)
        raise_if_any(
            [
                Problem(
                    "inspection_type",
                    f"unknown kind of inspection '{inspection_type}' in {framework.id} "
                    f"(use one of: {ids})",
                )
            ]
        )
        raise  # unreachable: raise_if_any raised


def _rate_areas(
    framework: Framework,
    kind: InspectionType | None,
    results: Sequence[StandardResult],
    *,
    complete: bool,
) -> dict[str, str]:
    ratings = {r.standard_id: r.rating for r in results}
    return {
        area.id: area_rating(framework, area, ratings, complete=complete)
        for area in framework.areas_for(kind.id if kind else None)
    }


def rate_case_standard(
    standard: Standard,
    figures: Sequence[KeyQuestionFigure],
    rules: RatingRules | None,
    cases: int | None = None,
) -> StandardResult:
    """Rate from the lowest key-question figure, rounded then banded.

    Key questions with no figure (every case Not applicable) are left out; a standard
    with no figures at all cannot be rated.
    """
    rounding: Rounding = rules.rounding if rules else "half_up"
    results = tuple(
        KeyQuestionResult(
            f.key_question_id,
            f.percentage,
            None if f.percentage is None else round_percentage(f.percentage, rounding),
            f.tally,
        )
        for f in figures
    )
    shown = [r.shown for r in results if r.shown is not None]
    lowest = min(shown) if shown else None
    if rules is None or lowest is None:
        return StandardResult(
            standard.id, NOT_RATED, None, standard.counts_towards_overall, results, lowest, cases
        )
    band = band_for(lowest, rules)
    return StandardResult(
        standard.id,
        band.rating,
        band.points,
        standard.counts_towards_overall,
        results,
        lowest,
        cases,
    )


def rate_judgement_standard(
    standard: Standard, rating: str, rules: RatingRules | None
) -> StandardResult:
    points = None if rules is None or rating == NOT_RATED else points_for(rating, rules)
    return StandardResult(standard.id, rating, points, standard.counts_towards_overall)


def tally_answers(
    framework: Framework, answers: Iterable[tuple[str, str, Answer]]
) -> dict[str, dict[str, Tally]]:
    """Tallies by standard and key question from (case_ref, key_question_id, answer) rows."""
    tallies: dict[str, dict[str, Tally]] = {}
    for _case_ref, key_question_id, answer in answers:
        standard, _question = framework.key_question(key_question_id)
        by_question = tallies.setdefault(standard.id, {})
        by_question[key_question_id] = by_question.get(key_question_id, Tally()).add(answer)
    return tallies


def figures_from_tallies(
    framework: Framework, tallies: Mapping[str, Mapping[str, Tally]]
) -> dict[str, list[KeyQuestionFigure]]:
    figures: dict[str, list[KeyQuestionFigure]] = {}
    for standard_id, by_question in tallies.items():
        standard = framework.standard(standard_id)
        figures[standard_id] = [
            KeyQuestionFigure(q.id, tally.percentage, tally)
            for q in standard.key_questions
            for tally in [by_question.get(q.id, Tally())]
        ]
    return figures


def normalise_rating_word(word: str, framework: Framework) -> str | None:
    """The framework's own spelling of a rating word (case-insensitive), or None."""
    wanted = " ".join(word.split()).casefold()
    for candidate in (*framework.rating_words(), NOT_RATED):
        if candidate.casefold() == wanted:
            return candidate
    return None


def rate_framework(
    framework: Framework,
    figures: Mapping[str, Sequence[KeyQuestionFigure]],
    judgements: Mapping[str, str],
    cases: Mapping[str, int] | None = None,
    inspection_type: str | None = None,
) -> FrameworkRating:
    """Rate every standard, then score and overall rating by the framework's rules.

    `figures` holds each case standard's key-question figures in framework order;
    `judgements` each judgement standard's recorded rating. Raises InputError listing every
    missing, unknown or misplaced entry.

    A framework with inspection types rates the standards of the areas `inspection_type`
    (default: the framework's first) covers, then each area, then the overall rating from
    the areas; score and max_score are then None.
    """
    cases = cases or {}
    kind = resolve_inspection_type(framework, inspection_type)
    raise_if_any(_input_problems(framework, figures, judgements, cases, kind))
    rules = framework.rating_rules
    results: list[StandardResult] = []
    for standard in framework.standards_for(kind.id if kind else None):
        if standard.kind == "case":
            result = rate_case_standard(
                standard, figures.get(standard.id, ()), rules, cases.get(standard.id)
            )
            if result.rating == NOT_RATED and rules is not None and not standard.may_be_not_rated:
                raise_if_any(
                    [
                        Problem(
                            f'key_questions["{standard.id}"]',
                            "cannot be rated: every case was answered Not applicable",
                        )
                    ]
                )
        else:
            word = judgements.get(standard.id, NOT_RATED)
            rating = normalise_rating_word(word, framework) or word
            result = rate_judgement_standard(standard, rating, rules)
        results.append(result)
    if rules is None:
        return FrameworkRating(framework.id, tuple(results), None, None, None)
    areas = _rate_areas(framework, kind, results, complete=False)
    if kind is not None:
        overall = overall_from_areas(framework, kind, areas)
        return FrameworkRating(framework.id, tuple(results), None, None, overall, areas, kind.id)
    score = sum(r.points or 0 for r in results if r.counts_towards_overall)
    return FrameworkRating(
        framework.id,
        tuple(results),
        score,
        framework.max_score(),
        overall_rating(score, rules),
        areas,
    )


def _input_problems(
    framework: Framework,
    figures: Mapping[str, Sequence[KeyQuestionFigure]],
    judgements: Mapping[str, str],
    cases: Mapping[str, int],
    kind: InspectionType | None = None,
) -> Iterable[Problem]:
    known = {s.id: s for s in framework.standards_for(kind.id if kind else None)}
    everywhere = {s.id for s in framework.iter_standards()}

    def unknown(standard_id: str) -> str:
        if kind is not None and standard_id in everywhere:
            return (
                f"standard {standard_id} is not rated in an inspection of kind '{kind.id}' "
                f"(it rates: {', '.join(kind.areas)})"
            )
        return f"unknown standard '{standard_id}' in {framework.id}"

    for standard_id in figures:
        standard = known.get(standard_id)
        where = f'key_questions["{standard_id}"]'
        if standard is None:
            yield Problem(where, unknown(standard_id))
        elif standard.kind != "case":
            yield Problem(where, f"standard {standard_id} is rated by judgement, not from figures")
        elif len(figures[standard_id]) != len(standard.key_questions):
            yield Problem(
                where,
                f"standard {standard_id} has {len(standard.key_questions)} key questions "
                f"({', '.join(q.id for q in standard.key_questions)}), "
                f"but {len(figures[standard_id])} figures were given",
            )
        else:
            for index, figure in enumerate(figures[standard_id]):
                pct = figure.percentage
                if pct is not None and not 0 <= pct <= 100:
                    yield Problem(
                        f"{where}[{index}]", f"{float(pct):g} is not a percentage from 0 to 100"
                    )
    for standard_id, word in judgements.items():
        standard = known.get(standard_id)
        where = f'judgements["{standard_id}"]'
        if standard is None:
            yield Problem(where, unknown(standard_id))
        elif standard.kind != "judgement":
            yield Problem(
                where, f"standard {standard_id} is rated from its key questions, not by judgement"
            )
        else:
            rating = normalise_rating_word(word, framework)
            allowed = [*framework.rating_words()]
            if standard.may_be_not_rated and framework.rated:
                allowed.append(NOT_RATED)
            if rating not in allowed:
                yield Problem(where, f"'{word}' is not a rating; use one of: {', '.join(allowed)}")
    for standard_id, count in cases.items():
        where = f'cases["{standard_id}"]'
        if standard_id not in known:
            yield Problem(where, unknown(standard_id))
        elif count < 0:
            yield Problem(where, "a number of cases cannot be negative")
    if framework.rated:
        for standard in known.values():
            if standard.may_be_not_rated:
                continue
            if standard.kind == "case" and standard.id not in figures:
                yield Problem(
                    f'key_questions["{standard.id}"]',
                    f"missing: no key-question figures for {standard.id} {standard.title}",
                )
            if standard.kind == "judgement" and standard.id not in judgements:
                yield Problem(
                    f'judgements["{standard.id}"]',
                    f"missing: no judgement recorded for {standard.id} {standard.title}",
                )


def rate_available(
    framework: Framework,
    figures: Mapping[str, Sequence[KeyQuestionFigure]],
    judgements: Mapping[str, str],
    cases: Mapping[str, int] | None = None,
    inspection_type: str | None = None,
) -> FrameworkRating:
    """Rate what there is so far: an inspection in progress.

    Standards without figures or a judgement yet are `Not rated`; the score and overall
    rating appear only once every standard that counts is rated, and then equal
    `rate_framework`'s. Likewise an area is rated once all its standards are, and the
    overall rating from areas once every area is.
    """
    cases = cases or {}
    kind = resolve_inspection_type(framework, inspection_type)
    rules = framework.rating_rules
    results: list[StandardResult] = []
    for standard in framework.standards_for(kind.id if kind else None):
        if standard.kind == "case":
            results.append(
                rate_case_standard(
                    standard, figures.get(standard.id, ()), rules, cases.get(standard.id)
                )
            )
        else:
            word = normalise_rating_word(judgements.get(standard.id, NOT_RATED), framework)
            results.append(rate_judgement_standard(standard, word or NOT_RATED, rules))
    areas = _rate_areas(framework, kind, results, complete=True) if rules else {}
    if kind is not None:
        overall = overall_from_areas(framework, kind, areas)
        return FrameworkRating(framework.id, tuple(results), None, None, overall, areas, kind.id)
    complete = rules is not None and all(
        r.rating != NOT_RATED for r in results if r.counts_towards_overall
    )
    if not complete or rules is None:
        return FrameworkRating(
            framework.id, tuple(results), None, framework.max_score(), None, areas
        )
    score = sum(r.points or 0 for r in results if r.counts_towards_overall)
    return FrameworkRating(
        framework.id,
        tuple(results),
        score,
        framework.max_score(),
        overall_rating(score, rules),
        areas,
    )


def domain_for_outcome(framework: Framework, outcome_group: str) -> Domain | None:
    """The framework domain a case with this kind of outcome is audited under, where one
    domain takes it (HMIP's frameworks; the national standards: `domains_for_sample`).

    A framework that judges all children's work together (population `children`, as in
    2025) takes every case; otherwise out-of-court cases go to the out-of-court domain, and
    court and custody cases to the court domain (the community part of a custodial
    sentence is court work).
    """
    by_population: dict[str, Domain] = {d.population: d for d in framework.domains if d.population}
    if "children" in by_population:
        return by_population["children"]
    wanted: dict[str, str] = {"out_of_court": "out_of_court", "court": "court", "custody": "court"}
    population = wanted.get(outcome_group)
    return by_population.get(population) if population else None


# The framework population each sampling domain (a sampling plan's `eligibility` key) draws
# cases for.
SAMPLE_POPULATIONS: dict[str, str] = {
    "court": "court",
    "oocd": "out_of_court",
    "resettlement": "resettlement",
    "community": "community",
    "secure": "secure",
    "children": "children",
    "victims": "victims",
}


def case_domain(framework: Framework, population: str) -> Domain | None:
    """The framework's case-assessed domain (one with a `case` standard) for a population."""
    return next(
        (
            d
            for d in framework.domains
            if d.population == population and any(s.kind == "case" for s in d.standards)
        ),
        None,
    )


def domain_for_sample(
    framework: Framework, sample_domain: str, outcome_group: str
) -> Domain | None:
    """The framework domain a case drawn in `sample_domain`'s sample is audited under.

    The sample's own population's case-assessed domain where the framework has one (the
    national standards: a case drawn at court is audited under "At court", the same case
    drawn in the community under "In the community"); else, as before, by the case's kind of
    outcome (`domain_for_outcome`: HMIP's resettlement cases, for a framework whose
    resettlement standard is a judgement or absent, are court work).
    """
    population = SAMPLE_POPULATIONS.get(sample_domain)
    own = case_domain(framework, population) if population else None
    return own or domain_for_outcome(framework, outcome_group)
