"""Background jobs: queued, running, then done or failed, with their progress; the API's and
the page's JSON shape, and who may see a job."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

import jobs_helpers
from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import do_start_job, execute_job, job_url, run_jobs_now
from yjqa.web.tenancy.models import Membership, Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
SHAPE = {"state", "progress", "message", "result_url"}


def member(email: str, slug: str = "northshire") -> Actor:
    return Actor.member(Membership.objects.get(user__email=email, service__slug=slug))


def start(email: str, work: Callable[..., str], **kwargs: object) -> Job:
    actor = member(email)
    assert actor.membership is not None
    return do_start_job(
        actor,
        actor.membership.service,
        "test",
        "Counting",
        work,
        requires="manage_caseload",
        view="view_cases",
        **kwargs,
    )


def test_a_job_is_queued_then_runs_reporting_progress_then_is_done() -> None:
    jobs_helpers.SEEN.clear()
    job = start("manager@northshire.example", jobs_helpers.counting_work, steps=4)
    assert (job.state, job.progress, job.result_url) == ("queued", 0.0, "")
    assert DBTaskResult.objects.filter(id=job.task_result_id).exists()  # on the queue
    assert AuditEvent.objects.filter(action="start_job", object_id=str(job.pk)).exists()
    assert run_jobs_now() == 1
    job.refresh_from_db()
    # While it ran, its row said so, with each step's progress and message.
    assert jobs_helpers.SEEN == [
        ("running", 0.0, "Step 1 of 4"),
        ("running", 0.25, "Step 2 of 4"),
        ("running", 0.5, "Step 3 of 4"),
        ("running", 0.75, "Step 4 of 4"),
    ]
    assert job.state == "done" and job.progress == 1.0
    assert job.message == "4 steps done" and job.result_url == "/services/northshire/"
    assert job.started_at and job.finished_at and job.started_at <= job.finished_at
    assert run_jobs_now() == 0  # nothing runs twice
    assert execute_job(job.pk) is None


def test_bad_input_fails_the_job_with_its_problems_named() -> None:
    job = start("manager@northshire.example", jobs_helpers.refused_work, file_name="x.csv")
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.problems == ["x.csv: row 3, column sex: 'boy' is not a sex code"]
    assert job.message == "Nothing has been changed: 1 problem to correct."


def test_a_job_that_cannot_be_done_says_why() -> None:
    job = start("manager@northshire.example", jobs_helpers.impossible_work)
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == "failed"
    assert job.message == "The inspection has been published, so its report cannot change."


def test_an_unexpected_error_never_shows_its_traceback() -> None:
    job = start("manager@northshire.example", jobs_helpers.broken_work)
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == "failed"
    assert "something went wrong on our side" in job.message
    assert "secret" not in job.message and "Traceback" not in job.message


def test_starting_needs_the_capability_and_leaves_nothing_when_refused() -> None:
    before = (Job.objects.count(), DBTaskResult.objects.count())
    with pytest.raises(PermissionDenied):
        start("board@northshire.example", jobs_helpers.counting_work, steps=1)
    assert (Job.objects.count(), DBTaskResult.objects.count()) == before


def test_a_role_taken_away_before_the_job_runs_fails_it() -> None:
    job = start("manager@northshire.example", jobs_helpers.counting_work, steps=1)
    Membership.objects.filter(user__email="manager@northshire.example").delete()
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == "failed" and "no longer a member" in job.message


def test_work_must_be_importable_by_its_path() -> None:
    def local(progress: object) -> str:
        return ""

    with pytest.raises(ValueError, match="module-level"):
        start("manager@northshire.example", local)


def bearer(email: str) -> dict[str, str]:
    token = do_create_api_token(Actor.operator(), User.objects.get(email=email))
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_the_api_gives_exactly_the_jobs_state_progress_message_and_result() -> None:
    job = start("manager@northshire.example", jobs_helpers.counting_work, steps=2)
    url = f"/api/v1/jobs/{job.pk}"
    queued = Client().get(url, **bearer("qa@northshire.example"))
    assert queued.status_code == 200
    assert queued.json() == {
        "state": "queued",
        "progress": 0.0,
        "message": "Waiting for a worker to start it",
        "result_url": "",
    }
    run_jobs_now()
    done = Client().get(url, **bearer("qa@northshire.example")).json()
    assert set(done) == SHAPE
    assert done == {
        "state": "done",
        "progress": 1.0,
        "message": "2 steps done",
        "result_url": "/services/northshire/",
    }
    assert Client().get(url).status_code == 401


@pytest.mark.parametrize(
    "email",
    [
        "qa@southvale.example",  # another service's
        "admin@southvale.example",
        "board@northshire.example",  # the service's, but may not read case records
    ],
)
def test_the_api_hides_a_job_from_those_who_may_not_see_it(email: str) -> None:
    job = start("manager@northshire.example", jobs_helpers.counting_work, steps=1)
    assert Client().get(f"/api/v1/jobs/{job.pk}", **bearer(email)).status_code == 404
    assert Client().get("/api/v1/jobs/999999", **bearer(email)).status_code == 404


def test_the_pages_json_has_the_apis_shape(client_for: ClientFor) -> None:
    job = start("manager@northshire.example", jobs_helpers.counting_work, steps=1)
    status = reverse("job_status", args=["northshire", job.pk])
    client = client_for("qa@northshire.example")
    assert set(client.get(status).json()) == SHAPE
    run_jobs_now()
    api = Client().get(f"/api/v1/jobs/{job.pk}", **bearer("qa@northshire.example")).json()
    assert client.get(status).json() == api


def test_the_progress_page_shows_the_bar_then_the_result(client_for: ClientFor) -> None:
    job = start("manager@northshire.example", jobs_helpers.counting_work, steps=2)
    client = client_for("lead@northshire.example")
    page = client.get(job_url(job)).content.decode()
    assert '<progress class="yjqa-progress__bar" id="job-progress" max="100" value="0">' in page
    assert 'aria-live="polite"' in page and "refresh this page" in page
    assert "yjqa/job-progress.js" in page and "<script>" not in page
    run_jobs_now()
    page = client.get(job_url(job)).content.decode()
    assert (
        '<span id="job-percent">100%</span> complete'
        '<span id="job-message-text">: 2 steps done</span>' in page
    )
    assert 'href="/services/northshire/">See the result</a>' in page
    assert "refresh this page" not in page


def test_a_failed_jobs_page_has_the_error_summary(client_for: ClientFor) -> None:
    job = start("manager@northshire.example", jobs_helpers.refused_work, file_name="x.csv")
    run_jobs_now()
    page = client_for("qa@northshire.example").get(job_url(job)).content.decode()
    assert "<title>Error: Counting" in page
    assert 'class="govuk-error-summary"' in page and "The file was not imported" in page
    assert "x.csv: row 3, column sex: &#x27;boy&#x27; is not a sex code" in page


def test_another_services_job_is_not_found(client_for: ClientFor) -> None:
    job = start("manager@northshire.example", jobs_helpers.counting_work, steps=1)
    southvale = client_for("admin@southvale.example")
    assert southvale.get(job_url(job)).status_code == 404
    # Nor through the person's own service's address.
    assert southvale.get(reverse("job_progress", args=["southvale", job.pk])).status_code == 404
    assert Service.objects.filter(slug="southvale").exists()
