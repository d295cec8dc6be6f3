"""A rating as plain data (the JSON contract) and as a Markdown ratings table.

With uncertainty (see core.uncertainty), case standards also say how sure their rating is.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from yjqa.core.frameworks.model import Domain, Framework
from yjqa.core.rating.rules import FrameworkRating, StandardResult
from yjqa.core.rating.uncertainty import Interval, NextBand, StandardUncertainty


def number(value: Fraction | None) -> int | float | None:
    """A figure as JSON shows it: whole numbers as integers."""
    if value is None:
        return None
    if value.denominator == 1:
        return int(value)
    return round(float(value), 4)


def percent(value: Fraction | None) -> str:
    shown = number(value)
    return "n/a" if shown is None else f"{shown}%"


def rating_as_dict(
    rating: FrameworkRating,
    framework: Framework,
    uncertainty: Mapping[str, StandardUncertainty] | None = None,
    overall_probability: Mapping[str, float] | None = None,
) -> dict[str, Any]:
    """The JSON contract; case standards with an `uncertainty` entry gain how-sure keys, and
    `overall_probability` (each overall rating's chance, `Certainty.overall_probability`)
    is given at the top level (empty when not known)."""
    uncertainty = uncertainty or {}
    standards: dict[str, Any] = {}
    for result in rating.standards:
        entry: dict[str, Any] = {"rating": result.rating}
        if framework.standard(result.standard_id).kind == "case":
            entry["key_questions"] = {
                kq.key_question_id: number(kq.shown) for kq in result.key_questions
            }
            entry["lowest"] = number(result.lowest)
            if result.cases is not None:
                entry["cases"] = result.cases
            sure = uncertainty.get(result.standard_id)
            if sure is not None:
                entry.update(uncertainty_as_dict(sure))
        standards[result.standard_id] = entry
    data: dict[str, Any] = {
        "framework": rating.framework_id,
        "standards": standards,
        "score": rating.score,
        "max_score": rating.max_score,
        "overall": rating.overall,
        "overall_probability": {
            word: round(chance, 4) for word, chance in (overall_probability or {}).items()
        },
    }
    if framework.areas:
        # Frameworks with areas (2025) only: earlier frameworks' JSON keeps its keys.
        data["inspection_type"] = rating.inspection_type
        data["areas"] = dict(rating.areas)
    return data


def rating_heading(rating: FrameworkRating, framework: Framework) -> str:
    """The title of a rating: the kind of inspection's where there is one."""
    if rating.inspection_type is None:
        return framework.title
    kind = framework.inspection_type(rating.inspection_type)
    assert kind is not None
    return f"{framework.title}: {kind.title_for('the service')}"


def rated_domains(rating: FrameworkRating, framework: Framework) -> tuple[Domain, ...]:
    """The domains the rating covers: for a kind of inspection, those of its areas."""
    return framework.domains_for(rating.inspection_type)


def uncertainty_as_dict(sure: StandardUncertainty) -> dict[str, Any]:
    """The how-sure keys of one case standard in the JSON contract."""
    return {
        "key_question_stats": {
            stat.key_question_id: {
                "yes": stat.yes,
                "no": stat.no,
                "ci95": _interval_list(stat.ci95),
            }
            for stat in sure.key_question_stats
        },
        "band_probability": {
            band: round(probability, 4) for band, probability in sure.band_probability.items()
        },
        "borderline": sure.borderline,
        "next_band": None
        if sure.next_band is None
        else {
            "rating": sure.next_band.rating,
            "yes_needed": sure.next_band.yes_needed,
            "cases_needed": sure.next_band.cases_needed,
        },
        "too_few_cases": sure.too_few_cases,
        "most_likely": sure.most_likely,
    }


def _interval_list(interval: Interval | None) -> list[float] | None:
    return None if interval is None else [round(interval.low, 1), round(interval.high, 1)]


def interval_text(interval: Interval | None) -> str:
    """An interval as people read it: whole percentages, e.g. "55% to 99%"."""
    if interval is None:
        return "n/a"
    return f"{interval.low:.0f}% to {interval.high:.0f}%"


def chance_text(probability: float) -> str:
    """A chance in whole percentages, never "0%" or "100%" unless it is exactly that."""
    shown = f"{probability:.0%}"
    if probability > 0 and shown == "0%":
        return "under 1%"
    if probability < 1 and shown == "100%":
        return "over 99%"
    return shown


TOO_FEW_CASES_TEXT = "too few cases to say how sure"


def chances_text(probability: Mapping[str, float]) -> str:
    """Chances in the order given (band order), e.g. "Good 49%, Requires improvement 17%"."""
    return ", ".join(f"{band} {chance_text(p)}" for band, p in probability.items())


def how_sure_text(rating: str, sure: StandardUncertainty) -> str:
    """One line on how sure a rating is, e.g. "How sure: Outstanding 32%, Good 49% ...".

    Chances in band order; where the rules' rating is not the most likely one, it says so.
    With too few cases it gives no chances. It never calls a rating clear or firm: one that is
    not borderline is the most likely, with the next likeliest named.
    """
    if sure.too_few_cases:
        return f"How sure: {TOO_FEW_CASES_TEXT}"
    chances = chances_text(sure.band_probability)
    if sure.most_likely is not None and sure.most_likely != rating:
        verdict = (
            f"{sure.most_likely} is more likely than the rules' rating, {rating}; borderline"
            if sure.borderline
            else f"{sure.most_likely} is more likely than the rules' rating, {rating}"
        )
    elif sure.borderline and sure.nearest_other_band is not None:
        verdict = f"borderline between {rating} and {sure.nearest_other_band}"
    elif sure.borderline:
        verdict = "borderline"
    elif sure.nearest_other_band is not None:
        verdict = f"not borderline: {rating} most likely, then {sure.nearest_other_band}"
    else:
        verdict = f"not borderline: {rating} in every draw"
    return f"How sure: {chances} — {verdict}"


def overall_chances_text(overall_probability: Mapping[str, float]) -> str:
    """The overall rating's chances in one line, or empty when not known."""
    if not overall_probability:
        return ""
    return f"Chances of the overall rating: {chances_text(overall_probability)}"


def next_band_text(next_band: NextBand) -> str:
    """What would have lifted the rating, e.g. "Outstanding needs 1 more Yes answer (...)"."""
    yes, cases = next_band.yes_needed, next_band.cases_needed
    if yes is None:
        text = f"Next band: {next_band.rating} could not be reached by these cases' answers"
    else:
        text = f"Next band: {next_band.rating} needs {yes} more Yes {_plural(yes, 'answer')}"
    if cases is None:
        return text + " (nor by any number of extra cases)"
    return text + f" (or {cases} more {_plural(cases, 'case')} answered Yes throughout)"


def _plural(count: int, word: str) -> str:
    return word if count == 1 else word + "s"


def footnotes(framework: Framework) -> dict[str, int]:
    """Footnote numbers for standards that carry a note, in framework order."""
    marks: dict[str, int] = {}
    for standard in framework.iter_standards():
        if standard.note:
            marks[standard.id] = len(marks) + 1
    return marks


def rating_as_markdown(
    rating: FrameworkRating,
    framework: Framework,
    uncertainty: Mapping[str, StandardUncertainty] | None = None,
    overall_probability: Mapping[str, float] | None = None,
) -> str:
    uncertainty = uncertainty or {}
    marks = footnotes(framework)
    lines = [f"# {rating_heading(rating, framework)}", ""]
    if rating.score is not None:
        lines += [f"**Score:** {rating.score}/{rating.max_score}", ""]
        lines += [f"**Overall rating:** {rating.overall}", ""]
    elif rating.inspection_type is not None:
        lines += [f"**Overall rating:** {rating.overall or 'Not rated yet'}", ""]
    if overall_probability:
        lines += [overall_chances_text(overall_probability), ""]
    if rating.areas:
        lines += ["| Area | Rating |", "| --- | --- |"]
        for area_id, area_rating in rating.areas.items():
            lines.append(f"| {framework.area(area_id).title} | {area_rating} |")
        lines.append("")
    lines += ["| Standard | Rating |", "| --- | --- |"]
    for domain in rated_domains(rating, framework):
        lines.append(f"| **{domain.id}. {domain.title}** | |")
        for standard in domain.standards:
            mark = f"<sup>{marks[standard.id]}</sup>" if standard.id in marks else ""
            result = rating.standard(standard.id)
            lines.append(f"| {standard.id} {standard.title}{mark} | {result.rating} |")
    if marks:
        lines.append("")
        for standard_id, number in marks.items():
            lines.append(f"<sup>{number}</sup> {framework.standard(standard_id).note}  ")
    for result in rating.standards:
        standard = framework.standard(result.standard_id)
        if standard.kind != "case":
            continue
        lines += ["", f"## {standard.id} {standard.title}: {result.rating}", ""]
        lines += [f"_{standard.headline}_", ""]
        sure = uncertainty.get(standard.id)
        if sure is None:
            lines += ["| Key question | % Yes |", "| --- | --- |"]
        else:
            lines += ["| Key question | % Yes | 95% interval |", "| --- | --- | --- |"]
        lines += _key_question_rows(result, framework, sure)
        if result.cases is not None:
            lines += ["", f"Cases: {result.cases}"]
        if sure is not None:
            lines += ["", how_sure_text(result.rating, sure)]
            if sure.next_band is not None:
                lines += ["", next_band_text(sure.next_band)]
    if uncertainty:
        lines += ["", *UNCERTAINTY_NOTE]
    return "\n".join(lines) + "\n"


UNCERTAINTY_NOTE = (
    '_How sure is a rating?_ A sample of cases gives only an estimate. "How sure" gives the',
    "chance of each rating for the whole eligible caseload the sample was drawn from, read by",
    "the same rules (taken as large where its size is not known); the 95% interval is the range",
    "that caseload's % Yes very probably lies in. A rating is borderline when its own chance is",
    "under 50% or a neighbouring rating's is over 30%; with fewer than 5 cases no chances are",
    "given (docs/how-sure.md).",
)


def _key_question_rows(
    result: StandardResult, framework: Framework, sure: StandardUncertainty | None = None
) -> list[str]:
    intervals = {} if sure is None else {s.key_question_id: s.ci95 for s in sure.key_question_stats}
    rows = []
    for kq in result.key_questions:
        _, question = framework.key_question(kq.key_question_id)
        figure = percent(kq.shown)
        # Reports print the figure that drives the rating in bold.
        if kq.shown is not None and kq.shown == result.lowest:
            figure = f"**{figure}**"
        row = f"| {question.id} {question.text} | {figure} |"
        if sure is not None:
            row += f" {interval_text(intervals.get(kq.key_question_id))} |"
        rows.append(row)
    return rows
