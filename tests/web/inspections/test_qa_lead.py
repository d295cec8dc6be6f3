"""The QA lead runs the inspection programme: every inspection page opens for them, and they
create a 2025 mock inspection, draw its sample, share it among the team, record judgements,
findings and recommendations, moderate, and download the report, all through the pages."""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.document_downloads import download
from tests.web.test_scoping import northshire_urls

from yjqa.web.accounts.models import User
from yjqa.web.demo import DEMO_MOCK_2025_TITLE
from yjqa.web.inspections.models import (
    CaseAudit,
    Inspection,
    JudgementRecord,
    ModerationDecision,
    Recommendation,
    StandardFindings,
)
from yjqa.web.inspections.moderation import moderation_queue

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
LEAD = "lead@northshire.example"
INSPECTION_VIEWS = {
    "inspection_list",
    "inspection_create",
    "inspection_detail",
    "inspection_edit",
    "inspection_history",
    "add_cases",
    "case_audit",
    "judgement",
    "ratings",
    "cases_behind",
    "draw_sample",
    "sample_detail",
    "replace_case",
    "assign_auditors",
    "report_contents",
    "findings",
    "edit_recommendation",
    "report_file",
    "double_marking",
    "moderation",
    "moderate",
    "agreement",
}


def test_every_inspection_page_opens_for_the_qa_lead(client_for: ClientFor) -> None:
    client = client_for(LEAD)
    urls = {v: u for v, (method, u) in northshire_urls().items() if v in INSPECTION_VIEWS}
    assert set(urls) == INSPECTION_VIEWS
    for view, url in urls.items():
        response = client.get(url)
        assert response.status_code == 200, view
        if response["Content-Type"].startswith("text/html"):
            assert "Ask a manager" not in response.content.decode(), view
    mock = Inspection.objects.get(service__slug="northshire", title=DEMO_MOCK_2025_TITLE)
    for name in ("inspection_detail", "ratings", "report_contents", "assign_auditors"):
        assert client.get(reverse(name, args=["northshire", mock.pk])).status_code == 200, name
    detail = client.get(reverse("inspection_detail", args=["northshire", mock.pk])).content
    for action in ("Draw a sample", "Add cases", "Assign auditors", "Change details"):
        assert action in detail.decode(), action  # the managing buttons are the lead's too
    assert "Change the status" in detail.decode()


def test_the_qa_lead_runs_a_2025_mock_inspection_through_the_pages(
    client_for: ClientFor,
) -> None:
    client = client_for(LEAD)
    lead = User.objects.get(email=LEAD)
    qa = User.objects.get(email="qa@northshire.example")
    data = {
        "title": "Spring mock inspection",
        "framework_id": "hmip-youth-2025",
        "inspection_type": "children_and_victims",
        "kind": "mock_inspection",
        "lead": str(lead.pk),
        "team": [str(lead.pk), str(qa.pk)],
    }
    for name in ("children_window", "victims_window"):
        data |= {
            f"{name}_start_0": "1",
            f"{name}_start_1": "4",
            f"{name}_start_2": "2025",
            f"{name}_end_0": "31",
            f"{name}_end_1": "3",
            f"{name}_end_2": "2026",
        }
    created = client.post(reverse("inspection_create", args=["northshire"]), data)
    assert created.status_code == 302
    inspection = Inspection.objects.get(title="Spring mock inspection")
    draw_url = reverse("draw_sample", args=["northshire", inspection.pk])
    page = client.get(draw_url).content.decode()
    assert re.search(r'name="plan_id" value="hmip-2025"[^>]*checked', page)
    drawn = client.post(
        draw_url, {"domain": "children", "plan_id": "hmip-2025", "seed": "7", "fixed_size": ""}
    )
    assert drawn.status_code == 302, drawn.content.decode()[-2000:]
    assert inspection.audits.exists()
    shared = client.post(
        reverse("assign_auditors", args=["northshire", inspection.pk]),
        {"share": "1", "people": [str(lead.pk), str(qa.pk)]},
    )
    assert shared.status_code == 302
    mine = inspection.audits.filter(auditor=lead).count()
    theirs = inspection.audits.filter(auditor=qa).count()
    assert mine + theirs == inspection.audits.count() and abs(mine - theirs) <= 1
    findings = client.post(
        reverse("findings", args=["northshire", inspection.pk, "2.1"]),
        {"narrative": "Assessments were timely.", "strengths": "", "areas_for_improvement": ""},
    )
    assert findings.status_code == 302
    assert StandardFindings.objects.filter(inspection=inspection, standard_id="2.1").exists()
    added = client.post(
        reverse("add_recommendation", args=["northshire", inspection.pk]),
        {"addressee": "The management board", "text": "review victims' contact", "order": "1"},
    )
    assert added.status_code == 302
    assert Recommendation.objects.filter(inspection=inspection).count() == 1
    for fmt in ("html", "pdf", "docx"):
        report = download(client, reverse("report_file", args=["northshire", inspection.pk, fmt]))
        assert report.status_code == 200, fmt


def test_the_qa_lead_records_judgements_and_moderates(client_for: ClientFor) -> None:
    client = client_for(LEAD)
    urls = northshire_urls()
    inspection = Inspection.objects.get(pk=int(urls["inspection_detail"][1].split("/")[-2]))
    saved = client.post(
        reverse("judgement", args=["northshire", inspection.pk, "1.1"]),
        {"version": str(inspection.judgements.get(standard_id="1.1").version), "rating": "Good"},
    )
    assert saved.status_code == 302
    assert JudgementRecord.objects.get(inspection=inspection, standard_id="1.1").rating == "Good"
    lead = User.objects.get(email=LEAD)
    waiting = next(
        d
        for d in moderation_queue(inspection)
        if lead.pk
        not in (d.marked.first.auditor_id, d.marked.second and d.marked.second.auditor_id)
    )
    moderated = client.post(
        reverse(
            "moderate",
            args=["northshire", inspection.pk, waiting.marked.first.ref, waiting.key_question_id],
        ),
        {"agreed_answer": "yes", "reason": "The plan covered it."},
    )
    assert moderated.status_code == 302
    assert ModerationDecision.objects.filter(
        inspection=inspection, moderated_by=lead, key_question_id=waiting.key_question_id
    ).exists()
    assert CaseAudit.objects.filter(inspection=inspection).exists()
