"""Writes to services, memberships and the access log: one function per write.

Each `do_*` function checks the acting person may do it, runs in one transaction and writes
its audit-trail row (the access log is itself the record of a read, so it has none).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from yjqa.web.accounts.models import User
from yjqa.web.audit.trail import (
    Actor,
    created,
    record,
    require,
    require_operator,
    save_and_record,
    snapshot,
)
from yjqa.web.tenancy.models import AccessLog, Membership, Role, Service

# What a membership's audit rows show before and after: the role and an inspector's access.
MEMBERSHIP_FIELDS = ("role", "is_inspector", "expires_at")


@transaction.atomic
def do_create_service(
    actor: Actor, *, name: str, slug: str, code: str, population_10_17: int | None = None
) -> Service:
    """A new youth justice service (a tenant): the operator's alone."""
    require_operator(actor)
    service = Service.objects.create(
        name=name, slug=slug, code=code, population_10_17=population_10_17
    )
    record(
        actor,
        "create_service",
        service,
        service=service,
        changes=created(snapshot(service, ("name", "slug", "code", "population_10_17"))),
    )
    return service


def do_log_access(
    actor: Actor | User,
    service: Service,
    action: str,
    record_ref: str,
    record_type: str = "case record",
) -> AccessLog:
    """Note that someone viewed or changed a case record.

    The access log is itself the record of a read, so this writes no audit-trail row, and
    checks no permission: the page that shows the record has already checked it. `actor` may
    still be a signed-in `User` (the callers that have not yet moved to an `Actor`).
    """
    user, label = (actor, actor.email) if isinstance(actor, User) else (actor.user, actor.label)
    return AccessLog.objects.create(
        service=service,
        user=user,
        user_email=label,
        action=action,
        record_type=record_type,
        record_ref=record_ref,
    )


@dataclass(frozen=True)
class NewMember:
    membership: Membership
    created_person: bool
    # To pass on to the person, whether or not they had an account: for a new person it
    # chooses their password; for one with an account elsewhere it only says to sign in.
    set_password_path: str


def set_password_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("set_password", args=[uid, default_token_generator.make_token(user)])


class _SignInInstead(PasswordResetTokenGenerator):
    """Tokens of the same form as a set-password link's, which that page never accepts."""

    key_salt = "yjqa.tenancy.services.already-has-an-account"


def sign_in_instead_path(user: User) -> str:
    """A link that looks like a new person's set-password link but cannot set a password:
    it opens the page that says to sign in with the password they have. Giving an existing
    account this, not no link, keeps an administrator from learning who has an account."""
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("set_password", args=[uid, _SignInInstead().make_token(user)])


def _check_inspector(role: str, is_inspector: bool, expires_at: datetime | None) -> None:
    if is_inspector and (role != Role.AUDITOR or expires_at is None):
        raise ValidationError("An inspector is an auditor whose access has an end date.")


@transaction.atomic
def do_add_member(
    actor: Actor,
    service: Service,
    *,
    email: str,
    full_name: str,
    role: str,
    is_inspector: bool = False,
    expires_at: datetime | None = None,
) -> NewMember:
    """Give a person (new to yjqa, or already in another service) a role in `service`.

    Whether the email already had an account is never told to the administrator: the name
    and other services of an existing account stay as they are and unshown, and both get a
    link of the same form (`NewMember.set_password_path`). The name given is this
    membership's (`Membership.display_name`), shown in this service only.
    """
    require(actor, service, "manage_people")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and Membership.objects.filter(user=user, service=service).exists():
        raise ValidationError(f"{email} is already a member of {service}.")
    _check_inspector(role, is_inspector, expires_at)
    created_person = user is None
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name.strip())
    # The name typed is this membership's alone: an existing account's own name, seen by its
    # other services, is never changed.
    membership = Membership.objects.create(
        user=user,
        service=service,
        role=role,
        is_inspector=is_inspector,
        expires_at=expires_at,
        display_name=full_name.strip(),
    )
    record(
        actor,
        "add_member",
        membership,
        service=service,
        changes=created(
            {
                "person": user.email,
                "name": membership.display_name,
                **snapshot(membership, MEMBERSHIP_FIELDS),
            }
            | ({"new_person": True} if created_person else {})
        ),
    )
    path = set_password_path(user) if created_person else sign_in_instead_path(user)
    return NewMember(membership, created_person, path)


def _keeps_an_admin(membership: Membership) -> bool:
    others = Membership.objects.active().filter(service=membership.service, role=Role.ADMIN)
    return others.exclude(pk=membership.pk).exists()


@transaction.atomic
def do_change_membership(
    actor: Actor,
    membership: Membership,
    *,
    role: str,
    is_inspector: bool,
    expires_at: datetime | None,
) -> Membership:
    """Change a person's role in a service, or an inspector's access."""
    require(actor, membership.service, "manage_people")
    if membership.role == Role.ADMIN and role != Role.ADMIN and not _keeps_an_admin(membership):
        raise ValidationError("A service must keep at least one administrator.")
    _check_inspector(role, is_inspector, expires_at)
    save_and_record(
        actor,
        "change_membership",
        membership,
        {"role": role, "is_inspector": is_inspector, "expires_at": expires_at},
        service=membership.service,
    )
    return membership


@transaction.atomic
def do_remove_membership(actor: Actor, membership: Membership) -> None:
    """Take a person's access to a service away (their account and other services stay)."""
    require(actor, membership.service, "manage_people")
    if membership.role == Role.ADMIN and not _keeps_an_admin(membership):
        raise ValidationError("A service must keep at least one administrator.")
    service = membership.service
    label, pk = str(membership), str(membership.pk)
    before = {"person": membership.user.email, **snapshot(membership, MEMBERSHIP_FIELDS)}
    membership.delete()
    record(
        actor,
        "remove_membership",
        service=service,
        object_type=str(Membership._meta.verbose_name),
        object_id=pk,
        object_label=label,
        changes={name: {"before": value, "after": None} for name, value in before.items()},
    )
