"""What the fuzz modules share besides strategies: the columns of the files they fuzz, the
marks of the tests that go through the database, a place for each fuzzed file, and the check
that a refused file wrote nothing."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from yjqa.core.published_reports.ratings_csv import CSV_COLUMNS, CSV_STANDARD_COLUMNS
from yjqa.web.improvement.spreadsheet import COLUMNS as _PLAN_COLUMNS

# The benchmark ratings CSV's columns, and the improvement plan workbook's headers.
RATINGS_COLUMNS = (*CSV_COLUMNS, *CSV_STANDARD_COLUMNS)
PLAN_HEADERS = [header for _, header in _PLAN_COLUMNS]

# The web and command-line fuzz tests: each example goes through the database.
THROUGH_THE_DATABASE = [pytest.mark.django_db, pytest.mark.slow]

# The models an import could write (the audit trail among them), for 'nothing written'.
WRITTEN = (
    "yjqa.web.caseload",
    "yjqa.web.indicators",
    "yjqa.web.improvement",
    "yjqa.web.surveys",
    "yjqa.web.benchmark",
    "yjqa.web.audit",
)


def place(folder: Path, name: str, content: bytes) -> Path:
    """The file, alone in a folder of its own (one an example: the examples share a folder)."""
    path = folder / uuid.uuid4().hex[:8] / name
    path.parent.mkdir()
    path.write_bytes(content)
    return path


def written() -> dict[str, int]:
    """How many rows each model an import could write holds (the audit trail among them)."""
    from django.apps import apps

    counts = {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith(WRITTEN)
    }
    # Queueing an upload's job is recorded before the file is read: that is not the import.
    counts["audit.AuditEvent"] = (
        apps.get_model("audit", "AuditEvent").objects.exclude(action="start_job").count()
    )
    return counts


@contextmanager
def nothing_written() -> Iterator[None]:
    """The block wrote no row of any model an import could write, no audit record either
    (checked only when the block ends normally: a skipped example checks nothing)."""
    before = written()
    yield
    assert written() == before
