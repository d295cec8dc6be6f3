"""A background job: one piece of long work a person started, as the worker reports it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from yjqa.web.tenancy.models import Membership, Service


class Job(models.Model):
    """What a person started (an import, a document), and how far the worker has got.

    The queue itself is django-tasks' database backend (its own table); this row is what
    people see: state, progress, a message, and the result's address or the problems.
    """

    class State(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Running"
        DONE = "done", "Done"
        FAILED = "failed", "Failed"

    # Empty for installation-wide work (the national benchmark), which is no service's.
    service = models.ForeignKey(
        Service, null=True, blank=True, on_delete=models.CASCADE, related_name="jobs"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # The membership it was started through: the worker acts as that person (their role is
    # checked again when the work runs). Empty for the operator (the command line).
    membership = models.ForeignKey(
        Membership, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    via = models.CharField(max_length=10)
    kind = models.CharField(max_length=60)  # "caseload_import"
    title = models.CharField(max_length=200)  # "Importing caseload.csv"
    # Who may see the job and its result: a capability of the role matrix (access.py), or
    # for installation-wide work the dotted path of a `may(actor) -> bool` check.
    view_capability = models.CharField(max_length=60)
    work = models.CharField(max_length=200)  # the work function's dotted path
    arguments = models.JSONField(default=dict)
    payload = models.CharField(max_length=300, blank=True)  # an uploaded file, in storage
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.CharField(max_length=500, blank=True)
    problems = models.JSONField(default=list)  # a refused input's problems, one line each
    problem_total = models.PositiveIntegerField(default=0)
    result_url = models.CharField(max_length=500, blank=True)
    task_result_id = models.CharField(max_length=64, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The worker's heartbeat: set when it starts the job and by every progress report. A
    # running job without one for YJQA_JOB_STALE_AFTER_S has lost its worker.
    heartbeat_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["service", "-created_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.FAILED)

    @property
    def result_label(self) -> str:
        """The result link's words: a made document downloads, anything else is a page."""
        made_document = self.kind == "render_document"  # document_jobs.JOB_KIND
        return "Download the file" if made_document else "See the result"

    @property
    def percent(self) -> int:
        return round(self.progress * 100)

    def as_json(self) -> dict[str, object]:
        """The shape of `GET /api/v1/jobs/<id>` and the progress page's JSON."""
        return {
            "state": self.state,
            "progress": self.progress,
            "message": self.message,
            "result_url": self.result_url,
        }
