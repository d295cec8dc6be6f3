"""Charts for the report, drawn with matplotlib's object-oriented API (no pyplot, no GUI).

`chart_svg` gives an inline ``<svg>`` element (text kept as text, so it stays selectable in
the web page; the PDF draws it as vectors); `chart_png` gives a PNG for Word. Both are
deterministic: the same chart always gives the same bytes.
"""

from __future__ import annotations

import functools
import hashlib
import io
import re
import textwrap
import threading
from html import escape
from typing import TYPE_CHECKING, Any

import matplotlib
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from yjqa.core.documents.model import Chart

if TYPE_CHECKING:
    from matplotlib.typing import RcKeyType

__all__ = ["DRAWING_LOCK", "chart_png", "chart_style", "chart_svg", "figure_svg"]

# GOV.UK palette.
BLUE = "#1d70b8"
GREY = "#505a5f"
RED = "#d4351c"
TEXT = "#0b0c0c"
SERIES_COLOURS = (BLUE, GREY, "#00703c", "#912b88", "#f47738")

FIGURE_WIDTH_IN = 6.3  # A4 text width (16 cm), so 1 chart point is 1 printed point
FONT_SIZE = 9.0
_LABEL_WIDTH = 34  # characters before a category label wraps
_LABEL_GAP = 8.0  # pixels kept clear between threshold labels on one row

# rcParams are process-wide; charts are drawn one at a time under this lock.
DRAWING_LOCK = threading.Lock()  # matplotlib's settings are global: one drawing at a time


def _digest(chart: Chart) -> str:
    return hashlib.sha256(chart.model_dump_json().encode()).hexdigest()[:10]


def _rc(chart: Chart) -> dict[RcKeyType, Any]:
    return chart_style(_digest(chart))


def chart_style(key: str) -> dict[RcKeyType, Any]:
    """matplotlib settings for yjqa's charts; `key` salts SVG ids so output is stable."""
    return {
        "svg.hashsalt": f"yjqa-{key}",  # stable output
        "svg.fonttype": "none",
        "font.family": "sans-serif",
        "font.sans-serif": ["Liberation Sans", "Arial", "DejaVu Sans"],
        "font.size": FONT_SIZE,
        "axes.edgecolor": GREY,
        "axes.labelcolor": TEXT,
        "xtick.color": TEXT,
        "ytick.color": TEXT,
        "text.color": TEXT,
        "figure.facecolor": "white",
        "axes.facecolor": "white",
        "savefig.facecolor": "white",
        "path.simplify": False,
    }


def _axis_max(chart: Chart) -> float:
    if chart.value_suffix == "%":
        return 100.0
    values = [v for s in chart.series for v in s.values if v is not None]
    values += [t for t, _ in chart.thresholds]
    top = max(values, default=1.0)
    return top * 1.15 if top > 0 else 1.0


def _format_value(value: float, suffix: str) -> str:
    number = f"{value:.0f}" if float(value).is_integer() or suffix == "%" else f"{value:.1f}"
    return f"{number}{suffix}"


def _axis_label(chart: Chart) -> str:
    if chart.chart_type == "key_questions":
        return "% Yes" if chart.value_suffix == "%" else "Yes"
    return "% of cases" if chart.value_suffix == "%" else "Cases"


def _draw(chart: Chart) -> Figure:
    n_cat = max(len(chart.categories), 1)
    n_series = max(len(chart.series), 1)
    wrapped = [textwrap.fill(c, _LABEL_WIDTH) for c in chart.categories]
    lines_per_cat = max((w.count("\n") + 1 for w in wrapped), default=1)
    row_height = max(0.22 * n_series + 0.2, 0.2 * lines_per_cat + 0.2)
    top_space = 0.5 if chart.thresholds else 0.15
    legend_space = 0.35 if n_series > 1 else 0.0
    height = row_height * n_cat + 0.55 + top_space + legend_space

    # Fixed margins sized from the labels: constrained layout would cost two extra layout
    # passes per chart, most of a report's rendering time.
    fig = Figure(figsize=(FIGURE_WIDTH_IN, height))
    FigureCanvasAgg(fig)
    ax: Axes = fig.add_subplot()
    longest = max((len(line) for w in wrapped for line in w.split("\n")), default=1)
    label_in = 0.25 + 0.068 * longest
    fig.subplots_adjust(
        left=label_in / FIGURE_WIDTH_IN,
        right=1 - 0.3 / FIGURE_WIDTH_IN,
        bottom=(0.55 + legend_space) / height,
        top=1 - (top_space + 0.1) / height,
    )
    x_max = _axis_max(chart)
    bar_height = 0.8 / n_series
    suffix = chart.value_suffix

    for s_index, series in enumerate(chart.series):
        colour = SERIES_COLOURS[s_index % len(SERIES_COLOURS)]
        offset = (s_index - (n_series - 1) / 2) * bar_height
        for c_index in range(n_cat):
            value = series.values[c_index] if c_index < len(series.values) else None
            y = c_index + offset
            if value is None:
                ax.text(
                    x_max * 0.01,
                    y,
                    "n/a",
                    va="center",
                    ha="left",
                    color=GREY,
                    fontsize=FONT_SIZE - 0.5,
                    style="italic",
                )
                continue
            ax.barh(
                y,
                value,
                height=bar_height * 0.9,
                color=colour,
                label=series.label if c_index == 0 else None,
            )
            label = _format_value(value, suffix)
            inside = value > x_max * 0.12
            ax.text(
                value - x_max * 0.01 if inside else value + x_max * 0.01,
                y,
                label,
                va="center",
                ha="right" if inside else "left",
                color="white" if inside else TEXT,
                fontsize=FONT_SIZE - 0.5,
                fontweight="bold",
            )

    ax.set_xlim(0, x_max)
    ax.set_ylim(n_cat - 0.5, -0.5)  # first category at the top
    ax.set_yticks(range(n_cat), wrapped if wrapped else [""])
    ax.set_xlabel(_axis_label(chart))
    if suffix == "%":
        ax.set_xticks(range(0, 101, 10), [f"{t}%" for t in range(0, 101, 10)])
    ax.tick_params(axis="y", length=0)
    ax.grid(axis="x", color="#e5e6e7", linewidth=0.6)
    ax.set_axisbelow(True)
    for side in ("top", "right"):
        ax.spines[side].set_visible(False)

    _draw_thresholds(ax, chart)
    if n_series > 1:
        fig.legend(
            loc="lower center",
            bbox_to_anchor=(0.5, 0.02 / height),
            ncols=min(n_series, 4),
            frameon=False,
        )
    return fig


def _draw_thresholds(ax: Axes, chart: Chart) -> None:
    """A dashed line per threshold, labelled above the plot with a connector.

    Each label starts at its line and runs right, over the band it opens. Labels are placed
    from the highest threshold down; one that would overlap a label already on a row moves
    up a row, so connectors (which rise from lower-valued lines) never cross a label.
    """
    if not chart.thresholds:
        return
    labels = []
    for value, band in sorted(chart.thresholds, reverse=True):
        ax.axvline(value, color=RED, linestyle=(0, (4, 3)), linewidth=1.1, zorder=3)
        labels.append(
            ax.annotate(
                f"{_format_value(value, chart.value_suffix)} {band}",
                xy=(value, 1.0),
                xycoords=ax.get_xaxis_transform(),
                xytext=(0, 2),
                textcoords="offset points",
                ha="left",
                va="bottom",
                color=RED,
                fontsize=FONT_SIZE - 0.5,
                fontweight="bold",
                annotation_clip=False,
                arrowprops={
                    "arrowstyle": "-",
                    "color": RED,
                    "linestyle": (0, (2, 2)),
                    "linewidth": 1.0,
                    "shrinkA": 0,
                    "shrinkB": 0,
                    "relpos": (0.0, 0.0),
                },
            )
        )
    figure = ax.get_figure(root=True)
    if figure is None:  # pragma: no cover - an axes made by add_subplot has a figure
        return
    renderer = figure.canvas.get_renderer()  # type: ignore[attr-defined]
    rows: list[list[tuple[float, float]]] = []
    row_index = 0
    for label in labels:
        box = label.get_window_extent(renderer)
        span = (box.x0 - _LABEL_GAP, box.x1 + _LABEL_GAP)
        while row_index < len(rows) and any(
            not (span[1] < a or span[0] > b) for a, b in rows[row_index]
        ):
            row_index += 1
        if row_index == len(rows):
            rows.append([])
        rows[row_index].append(span)
        label.xyann = (0, 2 + row_index * (FONT_SIZE + 4))


@functools.lru_cache(maxsize=128)
def chart_png(chart: Chart, dpi: int = 200) -> bytes:
    """The chart as PNG bytes (white background), for Word and other raster uses.

    Memoised: a chart (frozen data) always draws the same, and drawing is the slow part
    of rendering a report, which draws each chart for screen, print and Word."""
    with DRAWING_LOCK, matplotlib.rc_context(_rc(chart)):
        fig = _draw(chart)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi, metadata={"Software": None})
    return buffer.getvalue()


_XML_PROLOGUE = re.compile(r"^.*?(?=<svg\b)", re.DOTALL)
_METADATA = re.compile(r"\s*<metadata>.*?</metadata>", re.DOTALL)
_SVG_SIZE = re.compile(r'<svg\b([^>]*?)\swidth="[^"]*"\s+height="[^"]*"')


_ID = re.compile(r'\sid="([^"]+)"')
_REFERENCE = re.compile(r'(url\(#|href="#)([^")]+)')


def _scope_ids(svg: str, prefix: str) -> str:
    """Keep only the ids the SVG refers to, prefixed, so several charts can share a page."""
    referenced = {match.group(2) for match in _REFERENCE.finditer(svg)}
    svg = _ID.sub(lambda m: f' id="{prefix}-{m.group(1)}"' if m.group(1) in referenced else "", svg)
    return _REFERENCE.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", svg)


_STYLE_ELEMENT = re.compile(r"\s*<defs>\s*<style[^>]*>(.*?)</style>\s*</defs>", re.DOTALL)
_STYLE_ATTRIBUTE = re.compile(r'\sstyle="([^"]*)"')


def _declarations(css: str) -> str:
    pairs = (part.split(":", 1) for part in css.split(";") if ":" in part)
    return "".join(f' {name.strip()}="{value.strip()}"' for name, value in pairs)


def _presentation_attributes(svg: str) -> str:
    """Styles as SVG presentation attributes, not CSS.

    Inline in HTML, a ``<style>`` inside the SVG would apply to the whole page, and ``style``
    attributes with SVG-only properties are noise to HTML CSS parsers (some warn on
    every one). Attributes mean the same to every SVG renderer.
    """
    root_style = _STYLE_ELEMENT.search(svg)
    if root_style:
        svg = _STYLE_ELEMENT.sub("", svg, count=1)
        rules = re.search(r"\*\s*\{([^}]*)\}", root_style.group(1))
        if rules:
            svg = svg.replace("<svg ", f"<svg{_declarations(rules.group(1))} ", 1)
    return _STYLE_ATTRIBUTE.sub(lambda m: _declarations(m.group(1)), svg)


@functools.lru_cache(maxsize=128)
def chart_svg(chart: Chart) -> str:
    """The chart as an inline ``<svg>`` element with ``role="img"`` and its alt text (memoised)."""
    with DRAWING_LOCK, matplotlib.rc_context(_rc(chart)):
        fig = _draw(chart)
        return figure_svg(fig, f"chart-{_digest(chart)}", chart.title, chart.alt_text)


def figure_svg(fig: Figure, key: str, title: str, alt_text: str) -> str:
    """A drawn figure as an inline ``<svg>`` that scales, with its title and text alternative.

    `key` prefixes the SVG's internal ids, so several charts can share a page.
    """
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = _XML_PROLOGUE.sub("", buffer.getvalue(), count=1).strip()
    svg = _METADATA.sub("", svg, count=1)
    svg = _scope_ids(svg, key)
    svg = _presentation_attributes(svg)
    # Scale with its container: keep viewBox, drop the fixed size.
    svg = _SVG_SIZE.sub(r"<svg\1", svg, count=1)
    label = escape(alt_text, quote=True)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{label}" class="chart-svg" ', 1)
    # A <title> as the first child is the SVG-native text alternative.
    svg = re.sub(
        r"<svg\b[^>]*>", lambda m: m.group(0) + f"<title>{escape(title)}</title>", svg, count=1
    )
    return svg
