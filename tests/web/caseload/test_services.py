"""A caseload import is written by its service alone: checked, all at once, and recorded."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied

from yjqa.core.caseload.reader import CaseloadRow, caseload_row, write_caseload_csv
from yjqa.core.caseload.victims import VICTIM_COLUMNS, VictimRow
from yjqa.core.synthetic.caseload import SyntheticCase, generate_service
from yjqa.core.synthetic.victims import generate_victims
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.demo import DEMO_VICTIMS_SOURCE
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.caseload.services import do_import_caseload, do_import_victims
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


def new_victims(count: int, slug: str = "northshire") -> list[VictimRow]:
    """Synthetic victims of the service's own cases, with references the demo does not use."""
    cases = list(CaseRecord.objects.filter(service__slug=slug).order_by("case_ref")[:400])
    victims = generate_victims(cases, code="TV", seed=3)[:count]
    assert len(victims) == count
    return [dataclasses.replace(v, victim_ref=f"TV-{i:05d}") for i, v in enumerate(victims)]


FIELDS = [c for c in VICTIM_COLUMNS if c != "case_ref"]


def victim_counts() -> tuple[int, int]:
    return VictimRecord.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize(
    ("email", "slug"),
    [
        ("qa@northshire.example", "northshire"),
        ("board@northshire.example", "northshire"),
        ("inspector@northshire.example", "northshire"),
        ("manager@southvale.example", "southvale"),
    ],
)
def test_importing_victims_is_refused_to_an_auditor_a_board_member_or_another_service(
    email: str, slug: str
) -> None:
    before = victim_counts()
    with pytest.raises(PermissionDenied):
        do_import_victims(actor(email, slug), northshire(), new_victims(5))
    assert victim_counts() == before


def test_importing_victims_links_each_to_its_childs_case_and_records_the_counts() -> None:
    manager = actor("manager@northshire.example")
    victims = new_victims(8)
    do_import_victims(manager, northshire(), victims[:3], source="first.csv")
    changed = [dataclasses.replace(victims[0], support_given="referred"), *victims[1:]]
    result = do_import_victims(manager, northshire(), changed, source="victims.csv")
    assert (result.created, result.updated) == (len(victims) - 3, 3)
    for row in changed:
        record = VictimRecord.objects.get(service=northshire(), victim_ref=row.victim_ref)
        assert record.case.case_ref == row.case_ref and record.case.service == northshire()
        assert {c: getattr(record, c) for c in FIELDS} == {c: getattr(row, c) for c in FIELDS}
    event = AuditEvent.objects.filter(action="import_victims").order_by("-id")[0]
    assert (event.service, event.actor, event.via) == (
        northshire(),
        manager.user,
        AuditEvent.Via.WEB,
    )
    assert (event.object_type, event.object_label) == ("victims", "victims.csv")
    assert event.changes == {
        "rows": {"before": None, "after": len(victims)},
        "created": {"before": None, "after": len(victims) - 3},
        "updated": {"before": None, "after": 3},
    }
    assert "TV-00000" not in str(event.changes)


def test_a_victim_whose_childs_case_is_not_in_the_caseload_writes_nothing() -> None:
    victims = new_victims(6)
    southvale_case = CaseRecord.objects.filter(service__slug="southvale").first()
    assert southvale_case is not None
    victims[2] = dataclasses.replace(victims[2], case_ref="NO-SUCH-CASE", row=4)
    victims[4] = dataclasses.replace(victims[4], case_ref=southvale_case.case_ref, row=7)
    before = victim_counts()
    with pytest.raises(InputError) as caught:
        do_import_victims(
            actor("manager@northshire.example"), northshire(), victims, source="v.csv"
        )
    assert caught.value.describe().splitlines() == [
        "v.csv: row 4, column case_ref: no case 'NO-SUCH-CASE' in Northshire YJS's caseload; "
        "import the children's caseload first",
        f"v.csv: row 7, column case_ref: no case '{southvale_case.case_ref}' in Northshire "
        "YJS's caseload; import the children's caseload first",
    ]
    assert victim_counts() == before


def test_a_case_reference_differing_only_in_case_is_named_not_matched() -> None:
    (victim,) = new_victims(1)
    wrong = dataclasses.replace(victim, case_ref=victim.case_ref.lower(), row=2)
    with pytest.raises(InputError) as caught:
        do_import_victims(actor("admin@northshire.example"), northshire(), [wrong])
    assert f"(there is '{victim.case_ref}': references are matched exactly)" in str(caught.value)


def test_the_demo_victims_were_imported_through_the_service_for_both_services() -> None:
    for slug in ("northshire", "southvale"):
        event = AuditEvent.objects.get(action="import_victims", service__slug=slug, via="demo")
        assert event.object_label == DEMO_VICTIMS_SOURCE
        held = VictimRecord.objects.filter(service__slug=slug).count()
        assert held > 0 and event.changes["created"] == {"before": None, "after": held}
        assert not VictimRecord.objects.filter(service__slug=slug).exclude(case__service__slug=slug)
