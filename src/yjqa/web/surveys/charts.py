"""A rating question's answers as a bar chart: inline SVG with its text alternative.

Every bar carries its count as text, and the page shows the same counts as a table, so the
chart is never the only way to read them.
"""

from __future__ import annotations

import functools
import hashlib

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from yjqa.reports.charts import BLUE, DRAWING_LOCK, FIGURE_WIDTH_IN, chart_style, figure_svg


def distribution_alt(counts: tuple[int, ...]) -> str:
    parts = [f"{rating}: {count}" for rating, count in enumerate(counts, start=1)]
    return "Number of responses giving each rating from 1 to 10. " + "; ".join(parts) + "."


@functools.lru_cache(maxsize=256)
def distribution_svg(title: str, counts: tuple[int, ...]) -> str:
    """Vertical bars for the ratings 1 to 10, each labelled with its count."""
    key = "srv-" + hashlib.sha256(repr((title, counts)).encode()).hexdigest()[:10]
    with DRAWING_LOCK, matplotlib.rc_context(chart_style(key)):
        fig = Figure(figsize=(FIGURE_WIDTH_IN, 2.4))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.1, right=0.98, top=0.92, bottom=0.22)
        ratings = list(range(1, len(counts) + 1))
        bars = ax.bar(ratings, counts, color=BLUE, width=0.7)
        ax.bar_label(bars, labels=[str(c) for c in counts], padding=2)
        ax.set_xticks(ratings, [str(r) for r in ratings])
        ax.set_xlabel("Rating")
        ax.set_ylabel("Responses")
        ax.set_ylim(0, max(max(counts, default=0) * 1.2, 1))
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        ax.grid(axis="y", color="#e5e6e7", linewidth=0.6)
        ax.set_axisbelow(True)
        return figure_svg(fig, key, title, distribution_alt(counts))
