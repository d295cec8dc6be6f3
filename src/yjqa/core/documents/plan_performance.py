"""The youth justice plan's performance section: the indicators over the year the plan looks
back on, as the plan's tables."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from yjqa.core.documents.model import Block, Cell, Paragraph, Table


@dataclass(frozen=True)
class PlanPerformance:
    period: str = ""  # e.g. "April 2024 to March 2025"
    rows: Sequence[tuple[str, str, str]] = ()  # (indicator, measure, figure)


def performance_blocks(performance: PlanPerformance) -> list[Block]:
    if not performance.rows:
        return [Paragraph(text="No indicator data is held for this period.", style="small")]
    return [
        Table(
            caption=f"Performance indicators, {performance.period}",
            header=("Indicator", "Measure", "Figure"),
            rows=tuple(
                (Cell(text=a), Cell(text=b), Cell(text=c, numeric=True))
                for a, b, c in performance.rows
            ),
            numeric_columns=(2,),
        )
    ]
