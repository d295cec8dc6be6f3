"""Hypothesis strategies for fuzzing every importer (issue 18): arbitrary bytes, and files
that look right but are corrupted (bad dates and codes, NUL, over-long text, the wrong
encoding, a truncated zip), shared by the core, web and command-line fuzz tests."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence

from hypothesis import HealthCheck, Phase, settings
from hypothesis import strategies as st

# CORE for the readers (many examples, fast); THROUGH for the web and command line (few
# examples: each one is a request or a command through the database).
CORE = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
THROUGH = settings(
    max_examples=15,
    deadline=None,
    # No shrinking: each example is a request or a command, so shrinking one failure could
    # take minutes; the failing example is shown as found.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
    ],
)

# Cells a careless export or a hostile file might hold.
BAD_CELLS = (
    "",
    " ",
    "2026-02-30",
    "31/12/2026",
    "9999-99-99",
    "0000-00-00",
    "1800-01-01",
    "2099-01-01",
    "yesterday",
    "boy",
    "ZZZ",
    "-1",
    "1e309",
    "NaN",
    '=HYPERLINK("http://x")',
    "a\x00b",
    "\x00",
    "NS/2026/0001",
    "caf\u00e9",
    "\u202eevil",
    "\ufeffcase_ref",
    "x" * 300,
    "\r\n",
    '"',
)
cells = st.one_of(
    st.sampled_from(BAD_CELLS),
    st.text(max_size=20),
    st.integers(min_value=200, max_value=2000).map(lambda n: "\u00e9" * n),
)
# Over the csv module's field limit (131,072 characters): put in one file in eight.
LONG_CELL = "x" * 140_000
# Mostly UTF-8, so that most files get past decoding to their rows.
ENCODINGS = ("utf-8", "utf-8", "utf-8", "utf-8", "utf-8-sig", "latin-1", "cp1252", "utf-16")


def _encode(text: str, encoding: str) -> bytes:
    return text.encode(encoding, errors="replace" if encoding != "utf-8" else "surrogatepass")


@st.composite
def csv_files(draw: st.DrawFn, columns: Sequence[str], *, max_rows: int = 6) -> bytes:
    """A CSV with (mostly) the right header and rows of bad cells, in some encoding, maybe
    cut short."""
    header = list(columns)
    if draw(st.integers(min_value=0, max_value=3)) == 0:
        header = draw(st.permutations(header))
        drop = draw(st.integers(min_value=0, max_value=2))
        header = header[drop:]
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        header.append(draw(st.sampled_from(["extra", "", "case_ref", "\x00"])))
    good = draw(st.lists(st.lists(cells, min_size=len(header), max_size=len(header)), min_size=1))
    ragged = draw(st.lists(st.lists(cells, max_size=len(header) + 3), max_size=2))
    rows = (good + ragged)[:max_rows]
    if draw(st.integers(min_value=0, max_value=7)) == 0 and rows[0]:
        rows[0][0] = LONG_CELL
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n"])))
    writer.writerow(header)
    writer.writerows(rows)
    text = out.getvalue()
    if draw(st.integers(min_value=0, max_value=5)) == 0:
        text = text.replace('"', "", 1)  # an unclosed quote
    data = _encode(text, draw(st.sampled_from(ENCODINGS)))
    if draw(st.integers(min_value=0, max_value=4)) == 0:
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    return data


def _xlsx_safe(value: str) -> str:
    """Text openpyxl will write (it refuses control characters in a cell)."""
    return "".join(c for c in value if c in "\t\n\r" or ord(c) >= 32)[:32_000]


@st.composite
def xlsx_files(draw: st.DrawFn, columns: Sequence[str], *, sheet: str = "Sheet") -> bytes:
    """A workbook with the header and rows of bad cells, maybe truncated or with bytes
    flipped (a zip that no longer opens, or opens to broken XML)."""
    from openpyxl import Workbook  # type: ignore[import-untyped, unused-ignore]

    book = Workbook()
    ws = book.active
    ws.title = sheet
    ws.append(list(columns))
    for row in draw(st.lists(st.lists(cells, max_size=len(columns)), max_size=4)):
        ws.append([_xlsx_safe(v) for v in row])
    out = io.BytesIO()
    book.save(out)
    data = out.getvalue()
    # Where to damage it, as a share of its length: the length itself varies by a byte or two
    # from run to run (the workbook's timestamps), and Hypothesis must draw the same way.
    damage = draw(st.sampled_from(["none", "truncate", "flip", "prefix"]))
    share = draw(st.integers(min_value=0, max_value=9_999)) / 10_000
    at = int(share * len(data))
    if damage == "truncate":
        data = data[:at]
    elif damage == "flip":
        data = data[:at] + bytes([data[at] ^ 0xFF]) + data[at + 1 :]
    elif damage == "prefix":
        data = b"PK\x03\x04" + data[draw(st.integers(min_value=4, max_value=200)) :]
    return data


junk = st.one_of(
    st.binary(max_size=500),
    st.binary(max_size=200).map(lambda b: b"PK\x03\x04" + b),  # a zip's magic, then junk
    st.binary(max_size=200).map(lambda b: b"%PDF-1.7\n" + b),  # a PDF's, then junk
    st.binary(max_size=200).map(lambda b: b"PAR1" + b + b"PAR1"),  # Parquet's
    st.binary(max_size=200).map(lambda b: b"\xef\xbb\xbf" + b),  # a BOM, then junk
)


def any_file(
    columns: Sequence[str], *, xlsx: bool = True, max_rows: int = 6
) -> st.SearchStrategy[bytes]:
    """Junk, or a plausible but corrupted CSV of up to `max_rows` rows (or workbook, unless
    `xlsx` is false)."""
    choices = [junk, csv_files(columns, max_rows=max_rows)]
    if xlsx:
        choices.append(xlsx_files(columns))
    return st.one_of(*choices)


def text_files(lines: Sequence[str], *, max_text: int, max_lines: int) -> st.SearchStrategy[bytes]:
    """Junk, any text, or lines of a text file (drawn from `lines`) gone wrong."""
    return st.one_of(
        junk,
        st.text(max_size=max_text).map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.lists(st.sampled_from(list(lines)), max_size=max_lines).map(
            lambda chosen: "".join(chosen).encode()
        ),
    )


# A survey definition (YAML): junk, any text, or lines of a definition gone wrong.
definition_texts = text_files(
    [
        "id: s\n",
        "title: A survey\n",
        "audience: children\n",
        "questions:\n",
        "  - id: q1\n",
        "    type: rating\n",
        "    type: choice\n",
        "    options: [a, a]\n",
        "    text: \x00\n",
        "    max_length: -1\n",
        "  - {id: q1, type: text}\n",
        "&a [*a, *a]\n",
        "!!python/object:os.system\n",
        ": : :\n",
        "    low_label: " + "x" * 500 + "\n",
    ],
    max_text=300,
    max_lines=12,
)

# A published report's text: junk, or lines of one, garbled.
report_texts = text_files(
    [
        "An inspection of youth offending services in Northshire\n",
        "HM Inspectorate of Probation\n",
        "Overall rating Good\n",
        "1.1 Governance and leadership Outstanding\n",
        "Fieldwork started: 31 February 2021\n",
        "Score 99/36\n",
        "<html><body><h1>An inspection of",
        "</table>\x00\n",
        "2.1 Assessment " + "x" * 2000 + "\n",
    ],
    max_text=400,
    max_lines=10,
)
