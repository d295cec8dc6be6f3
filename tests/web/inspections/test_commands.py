"""`yjqa inspections create`: the command line's way to start an inspection, any framework."""

from __future__ import annotations

import json

import pytest

from yjqa.web.audit.models import AuditEvent
from yjqa.web.inspections.models import Inspection

pytestmark = pytest.mark.django_db


def test_create_a_2025_inspection_prints_its_id_as_json(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "inspections", "create", "Northshire YJS", "--framework", "hmip-youth-2025",
        "--kind", "mock_inspection", "--title", "Mock inspection, spring 2027",
        "--inspection-type", "children_and_victims", "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    row = json.loads(result.stdout)
    inspection = Inspection.objects.get(pk=row["id"])
    assert (inspection.service.name, inspection.title) == (
        "Northshire YJS",
        "Mock inspection, spring 2027",
    )
    assert (inspection.framework_id, inspection.kind, inspection.inspection_type) == (
        "hmip-youth-2025",
        "mock_inspection",
        "children_and_victims",
    )
    assert row == {
        "id": inspection.pk,
        "service": "Northshire YJS",
        "framework": "hmip-youth-2025",
        "kind": "mock_inspection",
        "status": "planning",
        "title": "Mock inspection, spring 2027",
        "inspection_type": "children_and_victims",
    }
    event = AuditEvent.objects.filter(action="create_inspection").latest("pk")
    assert (event.via, event.object_id) == (AuditEvent.Via.COMMAND_LINE, str(inspection.pk))


def test_create_an_earlier_framework_inspection_as_text(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "inspections", "create", "southvale", "--framework", "hmip-youth-2021",
        "--kind", "internal_audit", "--title", "Out-of-court audit",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    inspection = Inspection.objects.get(title="Out-of-court audit")
    assert inspection.inspection_type == "" and inspection.service.slug == "southvale"
    assert f"Created inspection {inspection.pk}" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--framework", "hmip-youth-2025"], "Select what the inspection rates"),
        (["--framework", "hmip-youth-2021", "--inspection-type", "full"], "no kinds of inspection"),
        (["--framework", "hmip-youth-2099"], "no framework hmip-youth-2099"),
    ],
)
def test_a_wrong_inspection_is_a_json_error_and_nothing_is_created(
    run_cli,  # type: ignore[no-untyped-def]
    args: list[str],
    message: str,
) -> None:
    before = Inspection.objects.count(), AuditEvent.objects.count()
    result = run_cli(
        "inspections", "create", "Northshire YJS", "--kind", "mock_inspection",
        "--title", "Wrong", *args, "--format", "json",
    )  # fmt: skip
    assert result.exit_code == 2
    assert message in json.loads(result.stdout)["error"]
    assert (Inspection.objects.count(), AuditEvent.objects.count()) == before


def test_an_unknown_service_is_named(run_cli) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "inspections", "create", "Nowhere YJS", "--framework", "hmip-youth-2021",
        "--kind", "mock_inspection", "--title", "Mock",
    )  # fmt: skip
    assert result.exit_code == 2 and "no service called Nowhere YJS" in result.stderr
