"""Cells a spreadsheet shows as text, never runs as a formula (CSV and formula injection).

A cell starting with =, +, -, @, a tab or a carriage return may be calculated by Excel or
LibreOffice (OWASP, "CSV Injection"), so text from people (plan wording, a service's name)
could run as a formula in the reader's copy. Every spreadsheet export goes through here:

- CSV: `csv_cell` puts an apostrophe before such text, which spreadsheets read as "text".
- Excel: `write_formulas_as_text` makes each such cell a string cell with the quote-prefix
  style, keeping the text itself unchanged, so importing the file gives the same text back.

Numbers stay numbers: only text is ever changed.
"""

from __future__ import annotations

from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def looks_like_formula(value: object) -> bool:
    """Whether a spreadsheet might calculate this value if written as it is."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def csv_cell(value: Any) -> Any:
    """A value for a CSV cell: formula-like text behind an apostrophe; None as empty."""
    if value is None:
        return ""
    return f"'{value}" if looks_like_formula(value) else value


def write_formulas_as_text(book: Any) -> None:
    """Make every formula-like cell of an openpyxl workbook a quote-prefixed text cell.

    Called on the finished workbook, before it is saved: no export writes a formula.
    """
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f" or looks_like_formula(cell.value):
                    cell.data_type = "s"
                    cell.quotePrefix = True
