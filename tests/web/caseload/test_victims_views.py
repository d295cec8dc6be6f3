"""The victims' caseload pages: list, a victim's record (logged), import, templates."""

from __future__ import annotations

import dataclasses
import html
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from jobs_helpers import assert_job_access, upload_and_run
from yjqa.core.caseload import codes
from yjqa.core.caseload.victims import VICTIM_COLUMNS, VictimRow, victim_cells, write_victims_csv
from yjqa.core.synthetic.victims import generate_victims
from yjqa.web.audit.models import AuditEvent
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.jobs.models import Job
from yjqa.web.jobs.services import run_jobs_now
from yjqa.web.tenancy.models import AccessLog

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
IMPORT = reverse("victims_import", args=["northshire"])
LIST = reverse("victim_list", args=["northshire"])


def new_victims(count: int) -> list[VictimRow]:
    """Synthetic victims of Northshire's cases, with references the demo does not use."""
    cases = list(CaseRecord.objects.filter(service__slug="northshire").order_by("case_ref"))
    victims = generate_victims(cases, code="IV", seed=9)[:count]
    assert len(victims) == count
    return [dataclasses.replace(v, victim_ref=f"IV-{i:05d}") for i, v in enumerate(victims)]


def upload(client: Client, path: Path) -> str:
    """Upload through the page: it queues a job, which runs here; the job's page, then."""
    return html.unescape(upload_and_run(client, IMPORT, path))


def post(client: Client, path: Path) -> str:
    """Upload without running the queue: the address the page sends the person to."""
    with path.open("rb") as handle:
        response = client.post(IMPORT, {"file": SimpleUploadedFile(path.name, handle.read())})
    assert response.status_code == 302
    location: str = response["Location"]
    return location


def northshire_victims() -> int:
    return VictimRecord.objects.filter(service__slug="northshire").count()


def test_a_valid_file_is_imported_and_reimporting_updates(
    client_for: ClientFor, tmp_path: Path
) -> None:
    victims = new_victims(25)
    path = tmp_path / "victims.csv"
    write_victims_csv(path, victims)
    client = client_for("manager@northshire.example")
    before = northshire_victims()
    page = upload(client, path)
    assert f"{len(victims)} rows imported ({len(victims)} new victims' records, 0 updated)" in page
    assert northshire_victims() == before + len(victims)
    write_victims_csv(path, [dataclasses.replace(victims[0], support_given="referred")])
    page = upload(client, path)
    assert "(0 new victims' records, 1 updated)" in page
    record = VictimRecord.objects.get(service__slug="northshire", victim_ref="IV-00000")
    assert record.support_given == "referred"


def test_an_excel_file_is_imported(client_for: ClientFor, tmp_path: Path) -> None:
    victims = new_victims(4)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(VICTIM_COLUMNS))
    for victim in victims:
        sheet.append(victim_cells(victim))
    path = tmp_path / "victims.xlsx"
    book.save(path)
    assert "4 rows imported" in upload(client_for("admin@northshire.example"), path)


def test_every_problem_is_listed_with_its_row_and_nothing_is_written(
    client_for: ClientFor, tmp_path: Path
) -> None:
    victims = new_victims(10)
    victims[2] = dataclasses.replace(victims[2], case_ref="NOT-A-CASE")  # row 4
    path = tmp_path / "bad.csv"
    write_victims_csv(path, victims)
    lines = path.read_text().splitlines()
    lines[6] = lines[6].replace(victims[5].offence_category, "arson", 1)  # row 7
    path.write_text("\n".join(lines) + "\n")
    before = northshire_victims()
    client = client_for("manager@northshire.example")
    page = upload(client, path)
    assert "The file was not imported" in page and "Nothing has been changed" in page
    assert "bad.csv: row 7, column offence_category" in page
    assert "row 4" not in page  # the reader's problems first: the caseload is checked after
    assert northshire_victims() == before
    job = Job.objects.latest("pk")
    assert (job.kind, job.state) == ("victims_import", "failed")
    assert job.problems and all(p.startswith("bad.csv: row 7, ") for p in job.problems)
    assert not AuditEvent.objects.filter(action="import_victims", via="web").exists()
    del lines[6]
    path.write_text("\n".join(lines) + "\n")
    page = upload(client, path)
    assert (
        "bad.csv: row 4, column case_ref: no case 'NOT-A-CASE' in Northshire YJS's caseload; "
        "import the children's caseload first"
    ) in page
    assert northshire_victims() == before


def test_the_upload_is_queued_and_the_worker_imports_it(
    client_for: ClientFor, tmp_path: Path
) -> None:
    victims = new_victims(12)
    path = tmp_path / "victims.csv"
    write_victims_csv(path, victims)
    client = client_for("manager@northshire.example")
    before = northshire_victims()
    location = post(client, path)
    job = Job.objects.get(pk=int(location.rstrip("/").rsplit("/", 1)[1]))
    assert location == reverse("job_progress", args=["northshire", job.pk])
    assert (job.kind, job.state, job.view_capability) == ("victims_import", "queued", "view_cases")
    assert job.title == "Importing victims.csv" and job.payload  # the file, kept for the worker
    assert northshire_victims() == before  # nothing written until the worker runs it
    queued = client.get(location).content.decode()
    assert "Waiting to start" in queued and "refresh this page" in queued
    assert run_jobs_now() == 1
    job.refresh_from_db()
    assert (job.state, job.progress) == ("done", 1.0)
    assert job.message == "victims.csv: 12 rows imported (12 new victims' records, 0 updated)"
    assert job.result_url == LIST  # where the page sent the person before the queue
    assert northshire_victims() == before + 12
    event = AuditEvent.objects.get(action="import_victims", via="web")
    assert (event.actor_label, event.object_label) == ("manager@northshire.example", "victims.csv")
    done = html.unescape(client.get(location).content.decode())
    assert f'href="{LIST}">See the result</a>' in done


def test_a_file_of_another_type_is_refused_on_the_page_and_nothing_is_queued(
    client_for: ClientFor,
) -> None:
    file = SimpleUploadedFile("victims.pdf", b"%PDF-1.7")
    response = client_for("manager@northshire.example").post(IMPORT, {"file": file})
    assert response.status_code == 200
    assert "The selected file must be a CSV or Excel (.xlsx) file" in response.content.decode()
    assert not Job.objects.exists()


@pytest.mark.parametrize(
    ("email", "page", "api"),
    [
        ("admin@southvale.example", 404, 404),  # another service's
        ("qa@southvale.example", 404, 404),
        ("board@northshire.example", 403, 404),  # the service's, but may not read victims
        ("qa@northshire.example", 200, 200),  # may read the victims' caseload it makes
    ],
)
def test_the_job_is_the_services_and_for_those_who_may_read_victims(
    client_for: ClientFor, tmp_path: Path, email: str, page: int, api: int
) -> None:
    path = tmp_path / "victims.csv"
    write_victims_csv(path, new_victims(2))
    location = post(client_for("manager@northshire.example"), path)
    run_jobs_now()
    job = Job.objects.get(kind="victims_import")
    assert_job_access(client_for(email), email, job.pk, location, page=page, api=api)


def test_templates_download_and_read_back(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    csv_template = client.get(reverse("victims_template", args=["northshire", "csv"]))
    assert csv_template["Content-Disposition"] == 'attachment; filename="victims-template.csv"'
    assert csv_template.content.decode().splitlines()[0] == ",".join(VICTIM_COLUMNS)
    xlsx = client.get(reverse("victims_template", args=["northshire", "xlsx"]))
    assert xlsx.content[:2] == b"PK"
    assert client.get(reverse("victims_template", args=["northshire", "pdf"])).status_code == 404
    page = client.get(IMPORT).content.decode()
    assert reverse("victims_template", args=["northshire", "xlsx"]) in page


def test_the_list_filters_sorts_and_pages(client_for: ClientFor) -> None:
    client = client_for("qa@northshire.example")
    mine = VictimRecord.objects.filter(service__slug="northshire")
    total = mine.count()
    assert total > 50  # more than a page
    page = client.get(LIST).content.decode()
    assert f"{total} victims' records" in page and "SV-V" not in page
    newest = mine.order_by("-offence_date", "victim_ref").first()
    assert newest is not None and newest.victim_ref in page
    category = max(codes.OFFENCE_CATEGORY, key=lambda c: mine.filter(offence_category=c).count())
    expected = mine.filter(offence_category=category).count()
    page = client.get(LIST, {"offence_category": category}).content.decode()
    assert f"{expected} victims' records match" in page
    declined = mine.filter(consent_to_contact=False).count()
    page = client.get(LIST, {"consent_to_contact": "no"}).content.decode()
    assert f"{declined} victims' records match" in page
    unknown = mine.filter(restorative_justice_offered__isnull=True).count()
    page = client.get(LIST, {"restorative_justice_offered": "unknown"}).content.decode()
    assert f"{unknown} victims' records match" in page
    oldest = mine.order_by("offence_date", "victim_ref")
    page = client.get(LIST, {"sort": "oldest"}).content.decode()
    assert oldest[0].victim_ref in page and oldest[total - 1].victim_ref not in page
    last_page = (total + 49) // 50
    page = client.get(LIST, {"sort": "oldest", "page": last_page}).content.decode()
    assert oldest[total - 1].victim_ref in page
    partial = client.get(LIST, headers={"HX-Request": "true"}).content.decode()
    assert "<h1" not in partial and "victims' records" in partial


def test_a_victims_record_shows_its_fields_and_its_view_is_logged(client_for: ClientFor) -> None:
    victim = VictimRecord.objects.filter(service__slug="northshire").select_related("case")[0]
    client = client_for("qa@northshire.example")
    page = client.get(reverse("victim_detail", args=["northshire", victim.victim_ref]))
    body = page.content.decode()
    assert victim.get_offence_category_display() in body
    assert reverse("case_detail", args=["northshire", victim.case.case_ref]) in body
    log = AccessLog.objects.filter(service__slug="northshire").order_by("-id")[0]
    assert (log.user_email, log.action, log.record_type, log.record_ref) == (
        "qa@northshire.example",
        AccessLog.Action.VIEW,
        "victim record",
        victim.victim_ref,
    )
    southvale = VictimRecord.objects.filter(service__slug="southvale")[0]
    other = client.get(reverse("victim_detail", args=["northshire", southvale.victim_ref]))
    assert other.status_code == 404


def test_a_childs_case_page_lists_its_victims(client_for: ClientFor) -> None:
    victim = VictimRecord.objects.filter(service__slug="northshire").select_related("case")[0]
    case = victim.case
    page = client_for("manager@northshire.example").get(
        reverse("case_detail", args=["northshire", case.case_ref])
    )
    body = page.content.decode()
    for ref in VictimRecord.objects.filter(case=case).values_list("victim_ref", flat=True):
        assert reverse("victim_detail", args=["northshire", ref]) in body
    without = CaseRecord.objects.filter(service__slug="northshire", victims__isnull=True)[0]
    body = (
        client_for("manager@northshire.example")
        .get(reverse("case_detail", args=["northshire", without.case_ref]))
        .content.decode()
    )
    assert "No victims of this case" in body


def test_the_service_navigation_links_the_victims_beside_the_caseload(
    client_for: ClientFor,
) -> None:
    page = client_for("qa@northshire.example").get(reverse("case_list", args=["northshire"]))
    body = page.content.decode()
    assert body.index(reverse("case_list", args=["northshire"])) < body.index(LIST)
    board = client_for("board@northshire.example").get(reverse("service_home", args=["northshire"]))
    assert LIST not in board.content.decode()
