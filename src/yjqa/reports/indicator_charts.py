"""Charts for the indicator dashboards: a measure over time, and rate ratios with intervals.

Drawn like the report's charts (GOV.UK colours, text as text, ids scoped), as inline SVG.
Each page shows the table behind every chart as well, so the chart is never the only way to
read a figure.
"""

from __future__ import annotations

import functools
import hashlib
import math
import textwrap
from collections.abc import Sequence

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

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

Series = tuple[str, tuple[float | None, ...]]


def _key(*parts: object) -> str:
    return "ind-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:10]


def _tidy(ax: Axes) -> None:
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="y" if ax.get_ylabel() else "x", color="#e5e6e7", linewidth=0.6)
    ax.set_axisbelow(True)


@functools.lru_cache(maxsize=256)
def trend_svg(
    title: str, alt_text: str, labels: tuple[str, ...], series: tuple[Series, ...], unit: str
) -> str:
    """Lines over time: the service's figure and, if given, the figure across services."""
    key = _key(title, labels, series, unit)
    with DRAWING_LOCK, matplotlib.rc_context(chart_style(key)):
        fig = Figure(figsize=(FIGURE_WIDTH_IN, 2.8))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.11, right=0.98, top=0.95, bottom=0.3)
        styles = [(BLUE, "-", "o"), (GREY, "--", "s")]
        for (label, values), (colour, line, marker) in zip(series, styles, strict=False):
            points = [(i, v) for i, v in enumerate(values) if v is not None]
            if points:
                xs, ys = zip(*points, strict=True)
                ax.plot(xs, ys, line, color=colour, marker=marker, markersize=3.5, label=label)
        step = max(1, math.ceil(len(labels) / 8))
        ax.set_xticks(range(0, len(labels), step), labels[::step])
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
        _tidy(ax)
        if len(series) > 1:
            fig.legend(loc="lower center", ncols=len(series), frameon=False)
        return figure_svg(fig, key, title, alt_text)


@functools.lru_cache(maxsize=256)
def ratio_svg(
    title: str,
    alt_text: str,
    groups: tuple[str, ...],
    ratios: tuple[float | None, ...],
    intervals: tuple[tuple[float, float] | None, ...],
) -> str:
    """Rate ratios with their 95% intervals on a log scale, a line at 1 (no difference)."""
    key = _key(title, groups, ratios, intervals)
    with DRAWING_LOCK, matplotlib.rc_context(chart_style(key)):
        height = 0.5 * len(groups) + 0.9
        fig = Figure(figsize=(FIGURE_WIDTH_IN, height))
        FigureCanvasAgg(fig)
        ax = fig.add_subplot()
        fig.subplots_adjust(left=0.34, right=0.97, top=1 - 0.15 / height, bottom=0.6 / height)
        shown = [r for r in ratios if r] + [v for i in intervals if i for v in i if v > 0]
        low = min([0.5, *shown]) / 1.3
        high = max([2.0, *shown]) * 1.3
        for row, (ratio, interval) in enumerate(zip(ratios, intervals, strict=True)):
            if ratio is None or interval is None:
                ax.text(1, row, "no estimate", va="center", ha="center", color=GREY, style="italic")
                continue
            over = interval[0] > 1
            colour = RED if over else BLUE
            ax.plot(interval, (row, row), color=colour, linewidth=1.6)
            ax.plot([ratio], [row], "o", color=colour, markersize=5)
        ax.axvline(1, color=TEXT, linewidth=0.8)
        ax.set_xscale("log")
        ax.set_xlim(low, high)
        ticks = [t for t in (0.25, 0.5, 1, 2, 4, 8, 16) if low <= t <= high]
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.minorticks_off()
        ax.set_yticks(range(len(groups)), [textwrap.fill(g, 24) for g in groups])
        ax.set_ylim(len(groups) - 0.5, -0.5)
        ax.set_xlabel("Rate ratio (1 = the same rate as the reference group)")
        ax.tick_params(axis="y", length=0)
        _tidy(ax)
        return figure_svg(fig, key, title, alt_text)


def alt_for_trend(labels: Sequence[str], series: Sequence[Series], unit: str) -> str:
    """A one-sentence text alternative: first and last figure of each line."""
    parts = []
    for label, values in series:
        known = [(labels[i], v) for i, v in enumerate(values) if v is not None]
        if known:
            (first_label, first), (last_label, last) = known[0], known[-1]
            parts.append(f"{label}: {first:g} in {first_label}, {last:g} in {last_label}")
    return f"{unit}. " + "; ".join(parts) + "." if parts else f"{unit}: no figures yet."
