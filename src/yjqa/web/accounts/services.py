"""Writes to people's accounts: their password and their read-API tokens."""

from __future__ import annotations

import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yjqa.web.accounts.models import ApiToken, User
from yjqa.web.audit.trail import Actor, created, record


def _require_self_or_operator(actor: Actor, user: User) -> None:
    """A person changes their own account; the operator may change anyone's.

    Someone acting through a membership whose access has ended (an inspector after their
    inspection) is refused too.
    """
    if actor.is_operator:
        return
    if actor.membership is not None and not actor.membership.is_active:
        raise PermissionDenied(f"{actor.label}'s access to {actor.membership.service} has ended.")
    if actor.user is None or actor.user.pk != user.pk:
        raise PermissionDenied(f"{actor.label} may not change {user.email}'s account.")


@transaction.atomic
def do_set_password(actor: Actor, user: User, password: str) -> User:
    """Set a person's password (from their set-password link, or by the operator).

    The audit row says that it was set and whether there was one before, never the password.
    The password's strength is checked by the form that asks for it, not here.
    """
    _require_self_or_operator(actor, user)
    had_password = user.has_usable_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    record(
        actor,
        "set_password",
        user,
        service=None,
        object_label=user.email,
        changes={"password_set": {"before": had_password, "after": True}},
    )
    return user


@transaction.atomic
def do_create_api_token(actor: Actor, user: User) -> str:
    """A new read-API token for `user`, returned once: only its SHA-256 is kept.

    A person issues their own; the operator issues anyone's.
    """
    _require_self_or_operator(actor, user)
    token = secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(user=user, key_hash=ApiToken.hash_of(token))
    record(
        actor,
        "create_api_token",
        api_token,
        service=None,
        object_label=f"API token of {user.email}",
        changes=created({"person": user.email}),
    )
    return token


def do_note_token_use(api_token: ApiToken) -> None:
    """Note when a token was last used (at each API request).

    Bookkeeping, not anyone's change: no one acts and nothing is decided, so there is no
    actor to check and no audit-trail row (one per request would bury the real changes).
    Presenting the token is the only authority needed, and it has already been checked.
    """
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
