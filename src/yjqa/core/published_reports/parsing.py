"""Reading a report's text: service, framework, dates, ratings, figures, cases, recommendations."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from yjqa.core.frameworks.model import NOT_RATED, Framework, Standard
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.html import html_text, looks_like_html
from yjqa.core.published_reports.reading_2025 import (
    Detected,
    detect_2025,
    missing_2025,
    read_cases_2025,
    read_ratings_2025,
    warn_missing_2025,
)
from yjqa.core.published_reports.records import (
    CASE_DOMAINS,
    FRAMEWORK_2025,
    REPORT_SUFFIXES,
    SUPPORTED_FRAMEWORKS,
    ImportedReport,
    Recommendation,
    Warn,
)
from yjqa.core.published_reports.text import (
    _BOUNDARY,
    _END_RATING,
    _HEAD_STOP,
    _JUNK,
    _MONTH,
    _NAME_SUFFIX,
    _RATING,
    _TITLE,
    _canonical_rating,
    _is_footer,
    _join,
    _letters,
    _Line,
    _lines,
    _month,
    _number,
    _pdf_text,
    _similarity,
    _whole_rating,
)
from yjqa.core.rating.rules import score_from_ratings
from yjqa.core.validation.limits import check_file
from yjqa.core.validation.problems import InputError, Problem

# --------------------------------------------------------------------------------------------
# Reading a file


def read_report(path: Path) -> ImportedReport:
    """Read a report from a PDF (its text layer, page by page), a web page saved from HMIP's
    site (.html), or a file of extracted text."""
    source = str(path)
    if path.is_file():
        check_file(path, source)  # the upload size limit in force
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError([Problem("", "no such file")], source) from None
    except IsADirectoryError:
        raise InputError([Problem("", "is a folder, not a report file")], source) from None
    except OSError as exc:
        raise InputError([Problem("", f"cannot be read ({exc.strerror})")], source) from None
    if raw.startswith(b"%PDF"):
        text = _pdf_text(path)
    elif path.suffix.lower() == ".pdf":
        raise InputError([Problem("", "is not a PDF (it does not start with %PDF)")], source)
    else:
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise InputError(
                [Problem("", "is neither a PDF nor UTF-8 text: not a report yjqa can read")],
                source,
            ) from None
        if path.suffix.lower() in (".html", ".htm") or looks_like_html(text):
            text = html_text(text)
    return parse_report_text(text, source)


def read_report_folder(
    folder: Path, progress: Callable[[int, int, Path], None] | None = None
) -> list[tuple[Path, ImportedReport | InputError]]:
    """Every report (.pdf, .txt, .md, .html) in a folder, in name order, each read or its
    error. `progress(read, total, path)`, if given, is called after each file is read."""
    if not folder.is_dir():
        raise InputError([Problem("", "is not a folder")], str(folder))
    paths = [
        path
        for path in sorted(folder.iterdir())
        if path.is_file() and path.suffix.lower() in REPORT_SUFFIXES
    ]
    results: list[tuple[Path, ImportedReport | InputError]] = []
    for path in paths:
        try:
            results.append((path, read_report(path)))
        except InputError as exc:
            results.append((path, exc))
        if progress is not None:
            progress(len(results), len(paths), path)
    return results


# --------------------------------------------------------------------------------------------
# Parsing


def parse_report_text(text: str, source: str) -> ImportedReport:
    """Read a report's extracted text. Raises InputError if it is not an HMIP youth report."""
    lines = _lines(text)
    if not lines:
        raise InputError([Problem("", "is empty: no text to read")], source)
    every_lines = lines
    report = ImportedReport(source=source)
    warn = report.warnings.append
    report.service = _read_service(lines, warn)
    every_line = _join([line.text for line in lines])  # with the title (a cover may follow it)
    lines = [line for line in lines if not _is_footer(line.text)]
    lines = [line for line in lines if not re.fullmatch(r"\d{1,3}", line.text)]  # page numbers
    flat = _join([line.text for line in lines])

    report.fieldwork = _read_fieldwork(flat, warn)
    report.published = _read_published(every_line, warn) or _cover_date(lines)
    detected = detect_2025(every_lines, every_line, warn)
    if not detected.is_2025 and not _content_frameworks(lines) and _in_2025(report.fieldwork):
        warn(
            f"framework: taken from the fieldwork date ({report.fieldwork}), as the text names "
            "no standard or area that tells the framework"
        )
        detected = Detected(True, None, "the fieldwork date")
    if detected.is_2025:
        return _parse_2025(report, lines, flat, detected.inspection_type, source)
    framework = _detect_framework(lines, report.fieldwork, warn)
    report.framework = framework.id if framework else None
    report.overall = _read_overall(flat, warn)
    report.score, report.max_score = _read_score(flat, warn)
    found_standards = False
    if framework is not None:
        found_standards = _read_standards(lines, framework, report)
    _read_cases(flat, report)
    report.recommendations = _read_recommendations(lines, flat, warn)

    if not (found_standards or report.overall or report.recommendations):
        raise _not_a_report(source)
    if report.score is None and framework is not None and not _score_garbled(flat):
        computed = score_from_ratings(framework, report.standards)
        note = f"; its standards' ratings add up to {computed}" if computed is not None else ""
        if framework.id == "hmip-youth-2018":
            warn(f"score: the report prints no score (2018 reports print none){note}")
        else:
            warn(f"score: no score was found (the ratings table may be missing){note}")
    _missing_warnings(report, framework)
    report.missing = _missing(report, framework)
    return report


def _not_a_report(source: str) -> InputError:
    return InputError(
        [
            Problem(
                "",
                "does not look like an HMIP youth inspection report: "
                "no ratings, standards or recommendations were found",
            )
        ],
        source,
    )


def _in_2025(fieldwork: str | None) -> bool:
    if fieldwork is None:
        return False
    return get_framework(FRAMEWORK_2025).valid_from.replace(day=1) <= date.fromisoformat(
        fieldwork + "-01"
    )


def _parse_2025(
    report: ImportedReport,
    lines: Sequence[_Line],
    flat: str,
    inspection_type: str | None,
    source: str,
) -> ImportedReport:
    """The rest of a report on the 2025 framework: its kind is known (or None), so its areas."""
    warn = report.warnings.append
    framework = get_framework(FRAMEWORK_2025)
    report.framework = framework.id
    report.inspection_type = inspection_type
    report.overall = _read_overall(flat, warn)
    report.score = report.max_score = None  # 2025 reports print no score
    found = read_ratings_2025(lines, framework, report)
    read_cases_2025(flat, report)
    report.recommendations = _read_recommendations(lines, flat, warn)
    if inspection_type is None and not (found or report.overall or report.recommendations):
        raise _not_a_report(source)  # a fieldwork date alone is not a report
    report.missing = missing_2025(report, framework)
    _missing_warnings(report, None)
    warn_missing_2025(report, framework)
    return report


def _missing(report: ImportedReport, framework: Framework | None) -> list[str]:
    """What the report should print but was not read, as field names."""
    missing = [
        name
        for name, value in (
            ("service", report.service),
            ("framework", report.framework),
            ("fieldwork", report.fieldwork),
            ("published", report.published),
            ("overall", report.overall),
        )
        if value is None
    ]
    if framework is None:
        return missing
    if report.score is None and framework.id != "hmip-youth-2018":  # 2018 prints no score
        missing.append("score")
    missing += [f"standards.{k}" for k, v in report.standards.items() if v is None]
    missing += [f"key_questions.{k}" for k, v in report.key_questions.items() if v is None]
    missing += [
        f"cases.{domain}"
        for domain in CASE_DOMAINS
        if report.cases.get(domain) is None
        and any(w.startswith(f"cases ({domain})") for w in report.warnings)
    ]
    if not report.recommendations:
        missing.append("recommendations")
    return missing


def _read_service(lines: Sequence[_Line], warn: Warn) -> str | None:
    titles: list[str] = []
    others: list[str] = []
    for i, line in enumerate(lines):
        title = _TITLE.match(line.text)
        if title:
            name = title.group(1)
            if not name and i + 1 < len(lines):
                name = lines[i + 1].text
            name = re.sub(r"\s+\d{1,3}$", "", name).strip(_JUNK)
            # A cover line run into the title: "Warwickshire HM Inspectorate of Probation...".
            name = re.sub(r"\s*\bHM Inspectorate of Probation\b.*$", "", name, flags=re.I)
            name = re.sub(r"\s+(?i:" + _MONTH + r")\s+\d{4}$", "", name).strip(_JUNK)
            if name and len(name) <= 80 and not re.search(r"[.;!?]\s", name):
                titles.append(name)
            continue
        service = re.match(r"^Service\s*:\s*(.+)$", line.text, re.I)
        table = re.match(
            r"^(.+?)\s+(?:Youth (?:Justice|Offending) (?:Service|Team)|YJS|YOS|YOT)\s+"
            r"Fieldwork started",
            line.text,
            re.I,
        )
        if service:
            others.append(_NAME_SUFFIX.sub("", service.group(1).strip(_JUNK)))
        elif table:
            others.append(table.group(1).strip(_JUNK))
    counted = Counter(titles) or Counter(others)
    if not counted:
        return None
    name = counted.most_common(1)[0][0]
    variants = {n for n in (*titles, *others) if _letters(n) != _letters(name)}
    if variants:
        warn(
            f"service: named '{name}' in most places, but also "
            + ", ".join(f"'{v}'" for v in sorted(variants))
        )
    return name


def _read_fieldwork(flat: str, warn: Warn) -> str | None:
    found = {
        _month(m.group(2), m.group(1))
        for m in re.finditer(r"Fieldwork started\s*:?\s*" + _MONTH + r"\s+(\d{4})", flat, re.I)
    }
    found |= {
        _month(m.group(3), m.group(2))
        for m in re.finditer(
            r"fieldwork[^.]{0,160}?beginning on\s+(?:[A-Z][a-z]+day\s+)?(\d{1,2})\s+"
            + _MONTH
            + r"\s+(\d{4})",
            flat,
            re.I,
        )
    }
    if len(found) > 1:
        warn(f"fieldwork: the report gives different months ({', '.join(sorted(found))})")
        return None
    return found.pop() if found else None


def _read_published(flat: str, warn: Warn) -> str | None:
    # The cover: "HM Inspectorate of Probation, May 2020", "HM Inspectorate of Probation /
    # MARCH 2019" (the month in capitals, after a comma, a slash or a line break).
    found = {
        _month(m.group(2), m.group(1))
        for m in re.finditer(
            r"HM Inspectorate of Probation\s*[,/|]?\s*(?i:" + _MONTH + r")\s+(\d{4})\b", flat
        )
    }
    found |= {
        _month(m.group(3), m.group(2), m.group(1))
        for m in re.finditer(
            r"(?:Published|Date of publication)\s*:?\s+(?:on\s+)?(\d{1,2})?\s*"
            + _MONTH
            + r"\s+(\d{4})",
            flat,
        )
    }
    months = {f[:7] for f in found}
    if len(months) > 1:
        warn(f"published: the report gives different dates ({', '.join(sorted(found))})")
        return None
    if not found:
        return None
    return max(found, key=len)  # the full date where it is printed


def _cover_date(lines: Sequence[_Line]) -> str | None:
    """A cover's date on a line of its own ("DECEMBER 2018", "December 2018"): only among
    the first lines, before the contents or foreword."""
    for line in lines[:30]:
        if _BOUNDARY.match(line.text):
            return None
        m = re.fullmatch(r"(?i:" + _MONTH + r")\s+(\d{4})", line.text.strip(_JUNK))
        if m:
            return _month(m.group(2), m.group(1))
    return None


def _content_frameworks(lines: Sequence[_Line]) -> set[str]:
    """The 2018 or 2021 framework, as the standards a report names tell it."""
    by_content: set[str] = set()
    for line in lines:
        text = line.text
        if re.match(r"^3\s?[.,]?\s?4\b[.,]?\s*Joint working\b", text, re.I) or re.search(
            r"Joint working with the police supports", text, re.I
        ):
            by_content.add("hmip-youth-2018")
        if re.search(
            r"Out-of-court disposal policy and provision|Resettlement policy and provision",
            text,
            re.I,
        ):
            by_content.add("hmip-youth-2021")
    return by_content


def _detect_framework(
    lines: Sequence[_Line], fieldwork: str | None, warn: Warn
) -> Framework | None:
    by_content = _content_frameworks(lines)
    by_date: set[str] = set()
    if fieldwork:
        started = date.fromisoformat(fieldwork + "-01")
        for framework_id in SUPPORTED_FRAMEWORKS:
            fw = get_framework(framework_id)
            if fw.valid_from.replace(day=1) <= started and (
                fw.valid_to is None or started <= fw.valid_to
            ):
                by_date.add(framework_id)
    if len(by_content) == 1:
        chosen = next(iter(by_content))
        if len(by_date) == 1 and by_date != by_content:
            warn(
                f"framework: the report's standards are those of {chosen}, but fieldwork in "
                f"{fieldwork} falls in the dates of {next(iter(by_date))}"
            )
        return get_framework(chosen)
    if len(by_date) == 1:
        return get_framework(next(iter(by_date)))
    warn(
        "framework: could not tell whether the report is on the 2018 or the 2021 framework "
        "(neither its 3.4 standard nor its fieldwork date was read), so no standards were read"
    )
    return None


def _read_overall(flat: str, warn: Warn) -> str | None:
    patterns = (
        r"Overall rating\s*:?\s*" + _RATING,
        r"overall rating of\s*'?" + _RATING,
        r"Overall,\s[^.]{0,160}?\b(?:is|was|has been)\s+rated(?:\s+as)?\s*:?\s*'?" + _RATING,
    )
    found = {
        rating
        for pattern in patterns
        for m in re.finditer(pattern, flat, re.I)
        if (rating := _canonical_rating(m.group(1))) is not None
    }
    if len(found) > 1:
        warn(f"overall rating: the report gives different ones ({', '.join(sorted(found))})")
        return None
    return found.pop() if found else None


def _score_garbled(flat: str) -> bool:
    return bool(re.search(r"\bScore\s*:?\s*\S{1,3}\s*/\s*\S{1,3}", flat))


def _read_score(flat: str, warn: Warn) -> tuple[int | None, int | None]:
    found: set[tuple[int, int]] = set()
    for m in re.finditer(r"\bScore\s*:?\s*([^\s/]{1,3})\s*/\s*([^\s/]{1,3})", flat):
        if m.group(1).isdigit() and m.group(2).isdigit():
            found.add((int(m.group(1)), int(m.group(2))))
        else:
            warn(f"score: printed as '{m.group(0)}', which cannot be read as a number")
    if len(found) > 1:
        shown = ", ".join(f"{s}/{m}" for s, m in sorted(found))
        warn(f"score: the report gives different scores ({shown})")
        return None, None
    if not found:
        return None, None
    score, most = found.pop()
    if score > most:
        warn(f"score: printed as {score}/{most}, more than its maximum")
        return None, None
    return score, most


# ----- standards: ratings and key-question figures -----


@dataclass(frozen=True)
class _Anchor:
    index: int  # the line naming the standard
    body: int  # the first line after its heading
    standard_id: str
    heading_rating: str | None
    contents: bool  # an entry in the contents list (title and page number)


_NUM_DOTTED = re.compile(r"^(\d)\s?[.,]\s?(\d)(?![.,]?\d)[.,]?\s*(.*)$")
_NUM_UNDOTTED = re.compile(r"^(\d)(\d)\s+(.*)$")  # OCR lost the dot: '14 Information ...'


def _match_title(rest: str, title: str) -> str | None:
    """What follows the standard's title at the start of `rest`, or None if it is not there."""
    words = rest.split()
    size = len(title.split())
    target = _letters(title)
    best: tuple[float, str] | None = None
    for k in (size, size - 1, size + 1):
        if k < 1 or k > len(words):
            continue
        score = _similarity(_letters(" ".join(words[:k])), target)
        if score >= 0.85 and (best is None or score > best[0]):
            best = (score, " ".join(words[k:]))
    return None if best is None else best[1]


def _find_anchors(lines: Sequence[_Line], framework: Framework) -> list[_Anchor]:
    standards = {s.id: s for s in framework.iter_standards()}
    anchors: list[_Anchor] = []
    for i, line in enumerate(lines):
        dotted = _NUM_DOTTED.match(line.text)
        match = dotted or _NUM_UNDOTTED.match(line.text)
        if not match:
            continue
        standard = standards.get(f"{match.group(1)}.{match.group(2)}")
        if standard is None:
            continue
        rest, body = match.group(3), i + 1
        if not rest:
            if not dotted or i + 1 >= len(lines):
                continue
            rest, body = lines[i + 1].text, i + 2  # number and title on separate lines
        remainder = _match_title(rest, standard.title)
        if remainder is None:
            continue
        remainder = remainder.strip()
        if re.fullmatch(r"\d{1,3}", remainder):
            anchors.append(_Anchor(i, body, standard.id, None, contents=True))
            continue
        rating = _whole_rating(remainder) if remainder else None
        if not dotted and rating is None:
            continue  # '14 Information and facilities' only counts with its rating beside it
        if remainder and rating is None:
            end = _END_RATING.search(" " + remainder)
            if not dotted or end is None:
                continue  # a sentence that happens to start with a number and a title
            rating = _canonical_rating(end.group(1))
        anchors.append(_Anchor(i, body, standard.id, rating, contents=False))
    return anchors


def _annex_lines(lines: Sequence[_Line]) -> set[int]:
    inside: set[int] = set()
    start: int | None = None
    for i, line in enumerate(lines):
        if re.match(r"^Annexe?\b", line.text, re.I):
            start = i if re.search(r"results|findings|ratings", line.text, re.I) else None
        elif start is not None:
            inside.add(i)
    return inside


def _head_rating(lines: Sequence[_Line], start: int, end: int) -> str | None:
    """The rating printed beside or under a standard's headline, in a section's first lines."""
    for k in range(start, end):
        text = lines[k].text
        if _HEAD_STOP.match(text):
            return None
        rating = _whole_rating(text)
        if rating is None:
            found = _END_RATING.search(text)
            rating = _canonical_rating(found.group(1)) if found else None
        if rating is not None:
            return rating
        if (
            re.search(r"(?:^|\s)Requires$", text)
            and k + 1 < end
            and re.search(r"(?:^|\s)[Ii]mprovement[\s.'\"]*$", lines[k + 1].text)
        ):
            return "Requires improvement"
        if k - start >= 5:
            return None
    return None


def _region_ratings(lines: Sequence[_Line], start: int, end: int) -> set[str]:
    """Ratings standing alone on a line anywhere in a region (an annex's table)."""
    found: set[str] = set()
    for k in range(start, end):
        rating = _whole_rating(lines[k].text)
        if rating is not None:
            found.add(rating)
        elif (
            re.fullmatch(r"Requires", lines[k].text.strip(_JUNK), re.I)
            and k + 1 < end
            and re.fullmatch(r"improvement", lines[k + 1].text.strip(_JUNK), re.I)
        ):
            found.add("Requires improvement")
    return found


_FIGURE_AT_END = re.compile(r"(?:^|\s)([0-9A-Za-z]{1,3})\s?%$")
_FIGURE_ANYWHERE = re.compile(r"(?<![\w%.])([0-9A-Za-z]{1,3})%")
_TABLE_HEADER = re.compile(r"%\s*'?\s*yes\s*'?\s*$", re.I)


def _figure(token: str) -> int | None:
    return int(token) if token.isdigit() and int(token) <= 100 else None


def _question_fit(text: str, standard: Standard, position: int, framework: Framework) -> set[str]:
    """Empty if `text` reads as the standard's key question at `position`; else the standards
    whose questions it reads as."""
    wanted = _letters(text)
    own = _similarity(wanted, _letters(standard.key_questions[position].text))
    if own >= 0.85:
        return set()
    scores: list[tuple[float, str, int]] = [
        (_similarity(wanted, _letters(question.text)), other.id, index)
        for other in framework.iter_standards()
        for index, question in enumerate(other.key_questions)
    ]
    best = max(score for score, _, _ in scores)
    if own >= best - 0.02:
        return set()
    return {sid for score, sid, _ in scores if score >= best - 0.02}


def _read_table(
    lines: Sequence[_Line],
    header: int,
    end: int,
    standard: Standard,
    framework: Framework,
    warn: Warn,
) -> list[int | None] | None:
    """A '% Yes' table under a standard's heading: one row per key question."""
    label = f"{standard.id} {standard.title}"
    stem = _TABLE_HEADER.sub("", lines[header].text).strip(" :")
    expected = len(standard.key_questions)
    rows: list[tuple[str, str | None]] = []
    pending: list[str] = []
    for k in range(header + 1, end):
        if len(rows) >= expected:
            break
        text = lines[k].text
        cell = _FIGURE_AT_END.search(text)
        if cell is None:
            if len(text) > 200 or len(pending) >= 4:
                break
            pending.append(text)
            continue
        row_text = _join([*pending, text[: cell.start()].strip()])
        pending = []
        # A row whose figure was lost runs into the next question: split at the '?'.
        parts = [p.strip() + "?" for p in row_text.split("?") if p.strip()]
        if len(parts) > 1 and row_text.rstrip().endswith("?"):
            rows.extend((part, None) for part in parts[:-1])
            rows.append((parts[-1], cell.group(1)))
        else:
            rows.append((row_text, cell.group(1)))
    if not rows:
        warn(f"{label}: a '% Yes' table ({lines[header].where}) has no figures that can be read")
        return None
    if len(rows) != expected:
        warn(
            f"{label}: its '% Yes' table ({lines[header].where}) has {len(rows)} rows where the "
            f"framework has {expected} key questions, so its figures were not read"
        )
        return None
    for position, (row_text, _token) in enumerate(rows):
        owners = sorted(_question_fit(f"{stem} {row_text}", standard, position, framework))
        if owners:
            warn(
                f"{label}: the '% Yes' table under its heading ({lines[header].where}) asks "
                f"the questions of {' or '.join(owners)} (a page or heading may be missing), "
                "so its figures were not read"
            )
            return None
    tokens = [token for _row_text, token in rows]
    return _figures(tokens, standard, f"its '% Yes' table, {lines[header].where}", warn)


def _figures(
    tokens: Sequence[str | None], standard: Standard, where: str, warn: Warn
) -> list[int | None]:
    """Printed figures as whole percentages; None, with a warning, for one that is not."""
    figures = [None if token is None else _figure(token) for token in tokens]
    bad = [
        (question.id, "nothing" if token is None else f"'{token}%'")
        for question, token, value in zip(standard.key_questions, tokens, figures, strict=True)
        if value is None
    ]
    if bad:
        shown = ", ".join(f"{qid} as {printed}" for qid, printed in bad)
        warn(
            f"{standard.id} {standard.title}: key-question figures printed {shown} ({where}) "
            "cannot be read as percentages, so they are left empty"
        )
    return figures


def _read_annex_figures(
    lines: Sequence[_Line], start: int, end: int, standard: Standard, warn: Warn
) -> list[int | None] | None:
    """Figures in an annex's table of standards: 'NN%' beside or under the key questions."""
    label = f"{standard.id} {standard.title}"
    tokens = [
        m.group(1) for k in range(start, end) for m in _FIGURE_ANYWHERE.finditer(lines[k].text)
    ]
    if not tokens:
        return None
    expected = len(standard.key_questions)
    where = lines[start - 1].where if start > 0 else lines[start].where
    if len(tokens) != expected:
        warn(
            f"{label}: the annex ({where}) prints {len(tokens)} figures where the framework has "
            f"{expected} key questions, so they were not read"
        )
        return None
    return _figures(tokens, standard, f"the annex, {where}", warn)


def _read_standards(lines: Sequence[_Line], framework: Framework, report: ImportedReport) -> bool:
    warn = report.warnings.append
    anchors = _find_anchors(lines, framework)
    annex = _annex_lines(lines)
    starts = sorted(
        {a.index for a in anchors} | {i for i, ln in enumerate(lines) if _BOUNDARY.match(ln.text)}
    )
    ratings: dict[str, list[tuple[str, str]]] = {}
    figures: dict[str, list[tuple[list[int | None], str]]] = {}
    for anchor in anchors:
        if anchor.contents:
            continue
        standard = framework.standard(anchor.standard_id)
        label = f"{standard.id} {standard.title}"
        where = lines[anchor.index].where
        end = next((s for s in starts if s > anchor.index and s >= anchor.body), len(lines))
        in_annex = anchor.index in annex
        if in_annex:
            end = min(
                end, next((k for k in range(anchor.body, len(lines)) if k not in annex), len(lines))
            )
        # The rating
        rating = anchor.heading_rating
        if rating is None and in_annex:
            found = _region_ratings(lines, anchor.body, end)
            if len(found) == 1:
                rating = found.pop()
            elif found:
                warn(
                    f"{label}: the annex ({where}) shows more than one rating near it "
                    f"({', '.join(sorted(found))}), so none was taken from there"
                )
        elif rating is None:
            rating = _head_rating(lines, anchor.body, end)
        if rating is not None:
            ratings.setdefault(standard.id, []).append((rating, where))
        # The key-question figures
        if standard.kind != "case":
            continue
        if in_annex:
            read = _read_annex_figures(lines, anchor.body, end, standard, warn)
            if read is not None:
                figures.setdefault(standard.id, []).append((read, f"annex, {where}"))
            continue
        headers = [k for k in range(anchor.body, end) if _TABLE_HEADER.search(lines[k].text)]
        if headers:
            read = _read_table(lines, headers[0], end, standard, framework, warn)
            if read is not None:
                figures.setdefault(standard.id, []).append((read, lines[headers[0]].where))
        for extra in headers[1:]:
            warn(
                f"a '% Yes' table ({lines[extra].where}) follows {label}'s own, under no heading "
                "of its own (a page or heading may be missing), so it was not read"
            )

    for standard in framework.iter_standards():
        label = f"{standard.id} {standard.title}"
        given = ratings.get(standard.id, [])
        distinct = sorted({r for r, _ in given})
        if len(distinct) == 1:
            word = distinct[0]
            if word == NOT_RATED and not standard.may_be_not_rated:
                warn(f"{label}: printed as '{NOT_RATED}', but it counts and must be rated")
            report.standards[standard.id] = word
        else:
            report.standards[standard.id] = None
            if distinct:
                shown = "; ".join(f"{r} ({w})" for r, w in given)
                warn(f"{label}: the report gives different ratings ({shown}), so none was read")
        if standard.kind == "case":
            report.key_questions[standard.id] = _reconcile_figures(
                label, figures.get(standard.id, []), warn
            )
    return bool(anchors)


def _reconcile_figures(
    label: str, found: list[tuple[list[int | None], str]], warn: Warn
) -> list[int | None] | None:
    distinct: list[list[int | None]] = []
    for figures, _where in found:
        if figures not in distinct:
            distinct.append(figures)

    def covers(a: list[int | None], b: list[int | None]) -> bool:
        """a says all b says, and more: equal wherever b has a figure."""
        return a != b and all(y is None or x == y for x, y in zip(a, b, strict=True))

    kept = [a for a in distinct if not any(covers(b, a) for b in distinct)]
    if len(kept) > 1:
        shown = "; ".join(
            f"{', '.join('?' if v is None else f'{v}%' for v in f)} ({w})" for f, w in found
        )
        warn(
            f"{label}: the report prints different key-question figures ({shown}), "
            "so none were read"
        )
        return None
    return kept[0] if kept else None


def _missing_warnings(report: ImportedReport, framework: Framework | None) -> None:
    warn = report.warnings.append
    if report.service is None:
        warn("service: the service's name was not found")
    if report.fieldwork is None and not any(w.startswith("fieldwork") for w in report.warnings):
        warn("fieldwork: no fieldwork date was found")
    if report.published is None and not any(w.startswith("published") for w in report.warnings):
        warn("published: no publication date is printed in the text")
    if report.overall is None and not any(w.startswith("overall") for w in report.warnings):
        warn("overall rating: not found")
    if framework is None:
        return
    for standard in framework.iter_standards():
        label = f"{standard.id} {standard.title}"
        if report.standards.get(standard.id) is None and not any(
            w.startswith(f"{label}: the report gives different ratings") for w in report.warnings
        ):
            why = (
                " (it is rated only where the service had a relevant case)"
                if standard.may_be_not_rated
                else ""
            )
            warn(f"{label}: no rating could be read{why}")
        if (
            standard.kind == "case"
            and report.key_questions.get(standard.id) is None
            and not any(w.startswith(label) and "figure" in w for w in report.warnings)
        ):
            warn(
                f"{label}: no key-question figures could be read "
                "(the report does not print them, or they were lost)"
            )
    populations = {d.population for d in framework.domains}
    wanted: dict[str, str] = {
        "court": "court",
        "oocd": "out_of_court",
        "resettlement": "resettlement",
    }
    for domain, population in wanted.items():
        if report.cases[domain] is not None or population not in populations:
            continue
        if domain == "resettlement":
            rated = [
                report.standards.get(s.id)
                for d in framework.domains
                if d.population == "resettlement"
                for s in d.standards
            ]
            if all(r in (None, NOT_RATED) for r in rated):
                continue
        if not any(w.startswith(f"cases ({domain})") for w in report.warnings):
            warn(f"cases ({domain}): the number of cases inspected was not found")


# ----- cases -----


def _read_cases(flat: str, report: ImportedReport) -> None:
    pattern = re.compile(
        r"\b(?:inspected|examined|took a (?:detailed )?look at|looked at|assessed|reviewed)\s+"
        r"(?:a total of\s+|a sample of\s+)?(\d{1,3}|[A-Za-z]+(?:-[A-Za-z]+)?)\s+([^.;:]{0,160})",
        re.I,
    )
    found: dict[str, set[int]] = {}
    for m in pattern.finditer(flat):
        count = _number(m.group(1))
        what = m.group(2).casefold()
        if count is None or not re.search(r"\b(?:cases?|sentences?|disposals?|orders?)\b", what):
            continue
        if re.search(r"out[- ]of[- ]court", what):
            domain = "oocd"
        elif re.search(r"custod|resettlement|released", what):
            domain = "resettlement"
        elif re.search(r"court|community sentence|sentence|order", what):
            domain = "court"
        else:
            continue
        found.setdefault(domain, set()).add(count)
    for domain, counts in found.items():
        if len(counts) == 1:
            report.cases[domain] = counts.pop()
        else:
            report.warnings.append(
                f"cases ({domain}): the report gives different numbers "
                f"({', '.join(map(str, sorted(counts)))}), so none was read"
            )


# ----- recommendations -----


def _read_recommendations(lines: Sequence[_Line], flat: str, warn: Warn) -> list[Recommendation]:
    # The section's heading; not an entry in a contents list, which another heading follows.
    start = next(
        (
            i
            for i, ln in enumerate(lines)
            if re.fullmatch(r"Recommendations:?", ln.text, re.I)
            and not (i + 1 < len(lines) and _BOUNDARY.match(lines[i + 1].text))
        ),
        None,
    )
    if start is None:
        warn("recommendations: no 'Recommendations' section was found")
        return []
    end = next(
        (k for k in range(start + 1, len(lines)) if _BOUNDARY.match(lines[k].text)), len(lines)
    )
    items: list[tuple[str | None, int, list[str]]] = []
    addressee: str | None = None
    fresh = False  # an addressee heading since the last item
    previous = 0
    for k in range(start + 1, end):
        text = lines[k].text
        who = re.match(r"^(.*?)\s*\bshould\s*:\s*$", text, re.I)
        if who:
            name = who.group(1).strip()
            if (not name or name[0].islower()) and k > start + 1:
                # The addressee ran over two lines: take back the line before.
                before = lines[k - 1].text
                if items and items[-1][2] and items[-1][2][-1] == before:
                    items[-1][2].pop()
                name = f"{before} {name}".strip()
            addressee = name or None
            fresh = True
            continue
        item = re.match(r"^(\d{1,2})[.)]\s+(.+)$", text)
        if item and int(item.group(1)) > previous and (addressee is not None or items):
            number = int(item.group(1))
            if number != previous + 1:
                missing = [str(n) for n in range(previous + 1, number)]
                if len(missing) == 1:
                    gap = f"number {missing[0]} is"
                else:
                    gap = f"numbers {', '.join(missing[:-1])} and {missing[-1]} are"
                warn(f"recommendations: {gap} missing (a page may be lost)")
                if items and addressee is not None and items[-1][0] == addressee and not fresh:
                    # Its own heading may have been lost with the missing ones: not known.
                    addressee = None
            items.append((addressee, number, [item.group(2)]))
            previous = number
            fresh = False
        elif items:
            items[-1][2].append(text)
    recommendations = [
        Recommendation(who, " ".join(_join(parts).split()), number) for who, number, parts in items
    ]
    for rec in recommendations:
        if rec.addressee is None:
            warn(
                f"recommendations: number {rec.number}'s addressee is not known "
                "(no 'The ... should:' heading could be tied to it)"
            )
    stated = re.search(
        r"we (?:have )?made ([a-z]+(?:-[a-z]+)?|\d{1,2}) recommendations?", flat, re.I
    )
    stated_count = _number(stated.group(1)) if stated else None
    if stated_count is not None and stated_count != len(recommendations):
        warn(
            f"recommendations: the report says it makes {stated_count}, "
            f"but {len(recommendations)} were read"
        )
    if not recommendations:
        warn("recommendations: none could be read")
    return recommendations
