"""Browser test helper: a PDF or Word link's "Make the PDF" page, through to the download.

The button queues the job; the test runs the queue in its own process (the live server
shares its in-memory SQLite database), and the progress page, polling, shows the link to
the made file, which downloads.
"""

from __future__ import annotations

import re

from playwright.sync_api import Download, Page, expect

from yjqa.web.jobs.services import run_jobs_now


def make_and_download(page: Page) -> Download:
    """On a document's "Make the ..." page: press the button and download what it made."""
    expect(page.get_by_role("heading", name=re.compile(r"^Make the "))).to_be_visible()
    page.get_by_role("button", name=re.compile(r"^Make the ")).click()
    expect(page.locator("#job-state")).to_be_visible()
    run_jobs_now()
    link = page.locator("#job-result-link")
    expect(link).to_be_visible(timeout=30_000)
    with page.expect_download() as got:
        link.click()
    return got.value
