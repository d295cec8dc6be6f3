"""Services, memberships and the access log are written by the tenancy services alone.

Each refuses a person without the permission (writing nothing) and records who changed what.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.tenancy.models import AccessLog, Membership, Role, Service
from yjqa.web.tenancy.services import (
    do_add_member,
    do_change_membership,
    do_create_service,
    do_log_access,
    do_remove_membership,
)

pytestmark = pytest.mark.django_db


def membership(email: str, slug: str = "northshire") -> Membership:
    return Membership.objects.select_related("user", "service").get(
        user__email=email, service__slug=slug
    )


def actor(email: str, slug: str = "northshire") -> Actor:
    return Actor.member(membership(email, slug))


def northshire() -> Service:
    return Service.objects.get(slug="northshire")


def counts() -> tuple[int, int, int, int]:
    """Everything these services might write: services, people, memberships, the trail."""
    return (
        Service.objects.count(),
        User.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def add_harriet(by: Actor, **extra: object) -> object:
    return do_add_member(
        by,
        northshire(),
        email="hmi@inspectorate.example",
        full_name="Harriet Inspector",
        role=Role.AUDITOR,
        **extra,  # type: ignore[arg-type]
    )


def test_creating_a_service_is_refused_to_a_services_administrator() -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        do_create_service(
            actor("admin@northshire.example"), name="Eastmoor YJS", slug="e", code="E"
        )
    assert counts() == before


def test_creating_a_service_records_the_operator_and_its_name_slug_and_code() -> None:
    service = do_create_service(
        Actor.operator(), name="Eastmoor YJS", slug="eastmoor", code="EAS", population_10_17=9000
    )
    event = latest("create_service")
    assert (event.service, event.actor, event.actor_label, event.via) == (
        service,
        None,
        "operator (command line)",
        AuditEvent.Via.COMMAND_LINE,
    )
    assert event.changes == {
        "name": {"before": None, "after": "Eastmoor YJS"},
        "slug": {"before": None, "after": "eastmoor"},
        "code": {"before": None, "after": "EAS"},
        "population_10_17": {"before": None, "after": 9000},
    }


@pytest.mark.parametrize(
    ("email", "slug"),
    [("manager@northshire.example", "northshire"), ("admin@southvale.example", "southvale")],
)
def test_adding_a_person_is_refused_to_a_manager_or_another_services_administrator(
    email: str, slug: str
) -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        add_harriet(actor(email, slug))
    assert counts() == before
    assert not User.objects.filter(email="hmi@inspectorate.example").exists()


def test_adding_a_person_records_who_added_them_and_their_role_and_access() -> None:
    admin = actor("admin@northshire.example")
    ends = timezone.now() + timedelta(days=30)
    added = add_harriet(admin, is_inspector=True, expires_at=ends)
    event = latest("add_member")
    assert (event.service, event.actor, event.actor_label, event.via) == (
        northshire(),
        admin.user,
        "admin@northshire.example",
        AuditEvent.Via.WEB,
    )
    assert event.object_id == str(added.membership.pk)  # type: ignore[attr-defined]
    assert event.changes == {
        "person": {"before": None, "after": "hmi@inspectorate.example"},
        "name": {"before": None, "after": "Harriet Inspector"},
        "role": {"before": None, "after": "auditor"},
        "is_inspector": {"before": None, "after": True},
        "expires_at": {"before": None, "after": ends.isoformat()},
        "new_person": {"before": None, "after": True},
    }


def test_an_administrator_whose_access_has_ended_may_no_longer_add_people() -> None:
    admin = membership("admin@northshire.example")
    Membership.objects.filter(pk=admin.pk).update(expires_at=timezone.now() - timedelta(days=1))
    admin.refresh_from_db()
    before = counts()
    with pytest.raises(PermissionDenied):
        add_harriet(Actor.member(admin))
    assert counts() == before


@pytest.mark.parametrize(
    ("email", "slug"),
    [("qa@northshire.example", "northshire"), ("admin@southvale.example", "southvale")],
)
def test_changing_a_role_is_refused_to_an_auditor_or_another_services_administrator(
    email: str, slug: str
) -> None:
    board = membership("board@northshire.example")
    before = counts()
    with pytest.raises(PermissionDenied):
        do_change_membership(
            actor(email, slug), board, role=Role.MANAGER, is_inspector=False, expires_at=None
        )
    assert counts() == before
    board.refresh_from_db()
    assert board.role == Role.BOARD


def test_changing_a_role_records_the_role_inspector_and_expiry_before_and_after() -> None:
    admin = actor("admin@northshire.example")
    qa = membership("qa@northshire.example")
    ends = timezone.now() + timedelta(days=10)
    do_change_membership(admin, qa, role=Role.AUDITOR, is_inspector=True, expires_at=ends)
    event = latest("change_membership")
    assert (event.actor, event.via, event.object_id) == (admin.user, "web", str(qa.pk))
    assert event.changes == {
        "is_inspector": {"before": False, "after": True},
        "expires_at": {"before": None, "after": ends.isoformat()},
    }
    do_change_membership(admin, qa, role=Role.MANAGER, is_inspector=False, expires_at=None)
    assert latest("change_membership").changes == {
        "role": {"before": "auditor", "after": "manager"},
        "is_inspector": {"before": True, "after": False},
        "expires_at": {"before": ends.isoformat(), "after": None},
    }


def test_removing_a_person_is_refused_to_a_board_member() -> None:
    qa = membership("qa@northshire.example")
    before = counts()
    with pytest.raises(PermissionDenied):
        do_remove_membership(actor("board@northshire.example"), qa)
    assert counts() == before


def test_removing_a_person_records_their_role_before_and_nothing_after() -> None:
    admin = actor("admin@northshire.example")
    qa = membership("qa@northshire.example")
    pk = qa.pk
    do_remove_membership(admin, qa)
    assert not Membership.objects.filter(pk=pk).exists()
    event = latest("remove_membership")
    assert (event.service, event.actor, event.object_type, event.object_id) == (
        northshire(),
        admin.user,
        "membership",
        str(pk),
    )
    assert event.changes == {
        "person": {"before": "qa@northshire.example", "after": None},
        "role": {"before": "auditor", "after": None},
        "is_inspector": {"before": False, "after": None},
        "expires_at": {"before": None, "after": None},
    }


def test_logging_a_view_records_the_person_in_the_access_log_not_the_audit_trail() -> None:
    qa = actor("qa@northshire.example")
    trail = AuditEvent.objects.count()
    entry = do_log_access(qa, northshire(), AccessLog.Action.VIEW, "NOR-00001")
    assert (entry.user, entry.user_email, entry.action, entry.record_ref) == (
        qa.user,
        "qa@northshire.example",
        "view",
        "NOR-00001",
    )
    assert AuditEvent.objects.count() == trail
