"""PDF and Word files are made by the worker: the link's page offers a button, its POST queues
`render_document`, and the job's result downloads the stored file, for the service alone."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse
from pypdf import PdfReader
from tests.s3_server.running import S3Server, s3_server
from tests.web.inspections.publishing import make_ready_to_publish

from yjqa.web import document_jobs
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.models import BoardMeeting
from yjqa.web.inspections.models import Inspection
from yjqa.web.inspections.report_files import report_file_bytes
from yjqa.web.inspections.services import do_change_status
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now
from yjqa.web.storage_config import storage_settings

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER = "manager@northshire.example"


@pytest.fixture(autouse=True)
def own_storage(settings: Any, tmp_path: Path) -> Path:
    settings.MEDIA_ROOT = tmp_path  # each test keeps its files apart
    return tmp_path


def demo() -> Inspection:
    return Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)


def report_url(inspection: Inspection, fmt: str) -> str:
    return reverse("report_file", args=["northshire", inspection.pk, fmt])


def meeting() -> BoardMeeting:
    found = BoardMeeting.objects.filter(service__slug="northshire").order_by("-date").first()
    assert found is not None
    return found


def start(client: Client, url: str) -> Job:
    response = client.post(url)
    assert response.status_code == 302 and "/jobs/" in response["Location"]
    job = Job.objects.get(pk=int(response["Location"].rstrip("/").rsplit("/", 1)[1]))
    assert response["Location"] == reverse("job_progress", args=["northshire", job.pk])
    return job


def test_the_link_offers_a_button_and_a_get_starts_nothing(client_for: ClientFor) -> None:
    page = client_for(MANAGER).get(report_url(demo(), "pdf"))
    assert page.status_code == 200
    html = page.content.decode()
    assert '<h1 class="govuk-heading-l">Make the PDF of the report</h1>' in html
    assert 'method="post"' in html and "csrfmiddlewaretoken" in html
    assert f"northshire-inspection-{demo().pk}.pdf" in html
    assert "script-src 'none'" not in page["Content-Security-Policy"]  # an ordinary page
    assert not Job.objects.filter(kind="render_document").exists()


def test_the_post_needs_its_csrf_token() -> None:
    from yjqa.web.accounts.models import User

    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.get(email=MANAGER))
    assert client.post(report_url(demo(), "pdf")).status_code == 403
    assert not Job.objects.filter(kind="render_document").exists()


def test_the_job_makes_the_file_and_it_downloads(client_for: ClientFor, own_storage: Path) -> None:
    client = client_for(MANAGER)
    inspection = demo()
    job = start(client, report_url(inspection, "pdf"))
    assert job.state == Job.State.QUEUED and job.view_capability == "view_inspections"
    assert job.arguments == {"document": "report", "object_id": inspection.pk, "fmt": "pdf"}
    assert AuditEvent.objects.filter(action="start_job", object_id=str(job.pk)).exists()
    assert run_jobs_now() == 1
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    name = f"northshire-inspection-{inspection.pk}.pdf"
    assert job.result_url == reverse("document_download", args=["northshire", job.pk, name])
    assert (own_storage / "documents" / str(inspection.service_id) / str(job.pk) / name).exists()
    progress = client.get(reverse("job_progress", args=["northshire", job.pk])).content.decode()
    assert "The PDF is ready to download" in progress
    assert f'href="{job.result_url}">Download the file</a>' in progress
    file = client.get(job.result_url)
    assert file.status_code == 200 and file["Content-Type"] == "application/pdf"
    assert file["Content-Disposition"] == f'attachment; filename="{name}"'
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(file.content)).pages)
    assert DEMO_INSPECTION_TITLE in " ".join(text.split())


def test_a_board_packs_word_file_is_made_and_downloads(client_for: ClientFor) -> None:
    client = client_for("board@northshire.example")
    pack = meeting()
    job = start(client, reverse("board_pack", args=["northshire", pack.pk, "docx"]))
    assert job.view_capability == "view_improvement"
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    assert job.result_url.endswith(f"northshire-board-pack-{pack.date:%Y-%m-%d}.docx")
    words = docx.Document(io.BytesIO(client.get(job.result_url).content))
    assert any("Attendance" in p.text for p in words.paragraphs)


def test_a_youth_justice_plans_pdf_is_made_and_downloads(client_for: ClientFor) -> None:
    client = client_for(MANAGER)
    job = start(client, reverse("youth_justice_plan_file", args=["northshire", 2025, "pdf"]))
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    assert job.result_url.endswith("northshire-youth-justice-plan-2025.pdf")
    assert client.get(job.result_url).content.startswith(b"%PDF")


def test_a_kept_file_is_served_at_once_without_a_job(client_for: ClientFor) -> None:
    inspection = make_ready_to_publish(demo())
    do_change_status(Actor.operator(), inspection, Inspection.Status.PUBLISHED)
    client = client_for(MANAGER)
    assert "Make the Word file" in client.get(report_url(inspection, "docx")).content.decode()
    kept = report_file_bytes(inspection, "docx")  # rendered once and kept (as a job does)
    response = client.get(report_url(inspection, "docx"))
    assert response.status_code == 200 and response.content == kept
    assert "wordprocessingml" in response["Content-Type"]
    assert not Job.objects.filter(kind="render_document").exists()


def test_another_services_person_gets_404(client_for: ClientFor) -> None:
    job = start(client_for(MANAGER), report_url(demo(), "pdf"))
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.DONE
    for outsider in ("qa@southvale.example", "admin@southvale.example"):
        client = client_for(outsider)
        assert client.get(job.result_url).status_code == 404
        assert client.get(reverse("job_progress", args=["northshire", job.pk])).status_code == 404
        assert client.post(report_url(demo(), "pdf")).status_code == 404
        # Nor can they reach it under their own service's address.
        theirs = job.result_url.replace("/northshire/", "/southvale/")
        assert client.get(theirs).status_code == 404
    assert client_for(MANAGER).get(job.result_url).status_code == 200


def test_a_file_of_a_job_not_done_or_not_a_document_is_not_found(client_for: ClientFor) -> None:
    client = client_for(MANAGER)
    job = start(client, report_url(demo(), "pdf"))  # queued, not yet run
    name = f"northshire-inspection-{demo().pk}.pdf"
    url = reverse("document_download", args=["northshire", job.pk, name])
    assert client.get(url).status_code == 404
    run_jobs_now()
    assert client.get(url).status_code == 200
    assert client.get(url.replace(name, "other.pdf")).status_code == 404
    assert client.get(url.replace(".pdf", ".txt")).status_code == 404


def test_a_document_gone_before_the_worker_runs_fails_clearly(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    pack = meeting()
    job = start(client, reverse("board_pack", args=["northshire", pack.pk, "pdf"]))
    BoardMeeting.objects.filter(pk=pack.pk).delete()
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and job.result_url == ""
    page = client.get(reverse("job_progress", args=["northshire", job.pk])).content.decode()
    assert "This did not finish" in page
    assert "We could not make the board pack: it is no longer there." in page


def test_a_render_that_breaks_fails_the_job_with_a_clear_error(
    client_for: ClientFor, monkeypatch: pytest.MonkeyPatch, own_storage: Path
) -> None:
    def broken(*args: object) -> bytes:
        raise RuntimeError("typst: secret internal detail")

    monkeypatch.setattr(document_jobs, "render_bytes", broken)
    client = client_for(MANAGER)
    job = start(client, report_url(demo(), "pdf"))
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED
    page = client.get(reverse("job_progress", args=["northshire", job.pk])).content.decode()
    assert "something went wrong on our side" in page and "secret" not in page
    assert not (own_storage / "documents").exists()  # nothing stored


def test_a_role_taken_away_before_the_worker_runs_fails_the_job(client_for: ClientFor) -> None:
    from yjqa.web.tenancy.models import Membership, Role

    client = client_for(MANAGER)
    job = start(client, report_url(demo(), "pdf"))
    Membership.objects.filter(user__email=MANAGER, service__slug="northshire").update(
        role=Role.CASE_MANAGER
    )
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.FAILED and "may no longer do it" in job.message
    assert not default_storage.exists(f"documents/{job.service_id}/{job.pk}")


def test_html_stays_immediate(client_for: ClientFor) -> None:
    response = client_for(MANAGER).get(report_url(demo(), "html"))
    assert response.status_code == 200 and '<html lang="en-GB"' in response.content.decode()
    assert "script-src 'none'" in response["Content-Security-Policy"]
    assert not Job.objects.exists()


def test_a_file_left_under_the_jobs_number_is_replaced_not_served(
    client_for: ClientFor, own_storage: Path
) -> None:
    client = client_for(MANAGER)
    inspection = demo()
    job = start(client, reverse("youth_justice_plan_file", args=["northshire", 2025, "pdf"]))
    name = "northshire-youth-justice-plan-2025.pdf"
    stale = own_storage / "documents" / str(inspection.service_id) / str(job.pk) / name
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"%PDF-1.7 from an earlier database")  # job numbers can come again
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    made = client.get(job.result_url).content
    assert made.startswith(b"%PDF") and b"earlier database" not in made
    assert sorted(p.name for p in stale.parent.iterdir()) == [name]


@pytest.fixture
def bucket(settings: Any) -> Iterator[S3Server]:
    with s3_server() as server:
        settings.STORAGES = storage_settings(server.storage_url)
        yield server


def test_on_s3_storage_the_made_file_is_stored_in_the_bucket_and_downloads(
    client_for: ClientFor, bucket: S3Server
) -> None:
    client = client_for(MANAGER)
    pack = meeting()
    job = start(client, reverse("board_pack", args=["northshire", pack.pk, "pdf"]))
    run_jobs_now()
    job.refresh_from_db()
    assert job.state == Job.State.DONE, job.message
    name = f"northshire-board-pack-{pack.date:%Y-%m-%d}.pdf"
    key = f"documents/{pack.service_id}/{job.pk}/{name}"
    listing = bucket.client().list_objects_v2(Bucket=bucket.bucket)
    assert key in [o["Key"] for o in listing["Contents"]]
    stored = bucket.client().get_object(Bucket=bucket.bucket, Key=key)["Body"].read()
    download = client.get(job.result_url)
    assert download.status_code == 200 and download.content == stored
    assert stored.startswith(b"%PDF")
