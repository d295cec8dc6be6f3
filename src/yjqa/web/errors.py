"""Error pages with the right status: a page beyond a person's role says who can do it."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yjqa.web.tenancy.access import NotYourRole


def permission_denied(request: HttpRequest, exception: PermissionDenied) -> HttpResponse:
    context: dict[str, str] = {}
    if isinstance(exception, NotYourRole):
        context = {"advice": str(exception), "what": exception.what}
    return render(request, "403.html", context, status=403)
