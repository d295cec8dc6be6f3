"""The web and command-line fuzz tests use the demo services, seeded once per session (as
tests/web does; seeding is idempotent, so both may run in one session)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from django.test import Client

from yjqa.web.accounts.models import User
from yjqa.web.demo import seed_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        seed_demo()


@pytest.fixture
def client_for(db: None) -> Iterator[Callable[[str], Client]]:
    """A test client signed in as the demo person with this email."""
    clients: list[Client] = []

    def make(email: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(email=email))
        clients.append(client)
        return client

    yield make
