"""The Indicator data upload is a background job: queued at once, then checked, written and
the dashboard worked out by the worker, so the person's next look at it is a cache hit."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.web.indicators.test_views import OUTCOMES, PEOPLE

from jobs_helpers import assert_job_access
from yjqa.web.audit.models import AuditEvent
from yjqa.web.indicators import dashboard as board
from yjqa.web.indicators import imports
from yjqa.web.indicators.models import Child, ChildOutcome
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
URL = reverse("indicator_data", args=["northshire"])
MANAGER = "manager@northshire.example"


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Each service the dashboard was computed for, in turn."""
    seen: list[int] = []
    compute = board.compute_dashboard

    def counted(service: Service, period: board.Period, last: date) -> board.Dashboard:
        seen.append(service.pk)
        return compute(service, period, last)

    monkeypatch.setattr(board, "compute_dashboard", counted)
    yield seen


def post(client: Client, table: str, name: str, text: str) -> str:
    """Upload without running the queue: the address the page sends the person to."""
    response = client.post(URL, {"table": table, "file": SimpleUploadedFile(name, text.encode())})
    assert response.status_code == 302, response.content.decode()[:2000]
    location: str = response["Location"]
    return location


def northshire() -> Service:
    return Service.objects.get(slug="northshire")


def test_the_upload_is_queued_then_imported_and_the_dashboard_worked_out_by_the_worker(
    client_for: ClientFor, computed: list[int], monkeypatch: pytest.MonkeyPatch
) -> None:
    client = client_for(MANAGER)
    before = Child.objects.filter(service=northshire()).count()
    location = post(client, "people", "children.csv", PEOPLE)
    job = Job.objects.get(kind="indicator_data_import")
    assert location == reverse("job_progress", args=["northshire", job.pk])
    assert (job.state, job.view_capability, job.title) == (
        "queued",
        "manage_caseload",
        "Importing children.csv",
    )
    assert job.arguments == {"table": "people", "file_name": "children.csv"}
    assert Child.objects.filter(service=northshire()).count() == before  # not yet
    assert computed == []

    # What the job's row said while the dashboard was being worked out.
    said: list[tuple[str, str]] = []
    warm = imports.warm_dashboard

    def watched(service: Service) -> None:
        row = Job.objects.get(pk=job.pk)
        said.append((row.state, row.message))
        warm(service)

    monkeypatch.setattr(imports, "warm_dashboard", watched)
    assert run_jobs_now() == 1
    job.refresh_from_db()
    assert said == [("running", "Working out the indicators")]
    assert (job.state, job.progress) == ("done", 1.0)
    assert job.message == "children.csv: 2 rows imported (2 new, 0 updated)"
    assert job.result_url == URL  # the page the upload landed on before the queue
    assert Child.objects.filter(service=northshire()).count() == before + 2
    event = AuditEvent.objects.get(action="import_table", via="web")
    assert (event.actor_label, event.object_label) == (MANAGER, "children.csv")
    # Worked out once, by the job, for the year the page opens on.
    assert computed == [northshire().pk]
    page = client.get(reverse("indicators", args=["northshire"]))
    assert page.status_code == 200 and "First time entrants" in page.content.decode()
    assert computed == [northshire().pk]  # the person's look was a cache hit
    done = client.get(location).content.decode()
    assert f'href="{URL}">See the result</a>' in done


def test_a_bad_file_fails_the_job_with_its_problems_and_writes_nothing(
    client_for: ClientFor, computed: list[int]
) -> None:
    client = client_for(MANAGER)
    before = ChildOutcome.objects.count()
    events = AuditEvent.objects.filter(action="import_table").count()
    bad = OUTCOMES.replace("2025-05-03", "2025-13-03") + (
        "TO-3,T-1,Southvale YJS,2025-05-01,2025-06-01,youth_caution,theft,3,,\n"
    )
    location = post(client, "outcomes", "bad.csv", bad)
    run_jobs_now()
    job = Job.objects.get(kind="indicator_data_import")
    assert job.state == "failed"
    assert job.message.startswith("Nothing has been changed")
    assert any(
        p.startswith("bad.csv: row 3, column offence_date: '2025-13-03'") for p in job.problems
    ), job.problems
    page = client.get(location).content.decode()
    assert "The file was not imported" in page and "bad.csv: row 3, column offence_date" in page
    assert ChildOutcome.objects.count() == before
    assert AuditEvent.objects.filter(action="import_table").count() == events
    assert computed == []  # nothing changed, so nothing to work out
    # The outcomes' children must be imported first: also the worker's to say, by row.
    post(client, "outcomes", "outcomes.csv", OUTCOMES)
    run_jobs_now()
    job = Job.objects.filter(kind="indicator_data_import").latest("pk")
    assert job.state == "failed"
    assert "outcomes.csv: row 2, column person_id: no child 'T-1'" in job.problems[0]
    assert ChildOutcome.objects.count() == before


def test_a_file_of_another_type_is_refused_on_the_page_and_nothing_is_queued(
    client_for: ClientFor,
) -> None:
    response = client_for(MANAGER).post(
        URL, {"table": "people", "file": SimpleUploadedFile("children.pdf", b"%PDF-1.7")}
    )
    assert response.status_code == 200
    assert "The selected file must be a CSV, Excel (.xlsx) or Parquet file" in (
        response.content.decode()
    )
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("email", "page", "api"),
    [
        ("admin@southvale.example", 404, 404),  # another service's
        ("manager@southvale.example", 404, 404),
        ("board@northshire.example", 403, 404),  # the service's, but may not import data
        ("admin@northshire.example", 200, 200),
    ],
)
def test_the_job_is_the_services_and_for_those_who_may_import_its_data(
    client_for: ClientFor, email: str, page: int, api: int
) -> None:
    location = post(client_for(MANAGER), "people", "children.csv", PEOPLE)
    run_jobs_now()
    job = Job.objects.get(kind="indicator_data_import")
    assert job.state == "done"
    assert_job_access(client_for(email), email, job.pk, location, page=page, api=api)
