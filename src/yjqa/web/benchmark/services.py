"""Importing the national benchmark: a published report, a folder of reports, or the ratings CSV.

The core (`yjqa.core.published_reports`) reads and checks; `read_benchmark_source` turns what it
read into candidate entries, and `do_import_benchmark` writes them all in one transaction. The
benchmark is shared by every service, so no service's role may change it: only the operator
(on the command line) or an installation administrator (a superuser, on the web upload page)
imports it. The audit row (with no service) gives who, the file's name and the counts, not the
entries.

Inspections on HMIP's 2025 framework are entries like the others, with their kind of
inspection and their areas' ratings; the pages count them apart from the 2018 and 2021 ones.

What happens to each candidate (docs/report-import.md, "The national benchmark"):

- it passes the rating rules: imported (new, updated or unchanged);
- it breaks them: stored as a flagged entry, with its problems, and left out of every count;
- it cannot be told apart from other inspections (no service, or no date), or it is the same
  inspection as one already taken from this file or from its published report: not imported,
  with the reason.

A report replaces the CSV's entry for the same inspection (the report prints every rating;
the CSV drops many): the same service, the same framework (or none known), and the CSV's
publication date in the report's publication month or, where the report prints none, within
a year of its fieldwork.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from yjqa.core.published_reports.benchmark_records import to_benchmark_record
from yjqa.core.published_reports.parsing import read_report, read_report_folder
from yjqa.core.published_reports.ratings_csv import PUBLICATION_LAG, read_ratings_csv
from yjqa.core.published_reports.records import REPORT_SUFFIXES, BenchmarkRecord, ImportedReport
from yjqa.core.validation.problems import InputError, Problem
from yjqa.web.audit.trail import Actor, created, record
from yjqa.web.benchmark.models import BenchmarkEntry

NO_FRAMEWORK = "the framework is not known, so the rating rules could not be applied"


@dataclass(frozen=True)
class Candidate:
    """One inspection's published result, read from a file, ready to be written."""

    record: BenchmarkRecord
    source_file: str  # the file's name
    where: str  # "line 8" of the CSV, or the report's file name
    missing: tuple[str, ...] = ()  # a report's: what it should print but was not read
    warnings: tuple[str, ...] = ()  # a report's: what could not be read, and why


@dataclass(frozen=True)
class Unread:
    """A report in a folder that could not be read at all."""

    where: str
    reasons: tuple[str, ...]


@dataclass
class BenchmarkSource:
    """What a path held: candidates in file order, and the files that could not be read."""

    name: str
    kind: Literal["csv", "report", "folder"]
    candidates: list[Candidate]
    unread: list[Unread] = field(default_factory=list)

    @property
    def read(self) -> int:
        return len(self.candidates) + len(self.unread)


HEADER_LIMIT = 64 * 1024  # characters


def is_ratings_csv(path: Path) -> bool:
    """A .csv file, or any text file whose header has the ratings CSV's columns."""
    if path.suffix.lower() == ".csv":
        return True
    if path.suffix.lower() == ".pdf":
        return False
    try:
        with path.open(encoding="utf-8-sig", errors="replace") as handle:
            # A header is short: read no more of a huge file with no line breaks than that.
            header = {cell.strip() for cell in handle.readline(HEADER_LIMIT).split(",")}
    except OSError:
        return False
    return {"la_name", "overall_rating"} <= header


def read_benchmark_source(
    path: Path,
    name: str | None = None,
    progress: Callable[[int, int, Path], None] | None = None,
) -> BenchmarkSource:
    """Read a report file, a folder of reports or the ratings CSV. Raises InputError when the
    path cannot be read at all (a missing file, a CSV without its columns, a file that is not
    a report); a folder's unreadable files are listed instead, and the rest are read.

    `name` is the file's own name where `path` is a copy of it (an upload). `progress(read,
    total, file)` is called after each report of a folder is read (the slow part)."""
    if name is not None:
        return _read_report_as(path, name)
    name = str(path)
    if path.is_dir():
        results = read_report_folder(path, progress)
        if not results:
            suffixes = ", ".join(REPORT_SUFFIXES)
            raise InputError([Problem("", f"holds no report files ({suffixes})")], name)
        source = BenchmarkSource(name, "folder", [])
        for file, result in results:
            if isinstance(result, InputError):
                reasons = tuple(p.describe() for p in result.problems)
                source.unread.append(Unread(file.name, reasons))
            else:
                source.candidates.append(_report_candidate(result, file.name))
        return source
    if not path.exists():
        raise InputError([Problem("", "no such file or folder")], name)
    if is_ratings_csv(path):
        ratings = read_ratings_csv(path)
        candidates = [
            Candidate(to_benchmark_record(row), path.name, f"line {row.line}")
            for row in ratings.rows
        ]
        return BenchmarkSource(name, "csv", candidates)
    return BenchmarkSource(name, "report", [_report_candidate(read_report(path), path.name)])


def _read_report_as(path: Path, name: str) -> BenchmarkSource:
    """An uploaded report, read from its temporary copy, named by its own file name."""
    try:
        report = read_report(path)
    except InputError as error:
        raise InputError(list(error.problems), name) from None
    report.source = name
    return BenchmarkSource(name, "report", [_report_candidate(report, name)])


def _report_candidate(report: ImportedReport, file_name: str) -> Candidate:
    record = to_benchmark_record(report)
    if record.framework is None:
        record.problems.append(NO_FRAMEWORK)
    # A report's reference is the path it was read from on the operator's machine: not kept.
    record.reference = None
    return Candidate(record, file_name, file_name, tuple(report.missing), tuple(report.warnings))


# --------------------------------------------------------------------------------------------
# Who may import


def may_import_benchmark(actor: Actor) -> bool:
    """The operator, or an installation administrator: an active superuser. A service's own
    administrators may not: the benchmark is every service's."""
    if actor.is_operator:
        return True
    user = actor.user
    return user is not None and user.is_active and user.is_superuser


def require_benchmark_import(actor: Actor) -> None:
    if not may_import_benchmark(actor):
        raise PermissionDenied(
            f"{actor.label} may not change the national benchmark: it is shared by every "
            "service, so only the operator or an installation administrator imports it."
        )


# --------------------------------------------------------------------------------------------
# Writing


Status = Literal["new", "updated", "unchanged", "not imported"]


@dataclass(frozen=True)
class Outcome:
    where: str
    service: str
    status: Status
    problems: tuple[str, ...] = ()  # the rules a stored entry breaks, or why it was not imported
    replaced: tuple[str, ...] = ()  # the CSV entries a report replaced

    @property
    def stored(self) -> bool:
        return self.status != "not imported"

    @property
    def flagged(self) -> bool:
        return self.stored and bool(self.problems)


@dataclass(frozen=True)
class ImportResult:
    source: BenchmarkSource
    outcomes: tuple[Outcome, ...]

    @property
    def imported(self) -> list[Outcome]:
        """Stored, and passing the rating rules."""
        return [o for o in self.outcomes if o.stored and not o.problems]

    @property
    def flagged(self) -> list[Outcome]:
        """Stored, but breaking the rating rules: left out of every count."""
        return [o for o in self.outcomes if o.flagged]

    @property
    def not_imported(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.stored]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.imported if o.status == status)


@dataclass(frozen=True)
class ReportDates:
    """What tells a report's inspection apart: blank where not known."""

    service: str
    framework: str
    fieldwork: str
    published: str


def _period(record: BenchmarkRecord) -> str:
    return record.fieldwork or record.published or ""


def _month(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


def same_inspection(
    report: ReportDates, csv_service: str, csv_framework: str, csv_published: str
) -> bool:
    """Whether a CSV entry (service, framework, publication date) is this report's inspection."""
    if not csv_published or csv_service.casefold() != report.service.casefold():
        return False
    if csv_framework and report.framework and csv_framework != report.framework:
        return False
    if report.published:
        return csv_published[:7] == report.published[:7]
    if report.fieldwork:
        start = _month(report.fieldwork)
        return start <= _month(csv_published) <= start + PUBLICATION_LAG
    return False


def _fields(candidate: Candidate) -> dict[str, object]:
    record = candidate.record
    reference = record.reference or ""
    return {
        "fieldwork": record.fieldwork or "",
        "published": record.published or "",
        "year": record.year,
        "overall": record.overall or "",
        "score": record.score,
        "max_score": record.max_score,
        "standards": dict(record.standards),
        "inspection_type": record.inspection_type or "",
        "areas": dict(record.areas),
        "source": record.source,
        "source_file": candidate.source_file,
        "reference": reference if reference.startswith(("https://", "http://")) else "",
        "notes": list(record.notes),
        "problems": list(record.problems),
    }


@transaction.atomic
def do_import_benchmark(
    actor: Actor, source: BenchmarkSource, now: datetime | None = None
) -> ImportResult:
    """Write every candidate that can be told apart into the national benchmark, in one
    transaction: new entries are created, changed ones updated, the same ones left alone."""
    require_benchmark_import(actor)
    now = now or timezone.now()
    outcomes = [Outcome(u.where, "", "not imported", u.reasons) for u in source.unread]
    seen: dict[tuple[str, str, str], str] = {}
    for candidate in source.candidates:
        outcomes.append(_write(candidate, seen, now))
    result = ImportResult(source, tuple(outcomes))
    record(
        actor,
        "import_benchmark",
        service=None,
        object_type="national benchmark",
        # The name alone: the folders above it are the operator's own machine (or, for an
        # upload, the name the administrator's file had).
        object_label=Path(source.name).name,
        changes=created(
            {
                "read": source.read,
                "new": result.count("new"),
                "updated": result.count("updated"),
                "unchanged": result.count("unchanged"),
                "replaced": sum(len(o.replaced) for o in outcomes),
                "flagged": len(result.flagged),
                "not imported": len(result.not_imported),
            }
        ),
    )
    return result


def _write(
    candidate: Candidate,
    seen: dict[tuple[str, str, str], str],
    now: datetime,
) -> Outcome:
    record = candidate.record
    service = (record.service or "").strip()
    framework = record.framework or ""
    period = _period(record)

    def refuse(reason: str) -> Outcome:
        return Outcome(candidate.where, service, "not imported", (reason,))

    if not service:
        return refuse("the service is not known, so it cannot be told apart from other entries")
    if not period:
        return refuse(
            "neither the fieldwork month nor the publication date is known, so it cannot be "
            "told apart from the service's other inspections"
        )
    key = (service.casefold(), framework, period)
    if key in seen:
        return refuse(f"the same inspection as {seen[key]}, which is imported")

    replaced: list[str] = []
    if record.source == "csv":
        stored = [
            ReportDates(e.service, e.framework, e.fieldwork, e.published)
            for e in BenchmarkEntry.objects.filter(source="report", service__iexact=service)
        ]
        published = record.published or ""
        if any(same_inspection(r, service, framework, published) for r in stored):
            return refuse("already in the benchmark from its published report")
    else:
        dates = ReportDates(service, framework, record.fieldwork or "", record.published or "")
        for row in BenchmarkEntry.objects.filter(source="csv", service__iexact=service):
            if same_inspection(dates, row.service, row.framework, row.published):
                replaced.append(
                    f"the {row.source_file} entry for {row.service} published {row.published}"
                )
                row.delete()

    seen[key] = candidate.where
    values = _fields(candidate)
    entry = BenchmarkEntry.objects.filter(
        service__iexact=service, framework=framework, period=period
    ).first()
    if entry is None:
        BenchmarkEntry.objects.create(
            service=service, framework=framework, period=period, imported_at=now, **values
        )
        status: Status = "new"
    elif all(getattr(entry, name) == value for name, value in values.items()):
        status = "unchanged"
    else:
        for name, value in values.items():
            setattr(entry, name, value)
        entry.imported_at = now
        entry.save()
        status = "updated"
    return Outcome(candidate.where, service, status, tuple(record.problems), tuple(replaced))
