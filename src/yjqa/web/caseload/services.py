"""Writing the caseload and the victims' caseload: an import is validated whole by the core,
then written in one go."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, fields

from django.db import transaction

from yjqa.core.caseload.reader import CaseloadRow
from yjqa.core.caseload.victims import VICTIM_COLUMNS, VictimRow, unlinked_victims
from yjqa.core.validation.problems import InputError
from yjqa.web.audit.trail import Actor, created, record, require
from yjqa.web.caseload.models import CaseRecord, VictimRecord
from yjqa.web.caseload.queries import case_ids_of, case_refs_of, victim_refs_of
from yjqa.web.tenancy.models import Service

_FIELDS = [f.name for f in fields(CaseloadRow)]
_UPDATE = [name for name in _FIELDS if name != "case_ref"]
_VICTIM_FIELDS = [name for name in VICTIM_COLUMNS if name not in ("victim_ref", "case_ref")]


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int


def _record_import(
    actor: Actor,
    action: str,
    service: Service,
    refs: Sequence[str],
    existing: Collection[str],
    *,
    object_type: str,
    object_label: str,
) -> ImportResult:
    """Count the imported rows that were already held, and record the import in the audit
    trail: how many rows, and how many were created and updated, not the rows."""
    updated = sum(1 for ref in refs if ref in existing)
    result = ImportResult(created=len(refs) - updated, updated=updated)
    record(
        actor,
        action,
        service=service,
        object_type=object_type,
        object_label=object_label,
        changes=created({"rows": len(refs), "created": result.created, "updated": updated}),
    )
    return result


@transaction.atomic
def do_import_caseload(
    actor: Actor, service: Service, rows: Sequence[CaseloadRow], *, source: str = ""
) -> ImportResult:
    """Insert new case records and update existing ones by case reference, atomically.

    The rows have already passed every check (the core reader raises before returning
    anything), so either every row is written or, on a database error, none is. The audit
    row gives the file's name and how many records were created and updated, not the rows.
    """
    require(actor, service, "manage_caseload")
    existing = case_refs_of(service)
    records = [
        CaseRecord(service=service, **{name: getattr(row, name) for name in _FIELDS})
        for row in rows
    ]
    CaseRecord.objects.bulk_create(
        records,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["service", "case_ref"],
        update_fields=[*_UPDATE, "updated_at"],
    )
    return _record_import(
        actor,
        "import_caseload",
        service,
        [row.case_ref for row in rows],
        existing,
        object_type="caseload",
        object_label=source or f"{service} caseload",
    )


@transaction.atomic
def do_import_victims(
    actor: Actor, service: Service, rows: Sequence[VictimRow], *, source: str = ""
) -> ImportResult:
    """Insert new victims' records and update existing ones by victim reference, atomically.

    The rows have passed the core reader's checks; here each is linked to its child's case in
    the service's caseload. A row whose case is not in the caseload is an InputError naming
    the row and field (every such row listed), and nothing is written. The audit row gives the
    file's name and how many records were created and updated, not the rows.
    """
    require(actor, service, "manage_caseload")
    cases = case_ids_of(service)
    problems = unlinked_victims(rows, cases, f"{service.name}'s caseload")
    if problems:
        raise InputError(problems, source or None)
    existing = victim_refs_of(service)
    records = [
        VictimRecord(
            service=service,
            victim_ref=row.victim_ref,
            case_id=cases[row.case_ref],
            **{name: getattr(row, name) for name in _VICTIM_FIELDS},
        )
        for row in rows
    ]
    VictimRecord.objects.bulk_create(
        records,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["service", "victim_ref"],
        update_fields=["case", *_VICTIM_FIELDS, "updated_at"],
    )
    return _record_import(
        actor,
        "import_victims",
        service,
        [row.victim_ref for row in rows],
        existing,
        object_type="victims",
        object_label=source or f"{service} victims' caseload",
    )
