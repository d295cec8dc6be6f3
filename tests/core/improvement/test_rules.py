"""Improvement plan rules: statuses and their changes, overdue and due soon, item status, counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from yjqa.core.improvement.rules import (
    DONE,
    DUE_SOON_DAYS,
    OPEN,
    SHOWN_LABELS,
    ActionFacts,
    AttendanceRecord,
    ItemStatus,
    Status,
    attendance_rates,
    check_change,
    count_shown,
    days_overdue,
    is_due_soon,
    is_overdue,
    item_status,
    parse_status,
    shown_status,
    summarise,
    timeliness,
)

TODAY = date(2026, 3, 12)
S = Status


def fields(problems: list) -> list[str]:  # type: ignore[type-arg]
    return [p.field for p in problems]


# --- Status rules ----------------------------------------------------------------------------


@pytest.mark.parametrize("old", sorted(OPEN))
@pytest.mark.parametrize("new", sorted(OPEN))
def test_open_statuses_move_freely(old: Status, new: Status) -> None:
    assert check_change(old, new) == []


def test_complete_needs_evidence() -> None:
    problems = check_change(S.ON_TRACK, S.COMPLETE)
    assert fields(problems) == ["evidence"]
    assert "Add evidence" in problems[0].message
    assert check_change(S.ON_TRACK, S.COMPLETE, evidence=1) == []
    assert check_change(S.NOT_STARTED, S.COMPLETE, evidence=2) == []


def test_closed_needs_a_reason() -> None:
    assert fields(check_change(S.AT_RISK, S.CLOSED)) == ["closed_reason"]
    assert fields(check_change(S.AT_RISK, S.CLOSED, closed_reason="   ")) == ["closed_reason"]
    assert check_change(S.AT_RISK, S.CLOSED, closed_reason="Superseded by action 4") == []


def test_a_closed_action_keeps_its_reason() -> None:
    assert fields(check_change(S.CLOSED, S.CLOSED, closed_reason="")) == ["closed_reason"]
    assert check_change(S.CLOSED, S.CLOSED, closed_reason="Merged") == []


def test_staying_complete_needs_no_new_evidence() -> None:
    assert check_change(S.COMPLETE, S.COMPLETE, evidence=0) == []


@pytest.mark.parametrize("old", sorted(DONE))
@pytest.mark.parametrize("new", sorted(OPEN))
def test_reopening_needs_a_reason(old: Status, new: Status) -> None:
    problems = check_change(old, new, evidence=1, closed_reason="x")
    assert fields(problems) == ["reopen_reason"]
    assert old.label.lower() in problems[0].message
    assert check_change(old, new, reopen_reason="The audit found it was not embedded") == []


@pytest.mark.parametrize(("old", "new"), [(S.COMPLETE, S.CLOSED), (S.CLOSED, S.COMPLETE)])
def test_done_to_done_means_reopening_first(old: Status, new: Status) -> None:
    problems = check_change(
        old, new, evidence=5, closed_reason="reason", reopen_reason="another reason"
    )
    assert fields(problems) == ["status"]
    assert "reopen it first" in problems[0].message


def test_every_rule_broken_is_reported_at_once() -> None:
    # From closed to complete is refused outright; from not started, both needs at once.
    assert fields(check_change(S.NOT_STARTED, S.CLOSED)) == ["closed_reason"]
    assert fields(check_change(S.NOT_STARTED, S.COMPLETE)) == ["evidence"]


def test_statuses_parse_from_codes_and_labels() -> None:
    assert parse_status("On track") is S.ON_TRACK
    assert parse_status("on_track") is S.ON_TRACK
    assert parse_status("  AT   RISK ") is S.AT_RISK
    assert parse_status("Complete") is S.COMPLETE
    assert parse_status("done") is None
    assert parse_status("") is None
    assert [s.label for s in Status] == [
        "Not started",
        "On track",
        "At risk",
        "Complete",
        "Closed",
    ]


# --- Overdue and due soon ---------------------------------------------------------------------


def test_overdue_once_the_due_date_has_passed() -> None:
    yesterday, tomorrow = TODAY - timedelta(days=1), TODAY + timedelta(days=1)
    assert is_overdue(S.ON_TRACK, yesterday, TODAY)
    assert not is_overdue(S.ON_TRACK, TODAY, TODAY)  # due today: not yet overdue
    assert not is_overdue(S.ON_TRACK, tomorrow, TODAY)
    assert is_overdue(S.NOT_STARTED, yesterday, TODAY)
    assert is_overdue(S.AT_RISK, yesterday, TODAY)
    assert not is_overdue(S.COMPLETE, yesterday, TODAY)
    assert not is_overdue(S.CLOSED, yesterday, TODAY)
    assert not is_overdue(S.ON_TRACK, None, TODAY)
    assert days_overdue(S.ON_TRACK, date(2026, 2, 10), TODAY) == 30
    assert days_overdue(S.COMPLETE, date(2026, 2, 10), TODAY) == 0
    assert days_overdue(S.ON_TRACK, TODAY, TODAY) == 0


def test_due_soon_is_within_fourteen_days_today_included() -> None:
    assert DUE_SOON_DAYS == 14
    assert is_due_soon(S.ON_TRACK, TODAY, TODAY)
    assert is_due_soon(S.ON_TRACK, TODAY + timedelta(days=14), TODAY)
    assert not is_due_soon(S.ON_TRACK, TODAY + timedelta(days=15), TODAY)
    assert not is_due_soon(S.ON_TRACK, TODAY - timedelta(days=1), TODAY)  # overdue instead
    assert not is_due_soon(S.COMPLETE, TODAY + timedelta(days=3), TODAY)
    assert not is_due_soon(S.ON_TRACK, None, TODAY)


def test_an_action_s_timeliness_is_one_word() -> None:
    assert timeliness(S.COMPLETE, TODAY - timedelta(days=9), TODAY) == "done"
    assert timeliness(S.ON_TRACK, TODAY - timedelta(days=9), TODAY) == "overdue"
    assert timeliness(S.ON_TRACK, TODAY + timedelta(days=9), TODAY) == "due_soon"
    assert timeliness(S.ON_TRACK, TODAY + timedelta(days=90), TODAY) == "on_time"
    assert timeliness(S.ON_TRACK, None, TODAY) == "no_date"


# --- An item's status and the plan's counts -----------------------------------------------


def a(status: Status, days: int | None = 30) -> ActionFacts:
    """An action due `days` days from TODAY (negative: in the past)."""
    return ActionFacts(status, None if days is None else TODAY + timedelta(days=days))


def test_an_item_with_no_actions_or_none_started_is_not_started() -> None:
    assert item_status([], TODAY) is ItemStatus.NOT_STARTED
    assert item_status([a(S.NOT_STARTED), a(S.NOT_STARTED)], TODAY) is ItemStatus.NOT_STARTED


def test_any_overdue_or_at_risk_action_puts_the_item_at_risk() -> None:
    assert item_status([a(S.ON_TRACK), a(S.AT_RISK)], TODAY) is ItemStatus.AT_RISK
    assert item_status([a(S.ON_TRACK), a(S.ON_TRACK, -1)], TODAY) is ItemStatus.AT_RISK
    # Not started but overdue is at risk, not "not started".
    assert item_status([a(S.NOT_STARTED, -3)], TODAY) is ItemStatus.AT_RISK
    # Done actions past their dates are not overdue.
    assert item_status([a(S.COMPLETE, -40), a(S.ON_TRACK)], TODAY) is ItemStatus.ON_TRACK


def test_an_item_whose_actions_are_all_complete_or_closed_is_complete() -> None:
    assert item_status([a(S.COMPLETE, -5), a(S.CLOSED, -5)], TODAY) is ItemStatus.COMPLETE
    assert item_status([a(S.CLOSED)], TODAY) is ItemStatus.COMPLETE


def test_any_other_item_is_on_track() -> None:
    assert item_status([a(S.NOT_STARTED), a(S.COMPLETE)], TODAY) is ItemStatus.ON_TRACK
    assert item_status([a(S.ON_TRACK), a(S.NOT_STARTED)], TODAY) is ItemStatus.ON_TRACK


def test_the_summary_counts_items_and_actions_for_the_board() -> None:
    items = [
        [a(S.COMPLETE, -10), a(S.ON_TRACK, -2), a(S.ON_TRACK, 5)],  # at risk (overdue)
        [a(S.AT_RISK, 60), a(S.CLOSED, 1)],  # at risk
        [a(S.ON_TRACK, 20), a(S.NOT_STARTED, 100)],  # on track
        [a(S.COMPLETE, -1)],  # complete
        [],  # not started
    ]
    summary = summarise(items, TODAY)
    assert summary.items == 5
    assert summary.items_by_status == {
        ItemStatus.NOT_STARTED: 1,
        ItemStatus.ON_TRACK: 1,
        ItemStatus.AT_RISK: 2,
        ItemStatus.COMPLETE: 1,
    }
    assert summary.actions == 8
    assert summary.actions_by_status == {
        S.NOT_STARTED: 1,
        S.ON_TRACK: 3,
        S.AT_RISK: 1,
        S.COMPLETE: 2,
        S.CLOSED: 1,
    }
    assert summary.overdue == 1
    assert summary.due_soon == 1  # due in 5 days; in 1 day is closed, in 20 days is later
    assert summary.done == 3 and summary.open == 5
    assert summary.percent_done == pytest.approx(37.5)
    assert summary.items_without_actions == 1
    assert summarise([], TODAY).percent_done is None


def test_board_attendance_is_counted_by_agency_partners_first() -> None:
    meetings = [
        AttendanceRecord(date(2026, 1, 10), {"police": True, "health": False, "yjs": True}),
        AttendanceRecord(date(2026, 3, 10), {"police": True, "health": True, "yjs": True}),
        AttendanceRecord(date(2026, 5, 10), {"health": True, "voluntary": True}),
    ]
    assert attendance_rates(meetings) == [
        ("health", 2, 3),
        ("police", 2, 2),
        ("yjs", 2, 2),
        ("voluntary", 1, 1),  # not a listed partner: after them
    ]


# --- One status ------------------------------------------------------------------------------


def test_an_open_action_past_its_due_date_shows_overdue_by_so_many_days() -> None:
    shown = shown_status(S.ON_TRACK, TODAY - timedelta(days=21), TODAY)
    assert (shown.key, shown.label, shown.detail) == ("overdue", "Overdue", "by 21 days")
    assert shown.text == "Overdue by 21 days" and shown.overdue
    assert shown.recorded is S.ON_TRACK  # what the action's form still changes
    assert shown_status(S.AT_RISK, TODAY - timedelta(days=1), TODAY).text == "Overdue by 1 day"


@pytest.mark.parametrize("status", sorted(DONE))
def test_a_complete_or_closed_action_is_never_overdue(status: Status) -> None:
    shown = shown_status(status, TODAY - timedelta(days=400), TODAY)
    assert not shown.overdue and shown.days_overdue == 0
    assert shown.label == status.label and shown.text == status.label


@pytest.mark.parametrize("status", sorted(OPEN))
def test_an_open_action_not_yet_late_shows_its_own_status(status: Status) -> None:
    today_due = shown_status(status, TODAY, TODAY)
    assert today_due.label == status.label and not today_due.overdue
    assert today_due.detail == "due soon"
    later = shown_status(status, TODAY + timedelta(days=DUE_SOON_DAYS + 1), TODAY)
    assert (later.label, later.detail) == (status.label, "")
    assert shown_status(status, None, TODAY).label == status.label


@pytest.mark.parametrize("status", list(Status))
@pytest.mark.parametrize("offset", [-30, -1, 0, 1, 30])
def test_the_status_shown_and_the_overdue_state_never_contradict(
    status: Status, offset: int
) -> None:
    due = TODAY + timedelta(days=offset)
    shown = shown_status(status, due, TODAY)
    assert shown.overdue == is_overdue(status, due, TODAY)
    assert shown.days_overdue == days_overdue(status, due, TODAY)
    assert (shown.label == "Overdue") == shown.overdue


def test_actions_are_counted_once_by_the_status_they_show() -> None:
    late = TODAY - timedelta(days=3)
    actions = [
        ActionFacts(S.ON_TRACK, late),
        ActionFacts(S.ON_TRACK, TODAY),
        ActionFacts(S.AT_RISK, late),
        ActionFacts(S.COMPLETE, late),
    ]
    counts = count_shown(actions, TODAY)
    assert list(counts) == list(SHOWN_LABELS)
    assert counts == {
        "not_started": 0,
        "on_track": 1,
        "at_risk": 0,
        "overdue": 2,
        "complete": 1,
        "closed": 0,
    }
    assert summarise([actions], TODAY).actions_by_shown == counts
