"""Days as people in England and Wales write them in a spreadsheet: ISO (2026-01-31) or the UK's
day/month/year (31/01/2026, or 31/1/2026).

A day written with slashes is always read day first: 02/03/2026 is 2 March, never February 3rd
as a US spreadsheet would read it. Two-digit years (31/01/26) are refused: the century is a
guess. ISO days are exactly YYYY-MM-DD (Python's `date.fromisoformat` would also take
20260131 and week dates, which a caseload never holds).
"""

from __future__ import annotations

import re
from datetime import date

ISO_PATTERN = r"^\d{4}-\d{2}-\d{2}$"
UK_PATTERN = r"^\d{1,2}/\d{1,2}/\d{4}$"
UK_FORMAT = "%d/%m/%Y"  # strptime / Polars (chrono) format of a UK day
FORMATS = "YYYY-MM-DD or DD/MM/YYYY"
EXAMPLES = "2025-04-01 or 01/04/2025"

_ISO = re.compile(ISO_PATTERN)
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")


def parse_day(text: str) -> date | None:
    """The day `text` names, ISO (YYYY-MM-DD) or UK (DD/MM/YYYY, D/M/YYYY); None if it is
    neither, or names no real day (2026-02-30, 31/04/2026). Surrounding spaces are ignored."""
    value = text.strip()
    if _ISO.match(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    match = _UK.match(value)
    if match:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            return None
    return None


def not_a_day(shown: str) -> str:
    """The problem message for a value that is not a day, `shown` being the value as quoted."""
    return f"{shown} is not a date: use {FORMATS}, e.g. {EXAMPLES}"
