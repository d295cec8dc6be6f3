"""An inspection that has only just begun works like any other: its pages and report files
render, with "Not yet rated" where figures are missing; publishing it lists what is missing
instead of failing; double marking without a second auditor says so; and every form of the
inspection programme answers a wrong value with the GOV.UK error on the field."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from datetime import date

import docx
import pytest
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.document_downloads import download
from tests.web.test_no_server_errors import server_errors

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.inspections import services
from yjqa.web.inspections.models import (
    AuditAnswer,
    CaseAudit,
    Inspection,
    JudgementRecord,
    ReportSnapshot,
    SampledCase,
)
from yjqa.web.inspections.report import publication_gaps
from yjqa.web.inspections.sampling_services import do_draw_sample
from yjqa.web.tenancy.models import Membership, Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
LEAD = "lead@northshire.example"
FRAMEWORKS = [
    ("hmip-youth-2018", ""),
    ("hmip-youth-2021", ""),
    ("hmip-youth-2025", "children_and_victims"),
    ("hmip-youth-2025", "full"),
]
PAGES = [
    "inspection_detail",
    "inspection_edit",
    "inspection_history",
    "ratings",
    "report_contents",
    "draw_sample",
    "add_cases",
    "assign_auditors",
    "double_marking",
    "moderation",
    "agreement",
]


def lead() -> Membership:
    return Membership.objects.get(user__email=LEAD, service__slug="northshire")


def new_mock(framework_id: str, inspection_type: str, **fields: object) -> Inspection:
    """A mock inspection as the QA lead creates it: nothing audited yet."""
    return services.do_create_inspection(
        Actor.member(lead()),
        Service.objects.get(slug="northshire"),
        title=f"Mock inspection ({framework_id} {inspection_type})".strip(),
        framework_id=framework_id,
        inspection_type=inspection_type,
        kind=Inspection.Kind.MOCK,
        **fields,
    )


def url(name: str, inspection: Inspection, *args: object) -> str:
    return reverse(name, args=["northshire", inspection.pk, *args])


def text_of(html: bytes) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html.decode()).split())


def submit_one_audit(inspection: Inspection) -> CaseAudit:
    """One case of the inspection, audited and submitted: every key question 'Yes'."""
    services.do_add_cases(
        Actor.member(lead()),
        inspection,
        CaseRecord.objects.filter(service=inspection.service).order_by("case_ref")[:30],
        None,
    )
    audit = inspection.audits.order_by("pk").first()
    assert audit is not None
    domain = inspection.framework.domain(audit.domain_id)
    AuditAnswer.objects.bulk_create(
        AuditAnswer(audit=audit, key_question_id=q.id, answer="yes")
        for s in domain.standards
        for q in s.key_questions
    )
    CaseAudit.objects.filter(pk=audit.pk).update(status=CaseAudit.Status.SUBMITTED)
    return audit


@pytest.mark.parametrize(("framework_id", "inspection_type"), FRAMEWORKS)
@pytest.mark.parametrize("audited", [False, True], ids=["nothing-audited", "one-audit-in"])
def test_every_page_and_report_file_of_a_new_mock_inspection_renders(
    client_for: ClientFor, framework_id: str, inspection_type: str, audited: bool
) -> None:
    inspection = new_mock(framework_id, inspection_type)
    if audited:
        submit_one_audit(inspection)
    client = client_for(LEAD)
    for name in PAGES:
        assert client.get(url(name, inspection)).status_code == 200, name
    for standard in inspection.framework.standards_for(inspection_type or None):
        page = "judgement" if standard.kind == "judgement" else "findings"
        assert client.get(url(page, inspection, standard.id)).status_code == 200, standard.id
    html = client.get(url("report_file", inspection, "html"))
    assert html.status_code == 200 and "Not yet rated" in text_of(html.content)
    pdf = download(client, url("report_file", inspection, "pdf"))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    pdf_text = " ".join(
        " ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.content)).pages
    )
    assert "Not yet rated" in pdf_text
    word = download(client, url("report_file", inspection, "docx"))
    assert word.status_code == 200
    document = docx.Document(io.BytesIO(word.content))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    assert "Not yet rated" in " ".join(cells + [p.text for p in document.paragraphs])


def test_a_draft_says_not_yet_rated_only_where_figures_are_missing(
    client_for: ClientFor,
) -> None:
    inspection = new_mock("hmip-youth-2021", "")
    audit = submit_one_audit(inspection)
    JudgementRecord.objects.create(inspection=inspection, standard_id="1.1", rating="Good")
    ratings = dict(
        re.findall(
            r"(\d\.\d [A-Z][a-z ,-]+?) (Outstanding|Good|Requires improvement|Inadequate|"
            r"Not yet rated|Not rated)\b",
            text_of(client_for(LEAD).get(url("report_file", inspection, "html")).content),
        )
    )
    assert ratings["1.1 Governance and leadership"] == "Good"
    assert ratings["1.2 Staff"] == "Not yet rated"
    audited = inspection.framework.domain(audit.domain_id).standards[0]
    assert ratings[f"{audited.id} {audited.title}"] == "Outstanding"  # every answer Yes
    other = "3.1" if audit.domain_id == "2" else "2.1"
    assert ratings[f"{other} Assessment"] == "Not yet rated"
    page = client_for(LEAD).get(url("ratings", inspection)).content.decode()
    assert re.search(r'id="rating-12">\s*Not yet rated', page)
    assert re.search(r'id="rating-11">\s*Good', page)


def test_publishing_an_incomplete_inspection_lists_what_is_missing_and_publishes_nothing(
    client_for: ClientFor,
) -> None:
    inspection = new_mock("hmip-youth-2021", "")
    audit = submit_one_audit(inspection)
    unaudited = "out-of-court disposals" if audit.domain_id == "2" else "court disposals"
    waiting = inspection.audits.exclude(status=CaseAudit.Status.SUBMITTED).count()
    response = client_for(LEAD).post(url("inspection_status", inspection), {"status": "published"})
    assert response.status_code == 200
    page = response.content.decode()
    summary = page.split('class="govuk-error-summary"')[1].split("</ul>")[0]
    text = text_of(summary.encode())
    assert "There is a problem" in text
    assert f"No submitted audits for {unaudited}" in text
    assert "Judgement 1.2 Staff not recorded" in text
    assert f"{waiting} case audits are not yet submitted" in text
    assert f'href="{url("judgement", inspection, "1.2")}"' in summary
    assert "govuk-error-message" in page  # on the status field too
    assert "<title>Error: " in page
    inspection.refresh_from_db()
    assert inspection.status != Inspection.Status.PUBLISHED
    assert not ReportSnapshot.objects.filter(inspection=inspection).exists()


def test_the_service_refuses_to_publish_while_anything_is_missing() -> None:
    inspection = new_mock("hmip-youth-2025", "children_and_victims")
    with pytest.raises(services.NotReadyToPublish) as refusal:
        services.do_change_status(Actor.member(lead()), inspection, Inspection.Status.PUBLISHED)
    assert [g.text for g in refusal.value.gaps] == [
        "No submitted audits for work with children",
        "No submitted audits for work with victims",
    ]
    full = new_mock("hmip-youth-2025", "full")
    assert "Judgement 1.4 Appropriate Adult arrangements not recorded" in [
        g.text for g in publication_gaps(full)
    ]


def test_double_marking_without_a_second_auditor_says_so_on_the_page(
    client_for: ClientFor,
) -> None:
    person = User.objects.get(email=LEAD)
    inspection = new_mock("hmip-youth-2021", "", double_marking_percent=20, team=[person])
    services.do_add_cases(
        Actor.member(lead()),
        inspection,
        CaseRecord.objects.filter(service=inspection.service)[:10],
        person,
    )
    client = client_for(LEAD)
    page = client.get(url("double_marking", inspection)).content.decode()
    assert "Double marking needs a second auditor" in page
    chosen = client.post(url("double_marking", inspection), {"choose": "1"})
    assert chosen.status_code == 200
    body = chosen.content.decode()
    assert "govuk-error-summary" in body
    assert "add a second auditor to the team" in body
    assert not inspection.audits.filter(marking=CaseAudit.Marking.SECOND).exists()
    first = inspection.audits.first()
    assert first is not None
    by_hand = client.post(
        url("double_marking", inspection), {"audit": str(first.pk), "auditor": str(person.pk)}
    )
    assert by_hand.status_code == 200
    assert "is the first auditor of" in by_hand.content.decode()
    assert 'id="id_auditor-error"' in by_hand.content.decode()  # on the field


def field_errors(response: object) -> list[str]:
    body = response.content.decode()  # type: ignore[attr-defined]
    return [
        " ".join(re.sub(r"<[^>]+>", " ", e).split())
        for e in re.findall(r'class="govuk-error-message"[^>]*>(.*?)</p>', body, re.S)
    ]


def test_the_inspection_form_answers_wrong_values_on_the_fields(client_for: ClientFor) -> None:
    client = client_for(LEAD)
    response = client.post(
        reverse("inspection_create", args=["northshire"]),
        {
            "title": "",
            "framework_id": "no-such-framework",
            "kind": "mock_inspection",
            "fieldwork_start_0": "32",
            "fieldwork_start_1": "13",
            "fieldwork_start_2": "2026",
            "double_marking_percent": "150",
            "lead": "999999",
            "team": ["999999"],
        },
    )
    assert response.status_code == 200
    errors = " | ".join(field_errors(response))
    for wanted in (
        "Enter a title for the inspection",
        "Select one of the frameworks listed",
        "Fieldwork starts must be a real date",
        "The share of cases to double mark must be 100 or less",
    ):
        assert wanted in errors, errors


def test_each_programme_form_answers_wrong_values_without_a_server_error(
    client_for: ClientFor,
) -> None:
    inspection = new_mock("hmip-youth-2021", "")
    audit = submit_one_audit(inspection)
    client = client_for(LEAD)
    posts = {
        "add_cases": {"cases": ["NO-SUCH-CASE"], "auditor": "999999"},
        "draw_sample": {"domain": "nowhere", "plan_id": "nothing", "seed": "-1x"},
        "assign_auditors": {f"auditor-{audit.pk}": "999999", "share": "x"},
        "double_marking": {"audit": "999999", "auditor": "abc"},
        "inspection_status": {"status": "lost"},
        "add_recommendation": {"addressee": "", "text": "", "order": "first"},
    }
    for name, data in posts.items():
        response = client.post(url(name, inspection), data)
        assert response.status_code < 500, name
        if response.status_code == 200:
            assert "govuk-error" in response.content.decode(), name
    judgement = client.post(
        url("judgement", inspection, "1.1"), {"version": "x", "rating": "Brilliant"}
    )
    assert judgement.status_code == 200 and field_errors(judgement)
    findings = client.post(url("findings", inspection, "2.1"), {"narrative": "x" * 10})
    assert findings.status_code == 302
    assert client.post(url("findings", inspection, "9.9"), {}).status_code == 404
    assert client.get(url("judgement", inspection, "2.1")).status_code == 404  # a case standard


@pytest.mark.parametrize(("framework_id", "inspection_type"), FRAMEWORKS)
def test_no_page_or_form_of_a_new_mock_inspection_gives_a_server_error(
    client_for: ClientFor, framework_id: str, inspection_type: str
) -> None:
    """Every page with odd query strings, and every form on it sent empty and with wrong
    values (the shared check of tests/web/test_no_server_errors.py), on a mock inspection
    with a drawn sample and nothing yet submitted."""
    windows = {
        f"{name}_window_{end}": day
        for name in ("court", "oocd", "resettlement", "children", "victims")
        for end, day in (("start", date(2020, 1, 1)), ("end", date(2027, 12, 31)))
    }
    person = User.objects.get(email=LEAD)
    inspection = new_mock(framework_id, inspection_type, team=[person], **windows)
    domain = "children" if inspection_type else "court"
    do_draw_sample(
        Actor.member(lead()), inspection, domain=domain, plan_id="fixed", seed=3, fixed_size=4
    )
    sample = inspection.samples.get()
    entry = sample.entries.filter(role=SampledCase.Role.SAMPLE).first()
    assert entry is not None
    urls = {name: ("get", url(name, inspection)) for name in PAGES}
    urls |= {
        "sample_detail": ("get", url("sample_detail", inspection, sample.pk)),
        "replace_case": ("get", url("replace_case", inspection, sample.pk, entry.pk)),
        "report_file": ("get", url("report_file", inspection, "html")),
        "inspection_status": ("post", url("inspection_status", inspection)),
        "add_recommendation": ("post", url("add_recommendation", inspection)),
    }
    for standard in inspection.framework.standards_for(inspection_type or None):
        page = "judgement" if standard.kind == "judgement" else "findings"
        urls[f"{page} {standard.id}"] = ("get", url(page, inspection, standard.id))
    assert server_errors(client_for(LEAD), urls) == []


def test_the_framework_cannot_be_changed_once_cases_are_in(client_for: ClientFor) -> None:
    """Its answers belong to the framework they were given under: changing it would leave
    the ratings reading key questions the new framework does not have."""
    inspection = new_mock("hmip-youth-2021", "")
    submit_one_audit(inspection)
    response = client_for(LEAD).post(
        url("inspection_edit", inspection),
        {
            "title": inspection.title,
            "framework_id": "hmip-youth-2025",
            "inspection_type": "children_and_victims",
            "kind": "mock_inspection",
        },
    )
    assert response.status_code == 200
    assert "The framework cannot be changed once cases are in the inspection" in " ".join(
        field_errors(response)
    )
    inspection.refresh_from_db()
    assert inspection.framework_id == "hmip-youth-2021"
    assert client_for(LEAD).get(url("ratings", inspection)).status_code == 200
