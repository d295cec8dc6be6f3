"""Read-API tokens: random, shown once, kept only as a SHA-256 digest.

Tokens are issued by `yjqa.web.accounts.services.do_create_api_token`.
"""

from __future__ import annotations

from yjqa.web.accounts.models import User
from yjqa.web.accounts.queries import token_with_key
from yjqa.web.accounts.services import do_note_token_use


def user_for_token(token: str) -> User | None:
    """The person a bearer token belongs to (noting its use), or None."""
    api_token = token_with_key(token)
    if api_token is None:
        return None
    do_note_token_use(api_token)
    return api_token.user
