"""Writes to services, memberships and the access log: one function per write."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from yjqa.web.accounts.models import User
from yjqa.web.tenancy.models import AccessLog, Membership, Role, Service


def do_log_access(
    user: User, service: Service, action: str, record_ref: str, record_type: str = "case record"
) -> AccessLog:
    return AccessLog.objects.create(
        service=service,
        user=user,
        user_email=user.email,
        action=action,
        record_type=record_type,
        record_ref=record_ref,
    )


@dataclass(frozen=True)
class NewMember:
    membership: Membership
    created_person: bool
    set_password_path: str | None  # to pass on to a new person so they can choose a password


def set_password_path(user: User) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return reverse("set_password", args=[uid, default_token_generator.make_token(user)])


@transaction.atomic
def do_add_member(
    service: Service,
    *,
    email: str,
    full_name: str,
    role: str,
    is_inspector: bool = False,
    expires_at: datetime | None = None,
) -> NewMember:
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(email, None, full_name=full_name.strip())
    if Membership.objects.filter(user=user, service=service).exists():
        raise ValidationError(f"{email} is already a member of {service}.")
    if is_inspector and (role != Role.AUDITOR or expires_at is None):
        raise ValidationError("An inspector is an auditor whose access has an end date.")
    membership = Membership.objects.create(
        user=user, service=service, role=role, is_inspector=is_inspector, expires_at=expires_at
    )
    return NewMember(membership, created, set_password_path(user) if created else None)


def _keeps_an_admin(membership: Membership) -> bool:
    others = Membership.objects.active().filter(service=membership.service, role=Role.ADMIN)
    return others.exclude(pk=membership.pk).exists()


@transaction.atomic
def do_change_membership(
    membership: Membership, *, role: str, is_inspector: bool, expires_at: datetime | None
) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN and not _keeps_an_admin(membership):
        raise ValidationError("A service must keep at least one administrator.")
    if is_inspector and (role != Role.AUDITOR or expires_at is None):
        raise ValidationError("An inspector is an auditor whose access has an end date.")
    membership.role = role
    membership.is_inspector = is_inspector
    membership.expires_at = expires_at
    membership.save(update_fields=["role", "is_inspector", "expires_at"])
    return membership


@transaction.atomic
def do_remove_membership(membership: Membership) -> None:
    if membership.role == Role.ADMIN and not _keeps_an_admin(membership):
        raise ValidationError("A service must keep at least one administrator.")
    membership.delete()
