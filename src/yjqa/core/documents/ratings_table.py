"""The ratings table that the inspection report and the board pack both print.

For a framework with kinds of inspection (2025), the table holds the overall rating, each
area the inspection rates and the activities under it, and no score; the sentences the
report's foreword opens with live here too, so the report, the board pack and the youth
justice plan say the same thing in the same words.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from yjqa.core.documents.model import Cell, Table
from yjqa.core.frameworks.model import NOT_RATED, Area, Framework, InspectionType, Standard
from yjqa.core.rating.rules import FrameworkRating, StandardResult

NOT_YET_KNOWN = "Not yet known"
# A draft's word for a rating whose figures or judgement are still missing (a published
# report has none: publishing waits for them); "Not rated" stays the framework's own word.
NOT_YET_RATED = "Not yet rated"
UNRATED = frozenset({NOT_RATED, NOT_YET_RATED})
NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")

# What each 2025 area covers, as the reports' forewords put it.
AREA_SUBJECTS = {
    "organisational_delivery": "the arrangements for organisational delivery of the service",
    "work_with_children": "the quality of work done with children working with the YJS",
    "work_with_victims": "the quality of work done with victims",
}
NO_SCORE_NOTE = (
    "The 2025 framework gives no score out of 36: each area is rated, and the overall rating "
    "follows from the areas."
)
PROVISIONAL_NOTE = (
    "HMIP has not published how an area's rating follows from its activities or standards, "
    "nor how the overall rating follows from the areas: these ratings use yjqa's provisional "
    "default rules, which a service can change in the framework file."
)


def as_draft(
    framework: Framework, rating: FrameworkRating, judged: frozenset[str] | None = None
) -> FrameworkRating:
    """The rating of an inspection in progress with "Not yet rated" for each standard still
    without its figures (no case answered a key question) or its judgement (`judged`: the
    standards whose judgement is recorded, even as "Not rated"; None, not known, counts every
    unrated judgement as missing), and for each area waiting on one."""
    results = []
    for result in rating.standards:
        if result.rating == NOT_RATED and _missing(
            framework.standard(result.standard_id), result, judged
        ):
            result = replace(result, rating=NOT_YET_RATED)
        results.append(result)
    areas = {a: NOT_YET_RATED if word == NOT_RATED else word for a, word in rating.areas.items()}
    return replace(rating, standards=tuple(results), areas=areas)


def _missing(standard: Standard, result: StandardResult, judged: frozenset[str] | None) -> bool:
    if standard.kind == "case":
        return not any(
            kq.tally is not None and (kq.tally.yes + kq.tally.no + kq.tally.not_applicable)
            for kq in result.key_questions
        )
    return judged is None or standard.id not in judged


def ratings_table(
    framework: Framework, rating: FrameworkRating, caption: str, *, with_notes: bool = True
) -> Table:
    """Score and overall rating (where the framework scores), then each domain's standards.

    With `with_notes`, a standard's note (e.g. that 4.1 does not count) becomes a numbered
    footnote. A rating of a kind of inspection (2025) gets the areas table instead.
    """
    if rating.inspection_type is not None:
        return areas_table(framework, rating, caption, with_notes=with_notes)
    rows: list[tuple[Cell, ...]] = []
    groups: list[int] = []
    footnotes: list[str] = []
    if rating.max_score is not None:
        score = f"{rating.score}/{rating.max_score}" if rating.score is not None else None
        rows.append((Cell(text="Score", bold=True), Cell(text=score or NOT_YET_KNOWN, bold=True)))
        rows.append(
            (
                Cell(text="Overall rating", bold=True),
                Cell(text=rating.overall or NOT_YET_KNOWN, bold=True, rating=rating.overall),
            )
        )
    for domain in framework.domains:
        groups.append(len(rows))
        rows.append((Cell(text=f"{domain.id}. {domain.title}", bold=True), Cell(text="")))
        for standard in domain.standards:
            title = f"{standard.id} {standard.title}"
            if with_notes and standard.note:
                footnotes.append(standard.note)
                title += f" ({len(footnotes)})"
            result = rating.standard(standard.id)
            rows.append((Cell(text=title), Cell(text=result.rating, rating=result.rating)))
    return Table(
        caption=caption,
        header=("Standard", "Rating"),
        rows=tuple(rows),
        group_rows=tuple(groups),
        footnotes=tuple(f"({i}) {note}" for i, note in enumerate(footnotes, start=1)),
    )


# --- Frameworks with kinds of inspection (2025) ------------------------------------------------


@dataclass(frozen=True)
class RatedArea:
    """One area an inspection rates, its rating, and the activities or standards under it."""

    area: Area
    rating: str
    standards: tuple[tuple[Standard, str], ...]  # (standard, its rating), in framework order

    @property
    def lists_standards(self) -> bool:
        """False for an area of one standard named as the area (work with victims)."""
        only = self.standards[0][0] if len(self.standards) == 1 else None
        return only is None or only.title.casefold() != self.area.title.casefold()


def inspection_kind(framework: Framework, rating: FrameworkRating) -> InspectionType:
    kind = framework.inspection_type(rating.inspection_type)
    if kind is None:
        raise ValueError(f"{framework.id} has no kinds of inspection")
    return kind


def rated_areas(framework: Framework, rating: FrameworkRating) -> list[RatedArea]:
    """The areas the rating's kind of inspection rates, in report order, each with its
    standards' ratings; a standard the rating leaves out (never, by the engine) is Not rated."""
    rated = {result.standard_id: result.rating for result in rating.standards}
    areas = []
    for area in framework.areas_for(rating.inspection_type):
        standards = tuple(
            (standard, rated.get(standard.id, NOT_RATED))
            for domain in framework.domains
            if domain.id in area.domains
            for standard in domain.standards
        )
        areas.append(RatedArea(area, rating.areas.get(area.id, NOT_RATED), standards))
    return areas


def areas_table(
    framework: Framework, rating: FrameworkRating, caption: str, *, with_notes: bool = True
) -> Table:
    """The overall rating, then each area with its rating and its activities' ratings."""
    rows: list[tuple[Cell, ...]] = [
        (
            Cell(text="Overall rating", bold=True),
            Cell(text=rating.overall or NOT_YET_KNOWN, bold=True, rating=rating.overall),
        )
    ]
    groups: list[int] = []
    for rated in rated_areas(framework, rating):
        groups.append(len(rows))
        rows.append(
            (
                Cell(text=rated.area.title, bold=True),
                Cell(text=rated.rating, bold=True, rating=rated.rating),
            )
        )
        if rated.lists_standards:
            for standard, word in rated.standards:
                rows.append(
                    (Cell(text=f"{standard.id} {standard.title}"), Cell(text=word, rating=word))
                )
    notes = [NO_SCORE_NOTE]
    if with_notes and any_provisional_rule(framework, rating):
        notes.append(PROVISIONAL_NOTE)
    return Table(
        caption=caption,
        header=("Area and activity", "Rating"),
        rows=tuple(rows),
        group_rows=tuple(groups),
        footnotes=tuple(notes),
    )


def area_rating_rows(framework: Framework, rating: FrameworkRating) -> list[tuple[str, str]]:
    """(label, rating) rows in the table's order, for documents that print plain rows."""
    rows = [("Overall rating", rating.overall or NOT_YET_KNOWN)]
    for rated in rated_areas(framework, rating):
        rows.append((rated.area.title, rated.rating))
        if rated.lists_standards:
            rows += [(f"{s.id} {s.title}", word) for s, word in rated.standards]
    return rows


def any_provisional_rule(framework: Framework, rating: FrameworkRating) -> bool:
    kind = inspection_kind(framework, rating)
    return kind.overall_rule.provisional or any(
        framework.area(a).rule.provisional for a in kind.areas
    )


def service_names(service: str) -> tuple[str, str]:
    """The service as the reports name it: ("X Youth Justice Service (YJS)", "X YJS")."""
    base = " ".join(service.split())
    for suffix in (" Youth Justice Service (YJS)", " Youth Justice Service", " YJS"):
        if base.casefold().endswith(suffix.casefold()) and len(base) > len(suffix):
            base = base[: -len(suffix)]
            break
    return f"{base} Youth Justice Service (YJS)", f"{base} YJS"


def join_words(items: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} and {items[-1]}"


def _count_words(count: int) -> str:
    return NUMBER_WORDS[count - 1] if 0 < count <= len(NUMBER_WORDS) else str(count)


def _lower_first(text: str) -> str:
    """A title inside a sentence: "Assessing" -> "assessing"; a name ("Appropriate Adult
    arrangements") keeps its capitals."""
    if any(word[:1].isupper() for word in text.split()[1:]):
        return text
    return text[:1].lower() + text[1:]


def rated_sentence(framework: Framework, rating: FrameworkRating, service: str) -> str:
    """The foreword's first sentence: what the inspection rated, across which areas."""
    kind = inspection_kind(framework, rating)
    long_name, _ = service_names(service)
    areas = [framework.area(a) for a in kind.areas]
    subjects = [AREA_SUBJECTS.get(a.id, f"the quality of {_lower_first(a.title)}") for a in areas]
    if "organisational_delivery" in kind.areas:
        what = long_name
    elif set(kind.areas) == {"work_with_children", "work_with_victims"}:
        what = f"work with children and victims in {long_name}"
    else:
        what = f"{join_words([_lower_first(a.title) for a in areas])} in {long_name}"
    return (
        f"In this inspection, we have inspected and rated {what} across "
        f"{_count_words(len(areas))} broad area{'s' if len(areas) != 1 else ''}: "
        f"{join_words(subjects)}."
    )


def overall_sentence(framework: Framework, rating: FrameworkRating, service: str) -> str:
    """ "Overall, X YJS was rated as 'Good'.", or why there is no overall rating yet."""
    _, short_name = service_names(service)
    if rating.overall:
        return f"Overall, {short_name} was rated as '{rating.overall}'."
    waiting = [
        _lower_first(rated.area.title)
        for rated in rated_areas(framework, rating)
        if rated.rating in UNRATED
    ]
    return (
        f"The overall rating for {short_name} is not known yet: it follows once "
        f"{join_words(waiting) or 'every area'} {'has' if len(waiting) == 1 else 'have'} "
        "been rated."
    )


def area_sentence(rated: RatedArea) -> str:
    """E.g. "Work with children was rated 'Good': assessing 'Good', planning 'Outstanding' and
    delivery 'Good'." """
    if rated.rating in UNRATED:
        text = f"{rated.area.title} has not been rated yet"
    else:
        text = f"{rated.area.title} was rated '{rated.rating}'"
    if rated.lists_standards:
        parts = [
            f"{_lower_first(s.title)} " + ("not yet rated" if word in UNRATED else f"'{word}'")
            for s, word in rated.standards
        ]
        text += f" ({join_words(parts)})"
    return text + "."
