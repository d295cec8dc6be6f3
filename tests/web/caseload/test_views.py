"""Caseload import through the web page and `yjqa caseload import`: all or nothing."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from django.test import Client
from django.urls import reverse

from jobs_helpers import upload_and_run
from yjqa.core.caseload.reader import CASELOAD_COLUMNS, caseload_cells, write_caseload_csv
from yjqa.core.synthetic.caseload import SyntheticCase, generate_service
from yjqa.web.caseload.models import CaseRecord

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
URL = reverse("caseload_import", args=["northshire"])


def new_cases(count: int, seed: int = 77) -> list[SyntheticCase]:
    """Synthetic cases with references the demo caseload does not use."""
    cases = generate_service(
        "Import test", "IMP", seed=seed, outcomes_per_year=count, bail_and_remand=False
    ).cases
    return [dataclasses.replace(c, case_ref=f"IMP-{i:05d}") for i, c in enumerate(cases)]


def upload(client: Client, path: Path) -> str:
    """Upload through the page: it queues a job, which runs here; the job's page, then."""
    return upload_and_run(client, URL, path)


def northshire_count() -> int:
    return CaseRecord.objects.filter(service__slug="northshire").count()


def test_a_valid_file_is_imported_and_reimporting_updates(
    client_for: ClientFor, tmp_path: Path
) -> None:
    cases = new_cases(40)
    path = tmp_path / "caseload.csv"
    write_caseload_csv(path, cases)
    client = client_for("manager@northshire.example")
    before = northshire_count()
    page = upload(client, path)
    assert f"{len(cases)} rows imported ({len(cases)} new case records, 0 updated)" in page
    assert northshire_count() == before + len(cases)
    changed = [dataclasses.replace(cases[0], rosh="very_high"), *cases[1:]]
    write_caseload_csv(path, changed)
    page = upload(client, path)
    assert f"(0 new case records, {len(cases)} updated)" in page
    assert northshire_count() == before + len(cases)
    record = CaseRecord.objects.get(service__slug="northshire", case_ref=cases[0].case_ref)
    assert record.rosh == "very_high"


def test_an_excel_file_is_imported(client_for: ClientFor, tmp_path: Path) -> None:
    cases = new_cases(5)
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(list(CASELOAD_COLUMNS))
    for case in cases:
        sheet.append(caseload_cells(case))
    path = tmp_path / "caseload.xlsx"
    workbook.save(path)
    page = upload(client_for("admin@northshire.example"), path)
    assert "5 rows imported" in page


def test_every_problem_is_listed_and_nothing_is_written(
    client_for: ClientFor, tmp_path: Path
) -> None:
    cases = new_cases(10)
    path = tmp_path / "bad.csv"
    write_caseload_csv(path, cases)
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace(cases[2].sex, "boy", 1)  # row 4: unknown sex code
    lines[6] = lines[6].replace(cases[5].outcome_date.isoformat(), "31/02/2025", 1)  # row 7
    path.write_text("\n".join(lines) + "\n")
    before = northshire_count()
    page = upload(client_for("manager@northshire.example"), path)
    assert "The file was not imported" in page and "Nothing has been changed" in page
    assert "bad.csv: row 4, column sex" in page
    assert "bad.csv: row 7, column outcome_date" in page
    assert northshire_count() == before


def test_one_bad_row_in_ten_thousand_writes_nothing(client_for: ClientFor, tmp_path: Path) -> None:
    cases = new_cases(10_000, seed=5)[:10_000]
    assert len(cases) >= 9_000
    bad = dataclasses.replace(cases[len(cases) // 2], rosh="extreme")
    cases[len(cases) // 2] = bad
    path = tmp_path / "big.csv"
    write_caseload_csv(path, cases)
    before = northshire_count()
    page = upload(client_for("manager@northshire.example"), path)
    assert f"row {len(cases) // 2 + 2}, column rosh" in page
    assert northshire_count() == before


def test_templates_download(client_for: ClientFor) -> None:
    client = client_for("manager@northshire.example")
    csv_template = client.get(reverse("caseload_template", args=["northshire", "csv"]))
    assert csv_template["Content-Disposition"] == 'attachment; filename="caseload-template.csv"'
    assert csv_template.content.decode().splitlines()[0] == ",".join(CASELOAD_COLUMNS)
    xlsx = client.get(reverse("caseload_template", args=["northshire", "xlsx"]))
    assert xlsx.content[:2] == b"PK"  # a zip: an Excel workbook


def test_command_line_import(run_cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    cases = new_cases(30)
    path = tmp_path / "caseload.csv"
    write_caseload_csv(path, cases)
    before = northshire_count()
    result = run_cli("caseload", "import", "northshire", path)
    assert result.exit_code == 0, result.stderr
    assert "30 rows imported into Northshire YJS (30 new case records, 0 updated)" in result.stdout
    assert northshire_count() == before + 30
    again = run_cli("caseload", "import", "Northshire YJS", path)
    assert "(0 new case records, 30 updated)" in again.stdout
    lines = path.read_text().splitlines()
    lines[2] = lines[2].replace(cases[1].ethnicity, "purple", 1)
    path.write_text("\n".join(lines) + "\n")
    bad = run_cli("caseload", "import", "northshire", path)
    assert bad.exit_code == 2
    assert "row 3, column ethnicity" in bad.stderr
    assert northshire_count() == before + 30
    assert run_cli("caseload", "import", "nowhere", path).exit_code == 2


def test_the_caseload_filters_by_each_kind_of_work_bail_and_remand_included(
    client_for: ClientFor,
) -> None:
    from yjqa.core.caseload import codes

    client = client_for("manager@northshire.example")
    url = reverse("case_list", args=["northshire"])
    page = client.get(url).content.decode()
    assert all(f'value="{group}"' in page for group in codes.OUTCOME_GROUP_LABELS)
    bail = CaseRecord.objects.filter(
        service__slug="northshire", outcome__in=codes.BAIL_REMAND
    ).order_by("-outcome_date", "case_ref")
    assert bail.exists()  # the demo caseload has bail and remand records
    listed = client.get(url, {"group": "bail_remand"}).content.decode()
    assert bail[0].case_ref in listed
    other = CaseRecord.objects.filter(service__slug="northshire").exclude(
        outcome__in=codes.BAIL_REMAND
    )
    assert not any(f">{case.case_ref}<" in listed for case in other[:50])
