"""A rating as plain data (the JSON contract) and as a Markdown ratings table."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from yjqa.core.framework import Framework
from yjqa.core.rating import FrameworkRating, StandardResult


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


def rating_as_dict(rating: FrameworkRating, framework: Framework) -> dict[str, Any]:
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
        standards[result.standard_id] = entry
    return {
        "framework": rating.framework_id,
        "standards": standards,
        "score": rating.score,
        "max_score": rating.max_score,
        "overall": rating.overall,
    }


def footnotes(framework: Framework) -> dict[str, int]:
    """Footnote numbers for standards that carry a note, in framework order."""
    marks: dict[str, int] = {}
    for standard in framework.iter_standards():
        if standard.note:
            marks[standard.id] = len(marks) + 1
    return marks


def rating_as_markdown(rating: FrameworkRating, framework: Framework) -> str:
    marks = footnotes(framework)
    lines = [f"# {framework.title}", ""]
    if rating.score is not None:
        lines += [f"**Score:** {rating.score}/{rating.max_score}", ""]
        lines += [f"**Overall rating:** {rating.overall}", ""]
    lines += ["| Standard | Rating |", "| --- | --- |"]
    for domain in framework.domains:
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
        lines += ["| Key question | % Yes |", "| --- | --- |"]
        lines += _key_question_rows(result, framework)
        if result.cases is not None:
            lines += ["", f"Cases: {result.cases}"]
    return "\n".join(lines) + "\n"


def _key_question_rows(result: StandardResult, framework: Framework) -> list[str]:
    rows = []
    for kq in result.key_questions:
        _, question = framework.key_question(kq.key_question_id)
        figure = percent(kq.shown)
        # Reports print the figure that drives the rating in bold.
        if kq.shown is not None and kq.shown == result.lowest:
            figure = f"**{figure}**"
        rows.append(f"| {question.id} {question.text} | {figure} |")
    return rows
