"""A board member reads the performance indicators; a manager imports indicator data."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import seed_demo
from yjqa.web.jobs.services import run_jobs_now

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_board_member_reads_the_indicators(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "board@northshire.example")
    page.goto(f"{base}/services/northshire/")
    page.get_by_role("link", name="Performance indicators", exact=True).click()
    expect(page.get_by_role("heading", name="Performance indicators", level=1)).to_be_visible()
    expect(page.locator("#headlines")).to_contain_text("First time entrants")
    charts = page.locator("figure svg[role=img]")
    expect(charts.first).to_be_visible()
    assert charts.count() >= 3
    # Small numbers are hidden from the board, and the comparison is this installation's.
    expect(page.locator("#small-numbers")).to_contain_text("fewer than 5 children")
    expect(page.locator("#dispro-outcomes-ethnicity")).to_contain_text("fewer than 5")
    expect(page.locator("#headlines")).to_contain_text("All services in this installation (2)")
    check_accessibility(page, "40-indicators")
    first = page.locator("#period").inner_text()
    page.get_by_label("Year").select_option(index=2)
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#period")).not_to_have_text(first)
    page.get_by_text("The figures behind the chart: first time entrants").click()
    expect(page.get_by_role("table", name=re.compile(r"Per 100,000 children"))).to_be_visible()


def test_manager_imports_indicator_data(page: Page, live_server, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{base}/services/northshire/indicators/data/")
    check_accessibility(page, "41-indicator-data")
    before = int(page.locator("#count-people").inner_text())
    bad = tmp_path / "children.csv"
    bad.write_text(
        "person_id,service,sex,ethnicity,date_of_birth\n"
        "B-1,Northshire YJS,male,white,2010-02-01\n"
        "B-2,Northshire YJS,boy,white,2010-02-31\n"
    )
    page.get_by_label("Children").check()
    page.get_by_label("Upload a file").set_input_files(str(bad))
    # The upload is queued; the queue is run here (as a worker would), and the progress page
    # then lists every problem, or shows the result, by itself.
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(re.compile(r"/services/northshire/jobs/\d+/$"))
    run_jobs_now()
    expect(page.locator("#import-problems")).to_contain_text("row 3, column sex")
    expect(page.locator("#import-problems")).to_contain_text("row 3, column date_of_birth")
    check_accessibility(page, "42-indicator-data-errors")
    page.goto(f"{base}/services/northshire/indicators/data/")
    expect(page.locator("#count-people")).to_have_text(str(before))
    bad.write_text(bad.read_text().replace("boy,white,2010-02-31", "male,white,2010-02-28"))
    page.get_by_label("Children").check()
    page.get_by_label("Upload a file").set_input_files(str(bad))
    page.get_by_role("button", name="Import").click()
    expect(page).to_have_url(re.compile(r"/services/northshire/jobs/\d+/$"))
    run_jobs_now()
    expect(page.locator("#job-state")).to_have_text("Done", timeout=30_000)
    expect(page.get_by_role("status")).to_contain_text(
        "children.csv: 2 rows imported (2 new, 0 updated)"
    )
    page.get_by_role("link", name="See the result").click()
    expect(page.locator("#count-people")).to_have_text(str(before + 2))
