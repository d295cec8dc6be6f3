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

from yjqa.core.caseload import codes
from yjqa.core.caseload.victims import VICTIM_COLUMNS, VictimRow, victim_cells, write_victims_csv
from yjqa.core.synthetic.victims import generate_victims
from yjqa.web.caseload.models import CaseRecord, VictimRecord
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
    with path.open("rb") as handle:
        file = SimpleUploadedFile(path.name, handle.read())
    return html.unescape(client.post(IMPORT, {"file": file}, follow=True).content.decode())


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
    del lines[6]
    path.write_text("\n".join(lines) + "\n")
    page = upload(client, path)
    assert (
        "bad.csv: row 4, column case_ref: no case 'NOT-A-CASE' in Northshire YJS's caseload; "
        "import the children's caseload first"
    ) in page
    assert northshire_victims() == before


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
