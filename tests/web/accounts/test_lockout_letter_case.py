"""Issue 18: the sign-in lock-out was bypassed by changing the letter case of the email.

Axes counted failures per email as typed, so `Manager@…`, `MANAGER@…` and ` manager@… `
each had five fresh tries. The lock-out must hold for the person, however the email is written.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from yjqa.web.demo import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

EMAIL = "manager@southvale.example"
SPELLINGS = [
    "Manager@southvale.example",
    "MANAGER@SOUTHVALE.EXAMPLE",
    " manager@Southvale.example ",
    "manager@southvale.EXAMPLE",
    "mAnager@southvale.example",
]


def sign_in(client: Client, email: str, password: str) -> int:
    response = client.post(reverse("sign_in"), {"username": email, "password": password})
    return response.status_code


def test_failures_under_different_letter_cases_add_up_to_a_lock_out() -> None:
    client = Client()
    for spelling in SPELLINGS[:4]:
        assert sign_in(client, spelling, "wrong password") == 200
    # The fifth failure, under yet another spelling, locks the person out.
    assert sign_in(client, SPELLINGS[4], "wrong password") == 429


@pytest.mark.parametrize("spelling", [EMAIL, *SPELLINGS])
def test_a_locked_out_person_stays_locked_out_whatever_the_case_of_the_email(
    spelling: str,
) -> None:
    client = Client()
    for _ in range(5):
        sign_in(client, EMAIL, "wrong password")
    assert sign_in(client, spelling, DEFAULT_PASSWORD) == 429
    assert client.get(reverse("home")).status_code == 302  # still signed out


@pytest.mark.parametrize("spelling", SPELLINGS)
def test_sign_in_accepts_the_email_in_any_letter_case_and_with_spaces(spelling: str) -> None:
    client = Client()
    assert sign_in(client, spelling, DEFAULT_PASSWORD) == 302
    assert client.get(reverse("home")).status_code == 200
