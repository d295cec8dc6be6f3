"""Safety concerns: raised from an audit with a note, open at the top of the managers' and QA
leads' pages until a QA lead or manager records what was done, and kept with the audit."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.concerns import do_raise_concern, do_resolve_concern, open_concerns
from yjqa.web.inspections.models import CaseAudit, SafetyConcern
from yjqa.web.tenancy.models import Membership, Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def actor(local: str, service: str = "northshire") -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=f"{local}@{service}.example"
        )
    )


def qa_audit(service: str = "northshire") -> CaseAudit:
    """A first marking of the demo inspection audited by qa@."""
    audit = (
        CaseAudit.objects.filter(
            inspection__service__slug=service,
            inspection__title=DEMO_INSPECTION_TITLE,
            auditor__email=f"qa@{service}.example",
            marking=CaseAudit.Marking.FIRST,
        )
        .select_related("inspection__service", "case")
        .order_by("case__case_ref")
        .last()
    )
    assert audit is not None
    return audit


def audit_url(audit: CaseAudit) -> str:
    return reverse(
        "case_audit", args=[audit.inspection.service.slug, audit.inspection_id, audit.pk]
    )


def raise_url(audit: CaseAudit) -> str:
    return reverse(
        "raise_concern", args=[audit.inspection.service.slug, audit.inspection_id, audit.pk]
    )


def test_the_demo_has_one_open_concern_in_each_service() -> None:
    for service in Service.objects.filter(slug__in=["northshire", "southvale"]):
        assert open_concerns(service).count() == 1


def test_an_auditor_raises_a_concern_from_the_audit_and_it_is_open_until_resolved(
    client_for: ClientFor,
) -> None:
    audit = qa_audit()
    client = client_for("qa@northshire.example")
    page = client.get(audit_url(audit)).content.decode()
    assert "Raise a concern about a child's or others' safety" in page
    response = client.post(raise_url(audit), {"concern-note": "The child's sibling is at risk"})
    assert response.status_code == 302
    concern = SafetyConcern.objects.get(audit=audit)
    assert concern.is_open and concern.raised_by_name == "Quinn Auditor"
    assert concern in open_concerns(audit.inspection.service)
    event = AuditEvent.objects.filter(action="raise_concern").latest("pk")
    assert event.object_label == audit.ref and event.inspection_id == audit.inspection_id
    assert event.changes == {"note": {"before": None, "after": "The child's sibling is at risk"}}
    page = client.get(audit_url(audit)).content.decode()
    assert "A safety concern is open on this case" in page
    assert "The child&#x27;s sibling is at risk" in page


def test_a_concern_without_a_note_gets_the_error_on_the_field(client_for: ClientFor) -> None:
    audit = qa_audit()
    response = client_for("qa@northshire.example").post(raise_url(audit), {"concern-note": " "})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'href="#id_concern-note"' in page  # the summary links to the field
    assert 'id="id_concern-note-error"' in page and "Say what the concern is" in page
    assert not SafetyConcern.objects.filter(audit=audit).exists()


def test_only_someone_who_may_edit_the_audit_raises_a_concern_from_it(
    client_for: ClientFor,
) -> None:
    audit = qa_audit()
    with pytest.raises(PermissionDenied):
        do_raise_concern(actor("inspector"), audit, "Something")
    with pytest.raises(PermissionDenied):
        do_raise_concern(actor("board"), audit, "Something")
    response = client_for("inspector@northshire.example").post(
        raise_url(audit), {"concern-note": "Something"}
    )
    assert response.status_code == 403  # inside the service: told who can
    assert "Ask a manager or QA lead" in response.content.decode()
    assert not SafetyConcern.objects.filter(audit=audit).exists()
    do_raise_concern(actor("lead"), audit, "The QA lead may")
    assert SafetyConcern.objects.filter(audit=audit).count() == 1


def test_a_qa_lead_records_what_was_done_and_the_record_stays_with_the_audit(
    client_for: ClientFor,
) -> None:
    audit = qa_audit()
    concern = do_raise_concern(actor("qa"), audit, "Exploitation risk not referred")
    url = reverse("resolve_concern", args=["northshire", concern.pk])
    lead = client_for("lead@northshire.example")
    refused = lead.post(url, {"action_taken": ""})
    assert refused.status_code == 200
    assert "Say what was done about the concern" in refused.content.decode()
    concern.refresh_from_db()
    assert concern.is_open
    response = lead.post(url, {"action_taken": "Referred to the exploitation panel today"})
    assert response.status_code == 302
    concern.refresh_from_db()
    assert not concern.is_open
    assert concern.resolved_by_name == "Lindsay Lead" and concern.resolved_at is not None
    assert concern not in open_concerns(audit.inspection.service)
    event = AuditEvent.objects.filter(action="resolve_concern").latest("pk")
    assert event.changes["what was done"]["after"] == "Referred to the exploitation panel today"
    page = client_for("qa@northshire.example").get(audit_url(audit)).content.decode()
    assert "Referred to the exploitation panel today" in page
    assert "Lindsay Lead" in page and "Resolved" in page
    assert "A safety concern is open on this case" not in page


def test_resolving_is_for_qa_leads_and_managers_and_only_once(client_for: ClientFor) -> None:
    audit = qa_audit()
    concern = do_raise_concern(actor("qa"), audit, "A concern")
    url = reverse("resolve_concern", args=["northshire", concern.pk])
    response = client_for("qa@northshire.example").get(url)
    assert response.status_code == 403
    assert "Ask a manager or QA lead" in response.content.decode()
    with pytest.raises(PermissionDenied):
        do_resolve_concern(actor("qa"), concern, "Nothing")
    do_resolve_concern(actor("manager"), concern, "Told the team manager")
    with pytest.raises(ValidationError):
        do_resolve_concern(actor("lead"), concern, "Again")
    concern.refresh_from_db()
    assert concern.action_taken == "Told the team manager"


def test_another_services_concern_is_not_found_and_not_listed(client_for: ClientFor) -> None:
    theirs = do_raise_concern(actor("qa", "southvale"), qa_audit("southvale"), "Theirs")
    northshire = Service.objects.get(slug="northshire")
    assert theirs not in open_concerns(northshire)
    url = reverse("resolve_concern", args=["northshire", theirs.pk])
    assert client_for("manager@northshire.example").get(url).status_code == 404
