"""A board member reads the national benchmark, and where the service's inspection sits in it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.benchmark.demo import seed_demo_benchmark
from yjqa.web.demo import seed_demo

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_member_reads_the_benchmark(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    seed_demo_benchmark()
    base = live_server.url
    sign_in(page, base, "board@northshire.example")
    page.goto(f"{base}/services/northshire/")
    page.get_by_role("link", name="National benchmark").click()
    expect(page.get_by_role("heading", name="National benchmark", level=1)).to_be_visible()
    expect(page.locator("#counted")).to_contain_text("79 inspections are counted")
    expect(page.locator("#counted")).to_contain_text("4 flagged entries")
    charts = page.locator("figure svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() == 2
    check_accessibility(page, "70-benchmark")

    page.get_by_label("Year", exact=True).select_option("2023")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#counted")).to_contain_text("21 inspections are counted for the filters")
    expect(page.get_by_role("table", name=re.compile("Overall ratings by year"))).to_contain_text(
        "2023"
    )

    page.get_by_role("link", name="Standards", exact=True).click()
    expect(page.get_by_role("heading", name="National benchmark: standards")).to_be_visible()
    expect(page.get_by_label("Year", exact=True)).to_have_value("2023")
    expect(page.get_by_role("heading", name="2. Court disposals")).to_be_visible()
    expect(page.get_by_role("heading", name="3. Out-of-court disposals")).to_be_visible()
    # What the source data lacks is said in words, not shown as counts of 0.
    expect(page.locator("#missing-standards")).to_contain_text(
        "standards are missing from the source data"
    )
    expect(page.locator("#standards-2")).not_to_contain_text("2.1 Assessment")
    check_accessibility(page, "71-benchmark-standards")

    page.get_by_role("link", name="Where your inspection sits", exact=True).click()
    expect(page.locator("#standard-positions")).to_contain_text("1.3 Partnerships and services")
    expect(page.locator("#standard-positions")).to_contain_text("Requires improvement or lower")
    check_accessibility(page, "72-benchmark-position")

    page.get_by_role("link", name="Flagged entries", exact=True).click()
    expect(page.locator("#flagged-entries")).to_contain_text("West Sussex")
    expect(page.locator("#flagged-entries")).to_contain_text("is not a whole score out of 36")
    check_accessibility(page, "73-benchmark-flagged")
