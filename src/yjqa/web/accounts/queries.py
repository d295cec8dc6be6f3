"""Reading people and their API tokens (for the pages, the API and the command line)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from yjqa.web.accounts.models import ApiToken, User
from yjqa.web.tenancy.models import Service


def person_with_email(email: str) -> User | None:
    """The person with this email address (in any case), or None."""
    return User.objects.filter(email__iexact=email.strip()).first()


def token_with_key(token: str) -> ApiToken | None:
    """The active person's API token that `token` is, while it is neither expired nor
    revoked; otherwise None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(
            key_hash=ApiToken.hash_of(token),
            user__is_active=True,
            revoked_at=None,
            expires_at__gt=timezone.now(),
        )
        .first()
    )


def tokens_of(user: User) -> QuerySet[ApiToken]:
    """A person's tokens, newest first, revoked and expired ones too."""
    return ApiToken.objects.filter(user=user).select_related("revoked_by")


def tokens_in_service(service: Service) -> QuerySet[ApiToken]:
    """The tokens of everyone who belongs to the service, for its administrators."""
    return (
        ApiToken.objects.filter(user__memberships__service=service)
        .select_related("user", "revoked_by")
        .distinct()
        .order_by("user__full_name", "user__email", "-created_at")
    )
