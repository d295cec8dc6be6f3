"""The benchmark's figures: how inspections were rated, overall and standard by standard, and
where one of the service's own inspections sits among them.

Every share is of all the inspections counted in its row, so a row's shares add up to 100%
with its "Not known" ones: a blank in the ratings CSV is not known, never a rating. Entries
that break the rating rules (flagged) are left out unless the filters ask for them.

Inspections on HMIP's 2025 framework are judged by other standards (work with children and
with victims, and organisational delivery in a full inspection) and by other rules (no score),
so they are never counted with the 2018 and 2021 ones: `split_frameworks` parts them, and
their figures (by kind of inspection, by area, by activity and standard) are their own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

from django.db.models import QuerySet

from yjqa.core.frameworks.model import NOT_RATED, Framework
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.records import FRAMEWORK_2025, SUPPORTED_FRAMEWORKS
from yjqa.core.rating.rules import FrameworkRating
from yjqa.web.benchmark.models import BenchmarkEntry

# Both supported frameworks rate with the same four words, best first.
RATINGS: tuple[str, ...] = get_framework(SUPPORTED_FRAMEWORKS[-1]).rating_words()
assert all(
    get_framework(f).rating_words() == RATINGS for f in (*SUPPORTED_FRAMEWORKS, FRAMEWORK_2025)
)
NOT_KNOWN = "Not known"
REQUIRES_IMPROVEMENT = RATINGS[2]
DASH = "\N{EN DASH}"
CATEGORIES: tuple[str, ...] = (*RATINGS, NOT_RATED, NOT_KNOWN)
UNKNOWN_FRAMEWORK = "unknown"  # the filter value for entries whose framework is not known


def framework_label(framework_id: str) -> str:
    if not framework_id:
        return "Framework not known"
    try:
        return f"{get_framework(framework_id).version} framework"
    except KeyError:
        return framework_id


# --------------------------------------------------------------------------------------------
# Filters


@dataclass(frozen=True)
class Filters:
    framework: str = ""  # "" for every framework, a framework id, or UNKNOWN_FRAMEWORK
    year: int | None = None
    include_flagged: bool = False

    def entries(self) -> QuerySet[BenchmarkEntry]:
        entries = BenchmarkEntry.objects.all()
        if self.framework == UNKNOWN_FRAMEWORK:
            entries = entries.filter(framework="")
        elif self.framework:
            entries = entries.filter(framework=self.framework)
        if self.year is not None:
            entries = entries.filter(year=self.year)
        if not self.include_flagged:
            entries = entries.filter(problems=[])
        return entries.order_by("service", "period")

    def query(self) -> dict[str, str]:
        """As GET parameters, for links that keep the filters."""
        query = {"framework": self.framework, "year": "" if self.year is None else str(self.year)}
        if self.include_flagged:
            query["flagged"] = "include"
        return {k: v for k, v in query.items() if v}

    @property
    def frameworks(self) -> tuple[str, ...]:
        """The frameworks whose standards the filters cover."""
        if self.framework in SUPPORTED_FRAMEWORKS:
            return (self.framework,)
        if self.framework in (UNKNOWN_FRAMEWORK, FRAMEWORK_2025):
            return ()
        return SUPPORTED_FRAMEWORKS


def filter_choices() -> tuple[list[tuple[str, str]], list[int]]:
    """The frameworks and years the benchmark holds, for the filter form."""
    held = set(BenchmarkEntry.objects.values_list("framework", flat=True))
    frameworks = [
        (f, framework_label(f)) for f in (*SUPPORTED_FRAMEWORKS, FRAMEWORK_2025) if f in held
    ]
    if "" in held:
        frameworks.append((UNKNOWN_FRAMEWORK, framework_label("")))
    years = BenchmarkEntry.objects.exclude(year=None).values_list("year", flat=True)
    return frameworks, sorted({y for y in years if y is not None}, reverse=True)


def parse_filters(
    params: dict[str, str], choices: tuple[list[tuple[str, str]], list[int]] | None = None
) -> Filters:
    """Filters from GET parameters; a value the benchmark does not hold is ignored."""
    frameworks, years = choices or filter_choices()
    framework = params.get("framework", "")
    if framework not in {f for f, _ in frameworks}:
        framework = ""
    year_text = params.get("year", "")
    year = int(year_text) if year_text.isdigit() and int(year_text) in years else None
    return Filters(framework, year, params.get("flagged") == "include")


# --------------------------------------------------------------------------------------------
# Distributions


@dataclass(frozen=True)
class Distribution:
    """How the inspections in one row were rated: a count for each of CATEGORIES.

    `unrecorded` counts the row's Not known inspections whose source never records the rating
    Requires improvement (the ratings CSV, for a standard): among them, some may well be
    Requires improvement, so that column's count is only a least figure (`cells`)."""

    label: str
    counts: tuple[int, ...]
    unrecorded: int = 0

    @classmethod
    def of(cls, label: str, ratings: Iterable[str | None], *, unrecorded: int = 0) -> Distribution:
        counts = dict.fromkeys(CATEGORIES, 0)
        for rating in ratings:
            counts[rating if rating in counts else NOT_KNOWN] += 1
        return cls(label, tuple(counts.values()), unrecorded)

    @property
    def known(self) -> int:
        """The inspections in the row with a rating (or Not rated) in the source data."""
        return self.total - self.count(NOT_KNOWN)

    def count(self, category: str) -> int:
        return self.counts[CATEGORIES.index(category)]

    @property
    def total(self) -> int:
        return sum(self.counts)

    def percent(self, count: int) -> Fraction | None:
        return Fraction(100 * count, self.total) if self.total else None

    def cells(self, columns: Sequence[str]) -> list[str]:
        """Each column's count and share ("12 (15%)", the share as a whole percentage). Where
        the source could not record Requires improvement for some of the row's inspections, that
        count is a least figure: "at least 2", or "not known" where none is recorded."""
        shown = []
        for column in columns:
            count = self.count(column)
            if column == REQUIRES_IMPROVEMENT and self.unrecorded:
                shown.append(f"at least {count}" if count else "not known")
                continue
            share = self.percent(count)
            shown.append(f"{count} ({DASH if share is None else percent(share)})")
        return shown

    def alt_text(self) -> str:
        parts = [f"{n} {c}" for c, n in zip(CATEGORIES, self.counts, strict=True) if n]
        noun = "inspection" if self.total == 1 else "inspections"
        return f"{self.label}: {self.total} {noun}" + (f" ({', '.join(parts)})" if parts else "")


def columns_for(rows: Iterable[Distribution]) -> tuple[str, ...]:
    """The ratings, then Not rated and Not known only where some row has them."""
    rows = list(rows)
    extra = tuple(c for c in (NOT_RATED, NOT_KNOWN) if any(r.count(c) for r in rows))
    return (*RATINGS, *extra)


@dataclass(frozen=True)
class Table:
    """Rows of distributions and the total row, with the columns they need.

    A row none of whose inspections has a rating in the source data is left out (`missing`):
    its counts would all be 0, which is not what happened, only what is not known."""

    all_rows: tuple[Distribution, ...]
    total: Distribution | None = None

    @property
    def rows(self) -> tuple[Distribution, ...]:
        return tuple(r for r in self.all_rows if r.known or not r.total)

    @property
    def missing(self) -> tuple[Distribution, ...]:
        """Rows with inspections but no rating for any of them in the source data."""
        return tuple(r for r in self.all_rows if r.total and not r.known)

    @property
    def columns(self) -> tuple[str, ...]:
        return columns_for((*self.rows, *([self.total] if self.total else [])))

    @property
    def chart_rows(self) -> tuple[Distribution, ...]:
        return tuple(r for r in self.rows if r.total)

    @property
    def body(self) -> list[tuple[Distribution, list[str]]]:
        """Each row with its cells, for a template."""
        return [(row, row.cells(self.columns)) for row in self.rows]

    @property
    def foot(self) -> tuple[Distribution, list[str]] | None:
        return (self.total, self.total.cells(self.columns)) if self.total else None


def overall_by_year(entries: Sequence[BenchmarkEntry]) -> Table:
    years = sorted({e.year for e in entries if e.year is not None})
    rows = [
        Distribution.of(str(year), (e.overall for e in entries if e.year == year)) for year in years
    ]
    if any(e.year is None for e in entries):
        rows.append(
            Distribution.of("Year not known", (e.overall for e in entries if e.year is None))
        )
    return Table(tuple(rows), Distribution.of("All years", (e.overall for e in entries)))


def overall_by_framework(entries: Sequence[BenchmarkEntry]) -> Table:
    held = [f for f in (*SUPPORTED_FRAMEWORKS, "") if any(e.framework == f for e in entries)]
    rows = [
        Distribution.of(framework_label(f), (e.overall for e in entries if e.framework == f))
        for f in held
    ]
    return Table(tuple(rows), Distribution.of("All frameworks", (e.overall for e in entries)))


# --------------------------------------------------------------------------------------------
# Standards


@dataclass(frozen=True)
class StandardLine:
    """A standard as the benchmark counts it: one id and title, in the frameworks that have
    it. 3.4 is Joint working in 2018 but Out-of-court disposal policy and provision in 2021,
    so those are two lines; 2.1 Assessment is one line for both."""

    standard_id: str
    title: str
    frameworks: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.standard_id if self.shared else f"{self.standard_id}-{self.frameworks[0]}"

    @property
    def shared(self) -> bool:
        return set(self.frameworks) == set(SUPPORTED_FRAMEWORKS)

    @property
    def label(self) -> str:
        only = "" if self.shared else f" ({', '.join(map(framework_label, self.frameworks))})"
        return f"{self.standard_id} {self.title}{only}"

    def applies_to(self, entry: BenchmarkEntry) -> bool:
        # An entry whose framework is not known counts only where both frameworks agree.
        return entry.framework in self.frameworks or (not entry.framework and self.shared)

    def distribution(self, entries: Iterable[BenchmarkEntry]) -> Distribution:
        applying = [e for e in entries if self.applies_to(e)]
        return Distribution.of(
            self.label,
            (e.standards.get(self.standard_id) for e in applying),
            unrecorded=sum(1 for e in applying if _unrecorded(e, self.standard_id)),
        )


def _unrecorded(entry: BenchmarkEntry, standard_id: str) -> bool:
    """Whether the entry has no rating for the standard from a source that never records a
    standard as Requires improvement (the ratings CSV keeps only one-word ratings)."""
    return entry.source == BenchmarkEntry.Source.CSV and standard_id not in entry.standards


def standard_lines() -> list[StandardLine]:
    """Every standard of the supported frameworks, in framework order."""
    found: dict[tuple[str, str], list[str]] = {}
    for framework_id in SUPPORTED_FRAMEWORKS:
        for standard in get_framework(framework_id).iter_standards():
            found.setdefault((standard.id, standard.title), []).append(framework_id)
    lines = [StandardLine(sid, title, tuple(fws)) for (sid, title), fws in found.items()]
    return sorted(lines, key=lambda line: (_id_order(line.standard_id), line.frameworks))


def _id_order(standard_id: str) -> tuple[int, ...]:
    return tuple(int(part) for part in standard_id.split("."))


@dataclass(frozen=True)
class DomainTable:
    domain_id: str
    title: str
    lines: tuple[StandardLine, ...]
    table: Table


def _domains() -> dict[str, str]:
    titles: dict[str, str] = {}
    for framework_id in SUPPORTED_FRAMEWORKS:
        for domain in get_framework(framework_id).domains:
            titles.setdefault(domain.id, domain.title)
    return titles


def standards_by_domain(entries: Sequence[BenchmarkEntry], filters: Filters) -> list[DomainTable]:
    """Each domain's standards with their distributions: court (2.x) and out-of-court (3.x)
    apart, as HMIP rates them apart."""
    in_scope = [
        line
        for line in standard_lines()
        if set(line.frameworks) & set(filters.frameworks)
        or (filters.framework == UNKNOWN_FRAMEWORK and line.shared)
    ]
    tables = []
    for domain_id, title in _domains().items():
        lines = tuple(line for line in in_scope if line.standard_id.split(".")[0] == domain_id)
        if not lines:
            continue
        rows = tuple(line.distribution(entries) for line in lines)
        tables.append(DomainTable(domain_id, title, lines, Table(rows)))
    return tables


# --------------------------------------------------------------------------------------------
# What the source data does not give


def _and(ids: Sequence[str]) -> str:
    return ids[0] if len(ids) == 1 else ", ".join(ids[:-1]) + " and " + ids[-1]


@dataclass(frozen=True)
class MissingStandards:
    """The standards of one framework that none of its inspections here has a rating for in
    the source data (`missing`), and those only some have (`partly`)."""

    framework: str  # a framework id, or "" where the framework is not known
    inspections: int
    standards: int  # how many standards the framework has
    missing: tuple[str, ...]
    partly: tuple[str, ...]

    @property
    def whose(self) -> str:
        noun = "inspection" if self.inspections == 1 else "inspections"
        if not self.framework:
            return f"the {self.inspections} {noun} whose framework is not known"
        return f"the {self.inspections} {noun} on the {framework_label(self.framework)}"

    @property
    def sentence(self) -> str:
        """In plain words: "6 of 13 standards are missing from the source data for the 74
        inspections on the 2021 framework: 2.1, 2.2, 2.3, 3.1, 3.2 and 3.3." """
        parts = []
        if self.missing:
            are = "standard is" if len(self.missing) == 1 else "standards are"
            parts.append(
                f"{len(self.missing)} of {self.standards} {are} missing from the source data "
                f"for {self.whose}: {_and(self.missing)}."
            )
        if self.partly:
            these = "these" if self.missing else self.whose
            parts.append(
                f"For {'another' if self.missing else ''} {len(self.partly)} "
                f"{'standard' if len(self.partly) == 1 else 'standards'} ({_and(self.partly)}) "
                f"some of {these} have no rating in the source data."
            )
        return " ".join(" ".join(p.split()) for p in parts)


def _applying(
    entries: Sequence[BenchmarkEntry], framework_id: str, standard_id: str
) -> list[BenchmarkEntry]:
    """The entries that rate the standard: on the 2025 framework, those whose kind of
    inspection rates its area (organisational delivery only in a full inspection)."""
    if framework_id != FRAMEWORK_2025:
        return list(entries)
    framework = get_framework(FRAMEWORK_2025)
    areas = [
        area.id
        for area in framework.areas
        for domain in framework.domains
        if domain.id in area.domains and any(s.id == standard_id for s in domain.standards)
    ]
    return [e for e in entries if any(_rates(e, a, framework) for a in areas)]


def standards_of(entry: BenchmarkEntry) -> set[str]:
    """The standards an entry could have a rating for: its framework's (on the 2025 framework,
    those of the areas its kind of inspection rates), or, where its framework is not known,
    those both earlier frameworks share."""
    if not entry.framework:
        return {line.standard_id for line in standard_lines() if line.shared}
    try:
        ids = [s.id for s in get_framework(entry.framework).iter_standards()]
    except KeyError:
        return set()
    return {sid for sid in ids if _applying([entry], entry.framework, sid)}


def missing_standards(entries: Sequence[BenchmarkEntry]) -> list[MissingStandards]:
    """For each framework the entries are on, the standards the source data does not give:
    for none of its inspections, or for only some. Entries whose framework is not known count
    for the standards both frameworks share."""
    found = []
    for framework_id in (*SUPPORTED_FRAMEWORKS, "", FRAMEWORK_2025):
        on = [e for e in entries if e.framework == framework_id]
        if not on:
            continue
        if framework_id:
            ids = [s.id for s in get_framework(framework_id).iter_standards()]
        else:
            ids = list(dict.fromkeys(line.standard_id for line in standard_lines() if line.shared))
        applying = {sid: _applying(on, framework_id, sid) for sid in ids}
        rated = {sid: sum(1 for e in applying[sid] if sid in e.standards) for sid in ids}
        missing = tuple(sid for sid in ids if applying[sid] and not rated[sid])
        partly = tuple(sid for sid in ids if 0 < rated[sid] < len(applying[sid]))
        if missing or partly:
            found.append(MissingStandards(framework_id, len(on), len(ids), missing, partly))
    return found


# --------------------------------------------------------------------------------------------
# Where an inspection sits


@dataclass(frozen=True)
class Position:
    """One of the service's ratings beside the national distribution of that rating."""

    label: str
    yours: str | None  # None where the inspection has not rated it yet
    distribution: Distribution

    @property
    def comparable(self) -> bool:
        return self.yours in RATINGS

    def _ratings(self, better: bool, worse: bool, same: bool) -> int:
        assert self.yours is not None
        mine = RATINGS.index(self.yours)
        return sum(
            self.distribution.count(rating)
            for index, rating in enumerate(RATINGS)
            if (index < mine and better) or (index == mine and same) or (index > mine and worse)
        )

    @property
    def higher(self) -> int:
        return self._ratings(better=True, worse=False, same=False)

    @property
    def same(self) -> int:
        return self._ratings(better=False, worse=False, same=True)

    @property
    def same_or_lower(self) -> int:
        return self._ratings(better=False, worse=True, same=True)

    @property
    def compared(self) -> int:
        """The inspections this rating is set against: all but the Not rated ones."""
        return self.distribution.total - self.distribution.count(NOT_RATED)

    @property
    def not_known(self) -> int:
        return self.distribution.count(NOT_KNOWN)

    def share(self, count: int) -> Fraction | None:
        return Fraction(100 * count, self.compared) if self.compared else None

    def _least(self, better: bool) -> str:
        """How many were rated higher (or the same), as far as it is known: with ratings not
        known, only a least figure; with none known, no figure."""
        if not self.comparable or not self.compared or self.not_known == self.compared:
            return DASH
        count = self.higher if better else self.same
        if not self.not_known:
            return str(count)
        return f"at least {count}" if count else "none known"

    @property
    def higher_text(self) -> str:
        return self._least(better=True)

    @property
    def same_text(self) -> str:
        return self._least(better=False)

    @property
    def sentence(self) -> str:
        if not self.comparable:
            return "Not rated in this inspection, so not compared."
        if not self.compared:
            return "No inspection in the benchmark is rated on this."
        if self.not_known == self.compared:
            return (
                f"Missing from the source data for all {self.compared} inspections in the "
                "benchmark that it applies to, so not compared."
            )
        count = self.same_or_lower
        share = self.share(count)
        assert share is not None and self.yours is not None
        lowest = self.yours == RATINGS[-1]
        what = f"rated {self.yours}" if lowest else f"rated {self.yours} or lower"
        text = (
            f"{percent(share)} of inspections nationally ({count} of {self.compared}) were {what}"
        )
        if self.not_known:
            text = f"At least {text}: for {self.not_known} of them the rating is not known"
        return text + "."


def percent(value: Fraction) -> str:
    """A share to the nearest whole percent (half up), as the rating rules round."""
    return f"{int(value + Fraction(1, 2))}%"


def positions(
    entries: Sequence[BenchmarkEntry], rating: FrameworkRating, framework: Framework
) -> tuple[Position, list[Position]]:
    """The inspection's overall rating and each standard's, beside the national figures."""
    overall = Position(
        "Overall rating",
        rating.overall,
        Distribution.of("Overall rating", (e.overall for e in entries)),
    )
    lines = {
        (line.standard_id, line.title): line
        for line in standard_lines()
        if framework.id in line.frameworks
    }
    standards = []
    for result in rating.standards:
        line = lines[(result.standard_id, framework.standard(result.standard_id).title)]
        yours = result.rating if result.rating in RATINGS else None
        standards.append(Position(line.label, yours, line.distribution(entries)))
    return overall, standards


# --------------------------------------------------------------------------------------------
# The 2025 framework, apart

KIND_LABELS = {
    "children_and_victims": "Inspections of work with children and victims",
    "full": "Full inspections",
    "": "Kind of inspection not known",
}


def split_frameworks(
    entries: Iterable[BenchmarkEntry],
) -> tuple[list[BenchmarkEntry], list[BenchmarkEntry]]:
    """The 2018 and 2021 entries (and those whose framework is not known), and the 2025 ones:
    never counted together."""
    earlier: list[BenchmarkEntry] = []
    newer: list[BenchmarkEntry] = []
    for entry in entries:
        (newer if entry.framework == FRAMEWORK_2025 else earlier).append(entry)
    return earlier, newer


def overall_by_kind(entries: Sequence[BenchmarkEntry]) -> Table:
    """2025 inspections' overall ratings, by kind of inspection."""
    kinds = [k for k in KIND_LABELS if any(e.inspection_type == k for e in entries)]
    rows = [
        Distribution.of(KIND_LABELS[k], (e.overall for e in entries if e.inspection_type == k))
        for k in kinds
    ]
    return Table(tuple(rows), Distribution.of("All 2025 inspections", (e.overall for e in entries)))


def _rates(entry: BenchmarkEntry, area_id: str, framework: Framework) -> bool:
    """Whether an entry's kind of inspection rates this area (where the kind is not known,
    whether it printed a rating for it)."""
    if entry.inspection_type in {t.id for t in framework.inspection_types}:
        return area_id in {a.id for a in framework.areas_for(entry.inspection_type)}
    return area_id in entry.areas


def areas_2025(entries: Sequence[BenchmarkEntry]) -> Table:
    """Each 2025 area's ratings, over the inspections whose kind rates it."""
    framework = get_framework(FRAMEWORK_2025)
    rows = tuple(
        Distribution.of(
            area.title,
            (e.areas.get(area.id) for e in entries if _rates(e, area.id, framework)),
        )
        for area in framework.areas
    )
    return Table(rows)


def standards_2025(entries: Sequence[BenchmarkEntry]) -> Table:
    """Each 2025 standard's ratings (the activities, V1, and the organisational standards
    where reports print them), over the inspections whose kind rates its area."""
    framework = get_framework(FRAMEWORK_2025)
    rows = []
    for area in framework.areas:
        for domain in framework.domains:
            if domain.id not in area.domains:
                continue
            for standard in domain.standards:
                rows.append(
                    Distribution.of(
                        f"{standard.id} {standard.title} ({area.title.lower()})",
                        (
                            e.standards.get(standard.id)
                            for e in entries
                            if _rates(e, area.id, framework)
                        ),
                    )
                )
    return Table(tuple(rows))


@dataclass(frozen=True)
class Newest:
    """The benchmark's newest inspection, by publication (or, where none is dated, fieldwork)."""

    service: str
    when: str  # "March 2026"
    published: bool  # False where only the fieldwork month is known


def _month_words(text: str) -> str:
    months = (
        *("January", "February", "March", "April", "May", "June", "July", "August"),
        *("September", "October", "November", "December"),
    )
    return f"{months[int(text[5:7]) - 1]} {text[:4]}"


def newest_inspection(entries: Iterable[BenchmarkEntry]) -> Newest | None:
    entries = list(entries)
    dated = [e for e in entries if len(e.published) >= 7]
    if dated:
        entry = max(dated, key=lambda e: (e.published[:7], e.published))
        return Newest(entry.service, _month_words(entry.published), True)
    by_fieldwork = [e for e in entries if len(e.fieldwork) == 7]
    if by_fieldwork:
        entry = max(by_fieldwork, key=lambda e: e.fieldwork)
        return Newest(entry.service, _month_words(entry.fieldwork), False)
    return None
