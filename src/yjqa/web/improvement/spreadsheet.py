"""An improvement plan as an Excel workbook: exported, edited, imported back.

The "Actions" sheet has one row per action, under a header row. Importing the file as it was
exported changes nothing. An import is all or nothing: every row is checked first, and if any
has a problem, nothing is changed and each problem is named by its row and column.

- A row whose Action ID is empty adds an action to the item whose number is in Item (a new
  item number, with its wording in "Recommendation or item", adds an item).
- A row with an Action ID updates that action: description, owner, due date, status, reason
  closed; a "New evidence note" is added to its evidence; a status change from complete or
  closed back to an open one needs a "Reason reopened". The Version must be the one exported
  (a row with an Action ID and no Version is refused): if the action has been changed since,
  export the plan again. The versions are checked with the actions locked, and each write is
  a compare-and-set on the exported version, so a concurrent web edit is never undone.
- "Status" is the status last given to the action (what an import changes); "Status shown"
  is the one status yjqa shows for it by the core's rules (`shown_status`: an open action past
  its due date is "Overdue by N days"). It and "Latest evidence" are for reading: an import
  ignores them.
- Removing a row does not delete its action.

This module writes the workbook and reads and checks one; applying an import is
`services.do_import_improvement_plan`.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from yjqa.core.improvement.rules import (
    STATUS_LABELS,
    Status,
    check_change,
    parse_status,
    shown_status,
)
from yjqa.core.validation.limits import current, rows_problem, size_problem, xlsx_problem
from yjqa.core.validation.problems import Collected, InputError, Problem
from yjqa.web.improvement.models import Action, ImprovementPlan
from yjqa.web.improvement.queries import improvement_plan_items
from yjqa.web.spreadsheet_cells import write_formulas_as_text

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHEET = "Actions"
SOURCE = "spreadsheet import"

# (key, header); the order of the exported columns.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("item", "Item"),
    ("item_text", "Recommendation or item"),
    ("addressee", "Addressed to"),
    ("action_id", "Action ID"),
    ("description", "Action"),
    ("owner", "Owner"),
    ("due_date", "Due date"),
    ("status", "Status"),
    ("overdue", "Status shown"),
    ("closed_reason", "Reason closed"),
    ("reopen_reason", "Reason reopened"),
    ("latest_evidence", "Latest evidence"),
    ("new_evidence", "New evidence note"),
    ("version", "Version"),
)
HEADERS = dict(COLUMNS)
REQUIRED = ("item", "description", "owner", "due_date", "status")
WIDTHS = (6, 50, 28, 10, 50, 28, 12, 12, 20, 30, 30, 40, 40, 9)
RULE_COLUMNS = {
    "status": "status",
    "closed_reason": "closed_reason",
    "reopen_reason": "reopen_reason",
    "evidence": "new_evidence",
}


# --- Export -----------------------------------------------------------------------------------


def improvement_plan_workbook(plan: ImprovementPlan, today: date | None = None) -> bytes:
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Alignment, Font  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.utils import get_column_letter  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.worksheet.datavalidation import (  # type: ignore[import-untyped, unused-ignore]
        DataValidation,
    )

    when = today or timezone.localdate()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = SHEET
    sheet.append([header for _, header in COLUMNS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for item in improvement_plan_items(plan):
        actions: list[Action | None] = [*item.actions.all()] or [None]
        for action in actions:
            row: dict[str, Any] = {
                "item": item.order,
                "item_text": item.text,
                "addressee": item.addressee,
            }
            if action is not None:
                latest = next(iter(action.evidence.all()), None)
                row |= {
                    "action_id": action.pk,
                    "description": action.description,
                    "owner": action.owner,
                    "due_date": action.due_date,
                    "status": action.status_enum.label,
                    "overdue": shown_status(action.status_enum, action.due_date, when).text,
                    "closed_reason": action.closed_reason,
                    "latest_evidence": (latest.note or latest.file_name) if latest else "",
                    "version": action.version,
                }
            sheet.append([row.get(key, "") for key, _ in COLUMNS])
    due_column = get_column_letter(_index("due_date") + 1)
    status_column = get_column_letter(_index("status") + 1)
    for cell in sheet[due_column][1:]:
        cell.number_format = "DD/MM/YYYY"
    statuses = ",".join(STATUS_LABELS.values())
    validation = DataValidation(
        type="list",
        formula1=f'"{statuses}"',
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Status",
        error=f"Choose one of: {', '.join(STATUS_LABELS.values())}",
    )
    sheet.add_data_validation(validation)
    validation.add(f"{status_column}2:{status_column}1000")
    for number, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"

    about = book.create_sheet("How to use")
    about.column_dimensions["A"].width = 110
    for line in (
        plan.title,
        f"{plan.service.name}: exported on {when:%d/%m/%Y}.",
        "",
        "One row per action. Change the rows and import the file back on the plan's page.",
        "Leave Action ID empty to add an action to the item numbered in Item.",
        "Status is one of: " + ", ".join(STATUS_LABELS.values()) + ".",
        "Complete needs evidence: write a New evidence note unless there is some already.",
        "Closed needs a Reason closed. Reopening a complete or closed action needs a Reason "
        "reopened.",
        "Status shown is the status yjqa shows, by its rules: an open action past its due "
        "date shows as Overdue, whatever its Status says. Change Status, not Status shown.",
        "Status shown and Latest evidence are for reading: importing ignores them.",
        "Keep the Version column as it is: it shows whether someone changed the action since.",
        "If any row has a problem, nothing is imported, and each problem is listed.",
    ):
        about.append([line])
    about["A1"].font = Font(bold=True)
    write_formulas_as_text(book)  # plan text starting "=" is text, never a live formula
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _index(key: str) -> int:
    return [k for k, _ in COLUMNS].index(key)


def export_name(plan: ImprovementPlan) -> str:
    return f"improvement-plan-{plan.service.slug}-{plan.pk}.xlsx"


# --- Import -----------------------------------------------------------------------------------


@dataclass
class ItemRow:
    """A row with an item and no action (an item whose actions are still to be agreed)."""

    number: int  # the spreadsheet's row number
    item: int
    item_text: str
    addressee: str


@dataclass
class ActionRow(ItemRow):
    """A row with an action."""

    action_id: int | None
    description: str
    owner: str
    due_date: date
    status: Status
    closed_reason: str
    reopen_reason: str
    new_evidence: str
    version: int | None


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    items_created: int = 0
    items_updated: int = 0
    problems: list[Problem] = field(default_factory=list)


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _whole(value: object) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    text = _text(value)
    return int(text) if text.isdigit() else None


def _date(value: object) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = _text(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def _place(number: int, key: str) -> str:
    return f"row {number}, column {HEADERS[key]}"


READ_ONLY = ("overdue", "latest_evidence", "version")
ACTION_COLUMNS = (
    "action_id",
    "description",
    "owner",
    "due_date",
    "status",
    "closed_reason",
    "reopen_reason",
    "new_evidence",
)


def _parse_item_row(number: int, values: dict[str, Any], problems: Collected) -> ItemRow | None:
    item = _whole(values.get("item"))
    if item is None or item < 1:
        problems.append(Problem(_place(number, "item"), "enter the item's number, like 2"))
        return None
    return ItemRow(number, item, _text(values.get("item_text")), _text(values.get("addressee")))


def read_rows(content: bytes, source: str) -> tuple[list[ItemRow], Collected]:
    """The rows that could be read and the problems with the others (a file that cannot be
    read at all is an InputError). The problems kept are the first 100, the rest counted.

    The upload limits come first: the file's size, its unpacked size from the zip's directory
    before openpyxl opens it (a zip bomb is refused unread), then its rows as they are read."""
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    limits = current()
    problem = size_problem(len(content), limits.data_bytes) or xlsx_problem(
        io.BytesIO(content), limits
    )
    if problem is not None:
        raise InputError([Problem("", problem)], source)
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:
        raise InputError(
            [Problem("", "cannot be read as an Excel workbook (.xlsx): is it the exported file?")],
            source,
        ) from None
    try:
        sheet = book[SHEET] if SHEET in book.sheetnames else book.worksheets[0]
        records = sheet.iter_rows(values_only=True)
        header = next(records, None)
        if header is None:
            raise InputError(
                [Problem("row 1", "the sheet is empty: expected a header row")], source
            )
        by_header = {header_text.lower(): key for key, header_text in COLUMNS}
        positions: dict[str, int] = {}
        for index, cell in enumerate(header):
            key = by_header.get(" ".join(_text(cell).split()).lower())
            if key is not None and key not in positions:
                positions[key] = index
        missing = [HEADERS[k] for k in REQUIRED if k not in positions]
        if missing:
            raise InputError(
                [
                    Problem(
                        "row 1",
                        f"the column{'s' if len(missing) > 1 else ''} "
                        f"{', '.join(missing)} {'are' if len(missing) > 1 else 'is'} missing",
                    )
                ],
                source,
            )
        rows: list[ItemRow] = []
        problems = Collected()
        for number, record in enumerate(records, start=2):
            if number - 1 > limits.rows:
                raise InputError([Problem("", rows_problem(limits.rows))], source)
            values = {k: record[i] if i < len(record) else None for k, i in positions.items()}
            if not any(_text(values.get(k)) for k in positions if k not in READ_ONLY):
                continue
            if not any(_text(values.get(k)) for k in ACTION_COLUMNS):
                item_row = _parse_item_row(number, values, problems)
                if item_row is not None:
                    rows.append(item_row)
                continue
            row = _parse_row(number, values, problems)
            if row is not None:
                rows.append(row)
    finally:
        book.close()
    if "version" not in positions and any(
        isinstance(row, ActionRow) and row.action_id is not None for row in rows
    ):
        problems.append(
            Problem(
                "row 1",
                f"the column {HEADERS['version']} is missing: it shows whether someone changed "
                "an action since the file was exported, so export the plan again",
            )
        )
    return rows, problems


def _parse_row(number: int, values: dict[str, Any], problems: Collected) -> ActionRow | None:
    found = len(problems)
    item = _whole(values.get("item"))
    if item is None or item < 1:
        problems.append(Problem(_place(number, "item"), "enter the item's number, like 2"))
    action_id: int | None = None
    if _text(values.get("action_id")):
        action_id = _whole(values.get("action_id"))
        if action_id is None:
            problems.append(
                Problem(
                    _place(number, "action_id"),
                    "must be the number exported, or empty for a new action",
                )
            )
    description = _text(values.get("description"))
    if not description:
        problems.append(Problem(_place(number, "description"), "enter what the action is"))
    owner = _text(values.get("owner"))
    if not owner:
        problems.append(Problem(_place(number, "owner"), "enter who owns the action"))
    due = _date(values.get("due_date"))
    if due is None:
        problems.append(
            Problem(_place(number, "due_date"), "enter the due date as a date, like 31/03/2026")
        )
    status = parse_status(_text(values.get("status")))
    if status is None:
        problems.append(
            Problem(
                _place(number, "status"),
                f"must be one of {', '.join(STATUS_LABELS.values())}",
            )
        )
    version: int | None = None
    if _text(values.get("version")):
        version = _whole(values.get("version"))
        if version is None:
            problems.append(
                Problem(_place(number, "version"), "must be the number exported, or empty")
            )
    elif action_id is not None and "version" in values:
        # Without it a change made since the export could not be seen, and would be undone.
        problems.append(
            Problem(
                _place(number, "version"),
                "enter the version exported with this action (export the plan again if it "
                "is lost): it shows whether someone changed the action since",
            )
        )
    if len(problems) > found:
        return None
    assert item is not None and due is not None and status is not None
    return ActionRow(
        number=number,
        item=item,
        item_text=_text(values.get("item_text")),
        addressee=_text(values.get("addressee")),
        action_id=action_id,
        description=description,
        owner=owner,
        due_date=due,
        status=status,
        closed_reason=_text(values.get("closed_reason")),
        reopen_reason=_text(values.get("reopen_reason")),
        new_evidence=_text(values.get("new_evidence")),
        version=version,
    )


def check_rows(plan: ImprovementPlan, rows: list[ItemRow]) -> list[Problem]:
    """Problems with the rows against the plan as it is now (none: it can be imported).

    Called inside the import's transaction: the plan's actions are locked until it ends, so
    the versions checked here are the ones the import changes.
    """
    problems: list[Problem] = []
    actions = {
        a.pk: a
        for a in Action.objects.select_for_update(of=("self",))
        .filter(item__plan=plan)
        .select_related("updated_by", "item")
    }
    evidence_counts = {a.pk: a.evidence.count() for a in actions.values()}
    items = {i.order: i for i in plan.items.all()}
    seen_actions: dict[int, int] = {}
    new_items: dict[int, int] = {}
    for row in rows:
        if row.item not in items and row.item not in new_items:
            new_items[row.item] = row.number
            if not row.item_text:
                problems.append(
                    Problem(
                        _place(row.number, "item_text"),
                        f"the plan has no item {row.item}: enter its wording to add it",
                    )
                )
        if not isinstance(row, ActionRow):
            continue
        old_status = Status.NOT_STARTED
        evidence = 0
        if row.action_id is not None:
            action = actions.get(row.action_id)
            if action is None:
                problems.append(
                    Problem(
                        _place(row.number, "action_id"),
                        f"this plan has no action {row.action_id}: leave it empty to add a "
                        "new action",
                    )
                )
                continue
            if row.action_id in seen_actions:
                problems.append(
                    Problem(
                        _place(row.number, "action_id"),
                        f"action {row.action_id} is on row {seen_actions[row.action_id]} too",
                    )
                )
                continue
            seen_actions[row.action_id] = row.number
            if action.item.order != row.item:
                problems.append(
                    Problem(
                        _place(row.number, "item"),
                        f"action {row.action_id} belongs to item {action.item.order}: an "
                        "action cannot move to another item",
                    )
                )
            if row.version is not None and row.version != action.version:
                who = action.updated_by.full_name if action.updated_by else "someone"
                problems.append(
                    Problem(
                        _place(row.number, "version"),
                        f"{who} changed this action after the file was exported: export the "
                        "plan again and make your changes in the new file",
                    )
                )
            old_status = action.status_enum
            evidence = evidence_counts[action.pk]
        for broken in check_change(
            old_status,
            row.status,
            evidence=evidence + (1 if row.new_evidence else 0),
            closed_reason=row.closed_reason,
            reopen_reason=row.reopen_reason,
        ):
            message = broken.message[0].lower() + broken.message[1:]
            problems.append(Problem(_place(row.number, RULE_COLUMNS[broken.field]), message))
    return problems


def changed_meanwhile(row: ItemRow, who: str | None) -> Problem:
    """The problem when an action changed after its row was checked and before it was written
    (the write compares the exported version and sets the next, so this never overwrites)."""
    return Problem(
        _place(row.number, "version"),
        f"{who or 'someone'} changed this action while the file was being imported: export "
        "the plan again and make your changes in the new file",
    )


def row_order(problem: Problem) -> tuple[int, int]:
    """Problems in the order of the file: by row, then by column."""
    match = re.match(r"row (\d+)(?:, column (.+))?", problem.place)
    if match is None:
        return (0, 0)
    headers = [header for _, header in COLUMNS]
    column = match.group(2)
    return (int(match.group(1)), headers.index(column) if column in headers else -1)
