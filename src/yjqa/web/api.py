"""The read API (JSON, bearer tokens), scoped exactly like the pages.

OpenAPI description: /api/v1/openapi.json. An inspection outside the token's person's
services is a 404, as on the pages.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import NinjaAPI, Schema
from ninja.security import HttpBearer

from yjqa.web.accounts.models import User
from yjqa.web.accounts.tokens import user_for_token
from yjqa.web.inspections import cached
from yjqa.web.inspections.agreement import agreement_as_dict
from yjqa.web.inspections.queries import inspection_rows, visible_inspections


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        return user_for_token(token)


api = NinjaAPI(
    title="yjqa read API",
    version="1",
    description="Inspections and their ratings, for the services a token's person belongs to.",
    auth=BearerToken(),
    urls_namespace="api",
    docs_url=None,  # the interactive docs page loads scripts from a CDN: not served
)


class InspectionOut(Schema):
    id: int
    service: str
    framework: str
    kind: str
    status: str


@api.get("/inspections/", response=list[InspectionOut], summary="Inspections you may see")
def list_inspections(request: HttpRequest) -> list[dict[str, Any]]:
    user: User = request.auth  # type: ignore[attr-defined]
    return inspection_rows(visible_inspections(user))


@api.get(
    "/inspections/{inspection_id}/ratings",
    response=dict[str, Any],
    summary="An inspection's ratings: the same object as `yjqa rate --format json`",
)
def inspection_ratings(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    inspection = visible_inspections(user).filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404("No such inspection")
    return cached.rating_json(inspection)


@api.get(
    "/inspections/{inspection_id}/agreement",
    response=dict[str, Any],
    summary="Agreement between auditors: the same object as `yjqa agreement --format json`",
)
def inspection_agreement_json(request: HttpRequest, inspection_id: int) -> dict[str, Any]:
    user: User = request.auth  # type: ignore[attr-defined]
    inspection = visible_inspections(user).filter(pk=inspection_id).first()
    if inspection is None:
        raise Http404("No such inspection")
    return agreement_as_dict(inspection, cached.inspection_agreement(inspection))


class JobOut(Schema):
    state: str
    progress: float
    message: str
    result_url: str


@api.get(
    "/jobs/{job_id}",
    response=JobOut,
    summary="A background job's state: queued, running, done or failed, with its progress",
)
def job_state(request: HttpRequest, job_id: int) -> dict[str, object]:
    from yjqa.web.jobs.services import visible_jobs_for_user

    user: User = request.auth  # type: ignore[attr-defined]
    job = visible_jobs_for_user(user).filter(pk=job_id).first()
    if job is None:
        raise Http404("No such job")
    return job.as_json()
