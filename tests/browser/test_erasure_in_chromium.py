"""A service's administrator erases a child's records from the case's page: checks what goes
and what stays, is stopped by a wrong reference, then erases; axe-core on every page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import seed_demo
from yjqa.web.inspections.models import CaseAudit

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_administrator_erases_a_childs_records(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    audit = CaseAudit.objects.filter(
        inspection__service__slug="northshire", status="submitted", victim=None
    ).first()
    assert audit is not None and audit.case is not None
    case = audit.case
    ref = case.case_ref
    base = live_server.url
    sign_in(page, base, "admin@northshire.example")
    page.goto(f"{base}/services/northshire/cases/{ref}/")
    page.get_by_role("link", name="erase this child's records").click()
    expect(
        page.get_by_role("heading", name="Check before you erase this child's records", level=1)
    ).to_be_visible()
    expect(page.locator(".govuk-warning-text")).to_contain_text("cannot be undone")
    expect(page.get_by_text("the link from them to the child goes")).to_be_visible()
    check_accessibility(page, "erase-check")

    page.get_by_label("Why are these records being erased?").fill("SAR-2026-014")
    page.get_by_label("Type the case reference to confirm").fill(ref + "9")
    page.get_by_role("button", name="Erase the child's records").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The case reference does not match"
    )
    check_accessibility(page, "erase-check-errors")
    assert CaseRecord.objects.filter(pk=case.pk, case_ref=ref).exists()

    page.get_by_label("Type the case reference to confirm").fill(ref)
    page.get_by_role("button", name="Erase the child's records").click()
    expect(page.locator(".govuk-notification-banner--success")).to_contain_text(
        "The child's records have been erased"
    )
    expect(page.get_by_role("heading", level=1)).to_contain_text("Caseload")
    check_accessibility(page, "erase-done")
    page.get_by_label("Case reference or case manager").fill(ref)
    page.keyboard.press("Enter")
    expect(page.get_by_role("link", name=ref, exact=True)).to_have_count(0)
    case.refresh_from_db()
    assert case.case_ref.startswith("ERASED-")
