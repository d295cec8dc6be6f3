"""Indicator data in and out of the database: imports written whole, frames for the engine.

`do_import_table` writes one checked table (the Indicator data page takes one file at a time);
`do_import_indicator_data` writes several together in one transaction (the command line's
folder). Each checks the acting person may manage the service's data and writes one audit row
with each table's file name and counts, never the children's records.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import polars as pl
from django.core.cache import caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import models, transaction

from yjqa.core.indicators.data import SCHEMAS, IndicatorData, Table, read_table
from yjqa.core.validation.problems import InputError, Problem
from yjqa.web.audit.generations import INDICATORS, bump
from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor, created, record, require
from yjqa.web.indicators.models import Child, ChildOutcome, PopulationCount
from yjqa.web.indicators.queries import person_ids_of
from yjqa.web.tenancy.models import Service

MODELS: dict[Table, type[models.Model]] = {
    "people": Child,
    "outcomes": ChildOutcome,
    "population": PopulationCount,
}
KEYS: dict[Table, list[str]] = {
    "people": ["service", "person_id"],
    "outcomes": ["service", "outcome_id"],
    "population": ["service", "year", "sex", "ethnicity", "age"],
}
TABLE_LABELS: dict[Table, str] = {
    "people": "Children",
    "outcomes": "Outcomes",
    "population": "Population aged 10 to 17",
}


@dataclass(frozen=True)
class ImportResult:
    rows: int
    created: int
    updated: int


@dataclass(frozen=True)
class TableImport:
    """One checked table to write, and the file it came from."""

    table: Table
    frame: pl.DataFrame
    source: str = ""


def read_service_table(
    path: Path,
    table: Table,
    service: Service,
    source: str,
    *,
    also_known: Collection[str] = (),
) -> pl.DataFrame:
    """Read and check a file for one service: every row must be that service's, and every
    outcome's child already imported or among `also_known` (children imported with it)."""
    frame = read_table(path, table, source)
    names = {service.name.casefold(), service.code.casefold(), service.slug.casefold()}
    others = (
        frame.with_row_index("_row", offset=1 if path.suffix == ".parquet" else 2)
        .filter(~pl.col("service").str.to_lowercase().is_in(list(names)))
        .head(20)
    )
    if others.height:
        raise InputError(
            [
                Problem(
                    f"row {row}, column service",
                    f"'{value}' is not {service.name}: a file imported here holds only "
                    "this service's records",
                )
                for row, value in others.select("_row", "service").iter_rows()
            ],
            source,
        )
    frame = frame.with_columns(pl.lit(service.name).alias("service"))
    if table == "outcomes":
        first_row = 1 if path.suffix == ".parquet" else 2
        _check_people_known(frame, service, source, first_row=first_row, also_known=also_known)
    return frame


def _check_people_known(
    outcomes: pl.DataFrame,
    service: Service,
    source: str,
    *,
    first_row: int,
    also_known: Collection[str] = (),
) -> None:
    """Every outcome's child must already have been imported (import children first)."""
    known = pl.DataFrame(
        {"person_id": list(person_ids_of(service) | set(also_known))},
        schema={"person_id": pl.String},
    )
    unknown = (
        outcomes.with_row_index("_row", offset=first_row)
        .join(known, on="person_id", how="anti")
        .sort("_row")
    )
    if unknown.height:
        problems = [
            Problem(
                f"row {row}, column person_id",
                f"no child '{person}' in {service.name}'s records: import the children first",
            )
            for row, person in unknown.select("_row", "person_id").head(100).iter_rows()
        ]
        if unknown.height > 100:
            problems.append(Problem("", f"and {unknown.height - 100:,} more rows like these"))
        raise InputError(problems, source)


@transaction.atomic
def do_import_table(
    actor: Actor,
    service: Service,
    table: Table,
    frame: pl.DataFrame,
    *,
    source: str = "",
    warm: bool = True,
) -> ImportResult:
    """Insert new records and update existing ones by their key, all or nothing.

    `warm=False` leaves the dashboard to the caller, which works it out itself once this has
    returned (the upload's background job does, reporting its progress as it goes).
    """
    require(actor, service, "manage_caseload")
    result = _write_table(service, table, frame)
    _record_import(
        actor, "import_table", service, [(TableImport(table, frame, source), result)], warm=warm
    )
    return result


@transaction.atomic
def do_import_indicator_data(
    actor: Actor, service: Service, tables: Sequence[TableImport]
) -> list[ImportResult]:
    """Write several checked tables (children before their outcomes) in one transaction:
    all of them, or, on any error, none."""
    require(actor, service, "manage_caseload")
    results = [_write_table(service, t.table, t.frame) for t in tables]
    _record_import(actor, "import_indicator_data", service, list(zip(tables, results, strict=True)))
    return results


def _record_import(
    actor: Actor,
    action: str,
    service: Service,
    written: Sequence[tuple[TableImport, ImportResult]],
    *,
    warm: bool = True,
) -> None:
    label = ", ".join(t.source or TABLE_LABELS[t.table] for t, _ in written)
    # Every service's dashboard compares with every service's data: none is current now.
    bump(INDICATORS)
    if warm and _kept_for_the_web(actor):
        transaction.on_commit(partial(_warm_dashboard, service), robust=True)
    record(
        actor,
        action,
        service=service,
        object_type="indicator data",
        object_label=label,
        changes=created(
            {
                t.table: {
                    "file": t.source,
                    "rows": r.rows,
                    "created": r.created,
                    "updated": r.updated,
                }
                for t, r in written
            }
        ),
    )


def _kept_for_the_web(actor: Actor) -> bool:
    """Whether a dashboard computed here would be read by the web: the cache is shared (Redis),
    or this is a web process (its own memory is the cache). A command's own memory is not."""
    return actor.via == AuditEvent.Via.WEB or not isinstance(caches["default"], LocMemCache)


def _warm_dashboard(service: Service) -> None:
    """The service's dashboard, computed as soon as its data is in (after the commit)."""
    from yjqa.web.indicators.dashboard import warm_dashboard  # it reads this module

    warm_dashboard(service)


def _write_table(service: Service, table: Table, frame: pl.DataFrame) -> ImportResult:
    model = MODELS[table]
    keys = [k for k in KEYS[table] if k != "service"]
    existing = set(
        model.objects.filter(service=service).values_list(*keys)  # type: ignore[attr-defined]
    )
    fields = [c for c in SCHEMAS[table] if c != "service"]
    objects = [
        model(service=service, **{name: row[name] for name in fields})
        for row in frame.select(fields).iter_rows(named=True)
    ]
    model.objects.bulk_create(  # type: ignore[attr-defined]
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=KEYS[table],
        update_fields=[f for f in fields if f not in keys],
    )
    updated = sum(1 for row in frame.select(keys).iter_rows() if tuple(row) in existing)
    return ImportResult(frame.height, frame.height - updated, updated)


def service_frame(service: Service, table: Table) -> pl.DataFrame:
    """One stored table of a service as the engine's typed frame."""
    return _frame(MODELS[table].objects.filter(service=service), table)  # type: ignore[attr-defined]


def _frame(queryset: Any, table: Table) -> pl.DataFrame:
    schema = dict(SCHEMAS[table])
    fields = [c for c in schema if c != "service"]
    rows = list(queryset.values_list("service__name", *fields))
    columns = {"service": schema["service"], **{f: schema[f] for f in fields}}
    return pl.DataFrame(rows, schema=columns, orient="row").select(list(schema))


def service_data(service: Service) -> IndicatorData:
    return IndicatorData(*(service_frame(service, t) for t in ("people", "outcomes", "population")))


def all_services_data(services: Iterable[Service]) -> IndicatorData:
    """Every given service's records together, for the figures across services."""
    chosen = list(services)
    frames = [
        _frame(MODELS[t].objects.filter(service__in=chosen), t)  # type: ignore[attr-defined]
        for t in ("people", "outcomes", "population")
    ]
    return IndicatorData(*frames)


def services_with_data() -> Sequence[Service]:
    return list(Service.objects.filter(pk__in=ChildOutcome.objects.values("service")))
