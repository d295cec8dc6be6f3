"""`yjqa backup FILE` and `yjqa restore FILE`: the whole installation in one checked archive."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from yjqa.cli.errors import fail
from yjqa.cli.web import setup_django

out = Console()


def backup(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="The archive to write (.zip).")],
) -> None:
    """Write one checksummed archive of the database and every evidence file."""
    setup_django()
    from yjqa.web.audit.trail import Actor
    from yjqa.web.backups import BackupError, write_backup

    try:
        summary = write_backup(Actor.operator(), file)
    except BackupError as error:
        fail(str(error))
    out.print(
        f"Backed up {summary.rows} rows in {summary.tables} tables and {summary.files} "
        f"evidence files from {summary.database} to {file}"
    )


def restore(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="An archive from `yjqa backup`.")],
    force: Annotated[
        bool, typer.Option("--force", help="Replace everything in a non-empty installation.")
    ] = False,
) -> None:
    """Restore an archive from `yjqa backup` into an empty installation, and check it."""
    setup_django()
    from yjqa.web.audit.trail import Actor
    from yjqa.web.backups import BackupError, restore_backup

    try:
        summary = restore_backup(Actor.operator(), file, force=force)
    except BackupError as error:
        fail(str(error))
    out.print(
        f"Restored and checked {summary.rows} rows in {summary.tables} tables and "
        f"{summary.files} evidence files from {file}"
    )


def register(app: typer.Typer) -> None:
    app.command("backup")(backup)
    app.command("restore")(restore)
