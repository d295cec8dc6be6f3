"""The third-party ratings CSV (data-to-insight's scrape), read and checked."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from pathlib import Path

from yjqa.core.frameworks.model import NOT_RATED
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.benchmark_records import to_benchmark_record
from yjqa.core.published_reports.consistency import _score_problems
from yjqa.core.published_reports.records import SUPPORTED_FRAMEWORKS, BenchmarkRecord, CsvRow
from yjqa.core.published_reports.text import _canonical_rating
from yjqa.core.validation.fields import NotUtf8Error, decode_utf8, text_problem
from yjqa.core.validation.limits import UploadLimits, check_file, current, rows_problem
from yjqa.core.validation.problems import InputError, Problem

# --------------------------------------------------------------------------------------------
# The third-party ratings CSV (data-to-insight's scrape)


@dataclass
class CsvImport:
    """The ratings CSV: rows that pass the rules become records; the rest are rejected."""

    source: str
    rows: list[CsvRow]
    unused_columns: dict[str, str]  # column -> why it is not used

    @property
    def rejected(self) -> list[CsvRow]:
        return [row for row in self.rows if row.problems]

    @property
    def records(self) -> list[BenchmarkRecord]:
        return [to_benchmark_record(row) for row in self.rows if not row.problems]


CSV_COLUMNS = ("la_name", "score_%", "overall_rating", "publication_date")
CSV_OPTIONAL_COLUMNS = ("la_ref", "report_url")
# Column -> standard id: only where one standard of either framework has that title.
CSV_STANDARD_COLUMNS = {
    "governance_and_leadership": "1.1",
    "staff": "1.2",
    "partnerships_and_services": "1.3",
    "information_and_facilities": "1.4",
    "reviewing": "2.4",
    "joint_working": "3.4",  # 2018 framework
    "outofcourt_disposal_policy_and_provision": "3.4",  # 2021 framework
    "resettlement_policy_and_provision": "4.1",  # 2021 framework
}
CSV_AMBIGUOUS_COLUMNS = {
    "assessment": "one column for both 2.1 (court) and 3.1 (out-of-court) Assessment",
    "planning": "one column for both 2.2 (court) and 3.2 (out-of-court) Planning",
    "implementation_and_delivery": (
        "one column for both 2.3 (court) and 3.3 (out-of-court) Implementation and delivery"
    ),
    "policy_and_provision": (
        "could be 3.4 Out-of-court disposal or 4.1 Resettlement policy and provision"
    ),
}
# Reports are taken to be published within this long of their fieldwork's end: how a CSV row
# with no standard that only one framework has is placed by its publication date.
PUBLICATION_LAG = timedelta(days=365)


def read_ratings_csv(path: Path, *, limits: UploadLimits | None = None) -> CsvImport:
    """Read the ratings CSV; check every row by the rating rules (docs/report-import.md).
    A file over the upload limits (`limits`, else those in force: size, then rows) is an
    InputError naming it."""
    source = str(path)
    limits = limits or current()
    check_file(path, source, limits)
    try:
        text = decode_utf8(path.read_bytes())
    except FileNotFoundError:
        raise InputError([Problem("", "no such file")], source) from None
    except NotUtf8Error as exc:
        raise InputError([Problem("", str(exc))], source) from None
    except OSError as exc:
        raise InputError([Problem("", f"cannot be read as UTF-8 text ({exc})")], source) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = [h.strip() for h in (reader.fieldnames or [])]
    except csv.Error as exc:
        raise InputError([Problem("header", f"malformed CSV ({exc})", line=1)], source) from None
    if not header:
        raise InputError([Problem("", "is empty: no header row")], source)
    unnamed = [
        Problem("header", f"column {number}'s name {problem}", line=1)
        for number, name in enumerate(header, 1)
        if (problem := text_problem(name)) is not None
    ]
    if unnamed:
        raise InputError(unnamed, source)
    missing = [c for c in (*CSV_COLUMNS, *CSV_STANDARD_COLUMNS) if c not in header]
    if missing:
        raise InputError(
            [Problem("header", f"missing column '{c}'", line=1) for c in missing], source
        )
    reader.fieldnames = header
    rows = []
    line = 1
    try:
        for line, raw in enumerate(reader, 2):
            if line - 1 > limits.rows:
                raise InputError([Problem("", rows_problem(limits.rows))], source)
            cells = {k: (v or "").strip() for k, v in raw.items() if k is not None}
            broken = _clean_cells(cells)
            row = _csv_row(line, cells)
            row.problems[:0] = broken
            rows.append(row)
    except csv.Error as exc:
        # A field over the csv module's limit, say: the row after the last one read.
        raise InputError(
            [Problem(f"row {line + 1}", f"malformed CSV ({exc}); the file was not imported")],
            source,
        ) from None
    unused = {c: why for c, why in CSV_AMBIGUOUS_COLUMNS.items() if c in header}
    unused |= {
        c: "not a column yjqa knows"
        for c in header
        if c not in (*CSV_COLUMNS, *CSV_OPTIONAL_COLUMNS, *CSV_STANDARD_COLUMNS, *unused)
    }
    return CsvImport(source, rows, unused)


def _clean_cells(cells: dict[str, str]) -> list[str]:
    """Each cell that breaks the field rules (a control character such as NUL, which
    PostgreSQL cannot store even in a problem's text), with those characters taken out."""
    broken = []
    for column, value in cells.items():
        problem = text_problem(value)
        if problem is not None:
            broken.append(f"{column} {problem}")
            cells[column] = "".join(ch for ch in value if text_problem(ch) is None)
    return broken


def _csv_row(line: int, raw: dict[str, str]) -> CsvRow:
    problems: list[str] = []
    notes: list[str] = []
    name = raw.get("la_name", "")
    service = re.sub(r"^An inspection of\s+", "", name, flags=re.I)
    if re.search(r"\s+-\s+JI$", service):
        service = re.sub(r"\s+-\s+JI$", "", service)
        notes.append("a joint inspection (marked ' - JI' in the CSV)")
    if not service:
        problems.append("la_name is empty")
    published: str | None = None
    when = raw.get("publication_date", "")
    for fmt in ("%d/%m/%y", "%d/%m/%Y", "%Y-%m-%d"):
        try:
            published = datetime.strptime(when, fmt).date().isoformat()
            break
        except ValueError:
            continue
    if published is None:
        problems.append(f"publication_date '{when}' is not a date (DD/MM/YY)")

    standards: dict[str, str] = {}
    for column, standard_id in CSV_STANDARD_COLUMNS.items():
        value = raw.get(column, "")
        if not value:
            continue  # blank: not read by the scrape, which drops two-word ratings; unknown
        rating = _canonical_rating(value)
        if rating is None:
            problems.append(f"{column} '{value}' is not a rating")
        elif standard_id in standards and standards[standard_id] != rating:
            problems.append(
                f"{standard_id} is given twice, as {standards[standard_id]} and {rating}"
            )
        else:
            standards[standard_id] = rating

    framework_id, why = _csv_framework(raw, published)
    if why:
        (notes if framework_id or "both" not in why else problems).append(why)
    candidates = (
        [get_framework(framework_id)]
        if framework_id
        else [get_framework(f) for f in SUPPORTED_FRAMEWORKS]
    )
    rules = candidates[0].rating_rules
    max_score = candidates[0].max_score()
    if any(c.rating_rules != rules or c.max_score() != max_score for c in candidates[1:]):
        rules, max_score = None, None  # never the case for the two HMIP youth frameworks

    overall_word = raw.get("overall_rating", "")
    overall = _canonical_rating(overall_word)
    if overall is None or overall == NOT_RATED:
        shown = overall_word if len(overall_word) <= 60 else overall_word[:57] + "..."
        problems.append(f"overall_rating '{shown}' is not a rating")
        overall = None

    score: int | None = None
    percent = raw.get("score_%", "")
    try:
        share = Decimal(percent)
    except InvalidOperation:
        problems.append(f"score_% '{percent}' is not a number")
    else:
        if max_score and share.is_finite():
            points = share * max_score / 100
            nearest = int(points.to_integral_value())
            # The CSV rounds to 2 decimal places: a whole score is within 0.005% of it.
            if abs(Decimal(nearest) * 100 / max_score - share) > Decimal("0.005"):
                problems.append(
                    f"score_% {percent} is not a whole score out of {max_score} "
                    f"({points:.2f} points)"
                )
            else:
                score = nearest
    if rules is not None and max_score is not None:
        framework = candidates[0]
        unchecked: list[str] = []
        problems.extend(_score_problems(standards, score, None, overall, framework, unchecked))
    return CsvRow(
        line=line,
        service=service,
        reference=raw.get("la_ref") or None,
        url=raw.get("report_url") or None,
        framework=framework_id,
        published=published,
        overall=overall,
        score=score,
        max_score=max_score,
        score_percent=percent,
        standards=standards,
        notes=notes,
        problems=problems,
    )


def _csv_framework(raw: dict[str, str], published: str | None) -> tuple[str | None, str | None]:
    marks = set()
    if raw.get("joint_working"):
        marks.add("hmip-youth-2018")
    if raw.get("outofcourt_disposal_policy_and_provision") or raw.get(
        "resettlement_policy_and_provision"
    ):
        marks.add("hmip-youth-2021")
    if len(marks) == 2:
        return None, "rated on standards of both the 2018 and 2021 frameworks"
    if marks:
        return marks.pop(), None
    if published is None:
        return None, "framework not known: no standard only one framework has, and no date"
    day = date.fromisoformat(published)
    fits = [
        f
        for f in SUPPORTED_FRAMEWORKS
        if (fw := get_framework(f)).valid_from <= day
        and (fw.valid_to is None or day <= fw.valid_to + PUBLICATION_LAG)
    ]
    if len(fits) == 1:
        return fits[0], f"framework from the publication date ({published})"
    return None, (
        f"framework not known: published {published}, when reports on either framework "
        "were appearing, and no standard only one framework has is given"
    )
