"""The ratings table that the inspection report and the board pack both print."""

from __future__ import annotations

from yjqa.core.documents.model import Cell, Table
from yjqa.core.frameworks.model import Framework
from yjqa.core.rating.rules import FrameworkRating

NOT_YET_KNOWN = "Not yet known"


def ratings_table(
    framework: Framework, rating: FrameworkRating, caption: str, *, with_notes: bool = True
) -> Table:
    """Score and overall rating (where the framework scores), then each domain's standards.

    With `with_notes`, a standard's note (e.g. that 4.1 does not count) becomes a numbered
    footnote.
    """
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
