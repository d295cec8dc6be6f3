"""The erasure page: a service's administrator erases one child's records from the case's
page, after checking what goes and what stays, giving a reason and typing the reference."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.audit.models import AuditEvent
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections.models import CaseAudit
from yjqa.web.tenancy.models import AccessLog, Service

pytestmark = pytest.mark.django_db
ClientFor = Callable[[str], Client]


def held_case() -> CaseRecord:
    """A Northshire case a submitted audit holds (so it is kept, pseudonymised)."""
    audit = (
        CaseAudit.objects.filter(
            inspection__service__slug="northshire", status="submitted", victim=None
        )
        .select_related("case")
        .first()
    )
    assert audit is not None and audit.case is not None
    return audit.case


def url(case_ref: str, slug: str = "northshire") -> str:
    return reverse("erase_child", args=[slug, case_ref])


def test_the_case_page_links_to_erasure_for_administrators_only(client_for: ClientFor) -> None:
    case = held_case()
    page = reverse("case_detail", args=["northshire", case.case_ref])
    assert url(case.case_ref) in client_for("admin@northshire.example").get(page).content.decode()
    assert (
        url(case.case_ref) not in client_for("lead@northshire.example").get(page).content.decode()
    )


def test_the_check_page_says_what_goes_and_what_stays(client_for: ClientFor) -> None:
    case = held_case()
    response = client_for("admin@northshire.example").get(url(case.case_ref))
    assert response.status_code == 200
    text = response.content.decode()
    for words in (
        "Check before you erase",
        "What will be removed",
        "What is kept",
        "audits' answers and the ratings built on them stay",
        "the link from them to the child goes",
        "govuk-warning-text",
        "import the service's indicator data",
        case.case_ref,
    ):
        assert words in text, words


@pytest.mark.parametrize("email", ["manager@northshire.example", "lead@northshire.example"])
def test_other_roles_are_refused_and_nothing_is_erased(client_for: ClientFor, email: str) -> None:
    case = held_case()
    client = client_for(email)
    assert client.get(url(case.case_ref)).status_code == 403
    response = client.post(url(case.case_ref), {"reason": "SAR-1", "confirm": case.case_ref})
    assert response.status_code == 403
    assert CaseRecord.objects.filter(pk=case.pk, case_ref=case.case_ref).exists()


def test_another_services_case_is_not_found(client_for: ClientFor) -> None:
    theirs = CaseRecord.objects.filter(service__slug="southvale").first()
    assert theirs is not None
    admin = client_for("admin@northshire.example")
    # Their case under our service's address, and under theirs: neither is found.
    assert not CaseRecord.objects.filter(service__slug="northshire", case_ref=theirs.case_ref)
    assert admin.get(url(theirs.case_ref)).status_code == 404
    assert admin.get(url(theirs.case_ref, "southvale")).status_code == 404
    response = admin.post(
        url(theirs.case_ref, "southvale"), {"reason": "SAR-1", "confirm": theirs.case_ref}
    )
    assert response.status_code == 404
    assert CaseRecord.objects.filter(pk=theirs.pk, case_ref=theirs.case_ref).exists()
    assert admin.get(url("NO-SUCH-CASE")).status_code == 404


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"reason": "", "confirm": "{ref}"}, "Enter why the records are being erased"),
        ({"reason": "   ", "confirm": "{ref}"}, "Enter why the records are being erased"),
        ({"reason": "SAR-1", "confirm": ""}, "Type the case reference to confirm the erasure"),
        ({"reason": "SAR-1", "confirm": "{ref}X"}, "The case reference does not match"),
        ({"reason": "SAR\x07-1", "confirm": "{ref}"}, "must not contain control characters"),
    ],
)
def test_a_missing_reason_or_wrong_confirmation_erases_nothing(
    client_for: ClientFor, data: dict[str, str], error: str
) -> None:
    case = held_case()
    events = AuditEvent.objects.count()
    posted = {name: value.format(ref=case.case_ref) for name, value in data.items()}
    response = client_for("admin@northshire.example").post(url(case.case_ref), posted)
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and error in text
    assert CaseRecord.objects.filter(pk=case.pk, case_ref=case.case_ref).exists()
    assert not AuditEvent.objects.filter(action="erase_child").exists()
    assert AuditEvent.objects.count() == events
    assert not AccessLog.objects.filter(record_type="erasure").exists()


def test_erasing_removes_the_case_from_the_caseload_and_records_it(client_for: ClientFor) -> None:
    case = held_case()
    ref, service = case.case_ref, Service.objects.get(slug="northshire")
    child = list(
        CaseRecord.objects.filter(service=service, child_ref=case.child_ref).values_list(
            "case_ref", flat=True
        )
        if case.child_ref
        else [ref]
    )
    admin = client_for("admin@northshire.example")
    response = admin.post(url(ref), {"reason": " SAR-2026-014 ", "confirm": ref}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("case_list", args=["northshire"])
    text = response.content.decode()
    assert "govuk-notification-banner--success" in text
    assert "The child&#x27;s records have been erased" in text
    assert ref not in text
    assert not CaseRecord.objects.filter(service=service, case_ref__in=child).exists()
    case.refresh_from_db()
    assert case.case_ref.startswith("ERASED-") and case.child_ref == ""
    event = AuditEvent.objects.get(action="erase_child")
    assert event.actor_label == "admin@northshire.example"
    assert event.changes["reason"]["after"] == "SAR-2026-014"
    logged = AccessLog.objects.get(record_type="erasure")
    assert (logged.action, logged.record_ref, logged.user_email) == (
        "delete",
        case.case_ref,
        "admin@northshire.example",
    )
    assert not AccessLog.objects.filter(service=service, record_ref=ref).exists()
    assert admin.get(reverse("case_detail", args=["northshire", ref])).status_code == 404
    assert admin.get(url(ref)).status_code == 404
