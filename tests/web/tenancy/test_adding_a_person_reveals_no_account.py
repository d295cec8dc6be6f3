"""Issue 18: adding a person by email revealed whether they had an account in another service.

A new email gave "<the name typed> has been added" and a link to choose a password; an email
with an account elsewhere gave "<the account's own name> has been added" and no link, so an
administrator could test any email and learn the name it was registered under. Now both give
the same message, with the name as typed and a link of the same form; the link for an
existing account cannot set its password (it says to sign in instead).
"""

from __future__ import annotations

import re
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.accounts.models import User
from yjqa.web.demo import DEFAULT_PASSWORD

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
ELSEWHERE = "qa@southvale.example"  # an account in Southvale only
NOWHERE = "pat.newcomer@example.org"  # no account
TYPED_NAME = "Pat Example"
LINK = re.compile(r"http://testserver/set-password/[^/\s]+/[^/\s]+/")


def add(client: Client, email: str) -> tuple[list[str], str]:
    """The messages shown after adding `email`, and the page they are shown on."""
    response = client.post(
        reverse("add_person", args=["northshire"]),
        {"email": email, "full_name": TYPED_NAME, "role": "auditor"},
        follow=True,
    )
    assert response.status_code == 200
    assert response.redirect_chain == [(reverse("people", args=["northshire"]), 302)]
    return [m.message for m in response.context["messages"]], response.content.decode()


def test_both_cases_give_the_same_message(client_for: ClientFor) -> None:
    admin = client_for("admin@northshire.example")
    elsewhere, _page = add(admin, ELSEWHERE)
    nowhere, _page = add(admin, NOWHERE)
    assert len(elsewhere) == len(nowhere) == 1
    assert LINK.search(elsewhere[0]) and LINK.search(nowhere[0])
    assert LINK.sub("LINK", elsewhere[0]) == LINK.sub("LINK", nowhere[0])
    assert TYPED_NAME in elsewhere[0]


def test_the_message_never_shows_the_accounts_name_or_other_services(
    client_for: ClientFor,
) -> None:
    account = User.objects.get(email=ELSEWHERE)
    User.objects.filter(pk=account.pk).update(full_name="Quentin Southvale-Only")
    [message], _page = add(client_for("admin@northshire.example"), ELSEWHERE)
    assert "Quentin" not in message and "Southvale" not in message


def test_the_link_for_an_existing_account_cannot_set_its_password(
    client_for: ClientFor,
) -> None:
    [message], _page = add(client_for("admin@northshire.example"), ELSEWHERE)
    link = LINK.search(message)
    assert link is not None
    stranger = Client()
    page = stranger.get(link.group(0).removeprefix("http://testserver"), follow=True)
    assert page.context["validlink"] is False
    assert "sign in with your email address and password" in page.content.decode()
    account = User.objects.get(email=ELSEWHERE)
    assert account.check_password(DEFAULT_PASSWORD)


def test_the_link_for_a_new_person_still_chooses_their_password(client_for: ClientFor) -> None:
    [message], _page = add(client_for("admin@northshire.example"), NOWHERE)
    link = LINK.search(message)
    assert link is not None
    page = Client().get(link.group(0).removeprefix("http://testserver"), follow=True)
    assert page.context["validlink"] is True
