"""`yjqa retention run [--dry-run]` and `yjqa erase SERVICE CASE_REF --reason TEXT`: records
past their retention period, and one child's records erased on request."""

from __future__ import annotations

from datetime import date
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from yjqa.cli.errors import fail
from yjqa.cli.indicators import iso_date
from yjqa.cli.web import setup_django

out = Console()
retention_app = typer.Typer(help="Retention: delete or pseudonymise records past their period.")


@retention_app.command("run")
def retention_run(
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="List what is due, change nothing.")
    ] = False,
    today: Annotated[
        str | None, typer.Option(help="Count the periods to this day (YYYY-MM-DD).")
    ] = None,
) -> None:
    """List each kind of record past its period (YJQA_RETENTION_FILE, or the defaults), then
    delete or pseudonymise them, all in one transaction."""
    day = iso_date(today, "--today") if today else date.today()
    setup_django()
    from yjqa.web.audit.trail import Actor
    from yjqa.web.retention import do_apply_retention, due, policy

    rules = policy()
    found = due(rules, day) if dry_run else do_apply_retention(Actor.operator(), rules, day)
    table = Table("Kind of record", "Kept until", "Due", "Then", title="Retention")
    for item in found:
        table.add_row(item.kind, f"before {item.before:%d %B %Y}", str(item.count), item.then)
    out.print(table)
    total = sum(item.count for item in found)
    verb = "are due (nothing changed: --dry-run)" if dry_run else "were deleted or pseudonymised"
    out.print(f"{total} records {verb}.")


def erase(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The service's slug.")],
    case_ref: Annotated[str, typer.Argument(metavar="CASE_REF")],
    reason: Annotated[str, typer.Option(help="Why, e.g. the erasure request's reference.")],
) -> None:
    """Erase one child's records (all their case records and victims' records, and the
    notes about them); the audits' answers stay, no longer linked to the child."""
    setup_django()
    from yjqa.web.audit.trail import Actor
    from yjqa.web.caseload.models import CaseRecord
    from yjqa.web.retention import do_erase_child
    from yjqa.web.tenancy.queries import service_with_slug

    found = service_with_slug(service)
    if found is None:
        fail(f"no service {service!r}")
    try:
        done = do_erase_child(Actor.operator(), found, case_ref, reason)
    except (CaseRecord.DoesNotExist, ValueError) as error:
        fail(str(error))
    out.print(
        f"Erased the child's {done.records} case record(s) and {done.victims} victims' "
        f"record(s); {done.pseudonymised} kept, without the child, for the audits that hold them."
    )


def register(app: typer.Typer) -> None:
    app.add_typer(retention_app, name="retention")
    app.command("erase")(erase)
