"""The web and command-line fuzz tests use the demo services, seeded once per session, as
tests/web does (tests/demo_fixtures.py)."""

from demo_fixtures import client_for, django_db_setup

__all__ = ["client_for", "django_db_setup"]
