"""Small numbers in the board pack: figures from fewer than 5 children, and those that would
give them away, are shown in words, never as numbers (the pack is meant for sharing)."""

from __future__ import annotations

import copy

from tests.core.documents.test_board_pack import INDICATORS, pack_input, rows, texts

from yjqa.core.documents.board_pack import build_board_pack
from yjqa.core.indicators.suppression import suppress_one
from yjqa.reports import render_html


def small() -> dict[str, object]:
    figures = copy.deepcopy(INDICATORS)
    figures["custody"] = {"count": 2, "population": 24050, "rate_per_1000": 0.0832}
    figures["fte"] = {"count": 3, "population": 24050, "rate_per_100k": 12.5}
    kpis = figures["kpis"]
    assert isinstance(kpis, dict)
    kpis["mental_health"] = {"numerator": 3, "denominator": 40, "percent": 7.5}
    return suppress_one(figures)


def test_figures_from_fewer_than_5_children_read_fewer_than_5() -> None:
    pack = build_board_pack(pack_input(indicators=small()))
    headline = rows(pack, "indicators", "Headline indicators")
    assert ["Use of custody", "Custodial sentences", "fewer than 5"] in headline
    assert ["Use of custody", "Per 1,000 children aged 10 to 17", "fewer than 5"] in headline
    assert ["First time entrants", "Children", "fewer than 5"] in headline
    kpis = {row[0]: row[2:] for row in rows(pack, "indicators", "Key performance indicators")}
    assert kpis["KPI 4: mental health"] == ["fewer than 5", "fewer than 5"]
    words = texts(pack, "indicators")
    assert "fewer than 5 custodial sentences were given" in words
    assert "fewer than 5 children entered the youth justice system" in words
    assert "so that no child can be identified" in words
    html = render_html(pack)
    for hidden in ("12.5", "0.1", "7.5%", "3 of 40"):
        assert hidden not in words, hidden
    assert "3 of 40" not in html


def test_with_no_small_numbers_the_pack_shows_every_figure_and_no_note() -> None:
    figures = copy.deepcopy(INDICATORS)
    kpis = figures["kpis"]
    assert isinstance(kpis, dict)
    kpis["send"] = {"numerator": 12, "denominator": 20, "percent": 60.0}  # not 0 of 0
    pack = build_board_pack(pack_input(indicators=suppress_one(figures)))
    assert ["Use of custody", "Custodial sentences", "8"] in rows(
        pack, "indicators", "Headline indicators"
    )
    assert "no child can be identified" not in texts(pack, "indicators")
