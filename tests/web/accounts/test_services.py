"""People's passwords and API tokens are written by the accounts services alone."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from yjqa.web.accounts.models import ApiToken, User
from yjqa.web.accounts.services import do_create_api_token, do_note_token_use, do_set_password
from yjqa.web.accounts.tokens import user_for_token
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.tenancy.models import Membership

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-new-password-4821"


def person(email: str) -> User:
    return User.objects.get(email=email)


def actor(email: str, slug: str = "northshire") -> Actor:
    return Actor.member(Membership.objects.get(user__email=email, service__slug=slug))


def latest(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


def test_setting_someone_elses_password_is_refused_even_to_their_administrator() -> None:
    qa = person("qa@northshire.example")
    trail = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        do_set_password(actor("admin@northshire.example"), qa, NEW_PASSWORD)
    qa.refresh_from_db()
    assert not qa.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.count() == trail


def test_setting_a_password_records_who_set_it_but_never_the_password() -> None:
    qa = person("qa@northshire.example")
    old_hash = qa.password
    do_set_password(Actor(via=AuditEvent.Via.WEB, user=qa), qa, NEW_PASSWORD)
    qa.refresh_from_db()
    assert qa.check_password(NEW_PASSWORD)
    event = latest("set_password")
    assert (event.service, event.actor, event.actor_label, event.via, event.object_id) == (
        None,
        qa,
        "qa@northshire.example",
        AuditEvent.Via.WEB,
        str(qa.pk),
    )
    assert event.changes == {"password_set": {"before": True, "after": True}}
    written = str(event.changes) + event.object_label
    assert NEW_PASSWORD not in written and old_hash not in written and qa.password not in written


def test_the_set_password_link_sets_a_new_persons_password_through_the_service() -> None:
    newcomer = User.objects.create_user("new@northshire.example", None, full_name="New Person")
    uid = urlsafe_base64_encode(force_bytes(newcomer.pk))
    client = Client()
    link = reverse("set_password", args=[uid, default_token_generator.make_token(newcomer)])
    form_page = client.get(link)
    assert form_page.status_code == 302  # to the same page without the token in its address
    response = client.post(
        form_page["Location"], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert response.status_code == 302 and response["Location"] == reverse("sign_in")
    newcomer.refresh_from_db()
    assert newcomer.check_password(NEW_PASSWORD)
    event = latest("set_password")
    assert (event.actor, event.via, event.changes) == (
        newcomer,
        AuditEvent.Via.WEB,
        {"password_set": {"before": False, "after": True}},
    )
    assert (
        "This link cannot be used to choose a password"
        in Client().get(link, follow=True).content.decode()
    )


def test_issuing_a_token_for_someone_else_is_refused() -> None:
    qa = person("qa@northshire.example")
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        do_create_api_token(actor("admin@northshire.example"), qa)
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before


def test_an_inspector_whose_access_has_expired_may_not_issue_themselves_a_token() -> None:
    inspector = Membership.objects.get(user__email="inspector@northshire.example")
    Membership.objects.filter(pk=inspector.pk).update(
        expires_at=timezone.now() - timedelta(minutes=1)
    )
    inspector.refresh_from_db()
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    with pytest.raises(PermissionDenied):
        do_create_api_token(Actor.member(inspector), inspector.user)
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before


def test_a_person_issues_their_own_token_and_the_trail_names_them_not_the_token() -> None:
    qa = actor("qa@northshire.example")
    token = do_create_api_token(qa, person("qa@northshire.example"))
    event = latest("create_api_token")
    assert (event.actor, event.actor_label, event.via) == (
        qa.user,
        "qa@northshire.example",
        AuditEvent.Via.WEB,
    )
    assert event.changes["person"] == {"before": None, "after": "qa@northshire.example"}
    assert set(event.changes) == {"person", "name", "expires_at"}
    assert token not in str(event.changes) + event.object_label
    assert ApiToken.hash_of(token) not in str(event.changes) + event.object_label


def test_the_operator_issues_anyones_token() -> None:
    token = do_create_api_token(Actor.operator(), person("board@southvale.example"))
    assert user_for_token(token) == person("board@southvale.example")
    event = latest("create_api_token")
    assert (event.actor, event.actor_label, event.via) == (None, "operator (command line)", "cli")


def test_using_a_token_notes_when_it_was_last_used_without_an_audit_row() -> None:
    token = do_create_api_token(Actor.operator(), person("qa@northshire.example"))
    api_token = ApiToken.objects.get(key_hash=ApiToken.hash_of(token))
    assert api_token.last_used_at is None
    trail = AuditEvent.objects.count()
    do_note_token_use(api_token)
    api_token.refresh_from_db()
    assert api_token.last_used_at is not None
    assert AuditEvent.objects.count() == trail


def test_the_api_token_command_is_recorded_as_the_operators(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli("api-token", "manager@northshire.example")
    assert result.exit_code == 0
    event = latest("create_api_token")
    assert (event.via, event.object_label) == ("cli", "API token of manager@northshire.example")
