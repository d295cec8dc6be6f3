"""Test helper: download a PDF or Word file as a person does, through the worker if need be.

A GET of the file's link serves a kept file at once; otherwise it offers the "Make the PDF"
page, whose button (a POST) queues the job: the queue is run here, then the job's result (the
download) is fetched.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.test import Client

from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now


def offers_to_make(response: HttpResponse) -> bool:
    """Whether the response is the "Make the PDF" page (a button that queues the job)."""
    return "documents/make.html" in [t.name for t in getattr(response, "templates", [])]


def download(client: Client, url: str) -> HttpResponse:
    """The file at `url` (a document's PDF or Word link), made by the queue if not kept.

    Any other answer (404, 403, a page) is returned as it is.
    """
    response: HttpResponse = client.get(url)
    if response.status_code != 200 or not offers_to_make(response):
        return response  # a file (kept, or a web page), or a refusal
    started = client.post(url)
    assert started.status_code == 302 and "/jobs/" in started["Location"], started
    run_jobs_now()
    job = Job.objects.get(pk=int(started["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert job.state == Job.State.DONE, (job.state, job.message)
    assert client.get(started["Location"]).status_code == 200
    file: HttpResponse = client.get(job.result_url)
    return file
