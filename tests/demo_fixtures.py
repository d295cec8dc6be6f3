"""Fixtures for tests that use the demo services: the test database seeded with them once per
session, and test clients signed in as a demo person. tests/web and tests/fuzz take them into
their conftest.py (seeding is idempotent, so both may run in one session)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.test import Client

from yjqa.web.accounts.models import User
from yjqa.web.demo import seed_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        seed_demo()


class ClosingClient(Client):
    """A test client whose responses are closed when the test ends, as a WSGI server closes
    each one once sent (a file download left unread would otherwise stay open)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.responses: list[Any] = []

    def request(self, **request: Any) -> Any:
        response = super().request(**request)
        self.responses.append(response)
        return response

    def close_responses(self) -> None:
        for response in self.responses:
            response.close()


@pytest.fixture
def client_for(db: None) -> Iterator[Callable[[str], Client]]:
    """A test client signed in as the demo person with this email."""
    clients: list[ClosingClient] = []

    def make(email: str) -> Client:
        client = ClosingClient()
        client.force_login(User.objects.get(email=email))
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close_responses()
