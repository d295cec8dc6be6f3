"""What a published report or ratings CSV row holds, as read."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

# The frameworks scored out of 36, whose rules the consistency check applies in full (and whose
# inspections the benchmark counts together).
SUPPORTED_FRAMEWORKS = ("hmip-youth-2018", "hmip-youth-2021")
# HMIP's 2025 framework: its reports are read, and checked by its provisional rules; the
# benchmark keeps its inspections apart from the others.
FRAMEWORK_2025 = "hmip-youth-2025"
CASE_DOMAINS = ("court", "oocd", "resettlement")
CASE_POPULATIONS_2025 = ("children", "victims")  # 2025 reports' cases
REPORT_SUFFIXES = (".pdf", ".txt", ".md", ".html", ".htm")

Warn = Callable[[str], None]


# --------------------------------------------------------------------------------------------
# What a report gives


@dataclass(frozen=True)
class Recommendation:
    """One numbered recommendation and the body it is addressed to."""

    addressee: str | None
    text: str
    number: int | None = None


@dataclass
class ImportedReport:
    """What one published report prints. None (or empty) wherever it was not read."""

    source: str
    service: str | None = None
    framework: str | None = None
    # 2025 framework only: children_and_victims or full; None before 2025 (or not told).
    inspection_type: str | None = None
    fieldwork: str | None = None  # YYYY-MM
    published: str | None = None  # YYYY-MM, or YYYY-MM-DD where the day is printed
    overall: str | None = None
    score: int | None = None
    max_score: int | None = None
    # 2025 framework only: every broad area the inspection rates; None where no rating was read.
    areas: dict[str, str | None] = field(default_factory=dict)
    # Every standard of the framework, in its order; None where no rating was read.
    standards: dict[str, str | None] = field(default_factory=dict)
    # Every case-assessed standard: figures in key-question order (None for one that could
    # not be read); None where no figures were read at all.
    key_questions: dict[str, list[int | None] | None] = field(default_factory=dict)
    # Cases inspected: by domain (court, oocd, resettlement) before 2025; children's and
    # victims' cases (children, victims) on the 2025 framework.
    cases: dict[str, int | None] = field(default_factory=lambda: dict.fromkeys(CASE_DOMAINS))
    recommendations: list[Recommendation] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # What the report should print but could not be read: field names such as "published",
    # "standards.3.3", "key_questions.3.3", "cases.victims", "areas.work_with_victims".
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        """Everything the report should print was read (False for a text cut short)."""
        return not self.missing


@dataclass(frozen=True)
class Consistency:
    """The rating rules applied to what a report (or CSV row) says."""

    problems: tuple[str, ...] = ()
    unchecked: tuple[str, ...] = ()  # what could not be checked, and why
    checked: int = 0  # how many checks were run
    # The rules applied are provisional defaults (the 2025 framework's area and overall rules,
    # which HMIP has not published): a problem is a disagreement with yjqa's default.
    provisional: bool = False

    @property
    def ok(self) -> bool:
        """No problems, and at least one check was run: nothing checked is never "ok"."""
        return not self.problems and self.checked > 0

    @property
    def nothing_checked(self) -> bool:
        return self.checked == 0 and not self.problems


@dataclass
class BenchmarkRecord:
    """One inspection's published result, for the national benchmark table."""

    service: str | None
    framework: str | None
    fieldwork: str | None  # YYYY-MM, where known
    year: int | None  # of fieldwork, or of publication where fieldwork is not known
    published: str | None  # ISO date (YYYY-MM-DD) or month (YYYY-MM)
    overall: str | None
    score: int | None
    max_score: int | None
    standards: dict[str, str]  # only the ratings that were read
    source: Literal["report", "csv"]
    problems: list[str]
    reference: str | None = None  # the report file, or the report's web address
    notes: list[str] = field(default_factory=list)
    inspection_type: str | None = None  # 2025 framework: children_and_victims or full
    areas: dict[str, str] = field(default_factory=dict)  # 2025 framework: only those read


@dataclass
class CsvRow:
    """One row of the ratings CSV, as read; `problems` lists every rule it breaks."""

    line: int  # line in the file (the header is line 1)
    service: str
    reference: str | None
    url: str | None
    framework: str | None
    published: str | None
    overall: str | None
    score: int | None
    max_score: int | None
    score_percent: str
    standards: dict[str, str]
    notes: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
