"""Limits on every upload, web and command line (issue 18): a zip bomb refused from its zip
directory with nothing written, an over-size file refused on its field, a row cap, and at most
100 problems listed with the count of the rest."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

from jobs_helpers import post_and_run
from xlsx_bomb import opening_refused, write_xlsx_bomb
from yjqa.core.caseload.reader import CASELOAD_COLUMNS, caseload_cells
from yjqa.core.indicators.data import COLUMNS
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.validation.limits import MB, UploadLimits
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.models import Action, ImprovementPlan
from yjqa.web.improvement.spreadsheet import COLUMNS as PLAN_COLUMNS
from yjqa.web.indicators.models import Child

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER = "manager@northshire.example"
CASELOAD = reverse("caseload_import", args=["northshire"])
INDICATORS = reverse("indicator_data", args=["northshire"])
SMALL_BOMB_CAP = UploadLimits(xlsx_unpacked_bytes=2 * MB)


def northshire_cases() -> int:
    return CaseRecord.objects.filter(service__slug="northshire").count()


def post(client: Client, url: str, path: Path, **data: str) -> str:
    response = post_and_run(
        client, url, {**data, "file": SimpleUploadedFile(path.name, path.read_bytes())}
    )
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


def caseload_csv(path: Path, count: int, *, bad: bool = False) -> Path:
    cases = generate_service("Limits", "LIM", seed=5, outcomes_per_year=count).cases[:count]
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CASELOAD_COLUMNS)
        for number, case in enumerate(cases):
            cells = caseload_cells(case)
            cells[0] = f"LIM-{number:05d}"
            if bad:
                cells[CASELOAD_COLUMNS.index("sex")] = "boy"
            writer.writerow(cells)
    assert len(cases) == count
    return path


def listed(page: str) -> list[str]:
    found = re.search(r'<ul[^>]*id="import-problems">(.*?)</ul>', page, re.S)
    assert found is not None, "no list of problems"
    return re.findall(r"<li>(.*?)</li>", found.group(1), re.S)


def test_a_caseload_zip_bomb_is_refused_on_the_web_unopened_and_nothing_is_written(
    client_for: ClientFor, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.YJQA_UPLOAD_LIMITS = SMALL_BOMB_CAP
    bomb = write_xlsx_bomb(tmp_path / "caseload.xlsx", CASELOAD_COLUMNS, megabytes=3)
    before = northshire_cases()
    opened = opening_refused(monkeypatch)
    page = post(client_for(MANAGER), CASELOAD, bomb)
    assert opened == []
    assert "The file was not imported" in page
    problems = listed(page)
    assert len(problems) == 1
    assert re.match(r"caseload\.xlsx: would unpack to \d\.\d MB, more than the 2 MB", problems[0])
    assert "more than the 2 MB an Excel file may hold: it was not opened" in problems[0]
    assert northshire_cases() == before


def test_the_shipped_limits_refuse_a_real_bomb_on_the_web_unopened(
    client_for: ClientFor, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    bomb = write_xlsx_bomb(tmp_path / "caseload.xlsx", CASELOAD_COLUMNS, megabytes=300)
    before = northshire_cases()
    opened = opening_refused(monkeypatch)
    page = post(client_for(MANAGER), CASELOAD, bomb)
    assert opened == []
    assert "more than the 200 MB an Excel file may hold" in page
    assert northshire_cases() == before


def test_a_caseload_zip_bomb_is_refused_on_the_command_line_unopened(
    run_cli: Any, tmp_path: Path, settings: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings.YJQA_UPLOAD_LIMITS = SMALL_BOMB_CAP
    bomb = write_xlsx_bomb(tmp_path / "caseload.xlsx", CASELOAD_COLUMNS, megabytes=3)
    before = northshire_cases()
    opened = opening_refused(monkeypatch)
    result = run_cli("caseload", "import", "northshire", bomb)
    assert opened == []
    assert result.exit_code == 2
    assert re.search(rf"{re.escape(str(bomb))}: would unpack to \d\.\d MB", result.stderr)
    assert "it was not opened" in result.stderr
    assert northshire_cases() == before


def test_an_indicator_zip_bomb_is_refused_web_and_command_line_unopened(
    client_for: ClientFor,
    run_cli: Any,
    tmp_path: Path,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    settings.YJQA_UPLOAD_LIMITS = SMALL_BOMB_CAP
    bomb = write_xlsx_bomb(tmp_path / "people.xlsx", COLUMNS["people"], megabytes=3)
    before = Child.objects.count()
    opened = opening_refused(monkeypatch)
    page = post(client_for(MANAGER), INDICATORS, bomb, table="people")
    assert opened == []
    assert re.search(r"people\.xlsx: would unpack to \d\.\d MB", page)
    assert "it was not opened" in page
    for table in ("outcomes", "population"):
        (tmp_path / f"{table}.csv").write_text(",".join(COLUMNS[table]) + "\n")
    result = run_cli("indicators", "import", "northshire", tmp_path)
    assert opened == []
    assert result.exit_code == 2
    assert re.search(r"people\.xlsx: would unpack to \d\.\d MB", result.stderr)
    assert Child.objects.count() == before


@pytest.mark.parametrize(
    ("url", "data"),
    [
        (CASELOAD, {}),
        (reverse("victims_import", args=["northshire"]), {}),
        (INDICATORS, {"table": "people"}),
    ],
)
def test_an_over_size_upload_is_an_error_on_its_field(
    client_for: ClientFor, tmp_path: Path, settings: Any, url: str, data: dict[str, str]
) -> None:
    settings.YJQA_UPLOAD_LIMITS = UploadLimits(data_bytes=MB)
    path = tmp_path / "big.csv"
    path.write_bytes(b"case_ref\n" + b"x" * (MB + 1))
    before = northshire_cases()
    page = post(client_for(MANAGER), url, path, **data)
    assert "govuk-error-summary" in page
    assert re.search(
        r'class="govuk-error-message">\s*<span class="govuk-visually-hidden">Error:</span>\s*'
        r"The selected file must be smaller than 1 MB",
        page,
    ), page[:3000]
    assert northshire_cases() == before


def test_an_over_size_plan_import_and_evidence_file_are_errors_on_their_fields(
    client_for: ClientFor, settings: Any
) -> None:
    settings.YJQA_UPLOAD_LIMITS = UploadLimits(data_bytes=MB, evidence_bytes=MB)
    plan = ImprovementPlan.objects.get(
        inspection__service__slug="northshire", inspection__title=DEMO_INSPECTION_TITLE
    )
    client = client_for(MANAGER)
    big = b"x" * (MB + 1)
    page = client.post(
        reverse("improvement_plan_import", args=["northshire", plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", big)},
    ).content.decode()
    assert "The selected file must be smaller than 1 MB" in page
    assert "govuk-error-message" in page
    action = Action.objects.filter(item__plan=plan).first()
    assert action is not None
    evidence = reverse("evidence_add", args=["northshire", plan.pk, action.pk])
    page = client.post(
        evidence, {"note": "", "file": SimpleUploadedFile("minutes.pdf", big)}
    ).content.decode()
    assert "The selected file must be smaller than 1 MB" in page


def test_the_row_cap_is_enforced_on_the_web_and_nothing_is_written(
    client_for: ClientFor, tmp_path: Path, settings: Any
) -> None:
    settings.YJQA_UPLOAD_LIMITS = UploadLimits(rows=20)
    path = caseload_csv(tmp_path / "caseload.csv", 21)
    before = northshire_cases()
    page = post(client_for(MANAGER), CASELOAD, path)
    assert listed(page) == [
        "caseload.csv: has more than 20 rows: at most 20 rows can be imported at once, "
        "so split the file and import each part"
    ]
    assert northshire_cases() == before


def test_five_thousand_bad_rows_list_100_problems_and_the_count_on_the_web(
    client_for: ClientFor, tmp_path: Path
) -> None:
    path = caseload_csv(tmp_path / "bad.csv", 5000, bad=True)
    before = northshire_cases()
    page = post(client_for(MANAGER), CASELOAD, path)
    problems = listed(page)
    assert len(problems) == 101
    assert problems[0].startswith("bad.csv: row 2, column sex: 'boy' is not a known code")
    assert problems[-1] == "and 4,900 more problems"
    assert "Correct these 5,000 problems in bad.csv" in page
    assert "(the first 100 are listed)" in page
    assert northshire_cases() == before


def test_five_thousand_bad_rows_list_100_problems_and_the_count_on_the_command_line(
    run_cli: Any, tmp_path: Path
) -> None:
    path = caseload_csv(tmp_path / "bad.csv", 5000, bad=True)
    result = run_cli("caseload", "import", "northshire", path)
    assert result.exit_code == 2
    rows = [line for line in result.stderr.splitlines() if ": row " in line]
    assert len(rows) == 100
    assert "and 4,900 more problems" in result.stderr


def test_the_improvement_plan_imports_problems_are_capped(
    client_for: ClientFor, settings: Any
) -> None:
    plan = ImprovementPlan.objects.get(
        inspection__service__slug="northshire", inspection__title=DEMO_INSPECTION_TITLE
    )
    book = Workbook()
    sheet = book.active
    sheet.title = "Actions"
    sheet.append([header for _, header in PLAN_COLUMNS])
    headers = [key for key, _ in PLAN_COLUMNS]
    for _ in range(600):  # each row: no item, owner, due date or status
        row: list[object] = [None] * len(headers)
        row[headers.index("description")] = "An action"
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    before = Action.objects.count()
    response = post_and_run(
        client_for(MANAGER),
        reverse("improvement_plan_import", args=["northshire", plan.pk]),
        {"file": SimpleUploadedFile("plan.xlsx", out.getvalue())},
    )
    page = response.content.decode()
    problems = listed(page)
    assert len(problems) == 101
    assert problems[-1] == "and 2,300 more problems"
    assert "Correct these 2,400 problems" in page
    assert len(page) < 200_000
    assert Action.objects.count() == before
