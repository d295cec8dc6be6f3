"""The board pack and the youth justice plan read a 2025 rating: areas and activities and the
overall rating, in the report's words, with no score, whichever kind of inspection it was."""

from __future__ import annotations

from datetime import date

import pytest

from report_2025 import SERVICE, make_2025
from yjqa.core.documents.board_pack import BoardPackInput, build_board_pack
from yjqa.core.documents.model import BulletList, Paragraph, Table
from yjqa.core.documents.ratings_table import area_rating_rows
from yjqa.core.documents.youth_justice_plan import PlanInput, build_plan
from yjqa.reports import render_html


@pytest.mark.parametrize("inspection_type", ["children_and_victims", "full"])
def test_the_board_pack_prints_the_areas_and_the_overall_rating_as_the_report_does(
    inspection_type: str,
) -> None:
    made = make_2025(inspection_type)
    pack = build_board_pack(
        BoardPackInput(
            service=SERVICE,
            meeting_date=date(2026, 3, 12),
            as_at=date(2026, 3, 5),
            framework=made.framework,
            rating=made.rating,
            ratings_source="Mock inspection 2026 (draft)",
        )
    )
    section = pack.section("ratings")
    texts = [b.text for b in section.blocks if isinstance(b, Paragraph)]
    overall = f"Overall, {SERVICE} YJS was rated as '{made.rating.overall}'."
    assert overall in texts
    # The same sentence opens the report's foreword.
    foreword = made.report.section("foreword").blocks[0]
    assert isinstance(foreword, Paragraph) and foreword.text.endswith(overall)
    bullets = next(b for b in section.blocks if isinstance(b, BulletList))
    for area_id, word in made.rating.areas.items():
        title = made.framework.area(area_id).title
        assert any(item.startswith(f"{title} was rated '{word}'") for item in bullets.items)
    table = next(b for b in section.blocks if isinstance(b, Table))
    rows = [tuple(c.text for c in row) for row in table.rows]
    assert rows == area_rating_rows(made.framework, made.rating)
    assert ("Score" not in dict(rows)) and "/36" not in pack.model_dump_json()
    assert any(label.startswith("1.") for label, _ in rows) == (inspection_type == "full")
    assert "Work with victims" in render_html(pack)


def test_the_board_pack_reads_a_2025_rating_in_progress() -> None:
    made = make_2025("full", victims=False, judgements={})
    pack = build_board_pack(
        BoardPackInput(
            service=SERVICE,
            meeting_date=date(2026, 3, 12),
            as_at=date(2026, 3, 5),
            framework=made.framework,
            rating=made.rating,
        )
    )
    texts = [b.text for b in pack.section("ratings").blocks if isinstance(b, Paragraph)]
    assert (
        f"The overall rating for {SERVICE} YJS is not known yet: it follows once organisational "
        "delivery and work with victims have been rated." in texts
    )


def test_the_plan_prints_areas_and_activities_under_their_own_heading() -> None:
    made = make_2025("children_and_victims")
    rows = area_rating_rows(made.framework, made.rating)
    plan = build_plan(
        PlanInput(
            service=SERVICE,
            period="2026 to 2027",
            ratings=rows,
            inspection="Mock inspection 2026.",
            ratings_label="Area and activity",
        )
    )
    table = next(b for b in plan.section("inspection").blocks if isinstance(b, Table))
    assert table.header == ("Area and activity", "Rating")
    assert [(r[0].text, r[1].text) for r in table.rows] == rows
    assert rows[0] == ("Overall rating", made.rating.overall)
