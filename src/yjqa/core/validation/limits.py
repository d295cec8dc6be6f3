"""Limits on every upload and import: file size, rows, and an Excel file's unpacked size.

A small file can still cost a worker minutes and gigabytes: an .xlsx is a zip, and a 2 MB
workbook can unpack to gigabytes of sheet XML (a "zip bomb"). So an Excel file's central
directory is read, and its members' unpacked sizes summed, before openpyxl or fastexcel reads
anything; a file is refused whole, naming itself, never read part way.

The numbers come from the environment (README's Configuration table). The web app makes them
a Django setting (``YJQA_UPLOAD_LIMITS``) through `use`, so tests can change them; the command
line reads the environment. This module imports nothing of Django.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from yjqa.core.validation.problems import InputError, Problem

__all__ = [
    "MB",
    "UploadLimits",
    "check_file",
    "current",
    "rows_problem",
    "size_problem",
    "use",
    "xlsx_problem",
]

MB = 1024 * 1024
# Members smaller than this are never held to the ratio: a tiny styles.xml may pack tightly.
_RATIO_FLOOR = 1 * MB
_MAX_MEMBERS = 10_000

_ENVIRONMENT: Mapping[str, tuple[str, int, int]] = {
    # field: (variable, default, unit)
    "data_bytes": ("YJQA_MAX_UPLOAD_MB", 50, MB),
    "evidence_bytes": ("YJQA_MAX_EVIDENCE_MB", 10, MB),
    "rows": ("YJQA_MAX_IMPORT_ROWS", 200_000, 1),
    "xlsx_unpacked_bytes": ("YJQA_MAX_XLSX_UNPACKED_MB", 200, MB),
    "xlsx_ratio": ("YJQA_MAX_XLSX_RATIO", 100, 1),
}


@dataclass(frozen=True)
class UploadLimits:
    """The limits every upload and import is held to."""

    data_bytes: int = 50 * MB  # a data file: caseload, victims, indicators, plans, surveys
    evidence_bytes: int = 10 * MB  # an evidence file attached to an action
    rows: int = 200_000  # rows in one imported file
    xlsx_unpacked_bytes: int = 200 * MB  # an .xlsx file's members, unpacked, together
    xlsx_ratio: int = 100  # unpacked size over packed size, for any member over 1 MB

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> UploadLimits:
        """The limits the environment sets (whole numbers; megabytes where the name says MB),
        the defaults elsewhere. A value that is not a positive whole number is a ValueError."""
        environ = os.environ if environ is None else environ
        values: dict[str, int] = {}
        for field, (variable, default, unit) in _ENVIRONMENT.items():
            text = environ.get(variable, "").strip().replace("_", "").replace(",", "")
            if not text:
                values[field] = default * unit
                continue
            if not text.isdigit() or int(text) < 1:
                raise ValueError(f"{variable} must be a whole number of at least 1, not {text!r}")
            values[field] = int(text) * unit
        return cls(**values)


_provider: Callable[[], UploadLimits] = UploadLimits.from_env


def use(provider: Callable[[], UploadLimits]) -> None:
    """Take the limits from `provider` from now on (the web app: its settings)."""
    global _provider
    _provider = provider


def current() -> UploadLimits:
    """The limits in force."""
    return _provider()


def _megabytes(size: int) -> str:
    """A size as people read one: 3.1 MB, 200 MB; 40 KB or 512 bytes when small."""
    if size < 1024:
        return f"{size:,} bytes"
    if size < MB:
        return f"{size // 1024:,} KB"
    shown = f"{size / MB:,.1f}".removesuffix(".0")
    return f"{shown} MB"


def size_problem(size: int, limit: int) -> str | None:
    """What is wrong with a file of `size` bytes where `limit` is the most, or None."""
    if size <= limit:
        return None
    return f"is {_megabytes(size)}: files of up to {_megabytes(limit)} can be imported"


def rows_problem(limit: int) -> str:
    """The problem of a file with more than `limit` rows."""
    return (
        f"has more than {limit:,} rows: at most {limit:,} rows can be imported at once, "
        "so split the file and import each part"
    )


def xlsx_problem(file: Path | IO[bytes], limits: UploadLimits | None = None) -> str | None:
    """What makes an .xlsx file unsafe to open, or None, from its zip directory alone: more
    unpacked bytes than the limit, or a member packed more tightly than real sheets are."""
    limits = limits or current()
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError):
        return None  # not a zip at all: the workbook reader says it cannot be read
    if len(members) > _MAX_MEMBERS:
        return (
            f"holds {len(members):,} parts: an Excel workbook has far fewer, so it was not opened"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > limits.xlsx_unpacked_bytes:
        return (
            f"would unpack to {_megabytes(unpacked)}, more than the "
            f"{_megabytes(limits.xlsx_unpacked_bytes)} an Excel file may hold: "
            "it was not opened. Save it as CSV UTF-8, or split it"
        )
    for member in members:
        if member.file_size <= _RATIO_FLOOR:
            continue
        if member.file_size > limits.xlsx_ratio * max(member.compress_size, 1):
            return (
                f"is packed {member.file_size // max(member.compress_size, 1):,} times "
                f"tighter than its contents (more than {limits.xlsx_ratio:,} times), as a zip "
                "bomb is, not a workbook: it was not opened. Save it as CSV UTF-8 and import that"
            )
    return None


def check_file(path: Path, source: str | None = None, limits: UploadLimits | None = None) -> None:
    """Refuse a data file (InputError naming it) over the size limit or, for .xlsx, unsafe to
    open. A file that is missing or unreadable is left for its reader to report."""
    limits = limits or current()
    source = source or str(path)
    try:
        size = path.stat().st_size
    except OSError:
        return
    problem = size_problem(size, limits.data_bytes)
    if problem is None and path.suffix.lower() == ".xlsx":
        problem = xlsx_problem(path, limits)
    if problem is not None:
        raise InputError([Problem("", problem)], source)
