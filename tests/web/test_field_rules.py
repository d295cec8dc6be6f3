"""One set of field rules for both databases: what PostgreSQL cannot store (a NUL character,
a value longer than its column) is refused at the boundary with a clear message, a field error
or "Page not found", never a server error, and SQLite refuses exactly the same.

Run on PostgreSQL with YJQA_TEST_DATABASE_URL set (the suite's PostgreSQL run)."""

from __future__ import annotations

import dataclasses
import html
import zipfile
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.core.exceptions import FieldDoesNotExist
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from tests.web.caseload.test_views import new_cases

from jobs_helpers import post_and_run
from yjqa.core.caseload.reader import CASELOAD_COLUMNS, caseload_cells, write_caseload_csv
from yjqa.core.indicators.data import MAX_LENGTHS
from yjqa.core.validation.fields import MAX_REFERENCE
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.indicators.models import Child, ChildOutcome
from yjqa.web.tenancy.models import AccessLog

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
NUL = "\x00"


def post_file(client: Client, url: str, name: str, content: bytes, **data: str) -> str:
    response = post_and_run(client, url, {"file": SimpleUploadedFile(name, content), **data})
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def northshire_cases() -> int:
    return CaseRecord.objects.filter(service__slug="northshire").count()


@pytest.mark.parametrize("column", ["case_ref", "case_manager", "child_ref"])
def test_a_nul_in_a_caseload_csv_is_a_problem_naming_file_row_and_column(
    client_for: ClientFor, tmp_path: Path, column: str
) -> None:
    cases = new_cases(3)
    cases[1] = dataclasses.replace(cases[1], **{column: f"AB{NUL}CD"})
    path = tmp_path / "caseload.csv"
    write_caseload_csv(path, cases)
    before = northshire_cases()
    page = post_file(
        client_for("manager@northshire.example"),
        reverse("caseload_import", args=["northshire"]),
        "caseload.csv",
        path.read_bytes(),
    )
    assert f"caseload.csv: row 3, column {column}: has a control character (U+0000)" in page
    assert NUL not in page
    assert northshire_cases() == before


@pytest.mark.parametrize(("typed", "shown"), [("IMP\n9", "U+000A"), ("IMP\x7f9", "U+007F")])
def test_a_control_character_in_a_caseload_workbook_cell_is_a_problem(
    client_for: ClientFor, tmp_path: Path, typed: str, shown: str
) -> None:
    """A line break (Alt+Enter in Excel) or another control character XML allows: a case
    reference holding one could not be linked."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(CASELOAD_COLUMNS))
    for case in new_cases(2):
        sheet.append(caseload_cells(case))
    sheet["A3"] = typed
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    before = northshire_cases()
    page = post_file(
        client_for("manager@northshire.example"),
        reverse("caseload_import", args=["northshire"]),
        "caseload.xlsx",
        path.read_bytes(),
    )
    assert f"caseload.xlsx: row 3, column case_ref: has a control character ({shown})" in page
    assert northshire_cases() == before


def test_a_nul_in_a_caseload_workbook_is_refused(client_for: ClientFor, tmp_path: Path) -> None:
    """XML cannot hold a NUL: a workbook with one in a cell is reported as damaged."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(list(CASELOAD_COLUMNS))
    sheet.append(caseload_cells(dataclasses.replace(new_cases(1)[0], case_ref="IMPNUL9")))
    path = tmp_path / "caseload.xlsx"
    book.save(path)
    patched = tmp_path / "patched.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(patched, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data.replace(b"IMPNUL9", b"IMP\x009"))
    before = northshire_cases()
    page = post_file(
        client_for("manager@northshire.example"),
        reverse("caseload_import", args=["northshire"]),
        "caseload.xlsx",
        patched.read_bytes(),
    )
    assert "caseload.xlsx: row 2: cannot be read" in page
    assert northshire_cases() == before


def test_a_nul_in_a_victims_file_is_a_problem(client_for: ClientFor) -> None:
    case = CaseRecord.objects.filter(service__slug="northshire").first()
    assert case is not None
    header = (
        "victim_ref,case_ref,offence_category,offence_date,first_contact_date,"
        "consent_to_contact,restorative_justice_offered,restorative_justice_took_part,"
        "safety_planning_needed,support_given\n"
    )
    row = f"V{NUL}1,{case.case_ref},theft,{case.outcome_date},,,,,,none\n"
    before = VictimRecord.objects.count()
    page = post_file(
        client_for("manager@northshire.example"),
        reverse("victims_import", args=["northshire"]),
        "victims.csv",
        (header + row).encode(),
    )
    assert "victims.csv: row 2, column victim_ref: has a control character (U+0000)" in page
    assert VictimRecord.objects.count() == before


@pytest.mark.parametrize("name", ["case_list", "victim_list"])
@pytest.mark.parametrize("typed", [f"NS{NUL}1", "a\x07b", "x" * 201])
def test_a_search_box_refuses_what_no_reference_holds_with_a_field_error(
    client_for: ClientFor, name: str, typed: str
) -> None:
    client = client_for("manager@northshire.example")
    url = reverse(name, args=["northshire"])
    response = client.get(url, {"q": typed})
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "govuk-error-message" in page and "govuk-error-summary" in page
    label = "Case reference or case manager" if name == "case_list" else "Victim or case reference"
    assert f"{label} must" in page
    partial = client.get(url, {"q": typed}, headers={"HX-Request": "true"})
    assert partial.status_code == 200 and "govuk-error-message" in partial.content.decode()


@pytest.mark.parametrize("field", ["record", "person"])
def test_the_access_log_filter_refuses_a_nul_with_a_field_error(
    client_for: ClientFor, field: str
) -> None:
    response = client_for("admin@northshire.example").get(
        reverse("access_log", args=["northshire"]), {field: f"a{NUL}b"}
    )
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/services/northshire/cases/AB%00CD/",
        "/services/northshire/cases/AB%0ACD/",
        "/services/northshire/victims/V%001/",
        f"/services/northshire/cases/{'x' * (MAX_REFERENCE + 1)}/",
        "/services/northshire/inspections/1/moderation/A%00B/1.1.1/",
    ],
)
def test_a_case_address_with_a_nul_or_too_long_is_not_found(
    client_for: ClientFor, path: str
) -> None:
    before = AccessLog.objects.count()
    response = client_for("manager@northshire.example").get(path)
    assert response.status_code == 404
    assert AccessLog.objects.count() == before


@pytest.mark.parametrize("code", ["AB%00CD", "ABCD-%00FGH", "%00", "A%01B"])
def test_the_public_feedback_address_with_a_nul_is_not_found(client: Client, code: str) -> None:
    response = client.get(f"/feedback/{code}/")
    assert response.status_code == 404


def test_the_feedback_code_box_refuses_a_nul(client: Client) -> None:
    response = client.get(reverse("survey_start"), {"code": f"AB{NUL}C"})
    assert response.status_code == 200
    assert "govuk-error-message" in response.content.decode()


@pytest.mark.parametrize(
    ("person_id", "message"),
    [
        pytest.param(
            "P" * (MAX_LENGTHS["person_id"] + 1),
            "children.csv: row 2, column person_id: is 65 characters long: at most 64",
            id="over-long",
        ),
        pytest.param(
            f"P{NUL}1",
            "children.csv: row 2, column person_id: has a control character",
            id="nul",
        ),
    ],
)
def test_a_bad_person_id_in_indicator_data_is_refused_on_both_databases(
    client_for: ClientFor, person_id: str, message: str
) -> None:
    people = (
        "person_id,service,sex,ethnicity,date_of_birth\n"
        f"{person_id},Northshire YJS,male,white,2010-02-01\n"
    )
    before = Child.objects.count()
    page = post_file(
        client_for("manager@northshire.example"),
        reverse("indicator_data", args=["northshire"]),
        "children.csv",
        people.encode(),
        table="people",
    )
    assert message in page
    assert Child.objects.count() == before


def test_the_indicator_limits_are_the_models_lengths() -> None:
    """One set of rules: the core's limits are the columns' sizes, so both databases agree."""
    for name, limit in MAX_LENGTHS.items():
        sizes = set()
        for model in (Child, ChildOutcome):
            try:
                sizes.add(model._meta.get_field(name).max_length)
            except FieldDoesNotExist:
                continue
        assert sizes == {limit}, name
    assert CaseRecord._meta.get_field("case_ref").max_length == MAX_REFERENCE
    assert CaseRecord._meta.get_field("child_ref").max_length == MAX_REFERENCE
    assert VictimRecord._meta.get_field("victim_ref").max_length == MAX_REFERENCE
