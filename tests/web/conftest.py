"""Web tests share the demo services, seeded once per test session."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from yjqa.web.accounts.models import User
from yjqa.web.demo import seed_demo


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    with django_db_blocker.unblock():
        seed_demo()


@pytest.fixture
def client_for(db: None) -> Callable[[str], Client]:
    """A test client signed in as the demo person with this email."""

    def make(email: str) -> Client:
        client = Client()
        client.force_login(User.objects.get(email=email))
        return client

    return make
