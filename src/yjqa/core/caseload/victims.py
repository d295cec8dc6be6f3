"""Reading a victims' caseload from a CSV or XLSX file: one row per victim of a child's offence.

Pseudonymous like the children's caseload: a victim reference, never a name, and the linked
child's case reference. The file handling (encodings, workbooks, header checks, problems named
by row and column, nothing returned in part) is the caseload reader's (`reader.read_table`).

Rules, row by row: every required column has a value; codes are known (code or label, see
`codes.OFFENCE_CATEGORY` and `codes.SUPPORT_GIVEN`); dates are YYYY-MM-DD or DD/MM/YYYY
(`yjqa.core.validation.dates`) and not in the future; the first contact is not before the
offence; restorative justice is taken part in only where it was offered, and only by a victim
who consented to contact; a victim reference appears once in the file. The yes/no columns may
be left empty when not recorded; the first contact date is empty while the victim has not been
contacted.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from yjqa.core.caseload import codes
from yjqa.core.caseload.reader import (
    _BOOL_WORDS,
    _MISSING,
    _check_header,
    _CodeLookup,
    _Problems,
    _show,
    read_cells,
    read_table,
    row_cells,
    template_csv,
    template_xlsx,
)
from yjqa.core.validation.dates import not_a_day, parse_day
from yjqa.core.validation.fields import MAX_REFERENCE, reference_problem
from yjqa.core.validation.limits import UploadLimits
from yjqa.core.validation.problems import InputError, Problem

__all__ = [
    "OPTIONAL_VICTIM_COLUMNS",
    "REQUIRED_VICTIM_COLUMNS",
    "VICTIM_COLUMNS",
    "VictimRow",
    "parse_victim_rows",
    "read_victims",
    "unlinked_victims",
    "victim_cells",
    "victims_template_csv",
    "victims_template_xlsx",
    "write_victims_csv",
]

REQUIRED_VICTIM_COLUMNS: tuple[str, ...] = (
    "victim_ref",
    "case_ref",
    "offence_category",
    "offence_date",
    "first_contact_date",
    "consent_to_contact",
    "restorative_justice_offered",
    "restorative_justice_took_part",
    "safety_planning_needed",
    "support_given",
)
OPTIONAL_VICTIM_COLUMNS: tuple[str, ...] = ()
VICTIM_COLUMNS = REQUIRED_VICTIM_COLUMNS + OPTIONAL_VICTIM_COLUMNS
MAX_REF = MAX_REFERENCE

_CODE_COLUMNS: Mapping[str, Mapping[str, str]] = {
    "offence_category": codes.OFFENCE_CATEGORY,
    "support_given": codes.SUPPORT_GIVEN,
}
_DATE_COLUMNS = frozenset({"offence_date", "first_contact_date"})
_BOOL_COLUMNS = (
    "consent_to_contact",
    "restorative_justice_offered",
    "restorative_justice_took_part",
    "safety_planning_needed",
)
_YES_NO = "yes or no (also true/false, y/n, 1/0); empty if not recorded"
_COLUMN_FORMATS: Mapping[str, str] = {
    "victim_ref": f"The victim's reference (never a name): text, at most {MAX_REF} characters, "
    "unique in the file",
    "case_ref": "The case reference of the child whose offence it was, as in the caseload",
    "offence_date": "A date, YYYY-MM-DD or DD/MM/YYYY (e.g. 2025-05-20), not in the future",
    "first_contact_date": "A date, YYYY-MM-DD or DD/MM/YYYY, not before the offence date nor in "
    "the future; empty if the victim has not been contacted",
    "consent_to_contact": "Whether the victim consented to contact: " + _YES_NO,
    "restorative_justice_offered": "Whether restorative justice was offered: " + _YES_NO,
    "restorative_justice_took_part": "Whether the victim took part in restorative justice "
    "(only if offered and consented to contact): " + _YES_NO,
    "safety_planning_needed": "Whether the victim needed safety planning: " + _YES_NO,
}
_EXAMPLE_ROWS: tuple[tuple[str, ...], ...] = (
    (
        "EXV-0001",
        "EX-0001",
        "theft",
        "2025-05-20",
        "2025-06-09",
        "yes",
        "yes",
        "no",
        "no",
        "information",
    ),
    (
        "EXV-0002",
        "EX-0002",
        "violence_against_the_person",
        "2025-06-01",
        "2025-07-21",
        "yes",
        "yes",
        "yes",
        "yes",
        "direct_support",
    ),
)


@dataclass(frozen=True, slots=True)
class VictimRow:
    """One valid victims' caseload row: codes (never labels), and None where not recorded."""

    victim_ref: str
    case_ref: str
    offence_category: str
    offence_date: date
    first_contact_date: date | None
    consent_to_contact: bool | None
    restorative_justice_offered: bool | None
    restorative_justice_took_part: bool | None
    safety_planning_needed: bool | None
    support_given: str
    # Where the row is in its file (the header is row 1): for problems found after reading,
    # such as a case reference the caseload does not hold. Not part of the row's value.
    row: int = field(default=0, compare=False)

    @property
    def values(self) -> dict[str, object]:
        """The row's fields by column name, without its place in the file."""
        return {column: getattr(self, column) for column in VICTIM_COLUMNS}


def read_victims(
    path: Path,
    *,
    today: date | None = None,
    progress: Callable[[int], None] | None = None,
    limits: UploadLimits | None = None,
) -> list[VictimRow]:
    """Every row of a victims' caseload file (.csv or .xlsx), or InputError naming every
    problem. `today` (default: today) is the last date a row may hold; `limits` (else those
    in force) caps the file's size, rows and an Excel file's unpacked size."""

    def parse(
        header: Sequence[object],
        rows: Iterable[Sequence[object]],
        source: str,
        progress: Callable[[int], None] | None,
    ) -> list[VictimRow]:
        return parse_victim_rows(header, rows, source, today=today)

    return read_table(path, parse, progress, rows_word="victim rows", limits=limits)


def parse_victim_rows(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    source: str,
    *,
    today: date | None = None,
) -> list[VictimRow]:
    """Check a header and the rows below it (row 2 on) and return them all, or raise."""
    last = today or date.today()
    names, problems, usable = _check_header(
        header, REQUIRED_VICTIM_COLUMNS, OPTIONAL_VICTIM_COLUMNS
    )
    if not usable:
        raise InputError(problems, source)
    width = len(names)
    where = {name: index for index, name in enumerate(names) if name}
    found = _Problems(problems)
    add = found.add
    lookups = {column: _CodeLookup(column, mapping) for column, mapping in _CODE_COLUMNS.items()}

    def reference(value: str, number: int, column: str) -> str:
        if not value:
            add(number, column, _MISSING)
        elif (problem := reference_problem(value, MAX_REF)) is not None:
            add(number, column, problem)
            return ""
        return value

    def code(column: str, value: str, number: int) -> str:
        lookup = lookups[column]
        if not value:
            add(number, column, _MISSING)
            return ""
        result = lookup(value)
        if result is None:
            add(number, column, lookup.unknown(value))
            return ""
        return result

    def when(value: str, number: int, column: str) -> date | None:
        parsed = parse_day(value)
        if parsed is None:
            add(number, column, not_a_day(_show(value)))
        elif parsed > last:
            add(number, column, f"{parsed} is in the future (today is {last})")
            return None
        return parsed

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
    result: list[VictimRow] = []
    read = 0
    for number, raw in enumerate(rows, start=2):
        read += 1
        cells = read_cells(raw, width, names, number, add)
        if cells is None:
            continue

        victim_ref = reference(cells[where["victim_ref"]], number, "victim_ref")
        if victim_ref:
            first = seen.setdefault(victim_ref.casefold(), number)
            if first != number:
                add(number, "victim_ref", f"{_show(victim_ref)} is also on row {first}")
        case_ref = reference(cells[where["case_ref"]], number, "case_ref")
        offence_category = code("offence_category", cells[where["offence_category"]], number)
        value = cells[where["offence_date"]]
        offence_date = when(value, number, "offence_date") if value else None
        if not value:
            add(number, "offence_date", _MISSING)
        value = cells[where["first_contact_date"]]
        first_contact = when(value, number, "first_contact_date") if value else None
        consent, offered, took_part, safety = (
            flag(cells[where[column]], number, column) for column in _BOOL_COLUMNS
        )
        support_given = code("support_given", cells[where["support_given"]], number)

        if offence_date is not None and first_contact is not None and first_contact < offence_date:
            add(
                number,
                "first_contact_date",
                f"{first_contact} is before the offence date {offence_date}",
            )
        if took_part and offered is not True:
            add(
                number,
                "restorative_justice_took_part",
                "is yes, but restorative_justice_offered is not: a victim takes part in "
                "restorative justice only where it was offered",
            )
        if took_part and consent is False:
            add(
                number,
                "restorative_justice_took_part",
                "is yes, but consent_to_contact is no",
            )

        if found.count:
            continue  # the file will be rejected: stop keeping rows, keep checking
        assert offence_date is not None
        result.append(
            VictimRow(
                victim_ref,
                case_ref,
                offence_category,
                offence_date,
                first_contact,
                consent,
                offered,
                took_part,
                safety,
                support_given,
                number,
            )
        )
    if found.count:
        raise InputError(found.problems(), source)
    if read == 0 or not result:
        raise InputError([Problem("row 2", "there are no victim rows below the header")], source)
    return result


def unlinked_victims(
    rows: Iterable[VictimRow], known: Collection[str], caseload: str
) -> list[Problem]:
    """A problem for each row whose case reference is not one of `known` (the references of
    the caseload called `caseload`, e.g. "Northshire YJS's caseload"): a victim is linked to a
    child's case, so the children's caseload is imported first. At most MAX_PROBLEMS are
    listed, then how many more there are."""
    found = _Problems()
    folded = {ref.casefold(): ref for ref in known}
    for index, row in enumerate(rows):
        if row.case_ref in known:
            continue
        message = f"no case {_show(row.case_ref)} in {caseload}"
        near = folded.get(row.case_ref.casefold())
        if near is not None:
            message += f" (there is {_show(near)}: references are matched exactly)"
        else:
            message += "; import the children's caseload first"
        found.add(row.row or index + 2, "case_ref", message)
    return found.problems()


def victim_cells(record: object) -> list[str]:
    """A victim record (anything with the victims' fields) as the cells of one row, in
    VICTIM_COLUMNS order: the inverse of reading a row."""
    return row_cells(record, VICTIM_COLUMNS)


def write_victims_csv(path: Path, records: Iterable[object]) -> None:
    """Write records as a victims' caseload CSV file with the header row."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(VICTIM_COLUMNS)
        writer.writerows(victim_cells(record) for record in records)


def victims_template_csv() -> str:
    """A CSV victims' caseload to fill in: the header and two invented example rows."""
    return template_csv(VICTIM_COLUMNS, _EXAMPLE_ROWS)


def victims_template_xlsx() -> bytes:
    """An Excel victims' caseload to fill in: a Victims sheet (header and two invented example
    rows) and a Codes sheet listing every column and what it may hold."""
    return template_xlsx(
        "Victims",
        VICTIM_COLUMNS,
        REQUIRED_VICTIM_COLUMNS,
        examples=_EXAMPLE_ROWS,
        date_columns=_DATE_COLUMNS,
        code_columns=_CODE_COLUMNS,
        formats=_COLUMN_FORMATS,
    )
