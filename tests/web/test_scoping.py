"""Every page is scoped to the person's services and role; outside them is a 404."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yjqa.web.caseload.models import CaseRecord
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]


def northshire_urls() -> dict[str, tuple[str, str]]:
    """Every service view, as (method, url), for Northshire."""
    case = CaseRecord.objects.filter(service__slug="northshire").order_by("case_ref").first()
    member = Membership.objects.get(user__email="board@northshire.example")
    assert case is not None
    return {
        "service_home": ("get", reverse("service_home", args=["northshire"])),
        "case_list": ("get", reverse("case_list", args=["northshire"])),
        "case_detail": ("get", reverse("case_detail", args=["northshire", case.case_ref])),
        "people": ("get", reverse("people", args=["northshire"])),
        "add_person": ("get", reverse("add_person", args=["northshire"])),
        "change_person": ("get", reverse("change_person", args=["northshire", member.pk])),
        "remove_person": ("post", reverse("remove_person", args=["northshire", member.pk])),
        "access_log": ("get", reverse("access_log", args=["northshire"])),
    }


VIEWS = [
    "service_home",
    "case_list",
    "case_detail",
    "people",
    "add_person",
    "change_person",
    "remove_person",
    "access_log",
]


def test_every_service_view_is_listed() -> None:
    from yjqa.web.urls import service_patterns

    assert sorted(p.name for p in service_patterns) == sorted(VIEWS)


@pytest.mark.django_db
@pytest.mark.parametrize("view", VIEWS)
@pytest.mark.parametrize("outsider", ["qa@southvale.example", "admin@southvale.example"])
def test_another_services_person_gets_404(client_for: ClientFor, view: str, outsider: str) -> None:
    method, url = northshire_urls()[view]
    response = getattr(client_for(outsider), method)(url)
    assert response.status_code == 404
    assert Membership.objects.filter(user__email="board@northshire.example").exists()


ALLOWED = {
    "admin": set(VIEWS),
    "qa": {"service_home", "case_list", "case_detail"},
    "manager": {"service_home", "case_list", "case_detail"},
    "board": {"service_home"},
    "inspector": {"service_home", "case_list", "case_detail"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_what_each_role_may_and_may_not_do(client_for: ClientFor, role: str) -> None:
    client = client_for(f"{role}@northshire.example")
    for view, (method, url) in northshire_urls().items():
        if view == "remove_person":
            continue  # a successful removal is tested on its own below
        status = getattr(client, method)(url).status_code
        if view in ALLOWED[role]:
            assert status == 200, (role, view, status)
        else:
            assert status == 404, (role, view, status)


@pytest.mark.django_db
def test_remove_person_is_for_admins_only(client_for: ClientFor) -> None:
    _, url = northshire_urls()["remove_person"]
    assert client_for("manager@northshire.example").post(url).status_code == 404
    assert client_for("admin@northshire.example").post(url).status_code == 302
    assert not Membership.objects.filter(user__email="board@northshire.example").exists()


@pytest.mark.django_db
def test_an_inspectors_access_ends_when_it_expires(client_for: ClientFor) -> None:
    client = client_for("inspector@northshire.example")
    url = reverse("case_list", args=["northshire"])
    assert client.get(url).status_code == 200
    Membership.objects.filter(user__email="inspector@northshire.example").update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert client.get(url).status_code == 404
    assert "Northshire" not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_signed_out_people_are_sent_to_sign_in() -> None:
    response = Client().get(reverse("case_list", args=["northshire"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sign_in"))


@pytest.mark.django_db
def test_case_list_shows_only_the_services_own_cases(client_for: ClientFor) -> None:
    page = client_for("qa@northshire.example").get(reverse("case_list", args=["northshire"]))
    body = page.content.decode()
    assert "NS-" in body and "SV-" not in body
    total = CaseRecord.objects.filter(service__slug="northshire").count()
    assert f"{total} case records" in body


@pytest.mark.django_db
def test_the_last_administrator_cannot_be_removed(client_for: ClientFor) -> None:
    admin = Membership.objects.get(user__email="admin@northshire.example")
    client = client_for("admin@northshire.example")
    client.post(reverse("remove_person", args=["northshire", admin.pk]), follow=True)
    assert Membership.objects.filter(pk=admin.pk).exists()
