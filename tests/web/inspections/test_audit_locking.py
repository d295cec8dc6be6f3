"""A submitted audit is locked: its answers show as text, saving it again (even as a draft)
is refused, and only reopening, after a warning and with a reason the history keeps, takes
it back to a draft and out of the ratings until it is submitted again."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections import audit_services
from yjqa.web.inspections.forms import field_key
from yjqa.web.inspections.models import AuditAnswer, CaseAudit
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def submitted_audit() -> CaseAudit:
    """A submitted first marking of the demo inspection, audited by qa@, not double marked."""
    audits = CaseAudit.objects.filter(
        inspection__service__slug="northshire",
        inspection__title=DEMO_INSPECTION_TITLE,
        status=CaseAudit.Status.SUBMITTED,
        marking=CaseAudit.Marking.FIRST,
        auditor__email="qa@northshire.example",
    ).select_related("inspection__service", "case", "auditor")
    double_marked = CaseAudit.objects.filter(
        inspection__title=DEMO_INSPECTION_TITLE, marking=CaseAudit.Marking.SECOND
    ).values("case")
    audit = audits.exclude(case__in=double_marked).order_by("case__case_ref").first()
    assert audit is not None
    return audit


def url(name: str, audit: CaseAudit) -> str:
    return reverse(name, args=["northshire", audit.inspection_id, audit.pk])


def actor(local: str) -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=f"{local}@northshire.example"
        )
    )


def answers_of(audit: CaseAudit) -> dict[str, str]:
    return dict(AuditAnswer.objects.filter(audit=audit).values_list("key_question_id", "answer"))


def draft_post(audit: CaseAudit) -> dict[str, str]:
    """The form as a stale page would post it: every key question answered No, as a draft."""
    data = {"version": str(audit.version), "case_manager_interviewed": "no", "save": "1"}
    for question in audit_services.audit_key_questions(audit):
        data[f"kq_{field_key(question)}"] = "no"
    return data


def test_a_submitted_audit_shows_its_answers_as_text_with_reopen_for_its_auditor(
    client_for: ClientFor,
) -> None:
    audit = submitted_audit()
    page = client_for("qa@northshire.example").get(url("case_audit", audit)).content.decode()
    assert "is locked: its answers count in the ratings" in page
    assert "Reopen this audit" in page and url("reopen_audit", audit) in page
    assert "Save as a draft" not in page and "Submit the audit" not in page
    assert 'type="radio"' not in page  # text, not a disabled form
    first = audit.answers.exclude(answer="").order_by("key_question_id").first()
    assert first is not None
    assert {"yes": "Yes", "no": "No", "n/a": "Not applicable"}[first.answer] in page
    board_like = client_for("inspector@northshire.example").get(url("case_audit", audit))
    assert "Reopen this audit" not in board_like.content.decode()  # not their audit


def test_saving_a_submitted_audit_as_a_draft_never_withdraws_it(client_for: ClientFor) -> None:
    audit = submitted_audit()
    before, rating = answers_of(audit), inspection_rating(audit.inspection)
    response = client_for("qa@northshire.example").post(url("case_audit", audit), draft_post(audit))
    assert response.status_code == 200
    assert "This audit is submitted, so nothing was saved" in response.content.decode()
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED
    assert answers_of(audit) == before
    assert inspection_rating(audit.inspection) == rating


def test_the_service_refuses_to_save_a_submitted_audit() -> None:
    audit = submitted_audit()
    data = audit_services.AuditInput({}, {}, {}, None)
    for submit in (False, True):
        with pytest.raises(audit_services.AuditLocked):
            audit_services.do_save_audit(actor("qa"), audit, audit.version, data, submit=submit)
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED
    assert (
        not AuditEvent.objects.filter(action="save_audit", object_id=str(audit.pk))
        .filter(changes__status__after="draft")
        .exists()
    )


def test_reopening_warns_first_and_needs_a_reason(client_for: ClientFor) -> None:
    audit = submitted_audit()
    client = client_for("qa@northshire.example")
    page = client.get(url("reopen_audit", audit)).content.decode()
    assert "Reopening takes this audit out of the ratings until it is submitted again" in page
    response = client.post(url("reopen_audit", audit), {"reason": "  "})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_reason"' in page and 'id="id_reason-error"' in page
    assert "Say why the audit needs reopening" in page
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED


def test_reopening_takes_the_audit_out_of_the_ratings_and_the_history_keeps_the_reason(
    client_for: ClientFor,
) -> None:
    audit = submitted_audit()
    standard_id = audit_services.audit_key_questions(audit)[0].rsplit(".", 1)[0]
    cases_before = inspection_rating(audit.inspection).standard(standard_id).cases
    response = client_for("qa@northshire.example").post(
        url("reopen_audit", audit), {"reason": "I answered 2.1.1 for the wrong child"}
    )
    assert response.status_code == 302 and response["Location"] == url("case_audit", audit)
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT and audit.submitted_at is None
    assert inspection_rating(audit.inspection).standard(standard_id).cases == (
        (cases_before or 0) - 1
    )
    event = AuditEvent.objects.filter(action="reopen_audit").latest("pk")
    assert event.changes["reason"] == {
        "before": None,
        "after": "I answered 2.1.1 for the wrong child",
    }
    history = client_for("manager@northshire.example").get(
        reverse("inspection_history", args=["northshire", audit.inspection_id])
    )
    text = history.content.decode()
    assert f"Reopened audit {audit.ref}" in text
    assert "Reason: I answered 2.1.1 for the wrong child" in text
    form = client_for("qa@northshire.example").get(url("case_audit", audit)).content.decode()
    assert "Submit the audit" in form  # a draft again, to change and submit


def test_only_someone_who_may_edit_the_audit_reopens_it(client_for: ClientFor) -> None:
    audit = submitted_audit()
    other_auditor = client_for("inspector@northshire.example")
    for method, data in (("get", {}), ("post", {"reason": "Mine now"})):
        response = getattr(other_auditor, method)(url("reopen_audit", audit), data)
        assert response.status_code == 403
        assert "Ask a manager or QA lead" in response.content.decode()
    with pytest.raises(PermissionDenied):
        audit_services.do_reopen_audit(actor("inspector"), audit, "Mine now")
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED
    audit_services.do_reopen_audit(actor("lead"), audit, "The QA lead may")
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT


def test_a_draft_cannot_be_reopened(client_for: ClientFor) -> None:
    audit = submitted_audit()
    audit_services.do_reopen_audit(actor("qa"), audit, "Once")
    with pytest.raises(ValidationError):
        audit_services.do_reopen_audit(actor("qa"), audit, "Twice")
    page = client_for("qa@northshire.example").get(url("reopen_audit", audit))
    assert page.status_code == 200
    assert "This audit is not submitted, so there is nothing to reopen" in page.content.decode()
    assert AuditEvent.objects.filter(action="reopen_audit", object_id=str(audit.pk)).count() == 1
