"""One set of field rules for every boundary: importers, forms, search boxes and URLs.

SQLite stores anything; PostgreSQL refuses a NUL character in text and a value longer than its
column. Checking here, before either database sees a value, makes both accept and refuse the
same things, with a message instead of a server error. Lengths are counted in characters, as
both databases count them. Messages never repeat the value (it may be a child's reference).
"""

from __future__ import annotations

import unicodedata

__all__ = [
    "CONTROL_CHARACTERS",
    "CONTROL_MESSAGE",
    "MAX_REFERENCE",
    "UTF8_ADVICE",
    "NotUtf8Error",
    "decode_utf8",
    "field_error",
    "reference_problem",
    "text_problem",
]

# Case, child and victim references (the models' max_length).
MAX_REFERENCE = 40
UTF8_ADVICE = "in Excel, save it as 'CSV UTF-8 (Comma delimited)'"

# The same rule as a regular expression (Python's and Polars'): a control character other
# than tab, for one-line values.
CONTROL_CHARACTERS = r"[\x00-\x08\x0A-\x1F\x7F-\x9F]"
CONTROL_MESSAGE = "has a control character (such as NUL): remove it and try again"

_LINE_BREAKS = frozenset("\n\r")
_BOM = "\ufeff"


def text_problem(
    value: str, max_length: int | None = None, *, multiline: bool = False
) -> str | None:
    """What breaks the field rules in `value`, or None: a control character (tab, and line
    breaks where `multiline`, excepted), a lone surrogate, or more than `max_length`
    characters."""
    if max_length is not None and len(value) > max_length:
        return f"is {len(value):,} characters long: at most {max_length:,} are allowed"
    if value.isprintable():  # the common case: no control, format or separator characters
        return None
    for position, char in enumerate(value, start=1):
        if char == "\t" or (multiline and char in _LINE_BREAKS):
            continue
        kind = unicodedata.category(char)
        if kind == "Cc":
            return (
                f"has a control character (U+{ord(char):04X}) at character {position}: "
                "remove it and try again"
            )
        if kind == "Cs":
            return f"has an invalid character at character {position}: remove it and try again"
    return None


def reference_problem(value: str, max_length: int = MAX_REFERENCE) -> str | None:
    """What breaks the rules for a reference (a case, child or victim reference), or None.

    A reference may hold "/" between its parts (``NS/2026/0001``): its page's address then
    has the same parts. So no part may be empty or "." or "..", which browsers and proxies
    would fold away, and the reference cannot start or end with "/".
    """
    problem = text_problem(value, max_length)
    if problem is not None:
        return problem
    if "\t" in value:
        return "has a tab character: remove it and try again"
    if any(part.strip() in ("", ".", "..") for part in value.split("/")):
        return (
            "may have '/' only between the parts of a reference (like NS/2026/0001), "
            "not at its start or end, twice in a row, or around '.' or '..'"
        )
    return None


class NotUtf8Error(ValueError):
    """A file's bytes are not UTF-8 text; the message says where and what to do."""


def decode_utf8(data: bytes) -> str:
    """The text of a file's bytes: UTF-8, with or without a byte order mark, else NotUtf8Error
    saying where the first byte that is not UTF-8 is (byte offset, line and character).

    Never decoded leniently: a Latin-1 "é" read as UTF-8 would be stored garbled."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        before = data[: error.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", "replace")) + 1
        raise NotUtf8Error(
            f"is not UTF-8 text: byte {error.start + 1:,} (line {line:,}, character {column:,}) "
            "is not UTF-8, as if it were saved as Latin-1 or Windows-1252; " + UTF8_ADVICE
        ) from None
    return text[1:] if text.startswith(_BOM) else text


def field_error(
    label: str, value: str, max_length: int | None = None, *, multiline: bool = False
) -> str | None:
    """The GOV.UK error message for a form field or search box whose value breaks the field
    rules (`text_problem`), or None: "<label> must be 200 characters or fewer", say."""
    if max_length is not None and len(value) > max_length:
        return f"{label} must be {max_length:,} characters or fewer"
    if text_problem(value, multiline=multiline) is not None:
        return f"{label} must not contain control characters (such as a NUL)"
    return None
