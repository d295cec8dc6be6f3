"""The ratings page's how-sure display in Chromium (issue 19): the chances of each rating in
band order with the most likely marked, the caseload they speak for, and axe finds nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import DEMO_INSPECTION_TITLE, seed_demo
from yjqa.web.inspections.models import Inspection

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
SHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
BANDS = ["Outstanding", "Good", "Requires improvement", "Inadequate"]


def test_the_ratings_page_says_how_sure_and_is_accessible(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    court = inspection.samples.get(domain="court").population
    sign_in(page, base, "qa@northshire.example")
    page.goto(f"{base}/services/northshire/inspections/{inspection.pk}/ratings/")
    check_accessibility(page, "how-sure-ratings")
    chances = page.locator("#chances-21")
    expect(chances.locator("caption")).to_contain_text(f"of {court} eligible court cases")
    rows = chances.locator("tbody th").all_inner_texts()
    named = [next(b for b in BANDS if row.startswith(b)) for row in rows]
    assert named == [b for b in BANDS if b in named] and len(named) >= 2  # band order
    marked = [row for row in rows if "Most likely" in row]
    assert len(marked) == 1  # in words, beside the colour of the tag
    page.get_by_text("How sure are these ratings?").click()
    expect(page.locator("#how-sure")).to_contain_text("whole eligible caseload")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "how-sure-ratings-full.png"), full_page=True)
