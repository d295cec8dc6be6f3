"""Indicator data is written by its services alone: who may import it, and the audit row each
import leaves (the files' names and counts, never the children's records)."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from django.core.exceptions import PermissionDenied

from yjqa.core.indicators.data import Table
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.indicators.models import Child, ChildOutcome
from yjqa.web.indicators.services import (
    TableImport,
    do_import_indicator_data,
    do_import_table,
    read_service_table,
)
from yjqa.web.tenancy.models import Membership, Service

pytestmark = pytest.mark.django_db

PEOPLE = (
    "person_id,service,sex,ethnicity,date_of_birth\n"
    "SV-1,Northshire YJS,male,white,2010-02-01\n"
    "SV-2,Northshire YJS,female,black,2011-07-15\n"
)
OUTCOMES = (
    "outcome_id,person_id,service,offence_date,outcome_date,outcome,offence_category,"
    "gravity_score,end_date\n"
    "SVO-1,SV-1,Northshire YJS,2025-05-01,2025-06-01,youth_caution,theft,3,\n"
)
# Refused: an auditor or a board member does not manage the data; nor does another service.
REFUSED = [
    ("qa@northshire.example", "northshire"),
    ("board@northshire.example", "northshire"),
    ("manager@southvale.example", "southvale"),
]


def actor(email: str, slug: str = "northshire") -> Actor:
    return Actor.member(Membership.objects.get(user__email=email, service__slug=slug))


def northshire() -> Service:
    return Service.objects.get(slug="northshire")


def frame(
    tmp_path: Path, table: Table, text: str, also_known: set[str] | None = None
) -> pl.DataFrame:
    path = tmp_path / f"{table}.csv"
    path.write_text(text)
    return read_service_table(path, table, northshire(), path.name, also_known=also_known or ())


def counts() -> tuple[int, int, int]:
    return Child.objects.count(), ChildOutcome.objects.count(), AuditEvent.objects.count()


def last_event(action: str) -> AuditEvent:
    return AuditEvent.objects.filter(action=action).order_by("-id")[0]


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_importing_a_table_is_refused_to_an_auditor_a_board_member_or_another_service(
    email: str, slug: str, tmp_path: Path
) -> None:
    people = frame(tmp_path, "people", PEOPLE)
    before = counts()
    with pytest.raises(PermissionDenied):
        do_import_table(actor(email, slug), northshire(), "people", people)
    assert counts() == before


def test_importing_a_table_records_the_file_and_counts_not_the_children(tmp_path: Path) -> None:
    manager = actor("manager@northshire.example")
    result = do_import_table(
        manager, northshire(), "people", frame(tmp_path, "people", PEOPLE), source="children.csv"
    )
    assert (result.rows, result.created, result.updated) == (2, 2, 0)
    event = last_event("import_table")
    assert (event.service, event.actor, event.actor_label, event.via) == (
        northshire(),
        manager.user,
        "manager@northshire.example",
        AuditEvent.Via.WEB,
    )
    assert (event.object_type, event.object_label) == ("indicator data", "children.csv")
    assert event.changes == {
        "people": {
            "before": None,
            "after": {"file": "children.csv", "rows": 2, "created": 2, "updated": 0},
        }
    }
    assert "SV-1" not in str(event.changes)


@pytest.mark.parametrize(("email", "slug"), REFUSED)
def test_importing_indicator_data_is_refused_to_an_auditor_a_board_member_or_another_service(
    email: str, slug: str, tmp_path: Path
) -> None:
    tables = [
        TableImport("people", frame(tmp_path, "people", PEOPLE), "people.csv"),
        TableImport(
            "outcomes", frame(tmp_path, "outcomes", OUTCOMES, {"SV-1", "SV-2"}), "outcomes.csv"
        ),
    ]
    before = counts()
    with pytest.raises(PermissionDenied):
        do_import_indicator_data(actor(email, slug), northshire(), tables)
    assert counts() == before


def test_importing_indicator_data_records_every_tables_file_and_counts_in_one_row(
    tmp_path: Path,
) -> None:
    admin = actor("admin@northshire.example")
    tables = [
        TableImport("people", frame(tmp_path, "people", PEOPLE), "people.csv"),
        TableImport(
            "outcomes", frame(tmp_path, "outcomes", OUTCOMES, {"SV-1", "SV-2"}), "outcomes.csv"
        ),
    ]
    before = AuditEvent.objects.count()
    results = do_import_indicator_data(admin, northshire(), tables)
    assert [(r.rows, r.created) for r in results] == [(2, 2), (1, 1)]
    assert AuditEvent.objects.count() == before + 1
    event = last_event("import_indicator_data")
    assert (event.service, event.actor, event.via) == (northshire(), admin.user, "web")
    assert event.object_label == "people.csv, outcomes.csv"
    assert event.changes == {
        "people": {
            "before": None,
            "after": {"file": "people.csv", "rows": 2, "created": 2, "updated": 0},
        },
        "outcomes": {
            "before": None,
            "after": {"file": "outcomes.csv", "rows": 1, "created": 1, "updated": 0},
        },
    }
    assert "SV-1" not in str(event.changes)


def test_the_indicator_import_command_is_one_operators_import_of_every_file(
    run_cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    (tmp_path / "people.csv").write_text(PEOPLE)
    (tmp_path / "outcomes.csv").write_text(OUTCOMES)
    assert run_cli("indicators", "import", "northshire", tmp_path).exit_code == 0
    event = last_event("import_indicator_data")
    assert (event.service, event.actor, event.actor_label, event.via) == (
        northshire(),
        None,
        "operator (command line)",
        AuditEvent.Via.COMMAND_LINE,
    )
    assert event.object_label == "people.csv, outcomes.csv"
    assert str(tmp_path) not in f"{event.object_label} {event.changes}"


def test_the_demo_indicator_data_was_imported_through_the_service() -> None:
    event = AuditEvent.objects.filter(
        action="import_indicator_data", service=northshire()
    ).order_by("id")[0]
    assert (event.via, event.actor_label) == (AuditEvent.Via.DEMO, "demo")
    assert set(event.changes) == {"people", "outcomes", "population"}
