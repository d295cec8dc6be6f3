"""The demo's improvement plan as its Excel export, edited as a person would in a spreadsheet
before importing it again: for the tests of the plan import (services, concurrent edits)."""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence

from openpyxl import load_workbook

from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.improvement.models import Action, ImprovementPlan
from yjqa.web.improvement.spreadsheet import COLUMNS, improvement_plan_workbook
from yjqa.web.tenancy.models import Membership

MANAGER, ADMIN = "manager@northshire.example", "admin@northshire.example"
FILE = "northshire-plan.xlsx"


def actor(email: str) -> Actor:
    return Actor.member(
        Membership.objects.select_related("user", "service").get(
            user__email=email, service__slug="northshire"
        )
    )


def plan() -> ImprovementPlan:
    return ImprovementPlan.objects.select_related("service").get(
        inspection__service__slug="northshire", inspection__title=DEMO_INSPECTION_TITLE
    )


def target() -> Action:
    """The plan's first action."""
    action = Action.objects.filter(item__plan=plan()).order_by("pk").first()
    assert action is not None
    return action


def column(name: str) -> int:
    """The export's column number (from 1) with this header."""
    return [header for _, header in COLUMNS].index(name) + 1


def edited_workbook(
    changes: Mapping[int, Mapping[str, object]], *, without: Sequence[str] = ()
) -> tuple[bytes, dict[int, int]]:
    """The demo plan as exported now, with these cells changed (by Action ID, then column
    header) and these columns deleted; and the row number of each changed action."""
    book = load_workbook(io.BytesIO(improvement_plan_workbook(plan())))
    sheet = book["Actions"]
    rows: dict[int, int] = {}
    for row in sheet.iter_rows(min_row=2):
        action_id = row[column("Action ID") - 1].value
        if action_id in changes:
            rows[action_id] = row[0].row
            for header, value in changes[action_id].items():
                row[column(header) - 1].value = value
    assert rows.keys() == changes.keys(), "an action to change is not in the export"
    for header in sorted(without, key=column, reverse=True):
        sheet.delete_cols(column(header))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue(), rows


def edited_export(action: Action, owner: str, *, version: str = "keep") -> tuple[bytes, int]:
    """The plan as exported now, with `action`'s owner changed; and the action's row number.

    version: "keep" leaves the Version cell, "empty" clears it, "no column" deletes it.
    """
    cells: dict[str, object] = {"Owner": owner}
    if version == "empty":
        cells["Version"] = None
    without = ["Version"] if version == "no column" else []
    content, rows = edited_workbook({action.pk: cells}, without=without)
    return content, rows[action.pk]
