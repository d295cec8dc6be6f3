"""Case-level data for performance indicators: people, outcomes and the 10-17 population.

Three tables, read from CSV, Excel or Parquet and checked column by column with Polars, so
a national file of millions of rows is checked in seconds. Every problem names the file, the
row and the column; a file with any problem is refused whole.
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import polars as pl
from fastexcel import FastExcelError

from yjqa.core.caseload.codes import ETHNICITY, OUTCOME, SEX
from yjqa.core.validation.dates import FORMATS as DATE_FORMATS
from yjqa.core.validation.dates import UK_FORMAT, UK_PATTERN
from yjqa.core.validation.fields import (
    CONTROL_CHARACTERS,
    CONTROL_MESSAGE,
    NotUtf8Error,
    decode_utf8,
)
from yjqa.core.validation.limits import UploadLimits, check_file, current, rows_problem
from yjqa.core.validation.problems import MAX_LISTED, InputError, Problem, more_problems

Table = Literal["people", "outcomes", "population"]
TABLES: tuple[Table, ...] = ("people", "outcomes", "population")
SUFFIXES = (".csv", ".parquet", ".xlsx")

OFFENCE_CATEGORY: Mapping[str, str] = {
    "violence_against_the_person": "Violence against the person",
    "robbery": "Robbery",
    "drugs": "Drugs",
    "theft": "Theft",
    "burglary": "Burglary",
    "criminal_damage": "Criminal damage",
    "public_order": "Public order",
    "sexual": "Sexual offences",
    "motoring": "Motoring",
    "other": "Other",
}
KPI_COLUMNS = (
    "accommodation_suitable",
    "ete_suitable",
    "send_identified",
    "send_plan",
    "mental_health_need",
    "mental_health_attended",
    "substance_misuse_need",
    "substance_misuse_attended",
    "wider_services",
    "victim_contacted",
    "victim_rj_offered",
)
COLUMNS: Mapping[Table, tuple[str, ...]] = {
    "people": ("person_id", "service", "sex", "ethnicity", "date_of_birth"),
    "outcomes": (
        "outcome_id",
        "person_id",
        "service",
        "offence_date",
        "outcome_date",
        "outcome",
        "offence_category",
        "gravity_score",
        "end_date",
    ),
    "population": ("service", "year", "sex", "ethnicity", "age", "count"),
}
OPTIONAL: Mapping[Table, tuple[str, ...]] = {
    "people": (),
    "outcomes": KPI_COLUMNS,
    "population": (),
}
# The types the engine reads. Codes are plain strings (the codes, never labels).
SCHEMAS: Mapping[Table, Mapping[str, pl.DataType]] = {
    "people": {
        "person_id": pl.String(),
        "service": pl.String(),
        "sex": pl.String(),
        "ethnicity": pl.String(),
        "date_of_birth": pl.Date(),
    },
    "outcomes": {
        "outcome_id": pl.String(),
        "person_id": pl.String(),
        "service": pl.String(),
        "offence_date": pl.Date(),
        "outcome_date": pl.Date(),
        "outcome": pl.String(),
        "offence_category": pl.String(),
        "gravity_score": pl.Int8(),
        "end_date": pl.Date(),
        **{name: pl.Boolean() for name in KPI_COLUMNS},
    },
    "population": {
        "service": pl.String(),
        "year": pl.Int32(),
        "sex": pl.String(),
        "ethnicity": pl.String(),
        "age": pl.Int8(),
        "count": pl.Int64(),
    },
}
MAX_PROBLEMS = MAX_LISTED  # listed in full; beyond this, a count
# The longest text each free-text column may hold, in characters: the database columns' sizes
# (yjqa.web.indicators.models), so that SQLite and PostgreSQL refuse the same values.
MAX_LENGTHS: Mapping[str, int] = {"person_id": 64, "outcome_id": 64}


@dataclass(frozen=True)
class IndicatorData:
    """The three tables, typed as in SCHEMAS."""

    people: pl.DataFrame
    outcomes: pl.DataFrame
    population: pl.DataFrame

    def for_services(self, services: Sequence[str]) -> IndicatorData:
        keep = pl.col("service").is_in(list(services))
        return IndicatorData(
            self.people.filter(keep), self.outcomes.filter(keep), self.population.filter(keep)
        )


# --- Reading -----------------------------------------------------------------------------------


def read_indicator_data(directory: Path) -> IndicatorData:
    """Read people, outcomes and population files (.csv, .parquet or .xlsx) from a folder."""
    paths = {table: _find(directory, table) for table in TABLES}
    tables = {table: read_table(paths[table], table) for table in TABLES}
    data = IndicatorData(tables["people"], tables["outcomes"], tables["population"])
    check_links(data, str(paths["outcomes"]), first_row=_first_row(paths["outcomes"]))
    return data


def _first_row(path: Path) -> int:
    """The row number of a file's first data row (after the header; Parquet has none)."""
    return 1 if path.suffix == ".parquet" else 2


def _find(directory: Path, table: Table) -> Path:
    if not directory.is_dir():
        raise InputError([Problem("DATA_DIR", f"{directory} is not a folder")])
    for suffix in SUFFIXES:
        path = directory / f"{table}{suffix}"
        if path.exists():
            return path
    raise InputError(
        [Problem("DATA_DIR", f"no {table}.csv, {table}.parquet or {table}.xlsx in {directory}")]
    )


def read_table(
    path: Path, table: Table, source: str | None = None, *, limits: UploadLimits | None = None
) -> pl.DataFrame:
    """One table from a file, checked and typed; InputError lists every problem found.

    The upload limits (`limits`, else those in force) come first: the file's size, an Excel
    file's unpacked size (from its zip directory, before fastexcel opens it), a Parquet
    file's row count (from its footer, before its data is read), then the rows read."""
    source = source or str(path)
    limits = limits or current()
    check_file(path, source, limits)
    try:
        if path.suffix.lower() == ".parquet" and _parquet_rows(path) > limits.rows:
            raise InputError([Problem("", rows_problem(limits.rows))], source)
        raw = _read_raw(path)
    except NotUtf8Error as error:
        raise InputError([Problem("", str(error))], source) from None
    except (OSError, pl.exceptions.PolarsError, ValueError, FastExcelError) as error:
        raise InputError([Problem("(file)", f"cannot be read: {error}")], source) from None
    if raw.height > limits.rows:
        raise InputError([Problem("", rows_problem(limits.rows))], source)
    return parse_table(raw, table, source, first_row=_first_row(path))


def _parquet_rows(path: Path) -> int:
    """The rows a Parquet file's footer declares, without reading its data."""
    return int(pl.scan_parquet(path).select(pl.len()).collect().item())


def _read_raw(path: Path) -> pl.DataFrame:
    """Every cell as text (Parquet keeps its own types, cast to text for the same checks)."""
    suffix = path.suffix.lower()
    if suffix == ".csv":
        # Decoded strictly first: "utf8-lossy" would store a Latin-1 file's letters garbled.
        text = decode_utf8(path.read_bytes())
        return pl.read_csv(io.BytesIO(text.encode("utf-8")), infer_schema=False)
    if suffix == ".parquet":
        frame = pl.read_parquet(path)
        return frame.with_columns(pl.all().cast(pl.String))
    if suffix == ".xlsx":
        frame = pl.read_excel(path, infer_schema_length=0)
        return frame.with_columns(pl.all().cast(pl.String))
    raise ValueError(f"{path.name}: use a .csv, .parquet or .xlsx file")


def parse_table(
    raw: pl.DataFrame, table: Table, source: str, *, first_row: int = 2
) -> pl.DataFrame:
    """Check and type a table whose cells are text. `first_row` is the data's first row number."""
    header = [str(c).strip().lower() for c in raw.columns]
    raw = raw.rename(dict(zip(raw.columns, header, strict=True)))
    required, optional = COLUMNS[table], OPTIONAL[table]
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required and c not in optional]
    if missing or unknown:
        header_problems = []
        if missing:
            header_problems.append(Problem("header", f"missing column(s): {', '.join(missing)}"))
        if unknown:
            header_problems.append(
                Problem(
                    "header",
                    f"unknown column(s): {', '.join(unknown)}; the columns are "
                    f"{', '.join(required + optional)}",
                )
            )
        raise InputError(header_problems, source)
    frame = raw.with_columns(
        pl.col(c).str.strip_chars().replace("", None) for c in raw.columns
    ).with_row_index("_row", offset=first_row)
    parsed: list[pl.Expr] = []
    problems: list[pl.Expr] = []
    for column in (*required, *[c for c in optional if c in header]):
        value, problem = _parse_column(table, column)
        parsed.append(value.alias(column))
        problems.append(problem.alias(column))
    checked = frame.select(pl.col("_row"), *parsed, *[p.name.suffix("__problem") for p in problems])
    cells = _cell_problems(checked, [c for c in checked.columns if c.endswith("__problem")])
    # Out-of-range numbers (a gravity score of 300) become null here; the row rules, which
    # read the unnarrowed values in `checked`, report them.
    typed = checked.select(
        pl.col(c).cast(SCHEMAS[table][c], strict=False)
        for c in checked.columns
        if c in SCHEMAS[table]
    )
    for column, dtype in SCHEMAS[table].items():  # optional columns left out: all empty
        if column not in typed.columns:
            typed = typed.with_columns(pl.lit(None, dtype=dtype).alias(column))
    typed = typed.select(list(SCHEMAS[table]))
    # Every problem in row order (a row's cells left to right, then rules across the row).
    found = _as_problems(
        pl.concat([cells, _row_rules(table, checked)]).sort("_row", maintain_order=True)
    )
    if found:
        raise InputError(found, source)
    return typed


def _code_map(codes: Mapping[str, str]) -> dict[str, str]:
    """Normalised spelling (letters and digits only, lower case) of each code and label."""
    lookup: dict[str, str] = {}
    for code, label in codes.items():
        for text in (code, label):
            lookup["".join(ch for ch in text.casefold() if ch.isalnum())] = code
    return lookup


def _normalised(column: str) -> pl.Expr:
    return pl.col(column).str.to_lowercase().str.replace_all(r"[^a-z0-9]", "")


_TRUE = ["true", "yes", "y", "1", "t"]
_FALSE = ["false", "no", "n", "0", "f"]

_CODES: Mapping[str, Mapping[str, str]] = {
    "sex": SEX,
    "ethnicity": ETHNICITY,
    "outcome": OUTCOME,
    "offence_category": OFFENCE_CATEGORY,
}
_OPTIONAL_VALUES = {"end_date", *KPI_COLUMNS}


def _parse_column(table: Table, column: str) -> tuple[pl.Expr, pl.Expr]:
    """(parsed value, problem message or null) for one column, as Polars expressions."""
    cell = pl.col(column)
    dtype = SCHEMAS[table][column]
    if column in _CODES:
        lookup = _code_map(_CODES[column])
        value = _normalised(column).replace_strict(lookup, default=None, return_dtype=pl.String)
        allowed = ", ".join(_CODES[column])
        bad = pl.format("'{}' is not a known code; use one of: " + allowed, cell)
    elif dtype == pl.Date():
        # Excel date cells and Parquet datetimes arrive as "2025-04-01 00:00:00": a date at
        # midnight is that date (any other time of day is refused).
        day = cell.str.replace(r"[ T]00:00(:00(\.0+)?)?$", "")
        # ISO first, then the UK's day/month/year (never read US-style: see validation.dates).
        value = day.str.to_date("%Y-%m-%d", strict=False).fill_null(
            pl.when(day.str.contains(UK_PATTERN)).then(day.str.to_date(UK_FORMAT, strict=False))
        )
        bad = pl.format("'{}' is not a date: write it as " + DATE_FORMATS, cell)
    elif dtype == pl.Boolean():
        low = cell.str.to_lowercase()
        value = (
            pl.when(low.is_in(_TRUE)).then(True).when(low.is_in(_FALSE)).then(False).otherwise(None)
        )
        bad = pl.format("'{}' is not true or false", cell)
    elif dtype.is_integer():
        value = cell.cast(pl.Int64, strict=False)
        bad = pl.format("'{}' is not a whole number", cell)
    else:
        value = cell
        bad = pl.lit("")
    empty = cell.is_null()
    required = column not in _OPTIONAL_VALUES
    # The field rules (yjqa.core.validation.fields) first: what PostgreSQL cannot store.
    limit = MAX_LENGTHS.get(column)
    too_long = (
        cell.str.len_chars() > limit
        if limit is not None and column not in _CODES
        else pl.lit(False)
    )
    problem = (
        pl.when(cell.str.contains(CONTROL_CHARACTERS))
        .then(pl.lit(CONTROL_MESSAGE))
        .when(too_long)
        .then(
            pl.format(f"is {{}} characters long: at most {limit} are allowed", cell.str.len_chars())
        )
        .when(empty & pl.lit(required))
        .then(pl.lit("is empty"))
        .when(~empty & value.is_null())
        .then(bad)
        .otherwise(None)
    )
    return value, problem


def _cell_problems(frame: pl.DataFrame, problem_columns: list[str]) -> pl.DataFrame:
    """(_row, column, message) of every cell with a problem, in row then column order."""
    return (
        frame.select("_row", *problem_columns)
        .unpivot(index="_row", variable_name="column", value_name="message")
        .drop_nulls("message")
        .sort("_row", maintain_order=True)
    )


def _as_problems(long: pl.DataFrame) -> list[Problem]:
    """Problems from rows of (_row, column, message), capped at MAX_PROBLEMS."""
    total = long.height
    problems = [
        Problem(f"row {row}, column {column.removesuffix('__problem')}", message)
        for row, column, message in long.head(MAX_PROBLEMS).iter_rows()
    ]
    if total > MAX_PROBLEMS:
        problems.append(more_problems(total - MAX_PROBLEMS))
    return problems


def _row_rules(table: Table, checked: pl.DataFrame) -> pl.DataFrame:
    """Rules across a row's cells, and duplicate keys across rows (on the values as parsed)."""
    rows = checked
    rules: list[tuple[str, pl.Expr, str]] = []
    keys: tuple[str, ...]
    if table == "people":
        keys = ("person_id",)
    elif table == "outcomes":
        keys = ("outcome_id",)
        rules += [
            ("gravity_score", ~pl.col("gravity_score").is_between(1, 8), "must be from 1 to 8"),
            (
                "offence_date",
                pl.col("offence_date") > pl.col("outcome_date"),
                "is after the outcome date",
            ),
            ("end_date", pl.col("end_date") < pl.col("outcome_date"), "is before the outcome date"),
        ]
    else:
        keys = ("service", "year", "sex", "ethnicity", "age")
        rules += [
            ("year", ~pl.col("year").is_between(1900, 2200), "is not a year"),
            ("age", ~pl.col("age").is_between(10, 17), "must be from 10 to 17"),
            ("count", pl.col("count") < 0, "cannot be negative"),
        ]
    parts = [
        rows.filter(condition.fill_null(False)).select(
            "_row", pl.lit(column).alias("column"), pl.lit(message).alias("message")
        )
        for column, condition, message in rules
    ]
    duplicate = pl.struct(list(keys)).is_duplicated() & pl.all_horizontal(
        pl.col(k).is_not_null() for k in keys
    )
    parts.append(
        rows.filter(duplicate).select(
            "_row",
            pl.lit(keys[0] if len(keys) == 1 else "+".join(keys)).alias("column"),
            pl.lit("appears on more than one row").alias("message"),
        )
    )
    return pl.concat(parts).sort("_row", maintain_order=True)


def check_links(data: IndicatorData, source: str, *, first_row: int = 2) -> None:
    """Every outcome's person is in the people file, in the same service."""
    people = data.people.select("person_id", pl.col("service").alias("person_service"))
    joined = (
        data.outcomes.select("outcome_id", "person_id", "service")
        .with_row_index("_row", offset=first_row)
        .join(people, on="person_id", how="left")
    )
    missing = joined.filter(pl.col("person_service").is_null()).select(
        "_row",
        pl.lit("person_id").alias("column"),
        pl.format("no person '{}' in the people file", "person_id").alias("message"),
    )
    elsewhere = joined.filter(
        pl.col("person_service").is_not_null() & (pl.col("person_service") != pl.col("service"))
    ).select(
        "_row",
        pl.lit("service").alias("column"),
        pl.format("the person belongs to {}, not {}", "person_service", "service").alias("message"),
    )
    found = _as_problems(pl.concat([missing, elsewhere]).sort("_row", maintain_order=True))
    if found:
        raise InputError(found, source)


# --- Writing -----------------------------------------------------------------------------------


def write_indicator_data(data: IndicatorData, directory: Path, fmt: str = "csv") -> list[Path]:
    """Write the three tables as people.csv, outcomes.csv and population.csv (or .parquet)."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for table in TABLES:
        frame: pl.DataFrame = getattr(data, table)
        path = directory / f"{table}.{fmt}"
        if fmt == "parquet":
            frame.write_parquet(path)
        elif fmt == "csv":
            frame.write_csv(path, date_format="%Y-%m-%d")
        else:
            raise ValueError(f"unknown format {fmt}: use csv or parquet")
        written.append(path)
    return written
