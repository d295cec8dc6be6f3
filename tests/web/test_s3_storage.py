"""Evidence files on S3-compatible storage (YJQA_STORAGE_URL), against moto's S3 server
started as its own process: an upload lands in the bucket, the download gives back the same
bytes, and `yjqa backup` and `yjqa restore` carry the file through the bucket."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.urls import reverse
from tests.s3_server.running import S3Server, s3_server
from tests.web.evidence_files import (
    EVIDENCE,
    empty_the_database,
    fresh_content_types,  # noqa: F401 (autouse)
    with_evidence_file,
)

from yjqa.web.audit.trail import Actor
from yjqa.web.backups import restore_backup, write_backup
from yjqa.web.storage_config import storage_settings
from yjqa.web.tenancy.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def bucket(settings) -> Iterator[S3Server]:  # type: ignore[no-untyped-def]
    with s3_server() as server:
        settings.STORAGES = storage_settings(server.storage_url)
        yield server


def _keys(server: S3Server) -> list[str]:
    listing = server.client().list_objects_v2(Bucket=server.bucket)
    return [item["Key"] for item in listing.get("Contents", [])]


def test_evidence_is_stored_in_the_bucket_and_read_back(bucket: S3Server, client) -> None:  # type: ignore[no-untyped-def]
    evidence = with_evidence_file()
    assert _keys(bucket) == [evidence.file.name]
    stored = bucket.client().get_object(Bucket=bucket.bucket, Key=evidence.file.name)
    assert stored["Body"].read() == EVIDENCE

    plan = evidence.action.item.plan
    manager = Membership.objects.get(
        user__email="manager@northshire.example", service__slug="northshire"
    )
    client.force_login(manager.user)
    response = client.get(reverse("evidence_file", args=["northshire", plan.pk, evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == EVIDENCE


def test_backup_and_restore_go_through_the_bucket(bucket: S3Server, tmp_path) -> None:  # type: ignore[no-untyped-def]
    evidence = with_evidence_file()
    name = evidence.file.name
    archive = tmp_path / "yjqa.zip"
    summary = write_backup(Actor.operator(), archive)
    assert summary.files >= 1

    empty_the_database()
    bucket.client().delete_object(Bucket=bucket.bucket, Key=name)
    assert name not in _keys(bucket)

    restore_backup(Actor.operator(), archive)
    assert name in _keys(bucket)
    stored = bucket.client().get_object(Bucket=bucket.bucket, Key=name)
    assert stored["Body"].read() == EVIDENCE
