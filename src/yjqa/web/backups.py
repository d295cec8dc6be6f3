"""Backup and restore: one archive of the whole database and every evidence file.

The archive is a zip of `manifest.json`, `database.json` (Django's own serialisation, which
loads into SQLite or PostgreSQL alike) and `files/<name>` for each stored evidence file. The
manifest holds each member's SHA-256, the row count of every table and the migrations the
data was written under, so a restore checks the archive before it touches anything and
checks the installation after it.

Restoring goes only into an empty installation unless forced, and is all or nothing: the
rows load in one transaction, and files are written only once the rows are in.
"""

from __future__ import annotations

import hashlib
import io
import json
import tempfile
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.core.management import call_command
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

from yjqa.web.audit.trail import Actor, record

FORMAT = "yjqa-backup/1"
MANIFEST = "manifest.json"
DATABASE = "database.json"
FILES = "files/"
# Rebuilt by `migrate` in the installation restored into, or of no use there.
LEFT_OUT = ("contenttypes", "auth.permission", "sessions")
CHUNK = 1 << 20


class BackupError(Exception):
    """A backup that cannot be written, or an archive that cannot be restored: the message
    says why and what to do."""


@dataclass(frozen=True)
class BackupSummary:
    rows: int
    tables: int
    files: int
    database: str  # the database engine's vendor, e.g. "sqlite" or "postgresql"


def write_backup(actor: Actor, path: Path) -> BackupSummary:
    """Write the archive to `path` (replacing it only once complete)."""
    if not actor.is_operator:
        raise BackupError("Only an operator on the command line may write a backup")
    record(actor, "write_backup", service=None, object_type="backup", object_label=path.name)
    path = path.resolve()
    if not path.parent.is_dir():
        raise BackupError(f"{path.parent}: no such folder")
    checksums: dict[str, str] = {}
    partial = path.with_name(f".{path.name}.partial")
    outermost = not connection.in_atomic_block  # only a new transaction can set its isolation
    try:
        with (
            transaction.atomic(),
            zipfile.ZipFile(partial, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive,
        ):
            if outermost:
                _snapshot()
            counts = _row_counts()
            stored = list(_stored_files())
            with tempfile.TemporaryDirectory() as work:
                dump = Path(work) / DATABASE
                call_command(
                    "dumpdata",
                    exclude=list(LEFT_OUT),
                    natural_foreign=True,
                    output=str(dump),
                    verbosity=0,
                )
                checksums[DATABASE] = _file_sha256(dump)
                archive.write(dump, DATABASE)
            for name, storage in stored:
                digest = hashlib.sha256()
                with storage.open(name, "rb") as source, archive.open(FILES + name, "w") as dest:
                    for chunk in iter(lambda: source.read(CHUNK), b""):
                        digest.update(chunk)
                        dest.write(chunk)
                checksums[FILES + name] = digest.hexdigest()
            manifest = {
                "format": FORMAT,
                "written_at": timezone.now().isoformat(),
                "database": connection.vendor,
                "migrations": _applied_migrations(),
                "rows": counts,
                "checksums": checksums,
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=1, sort_keys=True))
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return BackupSummary(sum(counts.values()), len(counts), len(stored), connection.vendor)


def restore_backup(actor: Actor, path: Path, *, force: bool = False) -> BackupSummary:
    """Restore the archive into this installation (migrated first), then check that every
    table has the rows the backup counted and every file its checksum."""
    if not actor.is_operator:
        raise BackupError("Only an operator on the command line may restore a backup")
    with _open_archive(path) as archive:
        manifest = _checked_manifest(archive, path)
        call_command("migrate", interactive=False, verbosity=0)
        differ = _migration_difference(manifest["migrations"])
        if differ:
            raise BackupError(
                f"{path.name} was written by a different version of yjqa ({differ}): restore it "
                "with the version that wrote it, then upgrade"
            )
        holding = {label: n for label, n in _row_counts().items() if n}
        if holding and not force:
            raise BackupError(
                "This installation is not empty (it holds "
                f"{', '.join(f'{n} {label}' for label, n in sorted(holding.items())[:3])}"
                f"{' and more' if len(holding) > 3 else ''}): restore into an empty "
                "installation, or add --force to replace everything in it"
            )
        files = [name for name in archive.namelist() if name.startswith(FILES)]
        with transaction.atomic():
            if holding:
                empty_database()
            with tempfile.TemporaryDirectory() as work:
                dump = Path(archive.extract(DATABASE, work))
                call_command("loaddata", str(dump), verbosity=0)
            _check_rows(manifest["rows"])
            _restore_files(archive, manifest, files, path)
            record(
                actor,
                "restore_backup",
                service=None,
                object_type="backup",
                object_label=path.name,
                changes={"written_at": manifest["written_at"], "files": len(files)},
            )
        total = sum(manifest["rows"].values())
        return BackupSummary(total, len(manifest["rows"]), len(files), manifest["database"])


def _restore_files(
    archive: zipfile.ZipFile, manifest: dict[str, Any], files: list[str], path: Path
) -> None:
    """Write each file where its record points, inside the restore's transaction, so a file
    that cannot be written leaves no rows behind."""
    stored = dict(_stored_files())
    for member in files:
        name = member.removeprefix(FILES)
        storage = stored.get(name)
        if storage is None:
            raise BackupError(f"{member} in {path.name} belongs to no record")
        if storage.exists(name):
            storage.delete(name)
        with archive.open(member) as source:
            saved = storage.save(name, source)
        if saved != name:
            raise BackupError(f"{member} could not be stored under its own name")
        with storage.open(name, "rb") as restored:
            if _stream_sha256(restored) != manifest["checksums"][member]:
                raise BackupError(f"{member} did not restore intact")


def empty_database() -> None:
    """Empty every table. On PostgreSQL, checks deferred in this transaction run first, as
    TRUNCATE refuses a table with checks still pending."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)


def _snapshot() -> None:
    """Read every table as it stood at one moment, while the service goes on being used."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")


def _open_archive(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except FileNotFoundError:
        raise BackupError(f"{path}: no such file") from None
    except zipfile.BadZipFile:
        raise BackupError(f"{path.name} is not a yjqa backup (not a zip archive)") from None


def _checked_manifest(archive: zipfile.ZipFile, path: Path) -> dict[str, Any]:
    """The manifest, once every member's checksum is confirmed: nothing is restored from an
    archive that is damaged or has been changed."""
    try:
        manifest: dict[str, Any] = json.loads(archive.read(MANIFEST))
    except (KeyError, ValueError):
        raise BackupError(f"{path.name} is not a yjqa backup (no readable manifest)") from None
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path.name} is not a {FORMAT} archive")
    checksums: dict[str, str] = manifest["checksums"]
    members = set(archive.namelist()) - {MANIFEST}
    if members != set(checksums):
        extra = sorted(members ^ set(checksums))
        raise BackupError(f"{path.name} does not hold what its manifest lists: {extra[0]}")
    for member, expected in checksums.items():
        with archive.open(member) as stream:
            try:
                actual = _stream_sha256(stream)
            except (zipfile.BadZipFile, OSError):
                actual = ""
        if actual != expected:
            raise BackupError(f"{member} in {path.name} fails its checksum: the archive is damaged")
    return manifest


def _check_rows(expected: dict[str, int]) -> None:
    actual = _row_counts()
    for label, count in expected.items():
        if actual.get(label, 0) != count:
            raise BackupError(
                f"{label}: {actual.get(label, 0)} rows restored where the backup held {count}"
            )


def _backed_up_models() -> Iterator[type[models.Model]]:
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if meta.app_label in LEFT_OUT or meta.label_lower in LEFT_OUT:
            continue
        yield model


def _row_counts() -> dict[str, int]:
    return {
        model._meta.label_lower: model._default_manager.count() for model in _backed_up_models()
    }


def _stored_files() -> Iterator[tuple[str, Any]]:
    """(name, storage) for every file a record points to."""
    for model in _backed_up_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                names = (
                    model._default_manager.exclude(**{field.name: ""})
                    .values_list(field.name, flat=True)
                    .order_by(field.name)
                )
                for name in names:
                    yield name, field.storage


def _applied_migrations() -> list[str]:
    applied = MigrationRecorder(connection).applied_migrations()
    return sorted(f"{app}.{name}" for app, name in applied)


def _migration_difference(theirs: list[str]) -> str:
    ours = set(_applied_migrations())
    missing = sorted(set(theirs) - ours)
    if missing:
        return f"it has migration {missing[0]}, which this one lacks"
    newer = sorted(ours - set(theirs))
    if newer:
        return f"this one has migration {newer[0]}, which it lacks"
    return ""


def _file_sha256(path: Path) -> str:
    with path.open("rb") as stream:
        return _stream_sha256(stream)


def _stream_sha256(stream: io.BufferedIOBase | Any) -> str:
    digest = hashlib.sha256()
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
    return digest.hexdigest()
