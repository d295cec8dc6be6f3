"""The benchmark's chart: how the inspections in each row were rated, as 100% bars.

Drawn like the other charts (GOV.UK colours, text as text, ids scoped), as inline SVG with a
text alternative. Each segment carries its count where it is wide enough, a legend names the
ratings in bar order, and the page shows the same counts as a table beside it, so the chart is
never the only way to read a figure.
"""

from __future__ import annotations

import functools
import hashlib
import textwrap

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from yjqa.core.frameworks.model import NOT_RATED
from yjqa.reports.charts import (
    BLUE,
    DRAWING_LOCK,
    FIGURE_WIDTH_IN,
    GREY,
    RED,
    TEXT,
    chart_style,
    figure_svg,
)
from yjqa.web.benchmark.figures import CATEGORIES, NOT_KNOWN, Distribution

# Fill and the colour of a count written on it (contrast of at least 4.5:1 either way).
_FILLS = {
    "Outstanding": ("#00703c", "white"),
    "Good": (BLUE, "white"),
    "Requires improvement": ("#f47738", TEXT),
    "Inadequate": (RED, "white"),
    NOT_RATED: ("#b1b4b6", TEXT),
    NOT_KNOWN: ("white", TEXT),
}
assert set(_FILLS) == set(CATEGORIES)
_MIN_LABELLED = 6.0  # % of the bar: narrower segments carry no count (the table has it)


@functools.lru_cache(maxsize=128)
def distribution_svg(title: str, rows: tuple[Distribution, ...]) -> str:
    """One bar per row, split by rating in the order best to worst, then not rated, not known."""
    key = "bm-" + hashlib.sha256(repr((title, rows)).encode()).hexdigest()[:10]
    present = [c for i, c in enumerate(CATEGORIES) if any(r.counts[i] for r in rows)]
    with DRAWING_LOCK, matplotlib.rc_context(chart_style(key)):
        legend_rows = -(-len(present) // 3)
        bottom = 0.65 + 0.22 * legend_rows  # inches: the axis, its label and the legend
        height = 0.42 * len(rows) + 0.15 + bottom
        fig = Figure(figsize=(FIGURE_WIDTH_IN, height))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.36, right=0.97, top=1 - 0.12 / height, bottom=bottom / height)
        for position, row in enumerate(rows):
            left = 0.0
            for category, count in zip(CATEGORIES, row.counts, strict=True):
                if not count:
                    continue
                width = 100 * count / row.total
                fill, ink = _FILLS[category]
                ax.barh(
                    position,
                    width,
                    left=left,
                    height=0.66,
                    color=fill,
                    edgecolor=GREY if category == NOT_KNOWN else "white",
                    linewidth=0.8,
                )
                if width >= _MIN_LABELLED:
                    ax.text(
                        left + width / 2, position, str(count), ha="center", va="center", color=ink
                    )
                left += width
        labels = [textwrap.fill(f"{r.label} ({r.total})", 34) for r in rows]
        ax.set_yticks(range(len(rows)), labels)
        ax.set_ylim(len(rows) - 0.5, -0.5)
        ax.set_xlim(0, 100)
        ax.set_xticks(range(0, 101, 25), [f"{t}%" for t in range(0, 101, 25)])
        ax.set_xlabel("Share of the inspections in each bar (in brackets: how many)")
        ax.tick_params(axis="y", length=0)
        for side in ("top", "right"):
            ax.spines[side].set_visible(False)
        handles = [
            Patch(
                facecolor=_FILLS[c][0],
                edgecolor=GREY if c == NOT_KNOWN else _FILLS[c][0],
                label=c,
            )
            for c in present
        ]
        fig.legend(
            handles=handles,
            loc="lower center",
            bbox_to_anchor=(0.5, 0),
            ncols=3,
            frameon=False,
            handlelength=1.4,
            columnspacing=1.2,
        )
        alt = f"{title}. " + "; ".join(r.alt_text() for r in rows) + "."
        return figure_svg(fig, key, title, alt)
