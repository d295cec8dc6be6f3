"""Charts: deterministic, labelled SVG and PNG of a report's key-question figures."""

from __future__ import annotations

from yjqa.core.documents.model import BarSeries, Chart
from yjqa.reports import chart_png, chart_svg

from sample_report import sample_report


def _kq_chart() -> Chart:
    chart = sample_report().section("standard-2-2").blocks[3]
    assert isinstance(chart, Chart)
    return chart


def test_chart_svg_is_deterministic_and_labelled() -> None:
    chart = _kq_chart()
    first, second = chart_svg(chart), chart_svg(chart)
    assert first == second
    assert first.startswith("<svg ")
    for label in ("80% Outstanding", "65% Good", "50% Requires improvement", "% Yes"):
        assert label in first
    assert chart.alt_text.replace("'", "&#x27;") in first


def test_chart_svg_marks_missing_values() -> None:
    chart = _kq_chart().model_copy(
        update={"series": (BarSeries(label="% Yes", values=(100.0, None, 50.0)),)}
    )
    assert ">n/a<" in chart_svg(chart)


def test_chart_png_is_a_deterministic_png() -> None:
    png = chart_png(_kq_chart(), dpi=72)
    assert png.startswith(b"\x89PNG\r\n\x1a\n")
    assert png == chart_png(_kq_chart(), dpi=72)
