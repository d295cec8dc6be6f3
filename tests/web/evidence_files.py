"""An evidence file to back up and restore, for the backup tests on local disk and on
S3-compatible storage (tests/web/test_backup.py, tests/web/test_s3_storage.py)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile

from yjqa.web.audit.trail import Actor
from yjqa.web.backups import empty_database
from yjqa.web.improvement.models import Action, Evidence
from yjqa.web.improvement.services import do_add_evidence
from yjqa.web.tenancy.models import Membership

EVIDENCE = b"%PDF-1.4 minutes of the practice group\n" + bytes(range(256)) * 40


@pytest.fixture(autouse=True)
def fresh_content_types() -> Iterator[None]:
    """Emptying the database inside a test renumbers content types: forget the cached ones
    (autouse in a test module that imports it)."""
    ContentType.objects.clear_cache()
    yield
    ContentType.objects.clear_cache()


def with_evidence_file(content: bytes = EVIDENCE) -> Evidence:
    """Minutes added as evidence to a Northshire action by its manager."""
    action = Action.objects.filter(item__plan__service__slug="northshire").first()
    assert action is not None
    manager = Membership.objects.get(
        user__email="manager@northshire.example", service__slug="northshire"
    )
    upload = SimpleUploadedFile("minutes.pdf", content)
    return do_add_evidence(Actor.member(manager), action, note="Minutes", upload=upload)


def empty_the_database() -> None:
    """The database emptied, as an installation that has never held data."""
    empty_database()
    ContentType.objects.clear_cache()
