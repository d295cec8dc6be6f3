"""Test helpers for background jobs: upload through the queue, then run the queue here."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import Client

from yjqa.core.validation.problems import InputError, Problem
from yjqa.web.jobs.services import JobFailed, JobProgress, run_jobs_now


def post_and_run(client: Client, url: str, data: dict[str, Any]) -> HttpResponse:
    """Post a form; if it queued a job, run the queue here and return the job's page as it
    then reads, else the response (followed, if it redirected elsewhere)."""
    response = client.post(url, data)
    if response.status_code == 302 and "/jobs/" in response["Location"]:
        run_jobs_now()
        page: HttpResponse = client.get(response["Location"])
        return page
    if response.status_code == 302:
        followed: HttpResponse = client.get(response["Location"])
        return followed
    return response


def upload_and_run(client: Client, url: str, path: Path) -> str:
    """Post `path` to an upload page, run the job it queued in-process, and return the
    progress page as it then reads (or the upload page itself, if the form refused it)."""
    with path.open("rb") as handle:
        file = SimpleUploadedFile(path.name, handle.read())
    response = client.post(url, {"file": file})
    if response.status_code != 302:
        return response.content.decode()
    location = response["Location"]
    assert "/jobs/" in location, location
    run_jobs_now()
    return client.get(location).content.decode()


# Work functions for the lifecycle tests (a job's work must be importable by its path).
SEEN: list[tuple[str, float, str]] = []  # (state, progress, message) as the work saw its row


def counting_work(progress: JobProgress, *, steps: int) -> str:
    """Reports each step, noting what its own Job row said at the time."""
    from yjqa.web.jobs.models import Job

    for step in range(steps):
        progress(step / steps, f"Step {step + 1} of {steps}")
        row = Job.objects.get(pk=progress.job.pk)
        SEEN.append((row.state, row.progress, row.message))
    progress.done(f"{steps} steps done")
    return f"/services/{progress.service.slug}/"


def refused_work(progress: JobProgress, *, file_name: str) -> str:
    raise InputError([Problem("row 3, column sex", "'boy' is not a sex code")], file_name)


def impossible_work(progress: JobProgress) -> str:
    raise JobFailed("The inspection has been published, so its report cannot change.")


def broken_work(progress: JobProgress) -> str:
    raise RuntimeError("secret internal detail /srv/yjqa/thing.py line 12")


@contextmanager
def worker_thread(interval: float = 0.2) -> Iterator[None]:
    """A queue worker in a thread of this process, for browser tests against a live server.

    On an in-memory SQLite test database the thread shares the test's connection, as the
    live server's threads do (a separate connection would see another, empty database); on
    PostgreSQL it has its own connection to the same database.
    """
    from django.db import connections

    shared = {
        conn.alias: conn
        for conn in connections.all()
        if conn.vendor == "sqlite" and conn.is_in_memory_db()
    }
    for conn in shared.values():
        conn.inc_thread_sharing()
    stop = threading.Event()

    def run() -> None:
        for alias, conn in shared.items():
            connections[alias] = conn
        try:
            while not stop.is_set():
                run_jobs_now()
                stop.wait(interval)
        finally:
            if not shared:
                connections.close_all()

    thread = threading.Thread(target=run, name="queue-worker", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join(30)
        for conn in shared.values():
            conn.dec_thread_sharing()


def assert_job_access(
    client: Client, email: str, job_pk: int, location: str, *, page: int, api: int
) -> None:
    """`email` gets `page` on the job's progress page (`location`) and `api` from
    /api/v1/jobs/<id>; someone of another service cannot reach it under their own either."""
    from django.urls import reverse

    from yjqa.web.accounts.models import User
    from yjqa.web.accounts.services import do_create_api_token
    from yjqa.web.audit.trail import Actor

    assert client.get(location).status_code == page
    token = do_create_api_token(Actor.operator(), User.objects.get(email=email))
    found = Client().get(f"/api/v1/jobs/{job_pk}", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert found.status_code == api
    if email.endswith("southvale.example"):
        other = reverse("job_progress", args=["southvale", job_pk])
        assert client.get(other).status_code == 404
