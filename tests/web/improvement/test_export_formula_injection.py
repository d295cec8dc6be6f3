"""Issue 18: plan text starting with `=` became a live formula in the Excel export.

openpyxl writes any string starting with "=" as a formula, so an item worded
`=HYPERLINK("https://evil.example","Open")` ran in the reader's Excel. Every export now writes
formula-like text (starting =, +, -, @, tab or carriage return: OWASP's list) as text: in
Excel as a string cell with the quote-prefix style, the text itself unchanged (so the plan's
import reads it back as it was); in CSV with a leading apostrophe.
"""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from jobs_helpers import post_and_run
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.models import Action, ActionChange, Evidence, ImprovementPlan
from yjqa.web.spreadsheet_cells import csv_cell, looks_like_formula, write_formulas_as_text
from yjqa.web.tenancy.models import Service

ClientFor = Callable[[str], Client]
pytestmark = pytest.mark.django_db
MANAGER = "manager@northshire.example"

FORMULAS = {
    "item": '=HYPERLINK("https://evil.example","Open")',
    "addressee": "=1+1",
    "description": "=SUM(1,1) more staff",
    "owner": "-1+2 Sam Lee",
    "evidence": "@SUM(A1) minutes",
}


def plan() -> ImprovementPlan:
    return ImprovementPlan.objects.get(
        inspection__service__slug="northshire", inspection__title=DEMO_INSPECTION_TITLE
    )


def formula_cells(content: bytes) -> list[str]:
    """The cells an Excel file would calculate: every <f> element in every sheet."""
    archive = zipfile.ZipFile(io.BytesIO(content))
    return [
        name
        for name in archive.namelist()
        if name.startswith("xl/worksheets/") and b"<f>" in archive.read(name)
    ]


def cells_holding(content: bytes, texts: set[str]) -> dict[str, tuple[str, bool]]:
    """Each text found in the workbook: its cell's data type and whether it is quote-prefixed."""
    book = load_workbook(io.BytesIO(content))
    found: dict[str, tuple[str, bool]] = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.value in texts:
                    found[cell.value] = (cell.data_type, bool(cell.quotePrefix))
    return found


def formula_plan() -> Action:
    item = plan().items.order_by("order").first()
    assert item is not None
    item.text, item.addressee = FORMULAS["item"], FORMULAS["addressee"]
    item.save()
    action = item.actions.order_by("pk").first()
    assert action is not None
    action.description, action.owner = FORMULAS["description"], FORMULAS["owner"]
    action.save()
    Evidence.objects.create(action=action, note=FORMULAS["evidence"])
    return action


def test_plan_text_like_a_formula_is_exported_as_text(client_for: ClientFor) -> None:
    formula_plan()
    response = client_for(MANAGER).get(
        reverse("improvement_plan_export", args=["northshire", plan().pk])
    )
    content = response.content
    assert formula_cells(content) == []
    found = cells_holding(content, set(FORMULAS.values()))
    assert found == {text: ("s", True) for text in FORMULAS.values()}


def test_formula_like_plan_text_survives_the_round_trip_through_the_import(
    client_for: ClientFor,
) -> None:
    action = formula_plan()
    client = client_for(MANAGER)
    content = client.get(reverse("improvement_plan_export", args=["northshire", plan().pk])).content
    changes = ActionChange.objects.count()
    page = post_and_run(
        client,
        reverse("improvement_plan_import", args=["northshire", plan().pk]),
        {"file": SimpleUploadedFile("plan.xlsx", content)},
    ).content.decode()
    assert "0 actions added, 0 changed" in page
    assert ActionChange.objects.count() == changes
    action.refresh_from_db()
    assert (action.description, action.owner) == (FORMULAS["description"], FORMULAS["owner"])
    assert action.item.text == FORMULAS["item"]


def test_a_service_name_like_a_formula_is_text_in_the_indicator_exports(
    client_for: ClientFor,
) -> None:
    name = '=HYPERLINK("https://evil.example","Northshire")'
    Service.objects.filter(slug="northshire").update(name=name)
    client = client_for(MANAGER)
    text = client.get(reverse("indicators_export", args=["northshire", "csv"])).content.decode()
    scopes = {row[0] for row in list(csv.reader(io.StringIO(text)))[2:]} - {"note"}
    named = {scope for scope in scopes if "HYPERLINK" in scope}
    assert named and all(scope.startswith("'=HYPERLINK(") for scope in named), named
    assert not any(looks_like_formula(scope) for scope in scopes)
    content = client.get(reverse("indicators_export", args=["northshire", "xlsx"])).content
    assert formula_cells(content) == []
    book = load_workbook(io.BytesIO(content))
    title = book["Indicators"]["A1"]
    assert (title.value.startswith(name), title.data_type, title.quotePrefix) == (True, "s", True)


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_the_shared_helper_neutralises_each_formula_start(start: str) -> None:
    text = f"{start}1+1"
    assert looks_like_formula(text)
    assert csv_cell(text) == f"'{text}"
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet["A1"] = text
    write_formulas_as_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    assert formula_cells(buffer.getvalue()) == []
    cell = load_workbook(io.BytesIO(buffer.getvalue())).active["A1"]  # type: ignore[index]
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


@pytest.mark.parametrize("value", ["Sam Lee", "", "a = b", 12, -3, 2.5, None])
def test_the_shared_helper_leaves_ordinary_values_and_numbers_alone(value: object) -> None:
    assert not looks_like_formula(value)
    assert csv_cell(value) == ("" if value is None else value)
