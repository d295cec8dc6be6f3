"""A person's name per service: each membership has its own name, set by the service that
added them. Two services adding the same email with different names each see their own, and
neither learns the other's (nor does either change the account's own name)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.improvement import services as improvement
from yjqa.web.improvement.models import Action, ActionChange
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
EMAIL = "sam.shared@example.org"
NORTH, SOUTH = "Samantha North", "Sam South"


def add(client: Client, slug: str, name: str, role: str = "auditor") -> str:
    response = client.post(
        reverse("add_person", args=[slug]),
        {"email": EMAIL, "full_name": name, "role": role},
        follow=True,
    )
    assert response.status_code == 200
    return response.content.decode()


def people(client: Client, slug: str) -> str:
    response = client.get(reverse("people", args=[slug]))
    assert response.status_code == 200
    return response.content.decode()


def test_two_services_add_one_email_with_different_names_and_each_sees_its_own(
    client_for: ClientFor,
) -> None:
    north, south = client_for("admin@northshire.example"), client_for("admin@southvale.example")
    add(north, "northshire", NORTH)
    added_page = add(south, "southvale", SOUTH)
    assert NORTH not in added_page  # adding an existing email shows nothing of the account
    assert User.objects.filter(email=EMAIL).count() == 1
    assert User.objects.get(email=EMAIL).full_name == NORTH  # the account's name is unchanged
    north_page, south_page = people(north, "northshire"), people(south, "southvale")
    assert NORTH in north_page and SOUTH not in north_page
    assert SOUTH in south_page and NORTH not in south_page
    names = dict(
        Membership.objects.filter(user__email=EMAIL).values_list("service__slug", "display_name")
    )
    assert names == {"northshire": NORTH, "southvale": SOUTH}
    # The change page and its messages use the service's own name too.
    member = Membership.objects.get(user__email=EMAIL, service__slug="southvale")
    change = south.get(reverse("change_person", args=["southvale", member.pk])).content.decode()
    assert f"Change {SOUTH}" in change and NORTH not in change
    # Each service's audit trail names the person as that service added them.
    event = (
        AuditEvent.objects.filter(action="add_member", service__slug="southvale")
        .order_by("-id")
        .first()
    )
    assert event is not None and event.changes["person"]["after"] == EMAIL
    assert event.changes["name"]["after"] == SOUTH and NORTH not in str(event.changes)


def test_a_plan_actions_history_names_the_person_as_its_service_knows_them(
    client_for: ClientFor,
) -> None:
    add(client_for("admin@southvale.example"), "southvale", SOUTH)
    add(client_for("admin@northshire.example"), "northshire", NORTH, role="manager")
    membership = Membership.objects.select_related("user", "service").get(
        user__email=EMAIL, service__slug="northshire"
    )
    User.objects.filter(email=EMAIL).update(full_name=SOUTH)  # the account's own name
    membership.user.refresh_from_db()
    action = Action.objects.filter(item__plan__service__slug="northshire").first()
    assert action is not None
    improvement.do_update_action(
        Actor.member(membership),
        action,
        action.version,
        description=action.description,
        owner="A new owner",
        due_date=action.due_date,
        status=action.status_enum,
        closed_reason=action.closed_reason,
    )
    change = ActionChange.objects.get(action=action, field="owner", new_value="A new owner")
    assert change.user_name == NORTH
