"""The rating rules applied to what a report printed."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator, Mapping
from fractions import Fraction

from yjqa.core.frameworks.model import NOT_RATED, Area, Framework, RatingRules, Standard
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.records import (
    FRAMEWORK_2025,
    SUPPORTED_FRAMEWORKS,
    Consistency,
    ImportedReport,
)
from yjqa.core.rating.rules import (
    KeyQuestionFigure,
    area_rating,
    band_for,
    overall_from_areas,
    overall_rating,
    points_for,
    rate_case_standard,
)
from yjqa.core.validation.problems import InputError

# --------------------------------------------------------------------------------------------
# The rating rules applied to what was read


def rules_for(framework_id: str | None) -> tuple[Framework | None, RatingRules | None]:
    """The framework and its rules, for the frameworks whose score rules are checked (2018 and
    2021); (None, None) for any other, or none."""
    if framework_id not in SUPPORTED_FRAMEWORKS:
        return None, None
    framework = get_framework(framework_id)
    return framework, framework.rating_rules


def _members(framework: Framework, area: Area) -> list[Standard]:
    return [
        s
        for d in framework.domains
        if d.id in area.domains
        for s in d.standards
        if s.counts_towards_overall
    ]


def _shown(ratings: Mapping[str, str], names: Mapping[str, str]) -> str:
    return ", ".join(f"{names[k]} {r}" for k, r in ratings.items())


def _check_2025(report: ImportedReport) -> Consistency:
    """A 2025 report by its framework's provisional rules: each area of several standards
    against their ratings, and the overall rating against the areas, by the kind of
    inspection's rule. What cannot be checked is listed; a problem says the rule is
    provisional."""
    try:
        framework = get_framework(FRAMEWORK_2025)
    except (KeyError, InputError):
        return Consistency(
            unchecked=(f"every check: the {FRAMEWORK_2025} framework is not available",)
        )
    rules = framework.rating_rules
    if rules is None:
        return Consistency(unchecked=(f"every check: {FRAMEWORK_2025} has no rating rules",))
    problems: list[str] = []
    unchecked = [
        "each activity's rating (assessing, planning, delivery) and work with victims' against "
        "key-question figures: 2025 reports print none"
    ]
    checked = 0
    words = set(framework.rating_words())
    kind = (
        framework.inspection_type(report.inspection_type)
        if report.inspection_type in {t.id for t in framework.inspection_types}
        else None
    )
    areas = (
        framework.areas_for(kind.id)
        if kind
        else tuple(framework.area(a) for a in report.areas if a in {x.id for x in framework.areas})
    )
    for area in areas:
        members = _members(framework, area)
        printed = report.areas.get(area.id)
        name = area.title.lower()
        if len(members) < 2:
            continue  # an area of one standard (work with victims: V1) is that standard
        ratings = {s.id: report.standards.get(s.id) for s in members}
        known = {k: r for k, r in ratings.items() if r is not None and r in words}
        if printed is None:
            unchecked.append(f"{name} against its standards' ratings: its rating was not read")
            continue
        if len(known) < len(members):
            what = "are not printed" if not known else "were not all read"
            unchecked.append(f"{name} against its standards' ratings, which {what}")
            continue
        checked += 1
        expected = area_rating(framework, area, known, complete=True)
        if expected != printed:
            titles = {s.id: s.title.lower() for s in members}
            problems.append(
                f"{area.title} is rated {printed}, but its standards ({_shown(known, titles)}) "
                f"give {expected} by the 2025 framework's provisional rule: "
                f"{_rule_text(area.rule.description)}"
            )
    if kind is None:
        unchecked.append(
            "the overall rating against the areas: the kind of inspection is not known"
        )
    elif report.overall is None:
        unchecked.append("the overall rating against the areas: the overall rating was not read")
    else:
        area_ratings = {a: report.areas.get(a) for a in kind.areas}
        if any(r is None for r in area_ratings.values()):
            unchecked.append(
                "the overall rating against the areas, as not every area's rating was read"
            )
        else:
            known_areas = {a: r for a, r in area_ratings.items() if r is not None}
            checked += 1
            expected_overall = overall_from_areas(framework, kind, known_areas)
            if expected_overall is not None and expected_overall != report.overall:
                titles = {a.id: a.title.lower() for a in framework.areas}
                problems.append(
                    f"the overall rating is {report.overall}, but the areas "
                    f"({_shown(known_areas, titles)}) give {expected_overall} by the 2025 "
                    f"framework's provisional rule for this kind of inspection: "
                    f"{_rule_text(kind.overall_rule.description)}"
                )
    return Consistency(tuple(problems), tuple(unchecked), checked, provisional=True)


def _rule_text(description: str | None) -> str:
    text = " ".join((description or "yjqa's default").split())
    return text[0].lower() + text[1:] if text else text


def check_consistency(report: ImportedReport) -> Consistency:
    """Each case-assessed rating against its lowest figure, the score against the standards,
    and the overall rating against the score, by the framework's rules. `checked` counts the
    checks run; what could not be checked is listed in `unchecked`, with the reason."""
    if report.framework == FRAMEWORK_2025:
        return _check_2025(report)
    framework, rules = rules_for(report.framework)
    if framework is None or rules is None:
        return Consistency(
            unchecked=("every check: the report's framework could not be told",),
        )
    problems: list[str] = []
    unchecked: list[str] = []
    checked = 0
    for standard in framework.iter_standards():
        label = f"{standard.id} {standard.title}"
        rating = report.standards.get(standard.id)
        if rating is not None and standard.counts_towards_overall:
            checked += 1
            if rating == NOT_RATED:
                problems.append(
                    f"{label} is '{NOT_RATED}', but it counts towards the overall rating"
                )
        if standard.kind != "case":
            continue
        figures = report.key_questions.get(standard.id)
        if rating is None or rating == NOT_RATED:
            continue
        if figures is None or any(f is None for f in figures):
            unchecked.append(f"{label}: its rating, as not all its figures were read")
            continue
        known = [f for f in figures if f is not None]
        checked += 1
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
    ran: list[str] = []
    problems.extend(
        _score_problems(
            report.standards,
            report.score,
            report.max_score,
            report.overall,
            framework,
            unchecked,
            ran,
        )
    )
    return Consistency(tuple(problems), tuple(unchecked), checked + len(ran))


def _score_problems(
    standards: Mapping[str, str | None],
    score: int | None,
    max_score: int | None,
    overall: str | None,
    framework: Framework,
    unchecked: list[str],
    ran: list[str] | None = None,
) -> Iterator[str]:
    rules = framework.rating_rules
    assert rules is not None
    ran = [] if ran is None else ran  # the checks run, counted by the caller
    top = max(band.points for band in rules.bands)
    framework_max = framework.max_score()
    if max_score is not None and framework_max is not None:
        ran.append("maximum")
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
        ran.append("score")
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
    ran.append("overall")
    expected = overall_rating(basis, rules)
    if expected != overall:
        band = next(b for b in rules.overall if b.rating == expected)
        what = "a score" if score is not None else "the standards' score"
        yield (
            f"the overall rating is {overall}, but {what} of {basis}/{framework_max} is in the "
            f"{expected} band ({band.min_score}-{band.max_score})"
        )
