"""The name the sign-in lock-out counts failures under: the email as the account holds it.

Emails are kept in lower case and matched without regard to case, so the lock-out must count
`Manager@…`, `MANAGER@…` and ` manager@… ` as one person, or each spelling gets fresh tries.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def normalise_email(email: str | None) -> str:
    """The email as accounts hold it: without surrounding spaces, in lower case."""
    return (email or "").strip().lower()


def lockout_username(request: HttpRequest | None, credentials: dict[str, Any] | None) -> str:
    """AXES_USERNAME_CALLABLE: the normalised email from the credentials or the posted form."""
    field = settings.AXES_USERNAME_FORM_FIELD
    if credentials and credentials.get(field) is not None:
        return normalise_email(credentials[field])
    data = getattr(request, "data", None) or getattr(request, "POST", None) or {}
    return normalise_email(data.get(field))
