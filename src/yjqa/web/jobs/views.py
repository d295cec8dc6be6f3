"""A job's progress page, and the JSON its script polls (the same shape as the API's)."""

from __future__ import annotations

from typing import cast

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render

from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import may_see_installation_job
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


def _installation_job(request: HttpRequest, job_id: int) -> Job:
    """An installation-wide job, for those its own check allows; anyone else is told the
    page does not exist (as the benchmark's upload page tells them)."""
    actor = Actor(via=AuditEvent.Via.WEB, user=cast(User, request.user))
    job = get_object_or_404(Job, service__isnull=True, pk=job_id)
    if not may_see_installation_job(actor, job):
        raise Http404("No such page")
    return job


@login_required
def installation_job_progress(request: HttpRequest, job_id: int) -> HttpResponse:
    job = _installation_job(request, job_id)
    return render(request, "jobs/progress.html", {"job": job})


@login_required
def installation_job_status(request: HttpRequest, job_id: int) -> JsonResponse:
    return JsonResponse(_installation_job(request, job_id).as_json())
