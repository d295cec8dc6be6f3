"""The improvement plan's Excel import runs as a background job: the page checks the file's
size and type and queues it; the worker reads, checks and applies it through
`do_import_improvement_plan` (all or nothing, compare-and-set), and the job's page shows the
outcome or every problem. A job is its service's alone."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.web.improvement.plan_export import FILE, MANAGER, edited_export, plan, target

from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.improvement.models import Action, ActionChange
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def import_url() -> str:
    return reverse("improvement_plan_import", args=["northshire", plan().pk])


def post(client: Client, content: bytes, name: str = FILE) -> Job:
    """Post the file; it must be queued (not yet run), and its job is returned."""
    response = client.post(import_url(), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 302
    job = Job.objects.latest("pk")
    assert response["Location"] == reverse("job_progress", args=["northshire", job.pk])
    return job


def test_the_import_is_queued_then_the_worker_applies_it(client_for: ClientFor) -> None:
    action = target()
    content, _number = edited_export(action, "Owner from the spreadsheet")
    client = client_for(MANAGER)
    job = post(client, content)
    # Queued: nothing is read or written by the web request.
    assert (job.state, job.kind, job.view_capability) == (
        "queued",
        "improvement_plan_import",
        "view_improvement",
    )
    action.refresh_from_db()
    assert action.owner != "Owner from the spreadsheet"
    assert not AuditEvent.objects.filter(action="import_improvement_plan").exists()
    assert run_jobs_now() == 1
    job.refresh_from_db()
    assert job.state == "done" and job.progress == 1.0
    assert job.result_url == reverse("improvement_plan_detail", args=["northshire", plan().pk])
    assert job.message == f"{FILE} imported: 0 actions added, 1 changed, 8 unchanged."
    action.refresh_from_db()
    assert action.owner == "Owner from the spreadsheet"
    event = AuditEvent.objects.get(action="import_improvement_plan")
    assert event.actor is not None and event.actor.email == MANAGER  # as the uploader
    page = client.get(reverse("job_progress", args=["northshire", job.pk])).content.decode()
    assert "1 changed" in page and 'href="' + job.result_url + '">See the result' in page


def test_bad_rows_fail_the_job_with_each_problem_and_change_nothing(
    client_for: ClientFor,
) -> None:
    action = target()
    content, number = edited_export(action, "Owner from the spreadsheet", version="empty")
    before = (Action.objects.count(), ActionChange.objects.count())
    client = client_for(MANAGER)
    job = post(client, content)
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == "failed"
    assert any(p.startswith(f"{FILE}: row {number}, column Version") for p in job.problems)
    assert job.message.startswith("Nothing has been changed")
    assert (Action.objects.count(), ActionChange.objects.count()) == before
    assert not AuditEvent.objects.filter(action="import_improvement_plan").exists()
    action.refresh_from_db()
    assert action.owner != "Owner from the spreadsheet"
    page = client.get(reverse("job_progress", args=["northshire", job.pk])).content.decode()
    assert "The file was not imported" in page and f"row {number}, column Version" in page


def test_a_file_not_a_workbook_is_refused_on_the_form_without_a_job(
    client_for: ClientFor,
) -> None:
    before = Job.objects.count()
    response = client_for(MANAGER).post(
        import_url(), {"file": SimpleUploadedFile("plan.csv", b"Item,Action\n1,x\n")}
    )
    assert response.status_code == 200
    assert "The selected file must be an Excel file (.xlsx)" in response.content.decode()
    assert Job.objects.count() == before


def test_only_the_plans_managers_may_start_it(client_for: ClientFor) -> None:
    content, _number = edited_export(target(), "Owner from the spreadsheet")
    before = Job.objects.count()
    response = client_for("board@northshire.example").post(
        import_url(), {"file": SimpleUploadedFile(FILE, content)}
    )
    assert response.status_code in (403, 404)
    assert Job.objects.count() == before


def test_the_job_is_the_services_alone(client_for: ClientFor) -> None:
    content, _number = edited_export(target(), "Owner from the spreadsheet")
    job = post(client_for(MANAGER), content)
    run_jobs_now()
    southvale = client_for("admin@southvale.example")
    assert southvale.get(reverse("job_progress", args=["northshire", job.pk])).status_code == 404
    assert southvale.get(reverse("job_status", args=["northshire", job.pk])).status_code == 404
    assert southvale.get(reverse("job_progress", args=["southvale", job.pk])).status_code == 404
    token = do_create_api_token(Actor.operator(), User.objects.get(email="admin@southvale.example"))
    api = Client().get(f"/api/v1/jobs/{job.pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 404
    # The board may read the plan, so it may see the job that changed it.
    board = client_for("board@northshire.example")
    assert board.get(reverse("job_progress", args=["northshire", job.pk])).status_code == 200
