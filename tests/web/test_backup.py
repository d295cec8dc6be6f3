"""`yjqa backup` and `yjqa restore`: one checked archive of the database and the evidence
files, restored whole into an empty installation and refused when anything is wrong.

In-process tests run on the suite's database (SQLite, then PostgreSQL in its run): the demo
is emptied inside the test's transaction to stand for an empty installation. The last test
goes through the real command line into a new data folder."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from tests.web.evidence_files import (
    empty_the_database,
    fresh_content_types,  # noqa: F401 (autouse)
    with_evidence_file,
)

from yjqa.web.audit.models import AuditEvent
from yjqa.web.audit.trail import Actor
from yjqa.web.backups import BackupError, restore_backup, write_backup
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.improvement.models import Evidence
from yjqa.web.inspections.models import CaseAudit, Inspection
from yjqa.web.tenancy.models import Membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def media(settings, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    settings.MEDIA_ROOT = tmp_path / "media"
    return tmp_path / "media"


def what_it_holds() -> dict[str, object]:
    """What a restore must give back: inspections, cases, audits' answers, evidence."""
    return {
        "inspections": sorted(
            Inspection.objects.values_list("service__slug", "title", "status", "framework_id")
        ),
        "cases": sorted(CaseRecord.objects.values_list("service__slug", "case_ref", "outcome")),
        "audits": sorted(
            CaseAudit.objects.values_list("inspection__title", "case__case_ref", "status")
        ),
        "evidence": sorted((e.file.name, _read(e)) for e in Evidence.objects.exclude(file="")),
    }


def _read(evidence: Evidence) -> bytes:
    with evidence.file.open("rb") as stream:
        data: bytes = stream.read()
    return data


def empty_installation(media: Path) -> None:
    empty_the_database()
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()


def test_a_backup_restored_into_an_empty_installation_gives_back_everything(
    media: Path, tmp_path: Path
) -> None:
    with_evidence_file()
    before = what_it_holds()
    archive = tmp_path / "yjqa.zip"
    summary = write_backup(Actor.operator(), archive)
    assert summary.files == 1 and summary.rows > 1000
    with zipfile.ZipFile(archive) as opened:
        manifest = json.loads(opened.read("manifest.json"))
    assert set(manifest["checksums"]) == {"database.json", f"files/{before['evidence'][0][0]}"}  # type: ignore[index]
    assert manifest["rows"]["inspections.inspection"] == Inspection.objects.count()

    empty_installation(media)
    assert not Inspection.objects.exists() and not list(media.rglob("*.pdf"))
    restored = restore_backup(Actor.operator(), archive)
    assert (restored.rows, restored.files) == (summary.rows, 1)
    assert what_it_holds() == before
    event = AuditEvent.objects.filter(action="restore_backup").get()
    assert event.via == AuditEvent.Via.COMMAND_LINE and event.object_label == "yjqa.zip"


def test_restoring_into_an_installation_that_holds_data_is_refused_without_force(
    media: Path, tmp_path: Path
) -> None:
    archive = tmp_path / "yjqa.zip"
    write_backup(Actor.operator(), archive)
    Inspection.objects.filter(title__contains="(demo)").first().delete()  # type: ignore[union-attr]
    changed = what_it_holds()
    with pytest.raises(BackupError, match=r"not empty .* add --force"):
        restore_backup(Actor.operator(), archive)
    assert what_it_holds() == changed
    restore_backup(Actor.operator(), archive, force=True)
    assert len(what_it_holds()["inspections"]) == len(changed["inspections"]) + 1  # type: ignore[arg-type]


def _damaged(archive: Path, member: str, tmp_path: Path) -> Path:
    """A copy of the archive with one byte of `member` changed, the manifest kept."""
    copy = tmp_path / "damaged.zip"
    with zipfile.ZipFile(archive) as source, zipfile.ZipFile(copy, "w") as dest:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == member:
                data = data[:100] + bytes([data[100] ^ 1]) + data[101:]
            dest.writestr(info, data)
    return copy


@pytest.mark.parametrize("member", ["database.json", "file"])
def test_a_damaged_archive_is_refused_before_anything_changes(
    media: Path, tmp_path: Path, member: str
) -> None:
    evidence = with_evidence_file()
    archive = tmp_path / "yjqa.zip"
    write_backup(Actor.operator(), archive)
    name = member if member == "database.json" else f"files/{evidence.file.name}"
    damaged = _damaged(archive, name, tmp_path)
    empty_installation(media)
    with pytest.raises(BackupError, match=re.escape(f"{name} in damaged.zip fails its checksum")):
        restore_backup(Actor.operator(), damaged)
    assert not Inspection.objects.exists() and not list(media.rglob("*.pdf"))


def test_a_file_that_is_not_a_backup_is_refused_with_a_reason(tmp_path: Path) -> None:
    text = tmp_path / "notes.zip"
    text.write_text("not a zip")
    with pytest.raises(BackupError, match=r"notes\.zip is not a yjqa backup"):
        restore_backup(Actor.operator(), text)
    other = tmp_path / "other.zip"
    with zipfile.ZipFile(other, "w") as opened:
        opened.writestr("readme.txt", "hello")
    with pytest.raises(BackupError, match="no readable manifest"):
        restore_backup(Actor.operator(), other)


def test_only_an_operator_backs_up_or_restores(tmp_path: Path) -> None:
    admin = Membership.objects.get(user__email="admin@northshire.example")
    with pytest.raises(BackupError, match="Only an operator"):
        write_backup(Actor.member(admin), tmp_path / "yjqa.zip")
    with pytest.raises(BackupError, match="Only an operator"):
        restore_backup(Actor.member(admin), tmp_path / "yjqa.zip")
    assert not (tmp_path / "yjqa.zip").exists()


def _yjqa(data_dir: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env |= {"YJQA_DATA_DIR": str(data_dir), "DJANGO_SETTINGS_MODULE": "yjqa.web.settings"}
    return subprocess.run(
        [sys.executable, "-m", "yjqa.cli", *args], env=env, capture_output=True, text=True
    )


@pytest.mark.slow
def test_the_commands_restore_the_demo_into_a_new_data_folder(tmp_path: Path) -> None:
    first, second = tmp_path / "first", tmp_path / "second"
    assert _yjqa(first, "demo", "--no-serve").returncode == 0
    archive = tmp_path / "yjqa.zip"
    wrote = _yjqa(first, "backup", str(archive))
    assert wrote.returncode == 0, wrote.stderr
    assert "Backed up" in wrote.stdout and "from sqlite" in wrote.stdout
    restored = _yjqa(second, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "Restored and checked" in restored.stdout
    listed = [
        json.loads(_yjqa(d, "inspections", "list", "--format", "json").stdout)
        for d in (first, second)
    ]
    assert listed[0] == listed[1] and len(listed[0]) >= 6
    again = _yjqa(second, "restore", str(archive))
    assert again.returncode == 2 and "not empty" in again.stderr
