"""Writes to people's accounts: their password and their read-API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from yjqa.web.accounts.models import TOKEN_DAYS, TOKEN_MAX_DAYS, ApiToken, User
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
def do_create_api_token(actor: Actor, user: User, *, name: str = "", days: int = TOKEN_DAYS) -> str:
    """A new read-API token for `user`, returned once: only its SHA-256 is kept. It works
    for `days` days (1 to a year), until revoked.

    A person issues their own; the operator issues anyone's.
    """
    _require_self_or_operator(actor, user)
    if not 1 <= days <= TOKEN_MAX_DAYS:
        raise ValidationError(f"A token works for between 1 and {TOKEN_MAX_DAYS} days")
    token = secrets.token_urlsafe(32)
    api_token = ApiToken.objects.create(
        user=user,
        key_hash=ApiToken.hash_of(token),
        name=name.strip()[:100],
        expires_at=timezone.now() + timedelta(days=days),
    )
    record(
        actor,
        "create_api_token",
        api_token,
        service=None,
        object_label=f"API token of {user.email}",
        changes=created(
            {"person": user.email, "name": api_token.name, "expires_at": api_token.expires_at}
        ),
    )
    return token


@transaction.atomic
def do_revoke_api_token(actor: Actor, api_token: ApiToken) -> bool:
    """Stop a token working, at once. Its owner may, the operator may, and so may an
    administrator of a service its owner belongs to (when a person leaves, or a token is
    lost). False, and nothing written, if it was revoked already."""
    token = ApiToken.objects.select_for_update().select_related("user").get(pk=api_token.pk)
    if not _may_revoke(actor, token.user):
        raise PermissionDenied(f"{actor.label} may not revoke {token.user.email}'s API tokens.")
    if token.revoked_at is not None:
        return False
    token.revoked_at = timezone.now()
    token.revoked_by = actor.user
    token.save(update_fields=["revoked_at", "revoked_by"])
    record(
        actor,
        "revoke_api_token",
        token,
        service=actor.membership.service if actor.membership is not None else None,
        object_label=f"API token of {token.user.email}",
        changes={"revoked_at": {"before": None, "after": token.revoked_at}},
    )
    return True


def _may_revoke(actor: Actor, owner: User) -> bool:
    if actor.is_operator:
        return True
    if actor.membership is not None and not actor.membership.is_active:
        return False
    if actor.user is not None and actor.user.pk == owner.pk:
        return True
    membership = actor.membership
    return (
        membership is not None
        and actor.may(membership.service, "manage_people")
        and owner.memberships.filter(service=membership.service).exists()
    )


def do_note_token_use(api_token: ApiToken) -> None:
    """Note when a token was last used (at each API request).

    Bookkeeping, not anyone's change: no one acts and nothing is decided, so there is no
    actor to check and no audit-trail row (one per request would bury the real changes).
    Presenting the token is the only authority needed, and it has already been checked.
    """
    ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=timezone.now())
