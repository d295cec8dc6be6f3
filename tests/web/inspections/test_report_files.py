"""A published report's PDF and Word files: rendered once, kept in storage, served from there."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.document_downloads import download as download_file
from tests.s3_server.running import S3Server, s3_server
from tests.web.inspections.publishing import make_ready_to_publish

from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections import report_files
from yjqa.web.inspections.models import Inspection, ReportSnapshot, StandardFindings
from yjqa.web.inspections.report_files import kept_file_name, report_file_bytes
from yjqa.web.inspections.report_services import do_freeze_report
from yjqa.web.inspections.services import do_change_status
from yjqa.web.storage_config import storage_settings

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_storage(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # each test keeps its files apart
    return tmp_path


@pytest.fixture
def renders(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Each call of the PDF and Word renderers, by format (they still render)."""
    calls: list[str] = []
    for fmt in report_files.FILE_FORMATS:
        real = getattr(report_files, f"render_{fmt}")

        def counted(report, real=real, fmt=fmt):  # type: ignore[no-untyped-def]
            calls.append(fmt)
            return real(report)

        monkeypatch.setattr(report_files, f"render_{fmt}", counted)
    return calls


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def download(client: Client, inspection: Inspection, fmt: str) -> bytes:
    response = download_file(
        client, reverse("report_file", args=["northshire", inspection.pk, fmt])
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    return response.content


def published() -> Inspection:
    inspection = make_ready_to_publish(demo())
    do_change_status(Actor.operator(), inspection, Inspection.Status.PUBLISHED)
    return inspection


def kept_name(inspection: Inspection, fmt: str) -> str:
    content = ReportSnapshot.objects.get(inspection=inspection).content
    return kept_file_name(inspection, content, fmt)


def test_a_published_reports_pdf_is_rendered_once_then_served_from_storage(
    client_for: ClientFor, renders: list[str]
) -> None:
    inspection = published()
    client = client_for("manager@northshire.example")
    first = download(client, inspection, "pdf")
    assert renders == ["pdf"]
    name = kept_name(inspection, "pdf")
    assert default_storage.exists(name)
    with default_storage.open(name, "rb") as kept:
        assert kept.read() == first
    second = download(client, inspection, "pdf")
    assert renders == ["pdf"]  # not rendered again
    assert second == first
    assert "Final" in " ".join(p.extract_text() for p in PdfReader(io.BytesIO(second)).pages)
    download(client, inspection, "docx")
    download(client, inspection, "docx")
    assert renders == ["pdf", "docx"]


def test_the_kept_file_is_what_is_served(client_for: ClientFor, renders: list[str]) -> None:
    inspection = published()
    client = client_for("manager@northshire.example")
    download(client, inspection, "pdf")
    name = kept_name(inspection, "pdf")
    default_storage.delete(name)
    default_storage.save(name, ContentFile(b"%PDF-1.7 the kept file"))
    assert download(client, inspection, "pdf") == b"%PDF-1.7 the kept file"
    assert renders == ["pdf"]


def test_a_drafts_files_are_rendered_every_time_and_never_kept(
    client_for: ClientFor, renders: list[str], own_storage: Path
) -> None:
    inspection = demo()
    client = client_for("manager@northshire.example")
    download(client, inspection, "pdf")
    download(client, inspection, "pdf")
    assert renders == ["pdf", "pdf"]
    assert not any((own_storage / "report-files").rglob("*.pdf"))  # never kept for the link
    made = sorted(own_storage.rglob("*.pdf"))  # each job stored its own file to download
    assert [p.relative_to(own_storage).parts[0] for p in made] == ["documents", "documents"]


def test_freezing_afresh_drops_the_kept_files_and_serves_the_new_content(
    renders: list[str],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    inspection = make_ready_to_publish(demo())
    do_freeze_report(Actor.operator(), inspection)  # frozen, but not yet published
    old_name = kept_name(inspection, "docx")
    report_file_bytes(inspection, "docx")
    assert default_storage.exists(old_name)
    StandardFindings.objects.update_or_create(
        inspection=inspection, standard_id="2.1", defaults={"narrative": "Written afresh."}
    )
    with django_capture_on_commit_callbacks(execute=True):
        do_freeze_report(Actor.operator(), inspection)
    assert not default_storage.exists(old_name)
    fresh = docx.Document(io.BytesIO(report_file_bytes(inspection, "docx")))
    assert any("Written afresh." in p.text for p in fresh.paragraphs)
    assert default_storage.exists(kept_name(inspection, "docx"))
    assert renders == ["docx", "docx"]


def test_the_renderer_is_a_plain_callable_that_refuses_other_formats() -> None:
    with pytest.raises(ValueError, match="html"):
        report_file_bytes(demo(), "html")


@pytest.fixture
def bucket(settings: Any) -> Iterator[S3Server]:
    with s3_server() as server:
        settings.STORAGES = storage_settings(server.storage_url)
        yield server


def test_on_s3_storage_the_file_is_kept_in_the_bucket_and_dropped_when_frozen_afresh(
    bucket: S3Server,
    renders: list[str],
    django_capture_on_commit_callbacks,  # type: ignore[no-untyped-def]
) -> None:
    inspection = make_ready_to_publish(demo())
    do_freeze_report(Actor.operator(), inspection)
    first = report_file_bytes(inspection, "pdf")
    name = kept_name(inspection, "pdf")
    keys = [o["Key"] for o in bucket.client().list_objects_v2(Bucket=bucket.bucket)["Contents"]]
    assert [key for key in keys if key.endswith(".pdf")] == [name]
    stored = bucket.client().get_object(Bucket=bucket.bucket, Key=name)["Body"].read()
    assert stored == first == report_file_bytes(inspection, "pdf")
    assert renders == ["pdf"]
    with django_capture_on_commit_callbacks(execute=True):
        do_freeze_report(Actor.operator(), inspection)
    listing = bucket.client().list_objects_v2(Bucket=bucket.bucket)
    assert not [o["Key"] for o in listing.get("Contents", []) if o["Key"].endswith(".pdf")]
