"""`yjqa victims import SERVICE FILE` and `yjqa victims template`: all or nothing, every
problem named, the same output as `yjqa caseload import`."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from yjqa.core.caseload.reader import caseload_row
from yjqa.core.caseload.victims import VICTIM_COLUMNS, VictimRow, read_victims, write_victims_csv
from yjqa.core.synthetic.caseload import generate_service
from yjqa.core.synthetic.victims import generate_victims
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.models import VictimRecord
from yjqa.web.caseload.services import do_import_caseload
from yjqa.web.tenancy.models import Service
from yjqa.web.tenancy.services import do_create_service

pytestmark = pytest.mark.django_db


@pytest.fixture
def service() -> Service:
    """A service of its own (whatever else the database holds) with a children's caseload."""
    operator = Actor.operator()
    made = do_create_service(operator, name="Victims CLI YJS", slug="victims-cli", code="VCL")
    synthetic = generate_service("Victims CLI YJS", "VCL", seed=21, outcomes_per_year=120)
    do_import_caseload(operator, made, [caseload_row(c) for c in synthetic.cases])
    return made


def victims_of(service: Service, count: int) -> list[VictimRow]:
    synthetic = generate_service("Victims CLI YJS", "VCL", seed=21, outcomes_per_year=120)
    victims = generate_victims(synthetic.cases, code="VCL", seed=4)[:count]
    assert len(victims) == count
    return list(victims)


def held(service: Service) -> int:
    return VictimRecord.objects.filter(service=service).count()


def test_a_victims_file_is_imported_then_updated_and_recorded_as_the_operators(
    run_cli,  # type: ignore[no-untyped-def]
    service: Service,
    tmp_path: Path,
) -> None:
    victims = victims_of(service, 15)
    path = tmp_path / "victims.csv"
    write_victims_csv(path, victims)
    result = run_cli("victims", "import", "victims-cli", path)
    assert result.exit_code == 0, result.stderr
    assert (
        f"{path}: 15 rows imported into Victims CLI YJS (15 new victims' records, 0 updated)"
        in result.stdout
    )
    assert held(service) == 15
    again = run_cli("victims", "import", "Victims CLI YJS", path)
    assert again.exit_code == 0 and "(0 new victims' records, 15 updated)" in again.stdout
    event = AuditEvent.objects.filter(action="import_victims", service=service).order_by("-id")[0]
    assert (event.actor, event.via, event.object_label) == (
        None,
        AuditEvent.Via.COMMAND_LINE,
        "victims.csv",
    )


def test_every_problem_is_listed_on_stderr_and_nothing_is_written(
    run_cli,  # type: ignore[no-untyped-def]
    service: Service,
    tmp_path: Path,
) -> None:
    victims = victims_of(service, 6)
    victims[1] = dataclasses.replace(victims[1], case_ref="GONE-1")
    victims[4] = dataclasses.replace(victims[4], case_ref="GONE-2")
    path = tmp_path / "victims.csv"
    write_victims_csv(path, victims)
    bad = run_cli("victims", "import", "victims-cli", path)
    assert bad.exit_code == 2
    assert (
        "victims.csv: row 3, column case_ref: no case 'GONE-1' in Victims CLI YJS's caseload; "
        "import the children's caseload first"
    ) in " ".join(bad.stderr.split())
    assert "row 6, column case_ref: no case 'GONE-2'" in " ".join(bad.stderr.split())
    assert held(service) == 0
    lines = path.read_text().splitlines()
    lines[3] = lines[3].replace(victims[2].offence_date.isoformat(), "someday", 1)
    path.write_text("\n".join(lines) + "\n")
    unread = run_cli("victims", "import", "victims-cli", path)
    assert unread.exit_code == 2 and "row 4, column offence_date" in unread.stderr
    assert held(service) == 0
    assert run_cli("victims", "import", "nowhere", path).exit_code == 2


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_template_is_written_and_reads_back_as_victims(
    run_cli,  # type: ignore[no-untyped-def]
    tmp_path: Path,
    fmt: str,
) -> None:
    path = tmp_path / f"template.{fmt}"
    result = run_cli("victims", "template", "--format", fmt, "-o", path)
    assert result.exit_code == 0, result.stderr
    assert str(path) in result.stdout
    rows = read_victims(path)
    assert len(rows) == 2 and all(row.victim_ref for row in rows)
    if fmt == "csv":
        assert path.read_text().splitlines()[0] == ",".join(VICTIM_COLUMNS)
