"""Feedback to case managers: an auditor leaves it from the audit; the case's own case manager
(matched by name, whatever its case) reads it on "Feedback on your cases" and replies; QA leads
and managers read all of it; everyone's reading is in the access log."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.concerns import (
    do_leave_feedback,
    do_reply_to_feedback,
    feedback_for,
)
from yjqa.web.inspections.models import AuditFeedback, CaseAudit
from yjqa.web.tenancy.models import AccessLog, Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def membership(local: str, service: str = "northshire") -> Membership:
    return Membership.objects.select_related("user", "service").get(
        user__email=f"{local}@{service}.example"
    )


def actor(local: str, service: str = "northshire") -> Actor:
    return Actor.member(membership(local, service))


def demo_thread_audit() -> CaseAudit:
    """The audit the demo's feedback thread is on (a case of casemanager@)."""
    feedback = AuditFeedback.objects.filter(audit__inspection__service__slug="northshire").first()
    assert feedback is not None
    return feedback.audit


def test_the_demo_has_a_feedback_thread_with_a_reply_in_each_service() -> None:
    for slug in ("northshire", "southvale"):
        thread = AuditFeedback.objects.filter(audit__inspection__service__slug=slug)
        assert [f.is_reply for f in thread.order_by("written_at", "pk")] == [False, True]


def another_case_managers_audit() -> CaseAudit:
    name = membership("casemanager").user.full_name
    audit = (
        CaseAudit.objects.filter(
            inspection__service__slug="northshire",
            inspection__title=DEMO_INSPECTION_TITLE,
            auditor__email="qa@northshire.example",
        )
        .exclude(case__case_manager__iexact=name)
        .select_related("inspection__service", "case")
        .first()
    )
    assert audit is not None
    return audit


def test_the_demo_case_manager_reads_the_feedback_on_their_own_case(
    client_for: ClientFor,
) -> None:
    audit = demo_thread_audit()
    mine = membership("casemanager")
    assert audit.case.case_manager.casefold() == mine.user.full_name.casefold()
    page = client_for("casemanager@northshire.example").get(
        reverse("my_feedback", args=["northshire"])
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Feedback on your cases" in text and f"Case {audit.ref}" in text
    assert AccessLog.objects.filter(
        user=mine.user, record_ref=audit.ref, record_type="feedback on a case audit"
    ).exists()


def test_a_case_manager_sees_only_their_own_cases_matched_whatever_the_case_of_the_name() -> None:
    mine, theirs = demo_thread_audit(), another_case_managers_audit()
    do_leave_feedback(actor("qa"), theirs, "For someone else")
    case_manager = membership("casemanager")
    User.objects.filter(pk=case_manager.user.pk).update(
        full_name=case_manager.user.full_name.upper()
    )
    case_manager = membership("casemanager")
    audits = {f.audit_id for f in feedback_for(case_manager)}
    assert audits == {mine.pk}
    everything = {f.audit_id for f in feedback_for(membership("manager"))}
    assert {mine.pk, theirs.pk} <= everything
    assert {f.audit_id for f in feedback_for(membership("lead"))} == everything
    assert not feedback_for(membership("qa")).exists()  # an auditor reads it on the audit
    assert not feedback_for(membership("board")).exists()


def test_a_case_manager_without_a_name_matches_no_case() -> None:
    case_manager = membership("casemanager")
    Membership.objects.filter(pk=case_manager.pk).update(display_name="")
    User.objects.filter(pk=case_manager.user.pk).update(full_name="")
    assert not feedback_for(membership("casemanager")).exists()


def test_a_case_manager_is_matched_by_their_name_in_the_service() -> None:
    # The caseload names the case manager as the service knows them, which may not be the
    # account's name (a person in two services, say).
    mine = demo_thread_audit()
    case_manager = membership("casemanager")
    service_name = case_manager.display_name or case_manager.user.full_name
    User.objects.filter(pk=case_manager.user.pk).update(full_name="Another Name")
    Membership.objects.filter(pk=case_manager.pk).update(display_name=service_name)
    assert {f.audit_id for f in feedback_for(membership("casemanager"))} == {mine.pk}
    Membership.objects.filter(pk=case_manager.pk).update(display_name="Another Name")
    assert not feedback_for(membership("casemanager")).exists()


def test_the_case_manager_replies_and_the_reply_is_recorded(client_for: ClientFor) -> None:
    audit = demo_thread_audit()
    url = reverse("feedback_thread", args=["northshire", audit.pk])
    client = client_for("casemanager@northshire.example")
    assert "Send the reply" in client.get(url).content.decode()
    empty = client.post(url, {"text": ""})
    assert empty.status_code == 200
    assert 'id="id_text-error"' in empty.content.decode()
    assert "Write your reply" in empty.content.decode()
    response = client.post(url, {"text": "Done: the plan now has a review date"})
    assert response.status_code == 302
    reply = AuditFeedback.objects.filter(audit=audit).latest("pk")
    assert reply.is_reply and reply.text == "Done: the plan now has a review date"
    assert reply.author == membership("casemanager").user
    event = AuditEvent.objects.filter(action="reply_to_feedback").latest("pk")
    assert event.changes == {
        "reply": {"before": None, "after": "Done: the plan now has a review date"}
    }
    assert "Done: the plan now has a review date" in (
        client_for("qa@northshire.example")
        .get(reverse("case_audit", args=["northshire", audit.inspection_id, audit.pk]))
        .content.decode()
    )


def test_only_the_cases_own_case_manager_may_reply() -> None:
    audit = demo_thread_audit()
    for who in ("manager", "lead", "qa"):
        with pytest.raises(PermissionDenied):
            do_reply_to_feedback(actor(who), audit, "Not mine to answer")
    theirs = another_case_managers_audit()
    do_leave_feedback(actor("qa"), theirs, "For someone else")
    with pytest.raises(PermissionDenied):
        do_reply_to_feedback(actor("casemanager"), theirs, "Not my case")
    assert not AuditFeedback.objects.filter(audit=theirs, is_reply=True).exists()


def test_another_case_managers_thread_is_not_found(client_for: ClientFor) -> None:
    theirs = another_case_managers_audit()
    do_leave_feedback(actor("qa"), theirs, "For someone else")
    url = reverse("feedback_thread", args=["northshire", theirs.pk])
    client = client_for("casemanager@northshire.example")
    assert client.get(url).status_code == 404
    assert client.post(url, {"text": "Mine now"}).status_code == 404
    manager = client_for("manager@northshire.example").get(url)
    assert manager.status_code == 200 and "Send the reply" not in manager.content.decode()


def test_feedback_pages_are_not_for_auditors_or_board_members(client_for: ClientFor) -> None:
    url = reverse("my_feedback", args=["northshire"])
    for who in ("qa", "board"):
        response = client_for(f"{who}@northshire.example").get(url)
        assert response.status_code == 403
    assert client_for("qa@southvale.example").get(url).status_code == 404


def test_an_auditor_leaves_feedback_from_the_audit(client_for: ClientFor) -> None:
    audit = another_case_managers_audit()
    url = reverse("leave_feedback", args=["northshire", audit.inspection_id, audit.pk])
    client = client_for("qa@northshire.example")
    empty = client.post(url, {"feedback-text": ""})
    assert empty.status_code == 200
    assert "Write the feedback for the case manager" in empty.content.decode()
    assert client.post(url, {"feedback-text": "A clear plan"}).status_code == 302
    feedback = AuditFeedback.objects.get(audit=audit)
    assert not feedback.is_reply and feedback.author_name == "Quinn Auditor"
    assert AuditEvent.objects.filter(action="leave_feedback", object_id=str(feedback.pk)).exists()
    refused = client_for("board@northshire.example").post(url, {"feedback-text": "No"})
    assert refused.status_code == 403  # board members do not read case audits
    with pytest.raises(PermissionDenied):
        do_leave_feedback(actor("inspector"), audit, "Not my audit")
