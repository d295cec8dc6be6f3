"""Read-API tokens: kept hashed, working until they expire (90 days unless chosen) or are
revoked, listed and revocable by their owner and by their services' administrators."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from yjqa.web.accounts.models import ApiToken, User
from yjqa.web.accounts.services import do_create_api_token, do_revoke_api_token
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.tenancy.models import Membership

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
LIST = "/api/v1/inspections/"


def person(email: str) -> User:
    return User.objects.get(email=email)


def member(email: str, service: str = "northshire") -> Actor:
    return Actor.member(Membership.objects.get(user__email=email, service__slug=service))


def api(token: str) -> int:
    return Client().get(LIST, HTTP_AUTHORIZATION=f"Bearer {token}").status_code


def stored(token: str) -> ApiToken:
    return ApiToken.objects.get(key_hash=ApiToken.hash_of(token))


def test_a_token_is_kept_only_as_its_digest_and_works_for_90_days_by_default() -> None:
    token = do_create_api_token(Actor.operator(), person("qa@northshire.example"))
    row = stored(token)
    assert token not in (row.key_hash, row.name) and len(row.key_hash) == 64
    left = row.expires_at - timezone.now()
    assert timedelta(days=89, hours=23) < left <= timedelta(days=90)
    assert api(token) == 200


def test_an_expired_token_is_refused() -> None:
    token = do_create_api_token(Actor.operator(), person("qa@northshire.example"), days=1)
    assert api(token) == 200
    ApiToken.objects.filter(pk=stored(token).pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert api(token) == 401


def test_a_token_works_for_one_day_to_a_year_and_no_longer() -> None:
    qa = person("qa@northshire.example")
    for days in (0, 367):
        with pytest.raises(ValidationError):
            do_create_api_token(Actor.operator(), qa, days=days)
    assert not ApiToken.objects.filter(user=qa).exists()


def test_a_revoked_token_is_refused_at_once_and_revoking_is_recorded() -> None:
    qa = person("qa@northshire.example")
    token = do_create_api_token(Actor.operator(), qa, name="Reports")
    assert do_revoke_api_token(member("qa@northshire.example"), stored(token)) is True
    assert api(token) == 401
    event = AuditEvent.objects.filter(action="revoke_api_token").latest("pk")
    assert event.actor == qa and event.object_label == "API token of qa@northshire.example"
    assert do_revoke_api_token(member("qa@northshire.example"), stored(token)) is False


def test_only_the_owner_their_services_administrators_and_the_operator_may_revoke() -> None:
    token = stored(do_create_api_token(Actor.operator(), person("qa@northshire.example")))
    for outsider in (
        member("manager@northshire.example"),  # not an administrator
        member("admin@southvale.example", "southvale"),  # another service's
        member("qa@southvale.example", "southvale"),
    ):
        with pytest.raises(PermissionDenied):
            do_revoke_api_token(outsider, token)
    token.refresh_from_db()
    assert token.revoked_at is None
    assert do_revoke_api_token(member("admin@northshire.example"), token) is True
    token.refresh_from_db()
    assert token.revoked_by == person("admin@northshire.example")


def test_a_person_makes_a_token_on_the_web_sees_it_once_and_revokes_it(
    client_for: ClientFor,
) -> None:
    client = client_for("manager@northshire.example")
    page = client.get(reverse("api_tokens"))
    assert page.status_code == 200 and "You have no API tokens" in page.content.decode()
    assert "no-store" in page["Cache-Control"]
    error = client.post(reverse("api_tokens"), {"name": "", "days": "90"}).content.decode()
    assert "Enter what you will use the token for" in error
    made = client.post(reverse("api_tokens"), {"name": "Board report", "days": "30"})
    shown = made.content.decode()
    start = shown.index('class="yjqa-token">') + len('class="yjqa-token">')
    token = shown[start : shown.index("</code>", start)]
    assert api(token) == 200
    row = stored(token)
    assert row.name == "Board report"
    assert timedelta(days=29) < row.expires_at - timezone.now() <= timedelta(days=30)
    listed = client.get(reverse("api_tokens")).content.decode()
    assert "Board report" in listed and token not in listed and "Active" in listed
    revoke = reverse("revoke_own_api_token", args=[row.pk])
    assert "Revoke your token" in client.get(revoke).content.decode()
    assert client.post(revoke).status_code == 302
    assert api(token) == 401
    assert "Revoked" in client.get(reverse("api_tokens")).content.decode()


def test_no_one_reaches_another_persons_token_from_their_own_pages(
    client_for: ClientFor,
) -> None:
    token = stored(do_create_api_token(Actor.operator(), person("qa@northshire.example")))
    other = client_for("admin@northshire.example")  # an administrator, but these are own pages
    assert other.get(reverse("revoke_own_api_token", args=[token.pk])).status_code == 404
    assert other.post(reverse("revoke_own_api_token", args=[token.pk])).status_code == 404
    token.refresh_from_db()
    assert token.revoked_at is None


def test_an_administrator_lists_and_revokes_the_services_tokens(client_for: ClientFor) -> None:
    qa = stored(do_create_api_token(Actor.operator(), person("qa@northshire.example"), name="QA"))
    elsewhere = stored(
        do_create_api_token(Actor.operator(), person("qa@southvale.example"), name="Southvale")
    )
    admin = client_for("admin@northshire.example")
    people = admin.get(reverse("people", args=["northshire"])).content.decode()
    assert reverse("service_api_tokens", args=["northshire"]) in people
    page = admin.get(reverse("service_api_tokens", args=["northshire"])).content.decode()
    assert "qa@northshire.example" in page and "qa@southvale.example" not in page
    url = reverse("revoke_service_api_token", args=["northshire", elsewhere.pk])
    assert admin.post(url).status_code == 404  # not a token of the service's people
    url = reverse("revoke_service_api_token", args=["northshire", qa.pk])
    assert admin.post(url).status_code == 302
    qa.refresh_from_db()
    elsewhere.refresh_from_db()
    assert qa.revoked_at is not None and elsewhere.revoked_at is None
    page = admin.get(reverse("service_api_tokens", args=["northshire"])).content.decode()
    assert "Revoked by" in page


def test_the_command_sets_how_long_a_token_works(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("api-token", "qa@northshire.example", "--days", "7", "--name", "Script")
    assert result.exit_code == 0, result.stderr
    row = stored(result.stdout.strip())
    assert row.name == "Script"
    assert timedelta(days=6) < row.expires_at - timezone.now() <= timedelta(days=7)
    assert run_cli("api-token", "qa@northshire.example", "--days", "400").exit_code == 2
