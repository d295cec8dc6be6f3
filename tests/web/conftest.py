"""Web tests share the demo services, seeded once per test session (tests/demo_fixtures.py)."""

from demo_fixtures import client_for, django_db_setup

__all__ = ["client_for", "django_db_setup"]
