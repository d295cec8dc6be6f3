"""A job whose worker stopped (killed, machine restarted) is failed by the workers' sweep,
with a message saying so, instead of staying "running" for ever."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

import jobs_helpers
from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import (
    WORKER_STOPPED,
    JobProgress,
    do_fail_stopped_jobs,
    do_start_job,
    job_url,
    sweep_stopped_jobs,
)
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def start() -> Job:
    membership = Membership.objects.get(
        user__email="manager@northshire.example", service__slug="northshire"
    )
    return do_start_job(
        Actor.member(membership),
        membership.service,
        "test",
        "Counting",
        jobs_helpers.counting_work,
        requires="manage_caseload",
        view="view_cases",
        steps=2,
    )


def running(job: Job, *, minutes_ago: float) -> Job:
    """As a worker leaves it when it claims the job, its last heartbeat `minutes_ago`."""
    beat = timezone.now() - timedelta(minutes=minutes_ago)
    Job.objects.filter(pk=job.pk).update(
        state=Job.State.RUNNING, started_at=beat, heartbeat_at=beat, message="Step 1 of 2"
    )
    DBTaskResult.objects.filter(id=job.task_result_id).update(
        status=TaskResultStatus.RUNNING, started_at=beat, worker_ids=["gone"]
    )
    job.refresh_from_db()
    return job


def test_a_running_job_without_a_heartbeat_for_too_long_is_failed() -> None:
    job = running(start(), minutes_ago=11)  # the default allows 10 minutes
    assert sweep_stopped_jobs() == 1
    job.refresh_from_db()
    assert (job.state, job.message) == ("failed", WORKER_STOPPED)
    assert job.finished_at is not None
    task = DBTaskResult.objects.get(id=job.task_result_id)
    assert task.status == TaskResultStatus.FAILED and task.finished_at is not None
    event = AuditEvent.objects.get(action="fail_stopped_job", object_id=str(job.pk))
    assert event.changes == {"state": {"before": "running", "after": "failed"}}
    assert sweep_stopped_jobs() == 0  # once only


def test_a_running_job_with_a_recent_heartbeat_is_left_alone() -> None:
    job = running(start(), minutes_ago=9)
    assert sweep_stopped_jobs() == 0
    job.refresh_from_db()
    assert job.state == "running"
    assert DBTaskResult.objects.get(id=job.task_result_id).status == TaskResultStatus.RUNNING


def test_the_allowed_silence_is_a_setting(settings: object) -> None:
    job = running(start(), minutes_ago=3)
    settings.YJQA_JOB_STALE_AFTER_S = 120  # type: ignore[attr-defined]
    assert [j.pk for j in do_fail_stopped_jobs(Actor.operator())] == [job.pk]


def test_progress_refreshes_the_heartbeat() -> None:
    job = running(start(), minutes_ago=11)
    JobProgress(job, Actor.operator())(0.5, "Step 2 of 2")
    assert sweep_stopped_jobs() == 0
    job.refresh_from_db()
    assert (job.state, job.message) == ("running", "Step 2 of 2")


def test_a_queued_job_is_left_alone_however_long_it_waits() -> None:
    job = start()
    Job.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(days=2))
    assert sweep_stopped_jobs() == 0
    job.refresh_from_db()
    assert job.state == "queued"


def test_a_queued_job_whose_task_is_gone_from_the_queue_is_failed() -> None:
    job, kept = start(), start()
    DBTaskResult.objects.filter(id=job.task_result_id).delete()
    assert sweep_stopped_jobs() == 1
    job.refresh_from_db()
    kept.refresh_from_db()
    assert (job.state, job.message, kept.state) == ("failed", WORKER_STOPPED, "queued")


def test_only_the_operator_sweeps() -> None:
    membership = Membership.objects.get(user__email="admin@northshire.example")
    with pytest.raises(Exception, match="may not change the whole installation"):
        do_fail_stopped_jobs(Actor.member(membership))


def test_the_progress_page_and_the_api_then_say_it_failed(client_for: ClientFor) -> None:
    job = running(start(), minutes_ago=30)
    sweep_stopped_jobs()
    client = client_for("qa@northshire.example")
    page = client.get(job_url(job)).content.decode()
    assert "<title>Error: Counting" in page and WORKER_STOPPED in page
    assert "refresh this page" not in page
    token = do_create_api_token(Actor.operator(), User.objects.get(email="qa@northshire.example"))
    api = Client().get(f"/api/v1/jobs/{job.pk}", HTTP_AUTHORIZATION=f"Bearer {token}").json()
    assert api == {"state": "failed", "progress": 0.0, "message": WORKER_STOPPED, "result_url": ""}
