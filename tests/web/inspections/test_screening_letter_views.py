"""A short quality screening is reported as a letter: its details are written on their own
page (screenings only), saved by one audited service function, and the report's links give
the letter in HTML, PDF and Word."""

from __future__ import annotations

import io
from collections.abc import Callable

import docx
import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.document_downloads import download

from yjqa.core.documents.screening_letter import TITLE
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.demo_screening import (
    DEMO_SCREENING_CASES,
    DEMO_SCREENING_TITLE,
    seed_demo_screening,
)
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.report import local_reoffending
from yjqa.web.inspections.report_services import do_save_letter
from yjqa.web.tenancy.models import Membership, Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
LETTER = {
    "letter_to": "Chair of the management board",
    "letter_from": "Lead inspector",
    "copy_to": "Head of service: Sam Smith\nPolice: Pat Jones",
    "operational_management": "Oversight was good.",
    "key_strengths": "A strength.\nAnother strength.",
}


@pytest.fixture
def screening() -> Inspection:
    """The demo's screening, as `yjqa demo` seeds it."""
    return Inspection.objects.get(service__slug="northshire", title=DEMO_SCREENING_TITLE)


def url(name: str, inspection: Inspection, *extra: str) -> str:
    return reverse(name, args=["northshire", inspection.pk, *extra])


def member(local: str) -> Actor:
    return Actor.member(
        Membership.objects.get(
            user__email=f"{local}@northshire.example", service__slug="northshire"
        )
    )


def test_the_demo_screening_is_seeded_once_with_every_audit_submitted(
    screening: Inspection,
) -> None:
    assert screening.framework_id == "hmip-sqs-2016"
    assert screening.audits.filter(status="submitted").count() == DEMO_SCREENING_CASES
    assert screening.letter_to and screening.key_strengths and screening.copy_to
    assert seed_demo_screening(screening.service) is None
    assert (
        Inspection.objects.filter(service=screening.service, title=DEMO_SCREENING_TITLE).count()
        == 1
    )


def test_the_report_page_offers_the_letters_details_only_for_a_screening(
    client_for: ClientFor, screening: Inspection
) -> None:
    client = client_for("manager@northshire.example")
    page = client.get(url("report_contents", screening)).content.decode()
    assert "Preview the letter (web page)" in page
    assert url("report_letter", screening) in page
    other = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    page = client.get(url("report_contents", other)).content.decode()
    assert "report/letter/" not in page and "Preview the report (web page)" in page
    assert client.get(url("report_letter", other)).status_code == 404


def test_saving_the_letters_details_writes_them_and_an_audit_row(
    client_for: ClientFor, screening: Inspection
) -> None:
    client = client_for("manager@northshire.example")
    response = client.post(url("report_letter", screening), LETTER)
    assert response.status_code == 302
    screening.refresh_from_db()
    assert {name: getattr(screening, name) for name in LETTER} == LETTER
    event = AuditEvent.objects.filter(action="save_letter").order_by("-id")[0]
    assert event.inspection_id == screening.pk
    assert event.actor is not None and event.actor.email == "manager@northshire.example"
    assert event.changes["letter_to"]["after"] == "Chair of the management board"


def test_a_copy_list_line_without_a_role_is_a_govuk_error(
    client_for: ClientFor, screening: Inspection
) -> None:
    client = client_for("manager@northshire.example")
    before = AuditEvent.objects.count()
    response = client.post(url("report_letter", screening), {**LETTER, "copy_to": "Sam Smith"})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Error: ") >= 1 and "govuk-error-summary" in page
    assert "Enter line 1 of the copy list as the role, a colon, then the name" in page
    assert AuditEvent.objects.count() == before


def test_saving_the_letter_is_refused_without_the_permission(screening: Inspection) -> None:
    before = (AuditEvent.objects.count(), Inspection.objects.get(pk=screening.pk).letter_to)
    with pytest.raises(PermissionDenied):
        do_save_letter(member("board"), screening, **LETTER)
    assert (AuditEvent.objects.count(), Inspection.objects.get(pk=screening.pk).letter_to) == before


def test_the_reports_links_give_the_letter_in_every_format(
    client_for: ClientFor, screening: Inspection
) -> None:
    client = client_for("board@northshire.example")
    html = client.get(url("report_file", screening, "html")).content.decode()
    assert 'class="letter-head"' in html and TITLE in html
    assert "Chair of the Northshire" in html  # the demo's addressee
    local = local_reoffending(screening.service)
    name = screening.service.name
    if local is None:
        assert f"yjqa holds no reoffending figure for {name}" in html
    else:
        assert f"The reoffending rate for {name} was {local.rate:.1f}%" in html
    assert "32.5%" in html
    response = download(client, url("report_file", screening, "pdf") + "?download=1")
    assert f"northshire-screening-letter-{screening.pk}.pdf" in response["Content-Disposition"]
    pages = PdfReader(io.BytesIO(response.content)).pages
    first = " ".join((pages[0].extract_text() or "").split())
    assert "To: Chair of the Northshire" in first and "Context" in first
    words = docx.Document(
        io.BytesIO(download(client, url("report_file", screening, "docx")).content)
    )
    assert any(p.text.startswith(TITLE) for p in words.paragraphs)
    # The letter's title is the Word file's title (its outline and screen readers find it).
    titled = [p.text for p in words.paragraphs if p.style is not None and p.style.name == "Title"]
    assert titled == [f"{TITLE} {name}"]


def test_a_service_without_indicator_data_has_no_local_reoffending_figure() -> None:
    empty = Service.objects.create(name="Emptyshire YJS", slug="emptyshire", code="EMP")
    assert local_reoffending(empty) is None
