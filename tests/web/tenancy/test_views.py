"""Administrators add people, change roles and give inspectors time-limited access."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


def add(client: Client, **fields: str) -> str:
    data = {"email": "", "full_name": "", "role": "", **fields}
    response = client.post(reverse("add_person", args=["northshire"]), data, follow=True)
    return response.content.decode()


def test_missing_fields_get_govuk_error_messages(client_for: ClientFor) -> None:
    page = add(client_for("admin@northshire.example"))
    for message in ("Enter their email address", "Enter their full name", "Select a role"):
        assert message in page
    assert "There is a problem" in page


def test_an_inspector_gets_access_until_the_end_of_the_day(client_for: ClientFor) -> None:
    page = add(
        client_for("admin@northshire.example"),
        email="hmi@inspectorate.example",
        full_name="Harriet Inspector",
        role="auditor",
        is_inspector="on",
        expires_at_0="31",
        expires_at_1="12",
        expires_at_2="2026",
    )
    assert "Harriet Inspector has been added" in page
    member = Membership.objects.get(user__email="hmi@inspectorate.example")
    assert member.is_inspector
    assert member.expires_at is not None
    ends = timezone.localtime(member.expires_at)
    assert (ends.year, ends.month, ends.day, ends.hour) == (2026, 12, 31, 23)


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "2", "2026", "Access ends on must be a real date"),
        ("", "2", "2026", "Access ends on must include a day"),
        ("", "", "", "Enter the date the inspector&#x27;s access ends"),
    ],
)
def test_inspector_dates_are_checked(
    client_for: ClientFor, day: str, month: str, year: str, message: str
) -> None:
    page = add(
        client_for("admin@northshire.example"),
        email="hmi@inspectorate.example",
        full_name="Harriet Inspector",
        role="auditor",
        is_inspector="on",
        expires_at_0=day,
        expires_at_1=month,
        expires_at_2=year,
    )
    assert message in page
    assert not Membership.objects.filter(user__email="hmi@inspectorate.example").exists()


def test_an_inspector_must_be_an_auditor(client_for: ClientFor) -> None:
    page = add(
        client_for("admin@northshire.example"),
        email="hmi@inspectorate.example",
        full_name="Harriet Inspector",
        role="manager",
        is_inspector="on",
        expires_at_0="1",
        expires_at_1="6",
        expires_at_2="2026",
    )
    assert "Select auditor: an inspector is an auditor" in page


def test_someone_already_in_the_service_is_not_added_twice(client_for: ClientFor) -> None:
    page = add(
        client_for("admin@northshire.example"),
        email="QA@northshire.example",
        full_name="Quinn",
        role="auditor",
    )
    assert "qa@northshire.example is already a member of Northshire YJS." in page


def test_a_person_in_another_service_is_added_without_a_new_account(
    client_for: ClientFor,
) -> None:
    page = add(
        client_for("admin@northshire.example"),
        email="qa@southvale.example",
        full_name="Quinn Auditor",
        role="auditor",
    )
    assert "Quinn Auditor has been added. Send them this link" in page  # as for a new person
    assert Membership.objects.filter(user__email="qa@southvale.example").count() == 2


def test_change_a_role(client_for: ClientFor) -> None:
    member = Membership.objects.get(user__email="board@northshire.example")
    client = client_for("admin@northshire.example")
    url = reverse("change_person", args=["northshire", member.pk])
    response = client.post(url, {"role": "manager"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.role == "manager"


def test_the_last_administrator_keeps_the_role(client_for: ClientFor) -> None:
    member = Membership.objects.get(user__email="admin@northshire.example")
    client = client_for("admin@northshire.example")
    url = reverse("change_person", args=["northshire", member.pk])
    page = client.post(url, {"role": "auditor"}).content.decode()
    assert "A service must keep at least one administrator." in page
    member.refresh_from_db()
    assert member.role == "admin"
