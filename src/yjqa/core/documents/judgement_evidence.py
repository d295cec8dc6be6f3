"""The register of evidence a judgement standard's rating rests on, as a report prints it.

Plain data in (`EvidenceItem`, one per item, its linked figure already put in words by the
caller), the document model's blocks out: a table of the items, in the order given.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from yjqa.core.documents.model import Block, Cell, Table

HEADER = ("Evidence", "Date", "What it shows", "yjqa figure")
NO_DATE = "Not given"
NO_FIGURE = "None linked"


@dataclass(frozen=True)
class EvidenceItem:
    kind: str  # as people read it, e.g. "Meeting or observation"
    title: str
    dated: date | None = None
    summary: str = ""
    figure_text: str = ""  # e.g. "Staff survey: 24 responses (60% of 40 invited); ..."


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def evidence_blocks(items: Sequence[EvidenceItem], *, standard: str = "") -> list[Block]:
    """The register as a table captioned with the standard (e.g. "1.2 Staff"); nothing when
    the register is empty (the report then says only what the judgement records)."""
    if not items:
        return []
    rows = tuple(
        (
            Cell(text=f"{item.title} ({item.kind.lower()})" if item.kind else item.title),
            Cell(text=long_date(item.dated) if item.dated else NO_DATE),
            Cell(text=" ".join(item.summary.split())),
            Cell(text=item.figure_text or NO_FIGURE),
        )
        for item in items
    )
    count = len(items)
    caption = f"The evidence for {standard}" if standard else "The evidence"
    return [
        Table(
            caption=f"{caption}: {count} item{'s' if count != 1 else ''}",
            header=HEADER,
            rows=rows,
        )
    ]
