"""Double mark a case, disagree, moderate, and see the ratings and agreement follow."""

from __future__ import annotations

import re

import pytest
from django.utils.text import slugify
from playwright.sync_api import Page, expect
from signing_in import sign_in

from yjqa.web.demo import DEMO_INSPECTION_TITLE, seed_demo
from yjqa.web.inspections.models import CaseAudit, Inspection

from accessibility import check_accessibility

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def overall_pairs(page: Page) -> int:
    return int(page.locator("#agreement-all td").first.inner_text())


def test_double_mark_disagree_moderate_and_see_the_ratings_change(page: Page, live_server) -> None:  # type: ignore[no-untyped-def]
    seed_demo()
    base = live_server.url
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    home = f"{base}/services/northshire/inspections/{inspection.pk}"
    double = inspection.audits.filter(marking=CaseAudit.Marking.SECOND).values("case_id")
    first = (
        inspection.audits.filter(
            marking=CaseAudit.Marking.FIRST,
            status=CaseAudit.Status.SUBMITTED,
            auditor__email="qa@northshire.example",
        )
        .exclude(case_id__in=double)
        .select_related("case")
        .first()
    )
    assert first is not None
    ref = first.case.case_ref
    answers = dict(first.answers.values_list("key_question_id", "answer"))
    question = next(q for q, a in answers.items() if a == "no")

    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{home}/agreement/")
    check_accessibility(page, "30-agreement")
    pairs_before = overall_pairs(page)
    page.goto(f"{home}/ratings/")
    yes_before = int(page.locator(f"#yes-{slugify(question)}").inner_text())

    page.goto(f"{home}/")
    page.get_by_role("link", name="Double marking", exact=True).click()
    check_accessibility(page, "31-double-marking")
    page.get_by_label("Case").select_option(label=f"{ref} (first auditor: Quinn Auditor)")
    page.get_by_label("Second auditor").select_option(label="Indra Inspector")
    page.get_by_role("button", name="Double mark this case").click()
    expect(page.get_by_text(f"{ref} will be double marked by Indra Inspector.")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    # The inspector audits the case on their own, and answers one key question differently.
    sign_in(page, base, "inspector@northshire.example")
    second = inspection.audits.get(case=first.case, marking=CaseAudit.Marking.SECOND)
    page.goto(f"{home}/audits/{second.pk}/")
    expect(page.get_by_role("heading", name=f"Case {ref}")).to_be_visible()
    for key_question, answer in answers.items():
        value = "yes" if key_question == question else answer
        page.locator(f"input[name='kq_{key_question.replace('.', '_')}'][value='{value}']").check()
    page.locator("input[name='case_manager_interviewed'][value='yes']").check()
    page.get_by_role("button", name="Submit the audit").click()
    expect(page.get_by_text(f"The audit of case {ref} has been submitted")).to_be_visible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, base, "manager@northshire.example")
    page.goto(f"{home}/ratings/")
    expect(page.locator("#awaiting-moderation")).to_be_visible()
    page.get_by_role("link", name="Go to moderation").click()
    check_accessibility(page, "32-moderation")
    page.get_by_role("link", name=f"Moderate {question} for {ref}").click()
    expect(page.locator("#the-two-answers")).to_contain_text("Indra Inspector")
    check_accessibility(page, "33-moderate")
    page.get_by_role("button", name="Record the agreed answer").click()
    expect(page.get_by_text("Select the agreed answer").first).to_be_visible()
    check_accessibility(page, "34-moderate-errors")
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("Why is this the right answer?").fill(
        "The plan was reviewed when the child moved home."
    )
    page.get_by_role("button", name="Record the agreed answer").click()
    expect(page.get_by_text(f"{question} for {ref} has been moderated.")).to_be_visible()
    history = page.locator("#moderation-history")
    expect(history).to_contain_text("The plan was reviewed when the child moved home.")
    expect(history.locator("tr", has_text=ref).first).to_contain_text("Quinn Auditor")

    page.goto(f"{home}/ratings/")
    expect(page.locator(f"#yes-{slugify(question)}")).to_have_text(str(yes_before + 1))
    expect(page.locator("#how-sure")).to_be_visible()
    page.goto(f"{home}/agreement/")
    assert overall_pairs(page) == pairs_before + len(answers)
    expect(page.locator("#agreement-by-key-question")).to_contain_text(question)
    expect(page.locator("#agreement-all")).to_contain_text(re.compile(r"\d+%"))
