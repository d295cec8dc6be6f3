"""What every service function shares: who is acting, may they, and the row that records it.

A write is one `do_<verb>_<noun>(actor, ...)` function in its app's `services.py`. It calls
`require` (or checks a finer rule itself and raises `PermissionDenied`), runs in one
transaction, and calls `record` before it returns, so the change and its audit row are
committed together or not at all.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models

from yjqa.web.accounts.models import User
from yjqa.web.audit.generations import bump_for_event
from yjqa.web.audit.models import AuditEvent
from yjqa.web.tenancy.access import can
from yjqa.web.tenancy.models import Membership, Service


@dataclass(frozen=True)
class Actor:
    """Who is acting, and how.

    A person acts through their membership of a service, and may do there what its role
    allows. The operator (someone running `yjqa` commands on the installation's own machine,
    with its database in reach) may do anything: they could reach the database anyway. A
    respondent to a public survey link is anonymous and may only answer through that link.
    """

    via: str
    membership: Membership | None = None
    user: User | None = None

    @classmethod
    def member(cls, membership: Membership, via: str = AuditEvent.Via.WEB) -> Actor:
        return cls(via=via, membership=membership, user=membership.user)

    @classmethod
    def operator(cls, via: str = AuditEvent.Via.COMMAND_LINE) -> Actor:
        return cls(via=via)

    @classmethod
    def respondent(cls) -> Actor:
        return cls(via=AuditEvent.Via.PUBLIC_LINK)

    @property
    def is_operator(self) -> bool:
        return self.membership is None and self.via in (
            AuditEvent.Via.COMMAND_LINE,
            AuditEvent.Via.DEMO,
        )

    @property
    def label(self) -> str:
        if self.user is not None:
            return self.user.email
        if self.via == AuditEvent.Via.PUBLIC_LINK:
            return "anonymous respondent"
        return "operator (command line)" if self.via == AuditEvent.Via.COMMAND_LINE else "demo"

    def may(self, service: Service | None, capability: str) -> bool:
        if self.is_operator:
            return True
        membership = self.membership
        if membership is None or service is None or membership.service_id != service.pk:
            return False
        return membership.is_active and can(membership, capability)


def require(actor: Actor, service: Service | None, capability: str) -> None:
    """Refuse, with PermissionDenied, anyone whose role in `service` lacks `capability`."""
    if not actor.may(service, capability):
        raise PermissionDenied(f"{actor.label} may not do this ({capability}).")


def require_operator(actor: Actor) -> None:
    """Installation-wide changes (the national benchmark) are the operator's alone."""
    if not actor.is_operator:
        raise PermissionDenied(f"{actor.label} may not change the whole installation.")


def _plain(value: Any) -> Any:
    """A JSON-safe form of a field's value."""
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, dt.date | dt.datetime | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, Mapping):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_plain(v) for v in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(instance: models.Model, fields: Iterable[str]) -> dict[str, Any]:
    """The named fields' current values, to compare after the change."""
    return {name: _plain(getattr(instance, name)) for name in fields}


def changes_between(
    before: Mapping[str, Any], after: Mapping[str, Any]
) -> dict[str, dict[str, Any]]:
    """Each field whose value differs: {"field": {"before": x, "after": y}}."""
    names = list(dict.fromkeys([*before, *after]))
    return {
        name: {"before": _plain(before.get(name)), "after": _plain(after.get(name))}
        for name in names
        if _plain(before.get(name)) != _plain(after.get(name))
    }


def created(values: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """A new record's fields, each with nothing before."""
    return {name: {"before": None, "after": _plain(v)} for name, v in values.items()}


def record(
    actor: Actor,
    action: str,
    obj: models.Model | None = None,
    *,
    service: Service | None,
    changes: Mapping[str, Any] | None = None,
    object_type: str | None = None,
    object_id: str = "",
    object_label: str = "",
    inspection_id: int | None = None,
) -> AuditEvent:
    """Write the audit row for a change (inside the service function's transaction)."""
    if obj is not None:
        object_type = object_type or str(obj._meta.verbose_name)
        object_id = object_id or str(obj.pk)
        object_label = object_label or str(obj)
    # Cached figures computed from what this changes can no longer be served (generations).
    bump_for_event(action, service.pk if service is not None else None, inspection_id)
    return AuditEvent.objects.create(
        service=service,
        actor=actor.user,
        actor_label=actor.label,
        via=actor.via,
        action=action,
        object_type=(object_type or "")[:60],
        object_id=object_id[:60],
        object_label=object_label[:200],
        inspection_id=inspection_id,
        changes=_plain(dict(changes or {})),
    )


def save_and_record(
    actor: Actor,
    action: str,
    obj: models.Model,
    values: Mapping[str, Any],
    *,
    service: Service | None,
    only_these: bool = True,
    object_label: str = "",
    inspection_id: int | None = None,
) -> AuditEvent:
    """Set the fields to their new values, save, and record what changed (inside the service
    function's transaction). With `only_these`, only those fields are written; otherwise the
    whole row is, so that fields such as `auto_now` ones are written too."""
    before = snapshot(obj, values)
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save(update_fields=list(values) if only_these else None)
    return record(
        actor,
        action,
        obj,
        service=service,
        changes=changes_between(before, snapshot(obj, values)),
        object_label=object_label,
        inspection_id=inspection_id,
    )
