"""A job's progress page, and the JSON its script polls (the same shape as the API's)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from yjqa.web.jobs.models import Job
from yjqa.web.tenancy.access import NotYourRole, can, page_context, service_view
from yjqa.web.tenancy.models import Membership


def _job(membership: Membership, job_id: int) -> Job:
    """The service's job, if the person's role may see what it produces (else a 403)."""
    job = get_object_or_404(Job, service=membership.service, pk=job_id)
    if not can(membership, job.view_capability):
        raise NotYourRole(job.view_capability)
    return job


@service_view("view_service")
def job_progress(request: HttpRequest, membership: Membership, job_id: int) -> HttpResponse:
    job = _job(membership, job_id)
    return render(request, "jobs/progress.html", page_context(membership, job=job))


@service_view("view_service")
def job_status(request: HttpRequest, membership: Membership, job_id: int) -> JsonResponse:
    return JsonResponse(_job(membership, job_id).as_json())
