"""Reading people and their API tokens (for the pages, the API and the command line)."""

from __future__ import annotations

from yjqa.web.accounts.models import ApiToken, User


def person_with_email(email: str) -> User | None:
    """The person with this email address (in any case), or None."""
    return User.objects.filter(email__iexact=email.strip()).first()


def token_with_key(token: str) -> ApiToken | None:
    """The active person's API token that `token` is, or None."""
    return (
        ApiToken.objects.select_related("user")
        .filter(key_hash=ApiToken.hash_of(token), user__is_active=True)
        .first()
    )
