"""Survey summaries, with suppression under five responses."""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from yjqa.core.surveys.definitions import (
    COMPLEMENTARY_NOTE,
    NOT_ANSWERED,
    RATINGS,
    SUPPRESSED_NOTE,
    SUPPRESSION_THRESHOLD,
    SurveyDefinition,
    SurveyResponse,
    _Spec,
    _specs,
)

# --- Summaries ---------------------------------------------------------------------------------


def suppressed(kind: str | None = None, note: str = SUPPRESSED_NOTE) -> dict[str, Any]:
    """The marker that replaces a summary based on fewer than 5 responses."""
    marker: dict[str, Any] = {"kind": kind} if kind else {}
    marker.update({"suppressed": True, "note": note})
    return marker


def _percent(part: int, whole: int) -> float:
    return round(100 * part / whole, 1)


def rating_summary(
    values: Sequence[int], *, threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, Any]:
    """n, mean, median, % answering 9 or 10, and the count of each answer 1 to 10."""
    if len(values) < threshold or not values:
        return suppressed()
    bad = [v for v in values if v not in RATINGS]
    if bad:
        raise ValueError(f"ratings are whole numbers from 1 to 10, not {bad[0]!r}")
    return {
        "n": len(values),
        "mean": round(statistics.fmean(values), 2),
        "median": float(statistics.median(values)),
        "share_9_10": _percent(sum(1 for v in values if v >= 9), len(values)),
        "distribution": {str(r): sum(1 for v in values if v == r) for r in RATINGS},
    }


def choice_summary(
    values: Sequence[str], options: Sequence[str], *, threshold: int = SUPPRESSION_THRESHOLD
) -> dict[str, Any]:
    """The count and percentage choosing each option (every option listed, in order)."""
    if len(values) < threshold or not values:
        return suppressed("choice")
    order = list(options) + [v for v in dict.fromkeys(values) if v not in options]
    return {
        "kind": "choice",
        "n": len(values),
        "options": {
            o: {"count": (c := values.count(o)), "share": _percent(c, len(values))} for o in order
        },
    }


def text_summary(
    comments: Sequence[tuple[str, str | None]],
    themes: Sequence[str] = (),
    *,
    include_comments: bool = False,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, Any]:
    """Comments (text, theme or None) counted by theme; the comments too if asked for.

    Themes are listed in the order given, then any others in order of first use.
    """
    if len(comments) < threshold or not comments:
        return suppressed("text")
    used = [theme for _, theme in comments if theme]
    order = list(themes) + [t for t in dict.fromkeys(used) if t not in themes]
    summary: dict[str, Any] = {
        "kind": "text",
        "n": len(comments),
        "themes": {t: used.count(t) for t in order},
        "unthemed": sum(1 for _, theme in comments if not theme),
    }
    if include_comments:
        summary["comments"] = {t: [c for c, theme in comments if theme == t] for t in order}
        summary["unthemed_comments"] = [c for c, theme in comments if not theme]
    return summary


def response_rate(respondents: int, invited: int | None) -> float | None:
    """Respondents as a percentage of those invited (1 decimal place); None if not known."""
    if not invited or invited < 0:
        return None
    return _percent(respondents, invited)


def change_since(current: Mapping[str, Any], previous: Mapping[str, Any]) -> dict[str, Any]:
    """This period's rating summary against the last period's: the differences in mean and in
    share_9_10 (this minus last), and last period's figures. Suppressed if either is."""
    if current.get("suppressed") or previous.get("suppressed"):
        return suppressed()
    return {
        "mean": round(current["mean"] - previous["mean"], 2),
        "share_9_10": round(current["share_9_10"] - previous["share_9_10"], 1),
        "previous": {k: previous[k] for k in ("n", "mean", "share_9_10")},
    }


def breakdown_summary(
    groups: Sequence[str],
    values: Sequence[tuple[str, int]],
    *,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, dict[str, Any]]:
    """One rating question's summary for each group, from (group, rating) pairs.

    Groups with fewer than `threshold` answers are suppressed; while the suppressed groups
    together hold between 1 and threshold - 1 answers, the smallest group still shown is
    suppressed too (`COMPLEMENTARY_NOTE`), so no suppressed group can be worked out from the
    question's overall figures.
    """
    by_group: dict[str, list[int]] = {g: [] for g in groups}
    for group, value in values:
        by_group.setdefault(group, []).append(value)
    hidden = {g for g, v in by_group.items() if len(v) < threshold}
    complementary: set[str] = set()
    while 0 < sum(len(by_group[g]) for g in hidden) < threshold:
        shown = [g for g in by_group if g not in hidden]
        if not shown:
            break
        smallest = min(shown, key=lambda g: (len(by_group[g]), list(by_group).index(g)))
        hidden.add(smallest)
        complementary.add(smallest)
    return {
        g: suppressed(note=COMPLEMENTARY_NOTE)
        if g in complementary
        else suppressed()
        if g in hidden
        else rating_summary(v, threshold=threshold)
        for g, v in by_group.items()
    }


def _ratings(responses: Iterable[SurveyResponse], question_id: str) -> list[int]:
    return [int(r.answers[question_id]) for r in responses if r.answers.get(question_id)]


def _summarise(
    specs: Sequence[_Spec],
    responses: Sequence[SurveyResponse],
    themes: Mapping[str, Sequence[str]],
    include_comments: bool,
    threshold: int,
) -> dict[str, Any]:
    questions: dict[str, Any] = {}
    for spec in specs:
        if spec.kind == "rating":
            questions[spec.id] = rating_summary(_ratings(responses, spec.id), threshold=threshold)
        elif spec.kind == "choice":
            chosen = [r.answers[spec.id] for r in responses if r.answers.get(spec.id)]
            questions[spec.id] = choice_summary(chosen, spec.options, threshold=threshold)
        else:
            comments = [
                (r.answers[spec.id], r.themes.get(spec.id) or None)
                for r in responses
                if r.answers.get(spec.id, "").strip()
            ]
            questions[spec.id] = text_summary(
                comments,
                themes.get(spec.id, ()),
                include_comments=include_comments,
                threshold=threshold,
            )
    return questions


def summarise_survey(
    definition: SurveyDefinition,
    responses: Sequence[SurveyResponse],
    *,
    invited: int | None = None,
    previous: Sequence[SurveyResponse] | None = None,
    themes: Mapping[str, Sequence[str]] | None = None,
    include_comments: bool = False,
    threshold: int = SUPPRESSION_THRESHOLD,
) -> dict[str, Any]:
    """Every question's summary, the breakdowns, the response rate and the change since the
    previous period (`previous`: that period's responses; questions are matched by id).

    `themes` gives each text question's themes in the order to list them. Comments are
    included only with `include_comments` (never for board members).
    """
    specs = _specs(definition)
    questions = _summarise(specs, responses, themes or {}, include_comments, threshold)
    ratings = [s for s in specs if s.kind == "rating"]
    breakdowns: dict[str, Any] = {}
    for group in (s for s in specs if s.breakdown):
        labels = list(group.options)
        if any(not r.answers.get(group.id) for r in responses):
            labels.append(NOT_ANSWERED)
        breakdowns[group.id] = {
            rating.id: breakdown_summary(
                labels,
                [
                    (r.answers.get(group.id) or NOT_ANSWERED, int(r.answers[rating.id]))
                    for r in responses
                    if r.answers.get(rating.id)
                ],
                threshold=threshold,
            )
            for rating in ratings
        }
    change: dict[str, Any] | None = None
    if previous is not None:
        change = {
            rating.id: change_since(
                questions[rating.id],
                rating_summary(_ratings(previous, rating.id), threshold=threshold),
            )
            for rating in ratings
        }
    return {
        "survey": definition.id,
        "title": definition.title,
        "audience": definition.audience,
        "respondents": len(responses),
        "invited": invited,
        "response_rate": response_rate(len(responses), invited),
        "questions": questions,
        "breakdowns": breakdowns,
        "change": change,
    }
