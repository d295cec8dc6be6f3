"""Running an inspection: the generated audit form, saving, submitting, locking, ratings."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from tests.web.inspections.publishing import make_ready_to_publish

from yjqa.core.frameworks.shipped import get_framework
from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections import audit_services, services
from yjqa.web.inspections.forms import field_key
from yjqa.web.inspections.models import AuditAnswer, CaseAudit, Inspection
from yjqa.web.inspections.ratings import inspection_rating
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def open_audit() -> CaseAudit:
    audit = (
        CaseAudit.objects.filter(
            inspection__service__slug="northshire", inspection__title=DEMO_INSPECTION_TITLE
        )
        .exclude(status=CaseAudit.Status.SUBMITTED)
        .select_related("inspection", "auditor", "case")
        .first()
    )
    assert audit is not None
    return audit


def audit_url(audit: CaseAudit) -> str:
    return reverse("case_audit", args=["northshire", audit.inspection_id, audit.pk])


def questions(audit: CaseAudit) -> list[str]:
    framework = get_framework(audit.inspection.framework_id)
    domain = next(d for d in framework.domains if d.id == audit.domain_id)
    return [q.id for s in domain.standards if s.kind == "case" for q in s.key_questions]


def form_data(audit: CaseAudit, answers: dict[str, str], **extra: str) -> dict[str, str]:
    data = {"version": str(audit.version), "case_manager_interviewed": "yes", **extra}
    for question, answer in answers.items():
        data[f"kq_{field_key(question)}"] = answer
        data[f"evidence_{field_key(question)}"] = f"Evidence for {question}"
    return data


def auditor_client(client_for: ClientFor, audit: CaseAudit) -> Client:
    assert audit.auditor is not None
    return client_for(audit.auditor.email)


def test_the_form_asks_every_key_question_of_the_cases_domain(client_for: ClientFor) -> None:
    audit = open_audit()
    page = auditor_client(client_for, audit).get(audit_url(audit)).content.decode()
    framework = get_framework("hmip-youth-2021")
    for question_id in questions(audit):
        _, question = framework.key_question(question_id)
        assert f"{question.id} {question.text}".replace("'", "&#x27;") in page
        for prompt in question.prompts:
            assert f"prompt_{field_key(prompt.id)}" in page
    from yjqa.web.tenancy.models import AccessLog

    assert AccessLog.objects.filter(
        record_ref=audit.case.case_ref, record_type="case audit"
    ).exists()
    other = "3" if audit.domain_id == "2" else "2"
    assert f"kq_{other}_1_1" not in page
    assert "Was the case manager interviewed?" in page


def test_a_draft_keeps_partial_answers(client_for: ClientFor) -> None:
    audit = open_audit()
    first = questions(audit)[0]
    response = auditor_client(client_for, audit).post(
        audit_url(audit), form_data(audit, {first: "yes"}, save="1")
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT
    saved = AuditAnswer.objects.get(audit=audit, key_question_id=first)
    assert (saved.answer, saved.evidence) == ("yes", f"Evidence for {first}")


def test_submission_is_refused_while_a_key_question_is_unanswered(client_for: ClientFor) -> None:
    audit = open_audit()
    all_but_last = {q: "yes" for q in questions(audit)[:-1]}
    response = auditor_client(client_for, audit).post(
        audit_url(audit), form_data(audit, all_but_last, submit="1")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "The audit cannot be submitted yet" in page
    assert f"Answer key question {questions(audit)[-1]}" in page
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.DRAFT  # saved, not submitted: no work lost
    assert AuditAnswer.objects.filter(audit=audit, answer="yes").count() == len(all_but_last)


def test_submitting_moves_the_ratings(client_for: ClientFor) -> None:
    audit = open_audit()
    inspection = audit.inspection
    standard_id = questions(audit)[0].rsplit(".", 1)[0]
    before = inspection_rating(inspection).standard(standard_id)
    answers = {q: "no" for q in questions(audit)}
    response = auditor_client(client_for, audit).post(
        audit_url(audit), form_data(audit, answers, submit="1")
    )
    assert response.status_code == 302
    audit.refresh_from_db()
    assert audit.status == CaseAudit.Status.SUBMITTED
    after = inspection_rating(inspection).standard(standard_id)
    assert after.cases == (before.cases or 0) + 1
    assert after.lowest is not None and before.lowest is not None
    assert after.lowest <= before.lowest
    ratings_page = client_for("board@northshire.example").get(
        reverse("ratings", args=["northshire", inspection.pk])
    )
    assert f"{after.cases} cases" in ratings_page.content.decode()


def test_two_auditors_never_silently_overwrite_each_other(client_for: ClientFor) -> None:
    audit = open_audit()
    first_question = questions(audit)[0]
    version = audit.version
    alice = auditor_client(client_for, audit)
    manager = client_for("manager@northshire.example")  # opened the same audit at `version`
    assert (
        alice.post(
            audit_url(audit), form_data(audit, {first_question: "yes"}, save="1")
        ).status_code
        == 302
    )
    stale = form_data(audit, {first_question: "no"}, save="1")
    stale["version"] = str(version)
    response = manager.post(audit_url(audit), stale)
    page = response.content.decode()
    assert response.status_code == 200
    assert "Your changes were not saved" in page
    assert AuditAnswer.objects.get(audit=audit, key_question_id=first_question).answer == "yes"


def test_the_service_layer_refuses_a_stale_save() -> None:
    audit = open_audit()
    user = User.objects.get(email="manager@northshire.example")
    actor = Actor.member(Membership.objects.get(user=user, service__slug="northshire"))
    data = audit_services.AuditInput({}, {}, {}, None)
    audit_services.do_save_audit(actor, audit, audit.version, data, submit=False)
    with pytest.raises(services.EditConflict):
        audit_services.do_save_audit(actor, audit, audit.version - 1, data, submit=False)


def test_only_the_assigned_auditor_or_a_manager_may_edit(client_for: ClientFor) -> None:
    audit = open_audit()
    other = "inspector" if audit.auditor and audit.auditor.email.startswith("qa@") else "qa"
    outsider = client_for(f"{other}@northshire.example")
    page = outsider.get(audit_url(audit)).content.decode()
    assert "Submit the audit" not in page  # read-only for them
    response = outsider.post(audit_url(audit), form_data(audit, {}, save="1"))
    assert response.status_code == 404


def test_a_published_inspection_is_read_only(client_for: ClientFor) -> None:
    audit = open_audit()
    inspection = audit.inspection
    make_ready_to_publish(inspection)
    services.do_change_status(Actor.operator(), inspection, Inspection.Status.PUBLISHED)
    client = client_for("manager@northshire.example")
    assert client.post(audit_url(audit), form_data(audit, {}, save="1")).status_code == 404
    judgement = reverse("judgement", args=["northshire", inspection.pk, "1.1"])
    assert client.get(judgement).status_code == 404
    with pytest.raises(services.ReadOnly):
        services.do_change_status(Actor.operator(), inspection, Inspection.Status.FIELDWORK)


def test_judgements_are_recorded_with_their_evidence(client_for: ClientFor) -> None:
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    url = reverse("judgement", args=["northshire", inspection.pk, "1.4"])
    record = inspection.judgements.get(standard_id="1.4")
    response = client_for("manager@northshire.example").post(
        url,
        {
            "version": record.version,
            "rating": "Outstanding",
            "evidence": "Performance reports",
        },
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.rating, record.evidence) == ("Outstanding", "Performance reports")
    assert inspection_rating(inspection).standard("1.4").rating == "Outstanding"


def test_the_demo_inspection_is_rated_in_full() -> None:
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    submitted = inspection.audits.filter(
        status=CaseAudit.Status.SUBMITTED, marking=CaseAudit.Marking.FIRST
    ).count()
    assert 18 <= submitted <= 22
    rating = inspection_rating(inspection)
    assert rating.score is not None and rating.max_score == 36
    assert rating.overall in {"Outstanding", "Good", "Requires improvement", "Inadequate"}


def test_cases_behind_a_figure(client_for: ClientFor) -> None:
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    ratings = client_for("qa@northshire.example").get(
        reverse("ratings", args=["northshire", inspection.pk])
    )
    behind = reverse("cases_behind", args=["northshire", inspection.pk, "2.1.1"])
    assert behind in ratings.content.decode()
    page = client_for("qa@northshire.example").get(behind).content.decode()
    refs = AuditAnswer.objects.filter(
        audit__inspection=inspection, audit__status="submitted", key_question_id="2.1.1"
    ).values_list("audit__case__case_ref", flat=True)
    assert refs and all(ref in page for ref in refs)
    board = client_for("board@northshire.example").get(
        reverse("ratings", args=["northshire", inspection.pk])
    )
    assert behind not in board.content.decode()  # the board sees figures, not cases


def test_a_2025_inspection_must_say_what_it_rates(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    url = reverse("inspection_create", args=["northshire"])
    page = client.get(url).content.decode()
    assert 'value="hmip-youth-2025"' in page and 'value="hmip-youth-2021"' in page
    data = {"title": "Mock 2025", "framework_id": "hmip-youth-2025", "kind": "mock_inspection"}
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "Select what the inspection rates" in refused.content.decode()
    assert not Inspection.objects.filter(title="Mock 2025").exists()
    wrong = client.post(url, {**data, "framework_id": "hmip-youth-2021", "inspection_type": "full"})
    assert "has no kinds of inspection" in wrong.content.decode()
    assert not Inspection.objects.filter(title="Mock 2025").exists()
    created = client.post(url, {**data, "inspection_type": "children_and_victims"})
    assert created.status_code == 302
    inspection = Inspection.objects.get(title="Mock 2025")
    assert inspection.inspection_type == "children_and_victims"
    ratings = client.get(reverse("ratings", args=["northshire", inspection.pk])).content.decode()
    assert 'id="score"' not in ratings  # the 2025 framework prints no score out of 36
    assert "Work with children" in ratings and "Work with victims" in ratings
    assert "Organisational delivery" not in ratings  # not rated by this kind of inspection
    assert "provisional" in ratings


def test_create_an_inspection_and_add_cases(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    response = client.post(
        reverse("inspection_create", args=["northshire"]),
        {
            "title": "Internal audit of out-of-court work",
            "framework_id": "hmip-youth-2021",
            "kind": "internal_audit",
            "oocd_window_start_0": "1",
            "oocd_window_start_1": "4",
            "oocd_window_start_2": "2025",
            "oocd_window_end_0": "31",
            "oocd_window_end_1": "3",
            "oocd_window_end_2": "2026",
        },
    )
    assert response.status_code == 302
    inspection = Inspection.objects.get(title="Internal audit of out-of-court work")
    add = reverse("add_cases", args=["northshire", inspection.pk])
    page = client.get(add).content.decode()
    eligible = inspection.service.cases.filter(
        outcome__in=[
            "community_resolution",
            "outcome_22",
            "youth_caution",
            "youth_conditional_caution",
        ]
    )
    first = eligible.order_by("outcome", "case_ref").first()
    assert first is not None and first.case_ref in page
    assert "Referral order" not in page  # only the out-of-court window is open
    client.post(add, {"cases": [first.case_ref]})
    audit = inspection.audits.get()
    assert (audit.case, audit.domain_id, audit.status) == (first, "3", "not_started")


def test_an_inspection_window_must_not_end_before_it_starts(client_for: ClientFor) -> None:
    page = (
        client_for("manager@northshire.example")
        .post(
            reverse("inspection_create", args=["northshire"]),
            {
                "title": "Backwards",
                "framework_id": "hmip-youth-2021",
                "kind": "internal_audit",
                "court_window_start_0": "1",
                "court_window_start_1": "4",
                "court_window_start_2": "2026",
                "court_window_end_0": "1",
                "court_window_end_1": "4",
                "court_window_end_2": "2025",
            },
        )
        .content.decode()
    )
    assert "The court window must end on or after the day it starts" in page


def test_a_manager_reads_who_published_the_inspection_and_its_status_before_and_after(
    client_for: ClientFor,
) -> None:
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    make_ready_to_publish(inspection)
    manager = client_for("manager@northshire.example")
    detail = manager.get(reverse("inspection_detail", args=["northshire", inspection.pk]))
    history = reverse("inspection_history", args=["northshire", inspection.pk])
    assert history in detail.content.decode()
    response = manager.post(
        reverse("inspection_status", args=["northshire", inspection.pk]), {"status": "published"}
    )
    assert response.status_code == 302
    page = manager.get(history).content.decode()
    first_row = page.split('<tbody class="govuk-table__body">')[1].split("</tr>")[0]
    assert "Published the inspection" in first_row  # newest first
    assert "Morgan Manager" in first_row
    assert "Status: Fieldwork" in first_row and "Status: Published" in first_row
    assert "Froze the report as it stood" in page
    last = manager.get(history, {"page": "9999"}).content.decode()  # the last page
    assert "Created the inspection" in last  # the demo's own seeding is in the history too
    assert "Morgan Manager (demo data)" in last


def test_the_history_is_for_managers_and_administrators_only(client_for: ClientFor) -> None:
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    history = reverse("inspection_history", args=["northshire", inspection.pk])
    detail = reverse("inspection_detail", args=["northshire", inspection.pk])
    assert client_for("admin@northshire.example").get(history).status_code == 200
    for role in ("qa", "board", "inspector"):
        client = client_for(f"{role}@northshire.example")
        assert client.get(history).status_code == 403
        assert history not in client.get(detail).content.decode()


def test_the_history_names_an_audits_case_in_words(client_for: ClientFor) -> None:
    audit = open_audit()
    answers = {q: "yes" for q in questions(audit)}
    auditor_client(client_for, audit).post(audit_url(audit), form_data(audit, answers, submit="1"))
    page = (
        client_for("manager@northshire.example")
        .get(reverse("inspection_history", args=["northshire", audit.inspection_id]))
        .content.decode()
    )
    assert f"Submitted audit {audit.case.case_ref}" in page
    assert f"Answer {questions(audit)[0]}: Yes" in page
