"""Reading a caseload from a CSV or XLSX file: one row per outcome for one child.

A caseload file has a header row naming its columns (`CASELOAD_COLUMNS`; the order is free,
case and surrounding spaces are ignored) and one row per outcome. Codes may be written as the
code (``youth_caution``) or its label (``Youth caution``, see `yjqa.core.caseload.codes`), dates as
``YYYY-MM-DD`` or ``DD/MM/YYYY``, never month first (`yjqa.core.validation.dates`; in a
workbook, also as date cells), and the yes/no columns as true, false, yes, no, y, n, 1 or 0, or
left empty when not recorded.

A child with more than one record (a remand, then a sentence, say) has the same pseudonymous
`child_ref` on each of them, so that the 2025 framework's sampling can draw a child, not a
record; it may be left empty (or the column left out) for a child with only one record, who is
then known by the case reference. Records sharing a child reference must share a date of birth.

The reader checks every row and reports every problem it finds (up to `MAX_PROBLEMS`) with the
row and column as a spreadsheet shows them, the header being row 1. Nothing is returned in
part: either every row is valid and all are returned, or `InputError` is raised. A file with
no case rows is rejected too. If a required column is missing (or a column is named twice) only
the header is reported, as the rows cannot be read without it.

CSV files must be UTF-8 (a byte order mark, as Excel's "CSV UTF-8" writes, is fine; anything
else is refused, never read garbled: `yjqa.core.validation.fields.decode_utf8`); of an XLSX
workbook only the first worksheet is read.
"""

from __future__ import annotations

import csv
import difflib
import io
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TypeVar

from yjqa.core.caseload import codes
from yjqa.core.caseload.codes import age_on
from yjqa.core.validation.dates import not_a_day, parse_day
from yjqa.core.validation.fields import (
    MAX_REFERENCE,
    NotUtf8Error,
    decode_utf8,
    reference_problem,
    text_problem,
)
from yjqa.core.validation.limits import UploadLimits, check_file, current, rows_problem
from yjqa.core.validation.problems import MAX_LISTED, InputError, Problem, more_problems

__all__ = [
    "CASELOAD_COLUMNS",
    "MAX_PROBLEMS",
    "OPTIONAL_COLUMNS",
    "REQUIRED_COLUMNS",
    "CaseloadRow",
    "caseload_template_csv",
    "caseload_template_xlsx",
    "parse_caseload_rows",
    "read_caseload",
]

REQUIRED_COLUMNS: tuple[str, ...] = (
    "case_ref",
    "sex",
    "ethnicity",
    "date_of_birth",
    "outcome",
    "outcome_date",
    "rosh",
    "safety_wellbeing",
)
OPTIONAL_COLUMNS: tuple[str, ...] = (
    "end_date",
    "likelihood_of_reoffending",
    "case_manager",
    "looked_after",
    "send",
    "child_ref",
)
CASELOAD_COLUMNS: tuple[str, ...] = REQUIRED_COLUMNS + OPTIONAL_COLUMNS

_Row = TypeVar("_Row")
_Parse = Callable[
    [Sequence[object], Iterable[Sequence[object]], str, Callable[[int], None] | None],
    list[_Row],
]

MAX_CASE_REF = MAX_REFERENCE
MAX_CASE_MANAGER = 200
MIN_AGE, MAX_AGE = 10, 17
# At most this many problems are kept; one more problem then says how many others were found.
MAX_PROBLEMS = MAX_LISTED
PROGRESS_EVERY = 1000

_CODE_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "sex": codes.SEX,
    "ethnicity": codes.ETHNICITY,
    "outcome": codes.OUTCOME,
    "rosh": codes.RISK_LEVEL,
    "safety_wellbeing": codes.RISK_LEVEL,
    "likelihood_of_reoffending": codes.LIKELIHOOD,
}
_DATE_COLUMNS = frozenset({"date_of_birth", "outcome_date", "end_date"})
_BOOL_COLUMNS = frozenset({"looked_after", "send"})

# What each column holds, for the template's Codes sheet (code columns list their codes).
_COLUMN_FORMATS: Mapping[str, str] = {
    "case_ref": f"The case reference: text, at most {MAX_CASE_REF} characters, unique in the file; "
    "'/' may separate its parts (NS/2026/0001)",
    "date_of_birth": "A date, YYYY-MM-DD or DD/MM/YYYY (e.g. 2010-05-14); the child must be aged "
    f"{MIN_AGE} to {MAX_AGE} on the outcome date",
    "outcome_date": "A date, YYYY-MM-DD or DD/MM/YYYY (e.g. 2025-06-02)",
    "end_date": "A date, YYYY-MM-DD or DD/MM/YYYY, not before the outcome date; empty while the "
    "case is open",
    "case_manager": f"The case manager's name: text, at most {MAX_CASE_MANAGER} characters",
    "looked_after": "yes or no (also true/false, y/n, 1/0); empty if not recorded",
    "send": "Special educational needs or disabilities: yes or no (also true/false, y/n, 1/0); "
    "empty if not recorded",
    "child_ref": "The child's pseudonymous reference: the same on each of the child's records, "
    f"at most {MAX_CASE_REF} characters; empty for a child with only this record",
}

_TRUE = frozenset({"true", "yes", "y", "1"})
_FALSE = frozenset({"false", "no", "n", "0"})
# The words as written in lower, upper and title case; other mixtures are looked up casefolded.
_BOOL_WORDS: dict[str, bool] = {
    written: truth
    for words, truth in ((_TRUE, True), (_FALSE, False))
    for word in words
    for written in (word, word.upper(), word.title())
}
_MISSING = "a value is required"
_SHOWN_CHARS = 60
_CACHE_LIMIT = 10_000
_strip: Callable[[object], str] = str.strip  # type: ignore[assignment]  # TypeError if not text

_EXAMPLE_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "EX-0001",
        "female",
        "white",
        "2010-05-14",
        "youth_caution",
        "2025-06-02",
        "low",
        "medium",
        "2025-06-02",
        "low",
        "Example Case Manager",
        "no",
        "yes",
        "",
    ),
    (
        "EX-0002",
        "male",
        "black",
        "2008-11-30",
        "referral_order",
        "2025-07-15",
        "medium",
        "high",
        "",
        "medium",
        "Example Case Manager",
        "yes",
        "no",
        "EX-C0002",
    ),
)


@dataclass(frozen=True, slots=True)
class CaseloadRow:
    """One valid caseload row: codes (never labels), dates, and None where not recorded."""

    case_ref: str
    sex: str
    ethnicity: str
    date_of_birth: date
    outcome: str
    outcome_date: date
    rosh: str
    safety_wellbeing: str
    end_date: date | None
    likelihood_of_reoffending: str
    case_manager: str
    looked_after: bool | None
    send: bool | None
    # The child's pseudonymous reference, the same on each of the child's records; "" where
    # the record is the child's only one (the child is then known by the case reference).
    child_ref: str = ""

    @property
    def child(self) -> str:
        """The child this record is about: records with one child reference are one child."""
        return self.child_ref or self.case_ref


def read_caseload(
    path: Path,
    *,
    progress: Callable[[int], None] | None = None,
    limits: UploadLimits | None = None,
) -> list[CaseloadRow]:
    """Every row of a caseload file (.csv or .xlsx), or InputError naming every problem.

    `progress`, if given, is called with the number of rows read so far every
    `PROGRESS_EVERY` rows, and once at the end. `limits` (else those in force) caps the
    file's size, its rows and an Excel file's unpacked size.
    """
    return read_table(path, parse_caseload_rows, progress, limits=limits)


def read_table(
    path: Path,
    parse: _Parse[_Row],
    progress: Callable[[int], None] | None = None,
    rows_word: str = "case rows",
    *,
    limits: UploadLimits | None = None,
) -> list[_Row]:
    """The rows of a .csv or .xlsx file as `parse` checks them (header, rows, source,
    progress), or InputError naming every problem: the file handling every import shares.

    The upload limits are checked first (size; for .xlsx, the unpacked size from the zip's
    directory before the workbook is opened), and the rows are counted as they are read."""
    source = str(path)
    suffix = path.suffix.lower()
    limits = limits or current()
    if suffix in (".csv", ".xlsx"):
        check_file(path, source, limits)
    if suffix == ".csv":
        return _read_csv(path, source, progress, parse, rows_word, limits.rows)
    if suffix == ".xlsx":
        return _read_xlsx(path, source, progress, parse, rows_word, limits.rows)
    shown = f"a {suffix} file" if suffix else "a file without an extension"
    raise InputError(
        [
            Problem(
                "",
                f"{shown} cannot be imported: use a .csv or .xlsx file "
                "(in Excel, save as 'CSV UTF-8' or 'Excel Workbook')",
            )
        ],
        source,
    )


def parse_caseload_rows(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    source: str,
    progress: Callable[[int], None] | None = None,
) -> list[CaseloadRow]:
    """Check a header and the rows below it (row 2 on) and return them all, or raise.

    Cells may be text (as a CSV gives them) or the values a workbook holds (None, numbers,
    booleans, dates and datetimes).
    """
    names, problems, usable = _check_header(header)
    if not usable:
        raise InputError(problems, source)
    # With only unknown or unnamed columns, the rows are still checked so that every problem
    # is reported at once; the file is rejected all the same.
    width = len(names)
    where = {name: index for index, name in enumerate(names) if name}
    found = _Problems(problems)

    i_ref = where["case_ref"]
    i_sex = where["sex"]
    i_ethnicity = where["ethnicity"]
    i_dob = where["date_of_birth"]
    i_outcome = where["outcome"]
    i_outcome_date = where["outcome_date"]
    i_rosh = where["rosh"]
    i_safety = where["safety_wellbeing"]
    i_end = where.get("end_date")
    i_likelihood = where.get("likelihood_of_reoffending")
    i_manager = where.get("case_manager")
    i_looked_after = where.get("looked_after")
    i_send = where.get("send")
    i_child = where.get("child_ref")

    sex_code = _CodeLookup("sex")
    ethnicity_code = _CodeLookup("ethnicity")
    outcome_code = _CodeLookup("outcome")
    rosh_code = _CodeLookup("rosh")
    safety_code = _CodeLookup("safety_wellbeing")
    likelihood_code = _CodeLookup("likelihood_of_reoffending")
    sex_known = sex_code.known
    ethnicity_known = ethnicity_code.known
    outcome_known = outcome_code.known
    rosh_known = rosh_code.known
    safety_known = safety_code.known
    likelihood_known = likelihood_code.known
    add = found.add

    def code(lookup: _CodeLookup, value: str, number: int) -> str:
        if not value:
            add(number, lookup.column, _MISSING)
            return ""
        result = lookup(value)
        if result is None:
            add(number, lookup.column, lookup.unknown(value))
            return ""
        return result

    dates: dict[str, date] = {}  # every valid date text seen, parsed once

    def when(value: str, number: int, column: str) -> date | None:
        if not value:
            add(number, column, _MISSING)
            return None
        parsed = parse_day(value)
        if parsed is not None:
            dates[value] = parsed
            return parsed
        add(number, column, not_a_day(_show(value)))
        return None

    def flag(value: str, number: int, column: str) -> bool | None:
        if not value:
            return None
        result = _BOOL_WORDS.get(value.casefold())
        if result is None:
            add(
                number,
                column,
                f"{_show(value)} is not yes or no: use yes, no, true, false, y, n, 1 or 0, "
                "or leave it empty if not recorded",
            )
        return result

    seen: dict[str, int] = {}
    # Each child reference's first row and date of birth: one child has one date of birth.
    children: dict[str, tuple[int, date | None]] = {}
    result: list[CaseloadRow] = []
    read = 0
    for number, raw in enumerate(rows, start=2):
        read += 1
        if progress is not None and read % PROGRESS_EVERY == 0:
            progress(read)
        cells = read_cells(raw, width, names, number, add)
        if cells is None:
            continue

        case_ref = cells[i_ref]
        if not case_ref:
            add(number, "case_ref", _MISSING)
        elif (problem := reference_problem(case_ref, MAX_CASE_REF)) is not None:
            add(number, "case_ref", problem)
        else:
            key = case_ref.casefold()
            first = seen.get(key)
            if first is None:
                seen[key] = number
            else:
                add(number, "case_ref", f"{_show(case_ref)} is also on row {first}")

        # Each value is looked up among those already seen first; the helpers check the rest.
        value = cells[i_sex]
        sex = sex_known.get(value) or code(sex_code, value, number)
        value = cells[i_ethnicity]
        ethnicity = ethnicity_known.get(value) or code(ethnicity_code, value, number)
        value = cells[i_dob]
        date_of_birth = dates.get(value) or when(value, number, "date_of_birth")
        value = cells[i_outcome]
        outcome = outcome_known.get(value) or code(outcome_code, value, number)
        value = cells[i_outcome_date]
        outcome_date = dates.get(value) or when(value, number, "outcome_date")
        value = cells[i_rosh]
        rosh = rosh_known.get(value) or code(rosh_code, value, number)
        value = cells[i_safety]
        safety = safety_known.get(value) or code(safety_code, value, number)

        end_date: date | None = None
        if i_end is not None:
            value = cells[i_end]
            if value:
                end_date = dates.get(value) or when(value, number, "end_date")
        likelihood = ""
        if i_likelihood is not None:
            value = cells[i_likelihood]
            if value:
                likelihood = likelihood_known.get(value) or code(likelihood_code, value, number)
        manager = ""
        if i_manager is not None:
            manager = cells[i_manager]
            if len(manager) > MAX_CASE_MANAGER:
                add(
                    number,
                    "case_manager",
                    f"is {len(manager)} characters long: at most {MAX_CASE_MANAGER} are allowed",
                )
        looked_after: bool | None = None
        if i_looked_after is not None:
            value = cells[i_looked_after]
            looked_after = _BOOL_WORDS.get(value)
            if looked_after is None and value:
                looked_after = flag(value, number, "looked_after")
        send: bool | None = None
        if i_send is not None:
            value = cells[i_send]
            send = _BOOL_WORDS.get(value)
            if send is None and value:
                send = flag(value, number, "send")

        child_ref = ""
        if i_child is not None:
            child_ref = cells[i_child]
            if child_ref and (problem := reference_problem(child_ref, MAX_CASE_REF)) is not None:
                add(number, "child_ref", problem)
            elif child_ref:
                first_child = children.get(child_ref)
                if first_child is None:
                    children[child_ref] = (number, date_of_birth)
                elif (
                    date_of_birth is not None
                    and first_child[1] is not None
                    and first_child[1] != date_of_birth
                ):
                    add(
                        number,
                        "child_ref",
                        f"{_show(child_ref)} is also on row {first_child[0]}, with another date "
                        f"of birth ({first_child[1]}, here {date_of_birth}): one child's records "
                        "share one child reference and one date of birth",
                    )

        if date_of_birth is not None and outcome_date is not None:
            if date_of_birth > outcome_date:
                add(
                    number,
                    "date_of_birth",
                    f"{date_of_birth} is after the outcome date {outcome_date}",
                )
            else:
                age = age_on(date_of_birth, outcome_date)
                if not MIN_AGE <= age <= MAX_AGE:
                    add(
                        number,
                        "date_of_birth",
                        f"the child was {age} on the outcome date {outcome_date}: "
                        f"children must be aged {MIN_AGE} to {MAX_AGE}",
                    )
        if end_date is not None and outcome_date is not None and end_date < outcome_date:
            add(number, "end_date", f"{end_date} is before the outcome date {outcome_date}")

        if found.count:
            continue  # the file will be rejected: stop keeping rows, keep checking
        assert date_of_birth is not None and outcome_date is not None
        result.append(
            CaseloadRow(
                case_ref,
                sex,
                ethnicity,
                date_of_birth,
                outcome,
                outcome_date,
                rosh,
                safety,
                end_date,
                likelihood,
                manager,
                looked_after,
                send,
                child_ref,
            )
        )
    if progress is not None and read % PROGRESS_EVERY:
        progress(read)
    if found.count:
        raise InputError(found.problems(), source)
    if read == 0 or not result:
        raise InputError([Problem("row 2", "there are no case rows below the header")], source)
    return result


def read_cells(
    raw: Sequence[object],
    width: int,
    names: Sequence[str],
    number: int,
    add: Callable[[int, str | None, str], None],
) -> list[str] | None:
    """A row's cells as stripped text, padded to the header's width, or None for a blank row.
    A value beyond the header's columns, and a cell that breaks the field rules, is reported
    through `add` (the cell's rule-breaking characters are taken out)."""
    try:
        cells = list(map(_strip, raw))
    except TypeError:  # a workbook row: not all text
        cells = [_text(cell) for cell in raw]
    if not any(cells):
        return None
    if len(cells) < width:
        cells.extend([""] * (width - len(cells)))
    elif len(cells) > width and any(cells[width:]):
        extra = next(i for i in range(width, len(cells)) if cells[i]) + 1
        add(
            number,
            None,
            f"has a value in column {extra} ({_column_letter(extra)}), "
            f"but the header names only {width} columns",
        )

    if not "".join(cells).isprintable():
        clean_cells(cells, names, number, add)
    return cells


def clean_cells(
    cells: list[str], names: Sequence[str], number: int, add: Callable[[int, str | None, str], None]
) -> None:
    """Report each cell that breaks the field rules (a control character such as NUL, which
    PostgreSQL cannot store) and take those characters out, so that the cell's other checks
    speak of what is left; the row is rejected all the same."""
    for index, cell in enumerate(cells):
        problem = text_problem(cell)
        if problem is None:
            continue
        name = names[index] if index < len(names) else ""
        # A header name that itself breaks the rules is no way to point at the cell.
        add(number, name if name and name.isprintable() else _column_letter(index + 1), problem)
        cells[index] = "".join(ch for ch in cell if text_problem(ch) is None)


def caseload_row(record: object) -> CaseloadRow:
    """A CaseloadRow from anything with the caseload's fields (a synthetic case, say)."""
    values = {column: getattr(record, column) for column in CASELOAD_COLUMNS}
    values["likelihood_of_reoffending"] = values["likelihood_of_reoffending"] or ""
    values["case_manager"] = values["case_manager"] or ""
    values["child_ref"] = values.get("child_ref") or ""
    return CaseloadRow(**values)


def caseload_cells(record: object) -> list[str]:
    """A caseload record (anything with the caseload's fields) as the cells of one row,
    in CASELOAD_COLUMNS order: the inverse of reading a row."""
    return row_cells(record, CASELOAD_COLUMNS)


def row_cells(record: object, columns: Sequence[str]) -> list[str]:
    """The named fields of a record as the cells of one row: yes/no, YYYY-MM-DD, empty for None."""

    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, date):
            return value.isoformat()
        return str(value)

    return [cell(getattr(record, column)) for column in columns]


def write_caseload_csv(path: Path, records: Iterable[object]) -> None:
    """Write records as a caseload CSV file with the header row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(CASELOAD_COLUMNS)
        writer.writerows(caseload_cells(record) for record in records)


def caseload_template_csv() -> str:
    """A CSV caseload to fill in: the header and two invented example rows."""
    return template_csv(CASELOAD_COLUMNS, _EXAMPLE_ROWS)


def caseload_template_xlsx() -> bytes:
    """An Excel caseload to fill in: a Caseload sheet (header and two invented example rows)
    and a Codes sheet listing every column, whether it is required and what it may hold."""
    return template_xlsx(
        "Caseload",
        CASELOAD_COLUMNS,
        REQUIRED_COLUMNS,
        _EXAMPLE_ROWS,
        date_columns=_DATE_COLUMNS,
        code_columns=_CODE_COLUMNS,
        formats=_COLUMN_FORMATS,
    )


def template_csv(columns: Sequence[str], examples: Sequence[Sequence[str]]) -> str:
    """A CSV file to fill in: the header and the example rows."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows(examples)
    return out.getvalue()


def template_xlsx(
    title: str,
    columns: Sequence[str],
    required: Collection[str],
    examples: Sequence[Sequence[str]],
    *,
    date_columns: Collection[str],
    code_columns: Mapping[str, Mapping[str, str]],
    formats: Mapping[str, str],
) -> bytes:
    """An Excel workbook to fill in: a sheet called `title` (the header and the example rows,
    dates as date cells) and a Codes sheet listing every column, whether it is required and
    what it may hold (each code of a code column, else its entry in `formats`)."""
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]
    from openpyxl.styles import Font  # type: ignore[import-untyped, unused-ignore]

    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = title
    sheet.append(list(columns))
    for example in examples:
        sheet.append(
            [
                date.fromisoformat(value) if name in date_columns and value else value
                for name, value in zip(columns, example, strict=True)
            ]
        )
    for index, name in enumerate(columns, start=1):
        sheet.cell(row=1, column=index).font = bold
        letter = _column_letter(index)
        sheet.column_dimensions[letter].width = max(12, len(name) + 2)
        if name in date_columns:
            for row in range(2, 2 + len(examples)):
                sheet.cell(row=row, column=index).number_format = "yyyy-mm-dd"
    sheet.freeze_panes = "A2"

    codes_sheet = book.create_sheet("Codes")
    codes_sheet.append(["column", "required", "code", "label or format"])
    for index in range(1, 5):
        codes_sheet.cell(row=1, column=index).font = bold
    for name in columns:
        is_required = "yes" if name in required else "no"
        mapping = code_columns.get(name)
        if mapping is None:
            codes_sheet.append([name, is_required, "", formats[name]])
            continue
        for value, label in mapping.items():
            codes_sheet.append([name, is_required, value, label])
    name_width = max(len(name) for name in columns) + 1
    for letter, width in zip("ABCD", (name_width, 10, 30, 90), strict=True):
        codes_sheet.column_dimensions[letter].width = width
    codes_sheet.freeze_panes = "A2"

    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


class _Problems:
    """The problems found so far: the first `MAX_PROBLEMS` kept, the rest only counted."""

    __slots__ = ("count", "kept")

    def __init__(self, first: Sequence[Problem] = ()) -> None:
        self.kept: list[Problem] = list(first)
        self.count = len(self.kept)

    def add(self, number: int, column: str | None, message: str) -> None:
        self.count += 1
        if self.count <= MAX_PROBLEMS:
            place = f"row {number}" if column is None else f"row {number}, column {column}"
            self.kept.append(Problem(place, message))

    def problems(self) -> list[Problem]:
        more = self.count - len(self.kept)
        if not more:
            return list(self.kept)
        return [*self.kept, more_problems(more)]


class _CodeLookup:
    """The code for a code or label in one column, as codes.parse_code finds it, remembered."""

    __slots__ = ("codes", "column", "known")

    def __init__(self, column: str, mapping: Mapping[str, str] | None = None) -> None:
        self.column = column
        self.codes = _CODE_COLUMNS[column] if mapping is None else mapping
        # Text already looked up (None: not a code); seeded with codes and labels as written.
        self.known: dict[str, str | None] = {}
        for value, label in self.codes.items():
            for text in (value, value.upper(), label, label.lower(), label.upper()):
                self.known[text] = codes.parse_code(text, self.codes)

    def __call__(self, value: str) -> str | None:
        try:
            return self.known[value]
        except KeyError:
            pass
        found = codes.parse_code(value, self.codes)
        if len(self.known) < _CACHE_LIMIT:
            self.known[value] = found
        return found

    def unknown(self, value: str) -> str:
        return f"{_show(value)} is not a known code: use one of {', '.join(self.codes)}"


def _check_header(
    header: Sequence[object],
    required: Sequence[str] = REQUIRED_COLUMNS,
    optional: Sequence[str] = OPTIONAL_COLUMNS,
) -> tuple[list[str], list[Problem], bool]:
    """The column name at each position ("" if blank), the header's problems, and whether the
    rows can still be checked (every required column present, none named twice)."""
    names = [_text(cell).lstrip("\ufeff").strip().lower() for cell in header]
    while names and not names[-1]:
        names.pop()
    problems: list[Problem] = []
    columns = (*required, *optional)
    known = set(columns)
    missing = [name for name in required if name not in names]
    if missing:
        problems.append(
            Problem(
                "row 1",
                f"missing required column{'s' if len(missing) > 1 else ''} {', '.join(missing)}; "
                f"the first row must name the columns: {','.join(required)}"
                + (f" and optionally {','.join(optional)}" if optional else ""),
            )
        )
    unknown = [name for name in names if name and name not in known]
    if unknown:
        described = []
        for name in unknown:
            close = difflib.get_close_matches(name, columns, n=1)
            described.append(f"{name} (did you mean {close[0]}?)" if close else name)
        problems.append(
            Problem(
                "row 1",
                f"unknown column{'s' if len(unknown) > 1 else ''} {', '.join(described)}: "
                f"the columns are {','.join(columns)}",
            )
        )
    blank = [index for index, name in enumerate(names, start=1) if not name]
    if blank:
        shown = ", ".join(_column_letter(index) for index in blank)
        problems.append(
            Problem(
                "row 1",
                f"column{'s' if len(blank) > 1 else ''} {shown} "
                f"{'have' if len(blank) > 1 else 'has'} no name in the header",
            )
        )
    repeated = sorted({name for name in names if name and names.count(name) > 1})
    if repeated:
        problems.append(
            Problem(
                "row 1",
                f"column{'s' if len(repeated) > 1 else ''} {', '.join(repeated)} "
                f"{'appear' if len(repeated) > 1 else 'appears'} more than once",
            )
        )
    return names, problems, not missing and not repeated


def _read_csv(
    path: Path,
    source: str,
    progress: Callable[[int], None] | None,
    parse: _Parse[_Row],
    rows_word: str,
    max_rows: int,
) -> list[_Row]:
    try:
        text = decode_utf8(path.read_bytes())
    except FileNotFoundError:
        raise InputError([Problem("", "file not found")], source) from None
    except NotUtf8Error as exc:
        raise InputError([Problem("", str(exc))], source) from None
    except OSError as exc:
        raise InputError([Problem("", f"cannot be read ({exc.strerror})")], source) from None
    failure: list[Problem] = []
    records = _guarded(csv.reader(io.StringIO(text, newline=""), strict=True), failure, "CSV")
    return _parse_rows(_capped(records, max_rows), failure, source, progress, parse, rows_word)


def _read_xlsx(
    path: Path,
    source: str,
    progress: Callable[[int], None] | None,
    parse: _Parse[_Row],
    rows_word: str,
    max_rows: int,
) -> list[_Row]:
    from openpyxl import load_workbook  # type: ignore[import-untyped, unused-ignore]

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError([Problem("", "file not found")], source) from None
    except OSError as exc:
        raise InputError([Problem("", f"cannot be read ({exc.strerror})")], source) from None
    except Exception:
        raise InputError(
            [Problem("", "cannot be read as an Excel workbook (.xlsx): is it damaged?")], source
        ) from None
    try:
        if not book.worksheets:
            raise InputError([Problem("", "the workbook has no worksheet")], source)
        sheet = book.worksheets[0]
        failure: list[Problem] = []
        records = _guarded(sheet.iter_rows(values_only=True), failure, "XLSX")
        return _parse_rows(_capped(records, max_rows), failure, source, progress, parse, rows_word)
    finally:
        book.close()


class _TooManyRows(Exception):
    """Raised through the parser when a file has more rows than may be imported."""

    def __init__(self, limit: int) -> None:
        super().__init__(limit)
        self.limit = limit


def _capped(records: Iterator[Sequence[object]], max_rows: int) -> Iterator[Sequence[object]]:
    """The header and at most `max_rows` rows below it; one more stops the reading."""
    for number, record in enumerate(records):
        if number > max_rows:
            raise _TooManyRows(max_rows)
        yield record


def _parse_rows(
    records: Iterator[Sequence[object]],
    failure: list[Problem],
    source: str,
    progress: Callable[[int], None] | None,
    parse: _Parse[_Row],
    rows_word: str,
) -> list[_Row]:
    """Parse rows from a reader that may fail part way (the failure is added to the problems)."""
    empty = [Problem("row 1", f"the file is empty: expected a header row and {rows_word}")]
    try:
        header = next(records, None)
        if header is None:
            raise InputError(failure or empty, source)
        if not any(_text(cell) for cell in header) and not any(
            any(_text(cell) for cell in row) for row in records
        ):
            raise InputError(failure or empty, source)
        try:
            rows = parse(header, records, source, progress)
        except InputError as exc:
            if failure:
                # A file cut short by a read error has no complete set of rows to report on.
                raise InputError([*exc.problems, *failure], source) from None
            raise
    except _TooManyRows as exc:
        raise InputError([Problem("", rows_problem(exc.limit))], source) from None
    if failure:
        raise InputError(failure, source)
    return rows


def _guarded(
    reader: Iterable[Sequence[object]], failure: list[Problem], kind: str
) -> Iterator[Sequence[object]]:
    """The rows of a reader; if reading fails, the failure is recorded and the rows stop."""
    number = 1  # the row being read, as a spreadsheet numbers it
    try:
        for row in reader:
            yield row
            number += 1
    except UnicodeDecodeError:
        failure.append(
            Problem("", "is not UTF-8 text: in Excel, save it as 'CSV UTF-8 (Comma delimited)'")
        )
    except csv.Error as exc:
        failure.append(
            Problem(f"row {number}", f"malformed CSV ({exc}); the rest of the file was not read")
        )
    except Exception as exc:
        failure.append(
            Problem(
                f"row {number}",
                f"cannot be read ({type(exc).__name__}); the rest of the {kind} file was not read",
            )
        )


def _text(value: object) -> str:
    """A cell as stripped text: workbook numbers, booleans and dates as one would type them."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _show(value: str) -> str:
    """A value quoted for a message, shortened if long."""
    if len(value) > _SHOWN_CHARS:
        value = value[: _SHOWN_CHARS - 3] + "..."
    return f"'{value}'"


def _column_letter(index: int) -> str:
    """The spreadsheet letter of a 1-based column number (1 -> A, 27 -> AA)."""
    letters = ""
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters
