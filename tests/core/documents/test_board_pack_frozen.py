"""A held meeting's board pack: kept as plain JSON, rendered again exactly as the board saw it,
and saying so."""

from __future__ import annotations

import json
from datetime import date

from tests.core.documents.test_board_pack import MEETING, pack_input, texts

from yjqa.core.documents.board_pack import (
    build_board_pack,
    pack_from_json,
    pack_to_json,
)
from yjqa.core.documents.model import Table
from yjqa.reports import render_docx, render_html


def test_a_pack_goes_to_plain_json_and_back_unchanged() -> None:
    pack = build_board_pack(pack_input(presented_on=MEETING))
    kept = json.dumps(pack_to_json(pack))  # plain JSON: it survives a text column
    again = pack_from_json(json.loads(kept))
    assert again == pack
    assert render_html(again) == render_html(pack)
    assert len(render_docx(again)) > 0
    # Every kind of block and cell survives: ratings, numbers, bold, footnotes.
    tables = [b for s in again.sections for b in s.blocks if isinstance(b, Table)]
    assert any(c.rating for t in tables for r in t.rows for c in r)
    assert any(t.footnotes for t in tables) and any(t.numeric_columns for t in tables)
    assert again.cover.detail_lines() == pack.cover.detail_lines()


def test_a_frozen_pack_says_it_is_as_presented_to_the_board() -> None:
    frozen = build_board_pack(pack_input(presented_on=MEETING))
    line = "As presented to the board on 10 September 2025"
    assert ("Pack", f"{line}: it does not change") in frozen.cover.detail_lines()
    assert texts(frozen, "summary").startswith(line)
    assert line in render_html(frozen)
    live = build_board_pack(pack_input())
    assert "As presented" not in render_html(live)
    assert ("Pack", "As things stand today: frozen when the meeting is marked held") in (
        live.cover.detail_lines()
    )


def test_a_pack_with_no_published_inspection_says_so() -> None:
    pack = build_board_pack(pack_input(framework=None, rating=None, presented_on=date(2026, 1, 5)))
    assert texts(pack, "ratings").startswith("No published inspection")
