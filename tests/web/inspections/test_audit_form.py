"""The audit form: its progress, an error on each unanswered key question as well as in the
summary, and, after submitting, how the standards' figures moved."""

from __future__ import annotations

import re
from collections.abc import Callable
from fractions import Fraction

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.core.rating.rules import FrameworkRating, StandardResult
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections import audit_services
from yjqa.web.inspections.audit_figures import figures_moved, progress
from yjqa.web.inspections.forms import field_key
from yjqa.web.inspections.models import CaseAudit
from yjqa.web.inspections.ratings import inspection_rating

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def draft_audit() -> CaseAudit:
    """A first marking of the demo inspection that is not yet submitted."""
    audit = (
        CaseAudit.objects.filter(
            inspection__service__slug="northshire",
            inspection__title=DEMO_INSPECTION_TITLE,
            marking=CaseAudit.Marking.FIRST,
            auditor__isnull=False,
        )
        .exclude(status=CaseAudit.Status.SUBMITTED)
        .select_related("inspection__service", "case", "auditor")
        .first()
    )
    assert audit is not None
    return audit


def audit_url(audit: CaseAudit) -> str:
    return reverse("case_audit", args=["northshire", audit.inspection_id, audit.pk])


def post(audit: CaseAudit, answers: dict[str, str], button: str) -> dict[str, str]:
    data = {"version": str(audit.version), "case_manager_interviewed": "yes", button: "1"}
    for question, answer in answers.items():
        data[f"kq_{field_key(question)}"] = answer
    return data


def client(client_for: ClientFor, audit: CaseAudit) -> Client:
    assert audit.auditor is not None
    return client_for(audit.auditor.email)


def test_the_form_says_how_many_key_questions_are_answered(client_for: ClientFor) -> None:
    audit = draft_audit()
    questions = audit_services.audit_key_questions(audit)
    browser = client(client_for, audit)
    assert (
        browser.post(
            audit_url(audit), post(audit, dict.fromkeys(questions[:3], "yes"), "save")
        ).status_code
        == 302
    )
    page = browser.get(audit_url(audit)).content.decode()
    assert f"3 of {len(questions)} key questions answered" in page
    assert 'id="audit-progress"' in page and "yjqa/audit-progress.js" in page


def test_a_refused_submission_puts_the_error_on_each_unanswered_question(
    client_for: ClientFor,
) -> None:
    audit = draft_audit()
    questions = audit_services.audit_key_questions(audit)
    missing = questions[-2:]
    answered = dict.fromkeys(questions[:-2], "yes")
    response = client(client_for, audit).post(audit_url(audit), post(audit, answered, "submit"))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count('class="govuk-error-message"') == len(missing)
    for question in missing:
        key = field_key(question)
        assert f'<a href="#id_kq_{key}_0">Answer key question {question}</a>' in page
        assert f'id="id_kq_{key}_0"' in page  # the link's target exists
        error = re.search(
            rf'id="id_kq_{key}-error" class="govuk-error-message">(.*?)</p>', page, re.S
        )
        assert error and f"Answer key question {question}" in error.group(1)
    assert f"{len(answered)} of {len(questions)} key questions answered" in page
    assert page.count("<title>Error: ") == 1 and "Error: Error:" not in page
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT
    # the page carries the saved draft's version, so answering the rest submits it
    rest = post(audit, dict.fromkeys(questions, "yes"), "submit")
    assert client(client_for, audit).post(audit_url(audit), rest).status_code == 302
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED


def test_after_submitting_the_page_says_how_each_standards_figure_moved(
    client_for: ClientFor,
) -> None:
    audit = draft_audit()
    inspection = audit.inspection
    questions = audit_services.audit_key_questions(audit)
    standard_id = questions[0].rsplit(".", 1)[0]
    before = inspection_rating(inspection).standard(standard_id)
    response = client(client_for, audit).post(
        audit_url(audit), post(audit, dict.fromkeys(questions, "no"), "submit"), follow=True
    )
    page = response.content.decode()
    after = inspection_rating(inspection).standard(standard_id)
    assert after.lowest is not None and before.lowest is not None and after.lowest < before.lowest
    title = inspection.framework.standard(standard_id).title
    sampled = inspection.audits.filter(domain_id=audit.domain_id, marking=1).count()
    expected = (
        f"{standard_id} {title}: {after.lowest}% Yes, down from {before.lowest}%;"
        f" {after.cases} of {sampled} cases"
    )
    assert expected.replace("'", "&#x27;") in page
    assert f"The audit of {audit.label} has been submitted." in page


def _rating(lowest: Fraction | None, rating: str = "Good", cases: int = 3) -> FrameworkRating:
    standard = StandardResult("2.1", rating, None, True, (), lowest, cases)
    return FrameworkRating("hmip-youth-2021", (standard,), None, None, None)


def test_the_figures_say_up_down_unchanged_or_first() -> None:
    audit = draft_audit()
    domain = audit.inspection.framework.domain("2")

    def line(before: FrameworkRating, after: FrameworkRating) -> str:
        return next(s for s in figures_moved(audit, domain, before, after) if s.startswith("2.1 "))

    assert "64% Yes, up from 60%" in line(_rating(Fraction(60)), _rating(Fraction(64)))
    assert "50% Yes, down from 64%" in line(_rating(Fraction(64)), _rating(Fraction(50)))
    assert "64% Yes, unchanged" in line(_rating(Fraction(64)), _rating(Fraction(64)))
    assert "64% Yes, its first figure" in line(_rating(None), _rating(Fraction(64)))
    moved = line(_rating(Fraction(70), "Good"), _rating(Fraction(60), "Requires improvement"))
    assert moved.endswith("; now Requires improvement, was Good")


def test_progress_counts_any_answer_including_not_applicable() -> None:
    assert str(progress(["a", "b", "c"], {"a": "yes", "b": "n/a", "c": ""})) == (
        "2 of 3 key questions answered"
    )
    assert str(progress(["a"], {})) == "0 of 1 key question answered"
