"""What a report on HMIP's 2025 framework prints: its kind, its areas' and activities' ratings,
the organisational standards' where printed, and the children's and victims' cases.

A 2025 report is told from its content, never from its title alone: a full inspection keeps
the title of the earlier frameworks ("An inspection of youth justice services in X"). Its
foreword says what was rated ("... across two broad areas: the quality of work done with
children ... and the quality of work done with victims", or "... across three broad areas: the
arrangements for organisational delivery of the service, ..."), and its ratings name the areas
(Work with children, Work with victims, and for a full inspection Organisational delivery),
the activities (Assessing, Planning, Delivery) and, where printed, the organisational standards
("1.1 Governance and leadership").
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from yjqa.core.frameworks.model import Framework, Standard
from yjqa.core.published_reports.records import CASE_POPULATIONS_2025, ImportedReport, Warn
from yjqa.core.published_reports.text import (
    _END_RATING,
    _RATING,
    _letters,
    _Line,
    _number,
    _similarity,
    _whole_rating,
)

CHILDREN_AND_VICTIMS = "children_and_victims"
FULL = "full"


@dataclass(frozen=True)
class Detected:
    """Whether a text is a 2025 report, what kind of inspection it is, and how that was told."""

    is_2025: bool
    inspection_type: str | None = None
    evidence: str = ""


_TITLE_2025 = re.compile(r"inspection of youth justice work with children and victims in", re.I)
_BROAD_AREAS = re.compile(r"across\s+(two|three|2|3)\s+broad\s+areas\s*:([^.]{0,600})", re.I)
_VICTIMS_AREA = re.compile(r"^(?:\d\.?\s+)?Work with victims\s*:?\s*" + _RATING + r"\W*$", re.I)
_ORGANISATIONAL_AREA = re.compile(
    r"^(?:\d\.?\s+)?Organisational delivery\s*:?\s*" + _RATING + r"\W*$", re.I
)


def detect_2025(lines: Sequence[_Line], flat: str, warn: Warn) -> Detected:
    """Tell a 2025 report by its foreword, its title or its ratings, and its kind likewise.

    `lines` include the title (and any page footers); `flat` is the text as running prose.
    """
    by_foreword: str | None = None
    for match in _BROAD_AREAS.finditer(flat):
        areas = match.group(2)
        if not re.search(r"work (?:done )?with victims", areas, re.I):
            continue  # 2018 and 2021 forewords name three broad areas too, without victims
        count = match.group(1).casefold()
        by_foreword = CHILDREN_AND_VICTIMS if count in ("two", "2") else FULL
        break
    by_title = CHILDREN_AND_VICTIMS if any(_TITLE_2025.search(ln.text) for ln in lines) else None
    victims_rated = any(_VICTIMS_AREA.match(ln.text) for ln in lines)
    organisation_rated = any(_ORGANISATIONAL_AREA.match(ln.text) for ln in lines)
    if by_foreword is not None:
        if by_title is not None and by_title != by_foreword:
            warn(
                "inspection_type: the title is that of an inspection of work with children and "
                "victims, but the foreword names three broad areas (a full inspection): the "
                "foreword is taken"
            )
        return Detected(True, by_foreword, "the foreword's broad areas")
    if by_title is not None:
        return Detected(True, by_title, "the title")
    if victims_rated:
        kind = FULL if organisation_rated else None
        if kind is None:
            warn(
                "inspection_type: the foreword, which says what was rated, was not read, and "
                "no rating for organisational delivery was found, so the kind of inspection "
                "is not known"
            )
        return Detected(True, kind, "a rating for work with victims")
    return Detected(False)


# --------------------------------------------------------------------------------------------
# Ratings


@dataclass(frozen=True)
class _Label:
    key: str  # "areas.<id>" or "standards.<id>"
    name: str  # as shown in warnings
    pattern: re.Pattern[str]  # the label at the start of a line; group "rest" is what follows
    numbered: bool = False  # told by its number alone: its printed title is in "rest"


_RATING_WORD_ONLY = re.compile(r"(?:Our\s+)?rating\s*:?", re.I)
_NEAR_RATINGS = ("outstanding", "good", "requiresimprovement", "inadequate")


def _labels(framework: Framework) -> list[_Label]:
    labels: list[_Label] = []
    for area in framework.areas:
        title = r"\s+".join(map(re.escape, area.title.split()))
        labels.append(
            _Label(
                f"areas.{area.id}",
                area.title.lower(),
                re.compile(
                    rf"^(?:\d\.?\s+)?(?:the\s+)?(?:quality\s+of\s+)?{title}\b\s*:?\s*(?P<rest>.*)$",
                    re.I,
                ),
            )
        )
    for area in framework.areas:
        members = [s for d in framework.domains if d.id in area.domains for s in d.standards]
        for standard in members:
            number = re.escape(standard.id)
            if len(members) == 1:
                # One standard is the area (V1 is work with victims): only its number tells it.
                pattern = rf"^{number}\b\.?\s+(?P<rest>.*)$"
            elif area.id == "work_with_children" or not re.fullmatch(r"\d\.\d", standard.id):
                # The activities: by title ("Assessing"), with or without their number.
                title = r"\s+".join(map(re.escape, standard.title.split()))
                pattern = rf"^(?:{number}\.?\s+)?{title}\b\s*:?\s*(?P<rest>.*)$"
            else:
                # Organisational standards, whose titles are provisional: by number.
                pattern = rf"^{number}(?![.,]?\d)\.?\s+(?P<rest>.*)$"
            numbered = not pattern.startswith("^(?:")
            name = f"{standard.id} {standard.title}" if numbered else standard.title.lower()
            labels.append(
                _Label(f"standards.{standard.id}", name, re.compile(pattern, re.I), numbered)
            )
    return labels


def _split_rating(rest: str) -> tuple[str, str | None]:
    """A numbered standard's line: its printed title and the rating closing it, if any."""
    whole = _whole_rating(rest)
    if whole is not None:
        return "", whole
    end = _END_RATING.search(" " + rest)
    if end is None:
        return rest, None
    return rest[: max(0, end.start() - 1)].strip(), _whole_rating(end.group(1))


def _looks_like_a_rating(text: str) -> bool:
    words = text.split()
    if not 1 <= len(words) <= 3 or len(text) > 30:
        return False
    letters = _letters(text)
    return any(_similarity(letters, r) >= 0.7 for r in _NEAR_RATINGS)


def _rating_below(lines: Sequence[_Line], index: int) -> str | None:
    """The rating on the line after a label (or after a line "Rating")."""
    k = index + 1
    if k < len(lines) and _RATING_WORD_ONLY.fullmatch(lines[k].text.strip(" .")):
        k += 1
    return _whole_rating(lines[k].text) if k < len(lines) else None


def read_ratings_2025(lines: Sequence[_Line], framework: Framework, report: ImportedReport) -> bool:
    """Every area and standard rating printed, agreeing wherever printed. True if any was."""
    warn = report.warnings.append
    labels = _labels(framework)
    found: dict[str, list[tuple[str, str]]] = {}
    printed_titles: dict[str, set[str]] = {}
    for index, line in enumerate(lines):
        for label in labels:
            match = label.pattern.match(line.text)
            if match is None:
                continue
            rest = match.group("rest").strip()
            if label.numbered:
                title, rating = _split_rating(rest)
                if rating is None and title and _rating_below(lines, index) is not None:
                    rating = _rating_below(lines, index)
                if title and rating is not None:
                    printed_titles.setdefault(label.key, set()).add(title)
            elif not rest:
                rating = _rating_below(lines, index)
            else:
                rating = _whole_rating(rest)
                if rating is None and _looks_like_a_rating(rest):
                    warn(
                        f"{label.name}: printed as '{line.text}' ({line.where}), which cannot "
                        "be read as a rating"
                    )
            if rating is not None:
                found.setdefault(label.key, []).append((rating, line.where))
            break  # one label per line: the first that fits

    kind = framework.inspection_type(report.inspection_type) if report.inspection_type else None
    areas = framework.areas_for(kind.id) if kind else framework.areas
    standards: list[Standard] = [
        s for d in framework.domains if any(d.id in a.domains for a in areas) for s in d.standards
    ]
    for area in areas:
        report.areas[area.id] = _agreed(found.get(f"areas.{area.id}", []), area.title, warn)
    for standard in standards:
        key = f"standards.{standard.id}"
        report.standards[standard.id] = _agreed(
            found.get(key, []), f"{standard.id} {standard.title}", warn
        )
        for title in sorted(printed_titles.get(key, ())):
            if _similarity(_letters(title), _letters(standard.title)) < 0.8:
                warn(
                    f"{standard.id}: printed as '{title}', which the framework (whose "
                    f"organisational standards' names are provisional) calls '{standard.title}'"
                )
    # An area of one standard (work with victims: V1) is that standard: one rating for both.
    for area in areas:
        members = [s for d in framework.domains if d.id in area.domains for s in d.standards]
        if len(members) != 1:
            continue
        only = members[0].id
        if report.standards.get(only) is None and report.areas.get(area.id) is not None:
            report.standards[only] = report.areas[area.id]
        elif report.areas.get(area.id) is None and report.standards.get(only) is not None:
            report.areas[area.id] = report.standards[only]
    return bool(found)


def _agreed(given: list[tuple[str, str]], name: str, warn: Warn) -> str | None:
    distinct = sorted({r for r, _ in given})
    if len(distinct) == 1:
        return distinct[0]
    if distinct:
        shown = "; ".join(f"{r} ({w})" for r, w in given)
        warn(f"{name}: the report gives different ratings ({shown}), so none was read")
    return None


# --------------------------------------------------------------------------------------------
# Cases

_INSPECTED = re.compile(r"\b(?:inspected|examined|looked at|assessed|reviewed)\b", re.I)
_CASES = re.compile(
    r"\b(\d{1,3}|[A-Za-z]+(?:-[A-Za-z]+)?)\s+(children|child|victims|victim)(?:'s|s'|')?"
    r"\s+cases\b",
    re.I,
)


_POSSESSIVE = {"children": "children's", "victims": "victims'"}


def read_cases_2025(flat: str, report: ImportedReport) -> None:
    """Children's and victims' cases inspected: "We inspected 24 children's cases and 12
    victims' cases"."""
    found: dict[str, set[int]] = {}
    for sentence in re.split(r"(?<=[.;])\s+", flat):
        if not _INSPECTED.search(sentence):
            continue
        for match in _CASES.finditer(sentence):
            count = _number(match.group(1))
            if count is None:
                continue
            who = "victims" if match.group(2).casefold().startswith("victim") else "children"
            found.setdefault(who, set()).add(count)
    report.cases = dict.fromkeys(CASE_POPULATIONS_2025)
    for who, counts in found.items():
        if len(counts) == 1:
            report.cases[who] = counts.pop()
        else:
            report.warnings.append(
                f"cases ({who}): the report gives different numbers "
                f"({', '.join(map(str, sorted(counts)))}), so none was read"
            )
    for who in CASE_POPULATIONS_2025:
        said = any(w.startswith(f"cases ({who})") for w in report.warnings)
        if report.cases[who] is None and not said:
            report.warnings.append(
                f"cases ({who}): the number of {_POSSESSIVE[who]} cases was not found"
            )


# --------------------------------------------------------------------------------------------
# What was not read


def missing_2025(report: ImportedReport, framework: Framework) -> list[str]:
    """What a 2025 report should print but was not read, as field names."""
    missing = [
        name
        for name, value in (
            ("service", report.service),
            ("inspection_type", report.inspection_type),
            ("fieldwork", report.fieldwork),
            ("published", report.published),
            ("overall", report.overall),
        )
        if value is None
    ]
    for area_id, rating in report.areas.items():
        # Whether an inspection of unknown kind rated organisational delivery is not known.
        if rating is None and (report.inspection_type or area_id != "organisational_delivery"):
            missing.append(f"areas.{area_id}")
    organisational = {
        s.id
        for area in framework.areas
        if area.id == "organisational_delivery"
        for d in framework.domains
        if d.id in area.domains
        for s in d.standards
    }
    printed_any = any(report.standards.get(s) is not None for s in organisational)
    for standard_id, rating in report.standards.items():
        if rating is not None or (standard_id in organisational and not printed_any):
            continue  # organisational standards are read where printed: missing only in part
        if f"areas.{_area_of(framework, standard_id)}" in missing and _single(
            framework, standard_id
        ):
            continue  # an area of one standard: missing once, as the area
        missing.append(f"standards.{standard_id}")
    missing += [f"cases.{who}" for who, n in report.cases.items() if n is None]
    if not report.recommendations:
        missing.append("recommendations")
    return missing


def _area_of(framework: Framework, standard_id: str) -> str:
    for area in framework.areas:
        for domain in framework.domains:
            if domain.id in area.domains and any(s.id == standard_id for s in domain.standards):
                return area.id
    return ""


def _single(framework: Framework, standard_id: str) -> bool:
    area = framework.area(_area_of(framework, standard_id))
    return sum(len(d.standards) for d in framework.domains if d.id in area.domains) == 1


def warn_missing_2025(report: ImportedReport, framework: Framework) -> None:
    """A warning for each rating that should be printed but was not read."""
    warn = report.warnings.append
    for area_id in report.missing:
        if not area_id.startswith("areas."):
            continue
        name = framework.area(area_id.removeprefix("areas.")).title
        if not any(w.startswith(name) for w in report.warnings):
            warn(f"{name}: no rating could be read")
    for key in report.missing:
        if not key.startswith("standards."):
            continue
        standard = framework.standard(key.removeprefix("standards."))
        label = f"{standard.id} {standard.title}"
        if not any(w.startswith((label, standard.title.lower())) for w in report.warnings):
            warn(f"{label}: no rating could be read")


__all__ = [
    "CHILDREN_AND_VICTIMS",
    "FULL",
    "Detected",
    "detect_2025",
    "missing_2025",
    "read_cases_2025",
    "read_ratings_2025",
    "warn_missing_2025",
]
