"""Improvement plans: the rules for an action's status, its timeliness and the board's summary.

After an inspection a service turns each recommendation into a *plan item* and each item into
*actions* with an owner and a due date; the management board reviews them at every meeting.
This module holds the rules, on plain values, so the web app, the spreadsheet import and the
board pack all apply the same ones.

Statuses of an action
    ``not_started``, ``on_track`` and ``at_risk`` are *open*; ``complete`` and ``closed`` are
    *done*. ``complete`` means the action was carried out; ``closed`` means it will not be (for
    example it was superseded, or merged into another action).

Rules (`check_change`)
    - An open action may move to any other open status.
    - Marking an action ``complete`` needs **evidence**: at least one evidence record (a note
      of what was done, or a file) on the action, or a note given with the change. A board
      asks "how do we know?", and an inspector will ask for the same evidence.
    - Marking an action ``closed`` needs a **reason** (``closed_reason``), which is kept with
      the action while it stays closed.
    - A done action can only be **reopened** (moved back to an open status), and only with a
      reason for reopening. It cannot move straight from ``complete`` to ``closed`` or back:
      reopen it first, so every change of mind is recorded with its reason.

Timeliness (`timeliness`)
    An action is **overdue** when its due date has passed (the due date is before today) and
    it is neither complete nor closed; an action due today is not yet overdue. It is **due
    soon** when it is open and due within the next `DUE_SOON_DAYS` days, today included.

One status (`shown_status`)
    What every page, export and pack shows as an action's status. Overdue is part of it, so
    the status shown and the overdue state never contradict: an open action past its due
    date shows **Overdue** (with "by N days"), whatever open status it was last given; a
    complete or closed action is never overdue and shows its own status; any other open
    action shows its status (and, within `DUE_SOON_DAYS`, that it is due soon).

A plan item's status (`item_status`), from its actions, the first rule that applies
    any action overdue or at risk → ``at_risk``; no actions, or every action not started →
    ``not_started``; every action complete or closed → ``complete``; otherwise →
    ``on_track``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import StrEnum
from typing import Literal

__all__ = [
    "DONE",
    "DUE_SOON_DAYS",
    "ITEM_STATUS_LABELS",
    "OPEN",
    "PARTNER_AGENCIES",
    "STATUS_LABELS",
    "ActionFacts",
    "AttendanceRecord",
    "ItemStatus",
    "PlanSummary",
    "RuleProblem",
    "ShownStatus",
    "Status",
    "Timeliness",
    "agency_label",
    "attendance_rates",
    "check_change",
    "count_shown",
    "days_overdue",
    "is_due_soon",
    "is_overdue",
    "item_status",
    "parse_status",
    "shown_status",
    "summarise",
    "timeliness",
]

DUE_SOON_DAYS = 14


class Status(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    COMPLETE = "complete"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return STATUS_LABELS[self]

    @property
    def is_done(self) -> bool:
        return self in DONE


STATUS_LABELS: dict[Status, str] = {
    Status.NOT_STARTED: "Not started",
    Status.ON_TRACK: "On track",
    Status.AT_RISK: "At risk",
    Status.COMPLETE: "Complete",
    Status.CLOSED: "Closed",
}
OPEN = frozenset({Status.NOT_STARTED, Status.ON_TRACK, Status.AT_RISK})
DONE = frozenset({Status.COMPLETE, Status.CLOSED})


class ItemStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    COMPLETE = "complete"

    @property
    def label(self) -> str:
        return ITEM_STATUS_LABELS[self]


ITEM_STATUS_LABELS: dict[ItemStatus, str] = {
    ItemStatus.NOT_STARTED: "Not started",
    ItemStatus.ON_TRACK: "On track",
    ItemStatus.AT_RISK: "At risk",
    ItemStatus.COMPLETE: "Complete",
}

# The statutory partners of a youth justice service and the service itself, as a board
# records who came (KPI 7, management board attendance).
PARTNER_AGENCIES: tuple[tuple[str, str], ...] = (
    ("local_authority", "The local authority"),
    ("childrens_social_care", "Children's social care"),
    ("education", "Education"),
    ("health", "Health"),
    ("police", "Police"),
    ("probation", "Probation"),
    ("yjs", "The youth justice service"),
)


def agency_label(code: str) -> str:
    return dict(PARTNER_AGENCIES).get(code, code)


def parse_status(text: str) -> Status | None:
    """A status from its code or its label, in any case ("On track", "on_track", "ON TRACK")."""
    wanted = " ".join(text.replace("_", " ").split()).lower()
    for status in Status:
        if wanted in (status.value.replace("_", " "), status.label.lower()):
            return status
    return None


# --- Status rules ---------------------------------------------------------------------------


@dataclass(frozen=True)
class RuleProblem:
    """A broken rule, tied to the field a person must change to put it right."""

    field: Literal["status", "closed_reason", "reopen_reason", "evidence"]
    message: str


def check_change(
    old: Status,
    new: Status,
    *,
    evidence: int = 0,
    closed_reason: str = "",
    reopen_reason: str = "",
) -> list[RuleProblem]:
    """The rules a change of status from `old` to `new` breaks (none: it is allowed).

    `evidence` counts the action's evidence records, including any note given with this
    change; `closed_reason` is the reason the action is (or stays) closed; `reopen_reason` is
    the reason given for reopening a done action. A status left as it is checks that its
    own requirements still hold (a closed action keeps a reason).
    """
    problems: list[RuleProblem] = []
    if old in DONE and new in DONE and old != new:
        problems.append(
            RuleProblem(
                "status",
                f"A {old.label.lower()} action cannot be marked {new.label.lower()} directly: "
                "reopen it first, giving the reason",
            )
        )
        return problems
    if old in DONE and new in OPEN and not reopen_reason.strip():
        problems.append(
            RuleProblem(
                "reopen_reason",
                f"Enter why the action is being reopened: it was {old.label.lower()}",
            )
        )
    if new is Status.COMPLETE and old is not Status.COMPLETE and evidence < 1:
        problems.append(
            RuleProblem(
                "evidence",
                "Add evidence that the action is complete: a note of what was done and its "
                "effect, or a file",
            )
        )
    if new is Status.CLOSED and not closed_reason.strip():
        problems.append(
            RuleProblem("closed_reason", "Enter why the action is being closed without being done")
        )
    return problems


# --- Timeliness ------------------------------------------------------------------------------

Timeliness = Literal["done", "overdue", "due_soon", "on_time", "no_date"]


def is_overdue(status: Status, due_date: date | None, today: date) -> bool:
    """Past its due date (due before today) and neither complete nor closed."""
    return status not in DONE and due_date is not None and due_date < today


def is_due_soon(
    status: Status, due_date: date | None, today: date, days: int = DUE_SOON_DAYS
) -> bool:
    """Open and due between today and `days` days from now, both included."""
    return (
        status not in DONE
        and due_date is not None
        and today <= due_date <= today + timedelta(days=days)
    )


def days_overdue(status: Status, due_date: date | None, today: date) -> int:
    """How many days past its due date an overdue action is; 0 if it is not overdue."""
    if due_date is None or not is_overdue(status, due_date, today):
        return 0
    return (today - due_date).days


def timeliness(status: Status, due_date: date | None, today: date) -> Timeliness:
    if status in DONE:
        return "done"
    if due_date is None:
        return "no_date"
    if is_overdue(status, due_date, today):
        return "overdue"
    if is_due_soon(status, due_date, today):
        return "due_soon"
    return "on_time"


# --- One status: what is shown ------------------------------------------------------------

OVERDUE = "overdue"
# What an action's status shows as, in the order a board reads the counts.
SHOWN_LABELS: dict[str, str] = {
    Status.NOT_STARTED.value: STATUS_LABELS[Status.NOT_STARTED],
    Status.ON_TRACK.value: STATUS_LABELS[Status.ON_TRACK],
    Status.AT_RISK.value: STATUS_LABELS[Status.AT_RISK],
    OVERDUE: "Overdue",
    Status.COMPLETE.value: STATUS_LABELS[Status.COMPLETE],
    Status.CLOSED.value: STATUS_LABELS[Status.CLOSED],
}


@dataclass(frozen=True)
class ShownStatus:
    """An action's one status, as every page, export and pack shows it.

    `key` is a `Status` value or ``"overdue"``; `recorded` is the status last given to the
    action (what its form changes); `days_overdue` is 0 unless it is overdue."""

    key: str
    recorded: Status
    days_overdue: int = 0
    due_soon: bool = False

    @property
    def label(self) -> str:
        return SHOWN_LABELS[self.key]

    @property
    def overdue(self) -> bool:
        return self.key == OVERDUE

    @property
    def detail(self) -> str:
        """What goes with the label: "by 21 days" for an overdue action, "due soon"."""
        if self.overdue:
            return f"by {self.days_overdue} day{'' if self.days_overdue == 1 else 's'}"
        return "due soon" if self.due_soon else ""

    @property
    def text(self) -> str:
        """The label and its detail in one phrase: "Overdue by 21 days", "On track"."""
        return f"{self.label} {self.detail}" if self.overdue else self.label


def shown_status(status: Status, due_date: date | None, today: date) -> ShownStatus:
    """The status to show for an action (see the module's description, "One status")."""
    late = days_overdue(status, due_date, today)
    if late:
        return ShownStatus(OVERDUE, status, days_overdue=late)
    return ShownStatus(status.value, status, due_soon=is_due_soon(status, due_date, today))


def count_shown(actions: Iterable[ActionFacts], today: date) -> dict[str, int]:
    """How many actions show each status (every one of `SHOWN_LABELS`, in its order)."""
    counts = dict.fromkeys(SHOWN_LABELS, 0)
    for action in actions:
        counts[shown_status(action.status, action.due_date, today).key] += 1
    return counts


# --- Items and the plan -------------------------------------------------------------------


@dataclass(frozen=True)
class ActionFacts:
    """What the derived statuses and the counts need to know about an action."""

    status: Status
    due_date: date | None


def item_status(actions: Iterable[ActionFacts], today: date) -> ItemStatus:
    """A plan item's overall status, from its actions (see the module's description)."""
    found = list(actions)
    if any(a.status is Status.AT_RISK or is_overdue(a.status, a.due_date, today) for a in found):
        return ItemStatus.AT_RISK
    if not found or all(a.status is Status.NOT_STARTED for a in found):
        return ItemStatus.NOT_STARTED
    if all(a.status in DONE for a in found):
        return ItemStatus.COMPLETE
    return ItemStatus.ON_TRACK


@dataclass(frozen=True)
class PlanSummary:
    """The counts a board reads first."""

    items: int
    items_by_status: dict[ItemStatus, int]
    actions: int
    actions_by_status: dict[Status, int]
    overdue: int
    due_soon: int
    items_without_actions: int = 0
    # Actions by the status they show (`shown_status`): an overdue action counts as overdue
    # only, never under its recorded open status as well.
    actions_by_shown: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SHOWN_LABELS, 0))

    @property
    def done(self) -> int:
        return sum(self.actions_by_status[s] for s in DONE)

    @property
    def open(self) -> int:
        return self.actions - self.done

    @property
    def percent_done(self) -> float | None:
        """Complete or closed actions as a % of all actions; None when there are none."""
        return 100 * self.done / self.actions if self.actions else None


def summarise(items: Sequence[Sequence[ActionFacts]], today: date) -> PlanSummary:
    """Counts of items by derived status and of actions by status, overdue and due soon."""
    items_by_status = dict.fromkeys(ItemStatus, 0)
    actions_by_status = dict.fromkeys(Status, 0)
    overdue = due_soon = empty = 0
    shown = dict.fromkeys(SHOWN_LABELS, 0)
    for actions in items:
        for key, count in count_shown(actions, today).items():
            shown[key] += count
        items_by_status[item_status(actions, today)] += 1
        empty += not actions
        for action in actions:
            actions_by_status[action.status] += 1
            overdue += is_overdue(action.status, action.due_date, today)
            due_soon += is_due_soon(action.status, action.due_date, today)
    return PlanSummary(
        items=len(items),
        items_by_status=items_by_status,
        actions=sum(actions_by_status.values()),
        actions_by_status=actions_by_status,
        overdue=overdue,
        due_soon=due_soon,
        items_without_actions=empty,
        actions_by_shown=shown,
    )


# --- Board attendance (KPI 7) ----------------------------------------------------------------


@dataclass(frozen=True)
class AttendanceRecord:
    """One meeting's attendance: agency code → attended."""

    meeting_date: date
    attended: dict[str, bool] = field(default_factory=dict)


def attendance_rates(meetings: Iterable[AttendanceRecord]) -> list[tuple[str, int, int]]:
    """Per agency, in `PARTNER_AGENCIES` order then any others: (agency code, meetings
    attended, meetings at which its attendance was recorded)."""
    attended: dict[str, int] = {}
    recorded: dict[str, int] = {}
    for meeting in meetings:
        for agency, came in meeting.attended.items():
            recorded[agency] = recorded.get(agency, 0) + 1
            attended[agency] = attended.get(agency, 0) + came
    order = [code for code, _ in PARTNER_AGENCIES if code in recorded]
    order += sorted(code for code in recorded if code not in order)
    return [(code, attended[code], recorded[code]) for code in order]
