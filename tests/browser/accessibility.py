"""axe-core checks and screenshots for browser tests."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def accessibility_violations(page: Page, name: str) -> list[str]:
    """Run axe-core on the page and describe each violation, of any impact (minor, moderate,
    serious or critical), one a line. Keep a screenshot named `name`."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)
    page.add_script_tag(path=str(AXE))
    results = page.evaluate("async () => await axe.run(document)")
    return [
        f"{name}: {v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results["violations"]
    ]


def check_accessibility(page: Page, name: str) -> None:
    """Run axe-core on the page; fail on any violation, of any impact. Keep a screenshot."""
    bad = accessibility_violations(page, name)
    assert not bad, "; ".join(bad)
