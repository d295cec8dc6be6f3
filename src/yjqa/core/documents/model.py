"""The inspection report as a document model: one model, rendered as HTML, PDF and Word.

The model holds content only (text, tables, chart data), never layout, so every renderer
reads the same report. It is pydantic, so a published report is kept as JSON and rendered
again identically later.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Paragraph(_Frozen):
    kind: Literal["paragraph"] = "paragraph"
    text: str
    style: Literal["body", "lead", "small", "quote"] = "body"


class BulletList(_Frozen):
    kind: Literal["bullets"] = "bullets"
    items: tuple[str, ...]
    numbered: bool = False
    start: int = 1  # a numbered list may continue another (recommendations run 1, 2, ... n)


class Cell(_Frozen):
    text: str
    bold: bool = False
    numeric: bool = False
    rating: str | None = None  # a rating word, so renderers can colour it consistently


class Table(_Frozen):
    kind: Literal["table"] = "table"
    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[Cell, ...], ...]
    numeric_columns: tuple[int, ...] = ()
    group_rows: tuple[int, ...] = ()  # rows that head a group, e.g. a domain in the ratings
    footnotes: tuple[str, ...] = ()


class RatingBox(_Frozen):
    """A standard's headline statement beside its rating, as the published reports set it."""

    kind: Literal["rating_box"] = "rating_box"
    standard_id: str
    title: str
    headline: str
    rating: str


class BarSeries(_Frozen):
    label: str
    values: tuple[float | None, ...]


class Chart(_Frozen):
    """Chart data; renderers draw it (matplotlib), always with the text alternative."""

    kind: Literal["chart"] = "chart"
    chart_type: Literal["key_questions", "balance"]
    title: str
    alt_text: str
    categories: tuple[str, ...]
    series: tuple[BarSeries, ...]
    thresholds: tuple[tuple[float, str], ...] = ()  # (percentage, band) lines to draw
    value_suffix: str = "%"


Block = Annotated[Paragraph | BulletList | Table | RatingBox | Chart, Field(discriminator="kind")]


class Section(_Frozen):
    id: str  # stable anchor, e.g. "standard-2-1"
    title: str
    level: Literal[1, 2, 3] = 1
    blocks: tuple[Block, ...] = ()
    in_contents: bool = True


class Cover(_Frozen):
    title: str  # e.g. "An inspection of youth justice services in"
    service: str
    kind: str  # e.g. "HMIP inspection", "Mock inspection", "Board pack"
    framework: str = ""  # inspection reports only
    fieldwork: str = ""  # e.g. "Fieldwork started December 2024"
    published: date | None = None
    draft: bool = True
    details: tuple[tuple[str, str], ...] = ()  # other documents' cover lines, e.g. the meeting
    # A letter (the short quality screening, seed 001): its head (To, Copy to, From,
    # Publication date: the `details`) and title open the first page; no cover page, no
    # contents.
    letter: bool = False

    def detail_lines(self) -> list[tuple[str, str]]:
        """The labelled lines under the title, in the order every renderer prints them."""
        lines = [("Framework", self.framework), ("Fieldwork", self.fieldwork), *self.details]
        if self.published:
            lines.append(("Published", f"{self.published.day} {self.published:%B %Y}"))
        if self.draft or not self.letter:
            lines.append(("Status", "Draft: not for publication" if self.draft else "Final"))
        return [(label, value) for label, value in lines if value]


class Report(_Frozen):
    cover: Cover
    sections: tuple[Section, ...]

    def section(self, section_id: str) -> Section:
        for section in self.sections:
            if section.id == section_id:
                return section
        raise KeyError(section_id)
