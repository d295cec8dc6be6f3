"""The indicator dashboard is computed once per change of its data, and at once on import.

Each test reads the dashboard first, so a missing invalidation would serve the figures from
before the change.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from django.core.cache import cache
from tests.web.indicators.test_services import OUTCOMES, PEOPLE, actor, frame, northshire

from yjqa.core.retention.policy import load_policy
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import VictimRecord
from yjqa.web.indicators import dashboard as board
from yjqa.web.indicators.models import Child
from yjqa.web.indicators.services import (
    TableImport,
    do_import_indicator_data,
    do_import_table,
)
from yjqa.web.retention import do_apply_retention, do_erase_child
from yjqa.web.tenancy.models import Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Each service the dashboard was computed for, in turn."""
    seen: list[int] = []
    compute = board.compute_dashboard

    def counted(service: Service, period: board.Period, last: date) -> board.Dashboard:
        seen.append(service.pk)
        return compute(service, period, last)

    monkeypatch.setattr(board, "compute_dashboard", counted)
    yield seen


def latest(service: Service) -> board.Dashboard:
    years, last = board.available_years(service)
    assert last is not None
    return board.build_dashboard(
        service, board.default_year(years, last), last, with_breakdowns=True
    )


def computed_now(service: Service) -> board.Dashboard:
    years, last = board.available_years(service)
    assert last is not None
    return board.compute_dashboard(service, board.default_year(years, last), last)


def test_a_second_read_computes_nothing(computed: list[int]) -> None:
    first = latest(northshire())
    assert latest(northshire()) == first
    assert computed == [northshire().pk]


def test_the_home_page_s_figures_are_the_same_entry_without_the_breakdowns(
    computed: list[int],
) -> None:
    years, last = board.available_years(northshire())
    assert last is not None
    period = board.default_year(years, last)
    full = board.build_dashboard(northshire(), period, last, with_breakdowns=True)
    plain = board.build_dashboard(northshire(), period, last)
    assert full.disposals is not None and plain.disposals is None
    assert plain.figures == full.figures
    assert len(computed) == 1


def test_importing_a_table_is_read_at_once_here_and_across_services(tmp_path: Path) -> None:
    with_data = Child.objects.exclude(service=northshire()).values("service_id")
    other = Service.objects.filter(pk__in=with_data).first()
    assert other is not None
    period = board.financial_year(2025)  # the imported outcome's year
    last = date(2026, 3, 31)
    before = board.build_dashboard(northshire(), period, last, with_breakdowns=True)
    across_before = board.build_dashboard(other, period, last).across
    people = frame(tmp_path, "people", PEOPLE)
    outcomes = frame(tmp_path, "outcomes", OUTCOMES, also_known={"SV-1", "SV-2"})
    do_import_indicator_data(
        actor("manager@northshire.example"),
        northshire(),
        [TableImport("people", people), TableImport("outcomes", outcomes)],
    )
    after = board.build_dashboard(northshire(), period, last, with_breakdowns=True)
    assert after.figures != before.figures
    assert after == board.compute_dashboard(northshire(), period, last)
    # Another service's dashboard compares with every service's data: it changed too.
    assert board.build_dashboard(other, period, last).across != across_before


def test_importing_one_table_is_read_at_once(tmp_path: Path) -> None:
    years, last = board.available_years(northshire())
    assert last is not None
    period = board.default_year(years, last)
    board.build_dashboard(northshire(), period, last)
    key_before = cache._cache.copy()  # type: ignore[attr-defined]
    do_import_table(
        actor("manager@northshire.example"),
        northshire(),
        "people",
        frame(tmp_path, "people", PEOPLE),
    )
    board.build_dashboard(northshire(), period, last)
    assert set(cache._cache) - set(key_before)  # type: ignore[attr-defined]
    assert board.build_dashboard(northshire(), period, last, with_breakdowns=True) == (
        board.compute_dashboard(northshire(), period, last)
    )


def test_the_dashboard_is_computed_when_its_data_is_imported(
    tmp_path: Path, computed: list[int], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    with django_capture_on_commit_callbacks(execute=True):
        do_import_table(
            actor("manager@northshire.example"),
            northshire(),
            "people",
            frame(tmp_path, "people", PEOPLE),
        )
    assert computed == [northshire().pk]
    latest(northshire())
    assert computed == [northshire().pk]  # read from the cache, not computed again


def test_a_command_s_import_computes_nothing_into_its_own_memory(
    tmp_path: Path, computed: list[int], django_capture_on_commit_callbacks
) -> None:  # type: ignore[no-untyped-def]
    """With the cache in each process's memory, a dashboard the command line computed would
    be lost with it: the web computes it on its first read instead."""
    with django_capture_on_commit_callbacks(execute=True):
        do_import_table(Actor.operator(), northshire(), "people", frame(tmp_path, "people", PEOPLE))
    assert computed == []


def test_erasing_a_child_is_read_at_once(computed: list[int]) -> None:
    latest(northshire())
    victim = VictimRecord.objects.filter(service=northshire()).select_related("case").first()
    assert victim is not None
    do_erase_child(actor("admin@northshire.example"), northshire(), victim.case.case_ref, "SAR-12")
    after = latest(northshire())
    assert computed == [northshire().pk, northshire().pk]
    assert after == computed_now(northshire())


def test_retiring_records_is_read_at_once(computed: list[int]) -> None:
    years, last = board.available_years(northshire())
    assert last is not None
    period = board.default_year(years, last)
    board.build_dashboard(northshire(), period, last)
    do_apply_retention(Actor.operator(), load_policy(), date(2045, 1, 1))
    after = board.build_dashboard(northshire(), period, last, with_breakdowns=True)
    assert computed == [northshire().pk, northshire().pk]
    assert after == board.compute_dashboard(northshire(), period, last)
