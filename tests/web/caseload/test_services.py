"""A caseload import is written by its service alone: checked, all at once, and recorded."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from yjqa.core.caseload.reader import CaseloadRow, caseload_row, write_caseload_csv
from yjqa.core.synthetic.caseload import SyntheticCase, generate_service
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.caseload.services import do_import_caseload
from yjqa.web.tenancy.models import Membership, Service

pytestmark = pytest.mark.django_db


def new_cases(count: int) -> list[SyntheticCase]:
    """Synthetic cases with references the demo caseload does not use."""
    cases = generate_service(
        "Service test", "SVC", seed=5, outcomes_per_year=count, bail_and_remand=False
    ).cases
    return [dataclasses.replace(c, case_ref=f"SVC-{i:05d}") for i, c in enumerate(cases)]


def rows(cases: list[SyntheticCase]) -> list[CaseloadRow]:
    return [caseload_row(case) for case in cases]


def actor(email: str, slug: str = "northshire") -> Actor:
    return Actor.member(Membership.objects.get(user__email=email, service__slug=slug))


def northshire() -> Service:
    return Service.objects.get(slug="northshire")


def counts() -> tuple[int, int]:
    return CaseRecord.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize(
    ("email", "slug"),
    [
        ("qa@northshire.example", "northshire"),
        ("board@northshire.example", "northshire"),
        ("manager@southvale.example", "southvale"),
    ],
)
def test_importing_a_caseload_is_refused_to_an_auditor_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    before = counts()
    with pytest.raises(PermissionDenied):
        do_import_caseload(actor(email, slug), northshire(), rows(new_cases(5)))
    assert counts() == before


def test_importing_a_caseload_records_the_counts_created_and_updated_not_the_rows() -> None:
    manager = actor("manager@northshire.example")
    cases = new_cases(6)
    do_import_caseload(manager, northshire(), rows(cases[:2]), source="first.csv")
    result = do_import_caseload(manager, northshire(), rows(cases), source="caseload.csv")
    assert (result.created, result.updated) == (len(cases) - 2, 2)
    event = AuditEvent.objects.filter(action="import_caseload").order_by("-id")[0]
    assert (event.service, event.actor, event.actor_label, event.via) == (
        northshire(),
        manager.user,
        "manager@northshire.example",
        AuditEvent.Via.WEB,
    )
    assert (event.object_type, event.object_label) == ("caseload", "caseload.csv")
    assert event.changes == {
        "rows": {"before": None, "after": len(cases)},
        "created": {"before": None, "after": len(cases) - 2},
        "updated": {"before": None, "after": 2},
    }
    assert "SVC-00000" not in str(event.changes)


def test_the_caseload_import_command_is_recorded_as_the_operators(
    run_cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
) -> None:
    path = tmp_path / "cases.csv"
    cases = new_cases(3)
    write_caseload_csv(path, cases)
    assert run_cli("caseload", "import", "northshire", path).exit_code == 0
    event = AuditEvent.objects.filter(action="import_caseload").order_by("-id")[0]
    assert (event.actor, event.actor_label, event.via, event.object_label) == (
        None,
        "operator (command line)",
        AuditEvent.Via.COMMAND_LINE,
        "cases.csv",
    )
    assert event.changes["created"] == {"before": None, "after": len(cases)}


def test_the_demo_caseload_was_imported_through_the_service() -> None:
    event = AuditEvent.objects.filter(action="import_caseload", service=northshire()).order_by(
        "id"
    )[0]
    assert (event.via, event.actor_label, event.object_label) == (
        AuditEvent.Via.DEMO,
        "demo",
        "synthetic demo caseload",
    )
