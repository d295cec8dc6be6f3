"""The accessibility statement, the privacy notice and the help page: open to everyone."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from yjqa.web.tenancy.access import CAPABILITIES
from yjqa.web.tenancy.models import Role

# When the accessibility statement was prepared and last reviewed (update with the statement).
STATEMENT_PREPARED = "1 December 2026"
STATEMENT_REVIEWED = "1 December 2026"


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "pages/accessibility.html",
        {"prepared": STATEMENT_PREPARED, "reviewed": STATEMENT_REVIEWED},
    )


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/privacy.html")


def role_matrix() -> tuple[list[str], list[tuple[str, list[bool]]]]:
    """The role matrix (`CAPABILITIES`) as a table: role names, then what each capability allows
    and, for each role, whether it may."""
    roles = list(Role)
    rows = [
        (capability.what[:1].upper() + capability.what[1:], [r in capability.roles for r in roles])
        for capability in CAPABILITIES.values()
    ]
    return [role.label for role in roles], rows


def help_page(request: HttpRequest) -> HttpResponse:
    roles, rows = role_matrix()
    return render(request, "pages/help.html", {"roles": roles, "rows": rows})
