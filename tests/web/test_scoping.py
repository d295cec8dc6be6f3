"""Every page is scoped to the person's services: outside them is a 404. (Inside, what each
role may open is the role matrix's: tests/web/test_role_matrix.py.)"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yjqa.web.accounts.models import ApiToken
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.models import Action, BoardMeeting, Evidence, ImprovementPlan
from yjqa.web.inspections.models import (
    AuditFeedback,
    CaseAudit,
    Inspection,
    JudgementEvidence,
    SafetyConcern,
    SampledCase,
)
from yjqa.web.inspections.moderation import moderation_queue
from yjqa.web.jobs.models import Job
from yjqa.web.surveys.models import Survey
from yjqa.web.tenancy.models import Membership
from yjqa.web.yjplan.models import StaffPost

ClientFor = Callable[[str], Client]


def board_token(member: Membership) -> ApiToken:
    """The board member's API token (made once): what an administrator may revoke."""
    token = ApiToken.objects.filter(user=member.user).first()
    if token is None:
        do_create_api_token(Actor.operator(), member.user, name="Board report")
        token = ApiToken.objects.get(user=member.user)
    return token


def northshire_urls() -> dict[str, tuple[str, str]]:
    """Every service view, as (method, url), for Northshire."""
    case = CaseRecord.objects.filter(service__slug="northshire").order_by("case_ref").first()
    member = Membership.objects.get(user__email="board@northshire.example")
    assert case is not None
    victim = VictimRecord.objects.filter(service__slug="northshire").order_by("victim_ref").first()
    assert victim is not None
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    audit = CaseAudit.objects.filter(inspection=inspection).first()
    assert audit is not None
    i = inspection.pk
    sample = inspection.samples.get(domain="court")
    entry = sample.entries.filter(role=SampledCase.Role.SAMPLE).first()
    recommendation = inspection.recommendations.first()
    assert entry is not None and recommendation is not None
    waiting = moderation_queue(inspection)[0]  # the demo leaves some disagreements waiting
    survey = Survey.objects.filter(service__slug="northshire", period="2025 to 2026").first()
    plan = ImprovementPlan.objects.get(inspection=inspection)
    item = plan.items.first()
    action = Action.objects.filter(item__plan=plan).first()
    meeting = BoardMeeting.objects.filter(service__slug="northshire").first()
    assert survey and item and action and meeting
    evidence = Evidence.objects.create(
        action=action, note="", file=SimpleUploadedFile("x.txt", b"x"), file_name="x.txt"
    )
    s, p = survey.pk, plan.pk
    concern = SafetyConcern.objects.filter(audit__inspection__service__slug="northshire").first()
    feedback = AuditFeedback.objects.filter(audit__inspection__service__slug="northshire").first()
    assert concern and feedback  # the demo raises one of each
    audit_args = ["northshire", i, audit.pk]
    judged = JudgementEvidence.objects.create(
        inspection=inspection, standard_id="1.1", kind="document", title="Youth justice plan"
    )
    evidence_args = ["northshire", i, "1.1"]
    # A short quality screening, whose report is a letter with its own page of details.
    screening, _ = Inspection.objects.get_or_create(
        service=inspection.service,
        title="Short quality screening (scoping)",
        defaults={"framework_id": "hmip-sqs-2016", "kind": Inspection.Kind.HMIP},
    )
    moderate_args = ["northshire", i, waiting.marked.first.case.case_ref, waiting.key_question_id]
    staff_post = StaffPost.objects.filter(
        plan__service__slug="northshire", plan__start_year=2025
    ).first()
    assert staff_post is not None  # the demo's plan has its staffing structure
    # A background job whose result (the caseload) is for those who may read case records.
    job = Job.objects.create(
        service=inspection.service,
        kind="caseload_import",
        title="Importing caseload.csv",
        view_capability="view_cases",
        work="yjqa.web.caseload.imports.caseload_import_job",
        via="web",
    )
    # A finished PDF of the report, stored by its job (for those who may read inspections).
    made = Job.objects.create(
        service=inspection.service,
        kind="render_document",
        title="Making the PDF of the report",
        view_capability="view_inspections",
        work="yjqa.web.document_jobs.render_document",
        state=Job.State.DONE,
        via="web",
    )
    made_name = f"northshire-inspection-{i}.pdf"
    default_storage.save(
        f"documents/{inspection.service.pk}/{made.pk}/{made_name}", ContentFile(b"%PDF-1.7")
    )
    return {
        "service_home": ("get", reverse("service_home", args=["northshire"])),
        "case_list": ("get", reverse("case_list", args=["northshire"])),
        "case_detail": ("get", reverse("case_detail", args=["northshire", case.case_ref])),
        "erase_child": ("get", reverse("erase_child", args=["northshire", case.case_ref])),
        "people": ("get", reverse("people", args=["northshire"])),
        "add_person": ("get", reverse("add_person", args=["northshire"])),
        "change_person": ("get", reverse("change_person", args=["northshire", member.pk])),
        "remove_person": ("post", reverse("remove_person", args=["northshire", member.pk])),
        "reset_second_factor": (
            "get",
            reverse("reset_second_factor", args=["northshire", member.pk]),
        ),
        "service_api_tokens": ("get", reverse("service_api_tokens", args=["northshire"])),
        "revoke_service_api_token": (
            "get",
            reverse("revoke_service_api_token", args=["northshire", board_token(member).pk]),
        ),
        "access_log": ("get", reverse("access_log", args=["northshire"])),
        "caseload_import": ("get", reverse("caseload_import", args=["northshire"])),
        "job_progress": ("get", reverse("job_progress", args=["northshire", job.pk])),
        "job_status": ("get", reverse("job_status", args=["northshire", job.pk])),
        "document_download": (
            "get",
            reverse("document_download", args=["northshire", made.pk, made_name]),
        ),
        "caseload_template": ("get", reverse("caseload_template", args=["northshire", "csv"])),
        "victim_list": ("get", reverse("victim_list", args=["northshire"])),
        "victim_detail": ("get", reverse("victim_detail", args=["northshire", victim.victim_ref])),
        "victims_import": ("get", reverse("victims_import", args=["northshire"])),
        "victims_template": ("get", reverse("victims_template", args=["northshire", "xlsx"])),
        "inspection_list": ("get", reverse("inspection_list", args=["northshire"])),
        "inspection_create": ("get", reverse("inspection_create", args=["northshire"])),
        "inspection_detail": ("get", reverse("inspection_detail", args=["northshire", i])),
        "inspection_edit": ("get", reverse("inspection_edit", args=["northshire", i])),
        "inspection_status": (
            "post",
            reverse("inspection_status", args=["northshire", i]),
        ),
        "inspection_history": ("get", reverse("inspection_history", args=["northshire", i])),
        "add_cases": ("get", reverse("add_cases", args=["northshire", i])),
        "case_audit": ("get", reverse("case_audit", args=audit_args)),
        "reopen_audit": ("get", reverse("reopen_audit", args=audit_args)),
        "raise_concern": ("get", reverse("raise_concern", args=audit_args)),
        "leave_feedback": ("get", reverse("leave_feedback", args=audit_args)),
        "resolve_concern": ("get", reverse("resolve_concern", args=["northshire", concern.pk])),
        "my_feedback": ("get", reverse("my_feedback", args=["northshire"])),
        "feedback_thread": (
            "get",
            reverse("feedback_thread", args=["northshire", feedback.audit_id]),
        ),
        "judgement": ("get", reverse("judgement", args=["northshire", i, "1.1"])),
        "judgement_evidence": ("get", reverse("judgement_evidence", args=evidence_args)),
        "judgement_evidence_add": ("get", reverse("judgement_evidence_add", args=evidence_args)),
        "judgement_evidence_suggested": (
            "post",
            reverse("judgement_evidence_suggested", args=evidence_args),
        ),
        "judgement_evidence_edit": (
            "get",
            reverse("judgement_evidence_edit", args=[*evidence_args, judged.pk]),
        ),
        "judgement_evidence_remove": (
            "get",
            reverse("judgement_evidence_remove", args=[*evidence_args, judged.pk]),
        ),
        "ratings": ("get", reverse("ratings", args=["northshire", i])),
        "cases_behind": ("get", reverse("cases_behind", args=["northshire", i, "2.1.1"])),
        "draw_sample": ("get", reverse("draw_sample", args=["northshire", i])),
        "sample_detail": ("get", reverse("sample_detail", args=["northshire", i, sample.pk])),
        "replace_case": (
            "get",
            reverse("replace_case", args=["northshire", i, sample.pk, entry.pk]),
        ),
        "assign_auditors": ("get", reverse("assign_auditors", args=["northshire", i])),
        "report_contents": ("get", reverse("report_contents", args=["northshire", i])),
        "report_letter": ("get", reverse("report_letter", args=["northshire", screening.pk])),
        "findings": ("get", reverse("findings", args=["northshire", i, "2.1"])),
        "add_recommendation": ("post", reverse("add_recommendation", args=["northshire", i])),
        "edit_recommendation": (
            "get",
            reverse("edit_recommendation", args=["northshire", i, recommendation.pk]),
        ),
        "report_file": ("get", reverse("report_file", args=["northshire", i, "html"])),
        "double_marking": ("get", reverse("double_marking", args=["northshire", i])),
        "moderation": ("get", reverse("moderation", args=["northshire", i])),
        "moderate": ("get", reverse("moderate", args=moderate_args)),
        "agreement": ("get", reverse("agreement", args=["northshire", i])),
        "indicators": ("get", reverse("indicators", args=["northshire"])),
        "indicator_data": ("get", reverse("indicator_data", args=["northshire"])),
        "indicator_template": (
            "get",
            reverse("indicator_template", args=["northshire", "outcomes"]),
        ),
        "indicators_export": ("get", reverse("indicators_export", args=["northshire", "csv"])),
        "youth_justice_plans": ("get", reverse("youth_justice_plans", args=["northshire"])),
        "youth_justice_plan_create": (
            "post",
            reverse("youth_justice_plan_create", args=["northshire"]),
        ),
        "youth_justice_plan": ("get", reverse("youth_justice_plan", args=["northshire", 2025])),
        "youth_justice_plan_edit": (
            "get",
            reverse("youth_justice_plan_edit", args=["northshire", 2025]),
        ),
        "youth_justice_plan_file": (
            "get",
            reverse("youth_justice_plan_file", args=["northshire", 2025, "html"]),
        ),
        "youth_justice_plan_sign_off": (
            "get",
            reverse("youth_justice_plan_sign_off", args=["northshire", 2025]),
        ),
        "youth_justice_plan_reopen": (
            "get",
            reverse("youth_justice_plan_reopen", args=["northshire", 2025]),
        ),
        "youth_justice_plan_staffing": (
            "get",
            reverse("youth_justice_plan_staffing", args=["northshire", 2025]),
        ),
        "youth_justice_plan_staff_post_remove": (
            "post",
            reverse(
                "youth_justice_plan_staff_post_remove",
                args=["northshire", 2025, staff_post.pk],
            ),
        ),
        "survey_list": ("get", reverse("survey_list", args=["northshire"])),
        "survey_summary": ("get", reverse("survey_summary", args=["northshire", s])),
        "survey_create": ("get", reverse("survey_create", args=["northshire"])),
        "survey_links": ("get", reverse("survey_links", args=["northshire", s])),
        "survey_links_csv": ("get", reverse("survey_links_csv", args=["northshire", s])),
        "survey_invitations": ("get", reverse("survey_invitations", args=["northshire", s])),
        "survey_invitation": (
            "get",
            reverse("survey_invitation", args=["northshire", s, survey.links.first().pk]),
        ),
        "survey_import": ("get", reverse("survey_import", args=["northshire", s])),
        "survey_comments": ("get", reverse("survey_comments", args=["northshire", s])),
        "survey_status": ("post", reverse("survey_status", args=["northshire", s])),
        "improvement_plan_list": ("get", reverse("improvement_plan_list", args=["northshire"])),
        "improvement_plan_detail": (
            "get",
            reverse("improvement_plan_detail", args=["northshire", p]),
        ),
        "improvement_plan_history": (
            "get",
            reverse("improvement_plan_history", args=["northshire", p]),
        ),
        "improvement_plan_export": (
            "get",
            reverse("improvement_plan_export", args=["northshire", p]),
        ),
        "action_history": ("get", reverse("action_history", args=["northshire", p, action.pk])),
        "evidence_file": ("get", reverse("evidence_file", args=["northshire", p, evidence.pk])),
        "meeting_list": ("get", reverse("meeting_list", args=["northshire"])),
        "meeting_detail": ("get", reverse("meeting_detail", args=["northshire", meeting.pk])),
        "board_pack": ("get", reverse("board_pack", args=["northshire", meeting.pk, "html"])),
        "improvement_plan_create": ("get", reverse("improvement_plan_create", args=["northshire"])),
        "improvement_plan_import": (
            "get",
            reverse("improvement_plan_import", args=["northshire", p]),
        ),
        "action_create": ("get", reverse("action_create", args=["northshire", p, item.pk])),
        "action_edit": ("get", reverse("action_edit", args=["northshire", p, action.pk])),
        "evidence_add": ("get", reverse("evidence_add", args=["northshire", p, action.pk])),
        "meeting_create": ("get", reverse("meeting_create", args=["northshire"])),
        "meeting_edit": ("get", reverse("meeting_edit", args=["northshire", meeting.pk])),
        "meeting_mark_held": (
            "post",
            reverse("meeting_mark_held", args=["northshire", meeting.pk]),
        ),
        "benchmark": ("get", reverse("benchmark", args=["northshire"])),
        "benchmark_standards": ("get", reverse("benchmark_standards", args=["northshire"])),
        "benchmark_position": ("get", reverse("benchmark_position", args=["northshire"])),
        "benchmark_flagged": ("get", reverse("benchmark_flagged", args=["northshire"])),
        "benchmark_export": ("get", reverse("benchmark_export", args=["northshire"])),
    }


VIEWS = [
    "service_home",
    "case_list",
    "case_detail",
    "erase_child",
    "people",
    "add_person",
    "change_person",
    "remove_person",
    "reset_second_factor",
    "service_api_tokens",
    "revoke_service_api_token",
    "access_log",
    "caseload_import",
    "job_progress",
    "job_status",
    "document_download",
    "caseload_template",
    "victim_list",
    "victim_detail",
    "victims_import",
    "victims_template",
    "inspection_list",
    "inspection_create",
    "inspection_detail",
    "inspection_edit",
    "inspection_status",
    "inspection_history",
    "add_cases",
    "case_audit",
    "reopen_audit",
    "raise_concern",
    "leave_feedback",
    "resolve_concern",
    "my_feedback",
    "feedback_thread",
    "judgement",
    "judgement_evidence",
    "judgement_evidence_add",
    "judgement_evidence_suggested",
    "judgement_evidence_edit",
    "judgement_evidence_remove",
    "ratings",
    "cases_behind",
    "draw_sample",
    "sample_detail",
    "replace_case",
    "assign_auditors",
    "report_contents",
    "report_letter",
    "findings",
    "add_recommendation",
    "edit_recommendation",
    "report_file",
    "double_marking",
    "moderation",
    "moderate",
    "agreement",
    "indicators",
    "indicator_data",
    "indicator_template",
    "indicators_export",
    "youth_justice_plans",
    "youth_justice_plan_create",
    "youth_justice_plan",
    "youth_justice_plan_edit",
    "youth_justice_plan_file",
    "youth_justice_plan_sign_off",
    "youth_justice_plan_reopen",
    "youth_justice_plan_staffing",
    "youth_justice_plan_staff_post_remove",
    "survey_list",
    "survey_summary",
    "survey_create",
    "survey_links",
    "survey_links_csv",
    "survey_invitations",
    "survey_invitation",
    "survey_import",
    "survey_comments",
    "survey_status",
    "improvement_plan_list",
    "improvement_plan_detail",
    "improvement_plan_history",
    "improvement_plan_export",
    "action_history",
    "evidence_file",
    "meeting_list",
    "meeting_detail",
    "board_pack",
    "improvement_plan_create",
    "improvement_plan_import",
    "action_create",
    "action_edit",
    "evidence_add",
    "meeting_create",
    "meeting_edit",
    "meeting_mark_held",
    "benchmark",
    "benchmark_standards",
    "benchmark_position",
    "benchmark_flagged",
    "benchmark_export",
]
WRITES = {  # tested on their own
    "remove_person",
    "inspection_status",
    "add_recommendation",
    "youth_justice_plan_create",
    "youth_justice_plan_staff_post_remove",
    "survey_status",
    "meeting_mark_held",
    "judgement_evidence_suggested",
}


def test_every_service_view_is_listed() -> None:
    from yjqa.web.urls import service_patterns

    assert sorted(p.name for p in service_patterns) == sorted(VIEWS)


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("outsider", ["qa@southvale.example", "admin@southvale.example"])
def test_another_services_person_gets_404(client_for: ClientFor, view: str, outsider: str) -> None:
    method, url = northshire_urls()[view]
    response = getattr(client_for(outsider), method)(url)
    assert response.status_code == 404
    assert Membership.objects.filter(user__email="board@northshire.example").exists()


@pytest.mark.django_db
def test_changing_an_inspections_status_is_for_admins_qa_leads_and_managers(
    client_for: ClientFor,
) -> None:
    _, url = northshire_urls()["inspection_status"]
    for role in ("qa", "board", "inspector"):
        assert (
            client_for(f"{role}@northshire.example").post(url, {"status": "moderation"}).status_code
            == 403
        )
    assert (
        Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE).status
        == "fieldwork"
    )
    response = client_for("manager@northshire.example").post(url, {"status": "moderation"})
    assert response.status_code == 302
    assert (
        Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE).status
        == "moderation"
    )


@pytest.mark.django_db
def test_remove_person_is_for_admins_only(client_for: ClientFor) -> None:
    _, url = northshire_urls()["remove_person"]
    assert client_for("manager@northshire.example").post(url).status_code == 403
    assert client_for("admin@northshire.example").post(url).status_code == 302
    assert not Membership.objects.filter(user__email="board@northshire.example").exists()


@pytest.mark.django_db
def test_an_inspectors_access_ends_when_it_expires(client_for: ClientFor) -> None:
    client = client_for("inspector@northshire.example")
    url = reverse("case_list", args=["northshire"])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user__email="inspector@northshire.example").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(url).status_code == 404
    assert "Northshire" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("case_list", args=["northshire"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign_in"))


@pytest.mark.django_db
def test_case_list_shows_only_the_services_own_cases(client_for: ClientFor) -> None:
    page = client_for("qa@northshire.example").get(reverse("case_list", args=["northshire"]))
    body = page.content.decode()
    assert "NS-" in body and "SV-" not in body
    total = CaseRecord.objects.filter(service__slug="northshire").count()
    assert f"{total} case records" in body


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_removed(client_for: ClientFor) -> None:
    admin = Membership.objects.get(user__email="admin@northshire.example")
    client = client_for("admin@northshire.example")
    client.post(reverse("remove_person", args=["northshire", admin.pk]), follow=True)
    assert Membership.objects.filter(pk=admin.pk).exists()


@pytest.mark.django_db
def test_adding_a_recommendation_is_for_admins_qa_leads_and_managers(
    client_for: ClientFor,
) -> None:
    _, url = northshire_urls()["add_recommendation"]
    data = {"addressee": "The board", "text": "act", "order": "5"}
    inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
    before = inspection.recommendations.count()
    for role in ("qa", "board", "inspector"):
        assert client_for(f"{role}@northshire.example").post(url, data).status_code == 403
    assert inspection.recommendations.count() == before
    assert client_for("lead@northshire.example").post(url, data).status_code == 302
    assert inspection.recommendations.count() == before + 1
