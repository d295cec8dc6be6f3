"""The rating rules applied to what a report printed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from fractions import Fraction

from yjqa.core.frameworks.model import NOT_RATED, Framework, RatingRules
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.records import Consistency, ImportedReport
from yjqa.core.rating.rules import (
    KeyQuestionFigure,
    band_for,
    overall_rating,
    points_for,
    rate_case_standard,
)

# --------------------------------------------------------------------------------------------
# The rating rules applied to what was read


def rules_for(framework_id: str | None) -> tuple[Framework | None, RatingRules | None]:
    if framework_id is None:
        return None, None
    framework = get_framework(framework_id)
    return framework, framework.rating_rules


def check_consistency(report: ImportedReport) -> Consistency:
    """Each case-assessed rating against its lowest figure, the score against the standards,
    and the overall rating against the score, by the framework's rules."""
    framework, rules = rules_for(report.framework)
    if framework is None or rules is None:
        return Consistency(unchecked=("nothing: the framework is not known",))
    problems: list[str] = []
    unchecked: list[str] = []
    for standard in framework.iter_standards():
        label = f"{standard.id} {standard.title}"
        rating = report.standards.get(standard.id)
        if rating == NOT_RATED and standard.counts_towards_overall:
            problems.append(f"{label} is '{NOT_RATED}', but it counts towards the overall rating")
        if standard.kind != "case":
            continue
        figures = report.key_questions.get(standard.id)
        if rating is None or rating == NOT_RATED:
            continue
        if figures is None or any(f is None for f in figures):
            unchecked.append(f"{label}: its rating, as not all its figures were read")
            continue
        known = [f for f in figures if f is not None]
        result = rate_case_standard(
            standard,
            [
                KeyQuestionFigure(f"{standard.id}.{index}", Fraction(f))
                for index, f in enumerate(known, start=1)
            ],
            rules,
        )
        if result.rating != rating and result.lowest is not None:
            band = band_for(result.lowest, rules)  # the band it fell in, for the message
            shown = ", ".join(f"{f}%" for f in known)
            problems.append(
                f"{label} is rated {rating}, but its lowest key-question figure is "
                f"{result.lowest}% ({shown}), in the {band.rating} band ({band.min}-{band.max}%)"
            )
    problems.extend(
        _score_problems(
            report.standards, report.score, report.max_score, report.overall, framework, unchecked
        )
    )
    return Consistency(tuple(problems), tuple(unchecked))


def _score_problems(
    standards: Mapping[str, str | None],
    score: int | None,
    max_score: int | None,
    overall: str | None,
    framework: Framework,
    unchecked: list[str],
) -> Iterator[str]:
    rules = framework.rating_rules
    assert rules is not None
    top = max(band.points for band in rules.bands)
    framework_max = framework.max_score()
    if max_score is not None and framework_max is not None and max_score != framework_max:
        yield (
            f"the score is printed out of {max_score}, "
            f"but {framework.id} scores out of {framework_max}"
        )
    counting = [s for s in framework.iter_standards() if s.counts_towards_overall]
    known = [(s, r) for s in counting if (r := standards.get(s.id)) is not None and r != NOT_RATED]
    low = sum(points_for(r, rules) for _, r in known)
    high = low + top * (len(counting) - len(known))
    computed = low if len(known) == len(counting) else None
    if score is not None:
        if computed is not None and computed != score:
            tally = Counter(r for _, r in known)
            shown = ", ".join(f"{n} {r}" for r, n in tally.most_common())
            yield (
                f"the score is printed as {score}/{framework_max}, but the ratings of the "
                f"{len(counting)} standards that count ({shown}) add up to {computed}"
            )
        elif computed is None and not low <= score <= high:
            yield (
                f"the score is printed as {score}/{framework_max}, but the {len(known)} of "
                f"{len(counting)} standards that count whose ratings are known allow only "
                f"{low} to {high}"
            )
        elif computed is None:
            unchecked.append(
                f"the score against the standards, as {len(counting) - len(known)} of the "
                "ratings that count were not read"
            )
    basis = score if score is not None else computed
    if overall is None:
        return
    if basis is None:
        unchecked.append("the overall rating, as the score is not known")
        return
    expected = overall_rating(basis, rules)
    if expected != overall:
        band = next(b for b in rules.overall if b.rating == expected)
        what = "a score" if score is not None else "the standards' score"
        yield (
            f"the overall rating is {overall}, but {what} of {basis}/{framework_max} is in the "
            f"{expected} band ({band.min_score}-{band.max_score})"
        )
