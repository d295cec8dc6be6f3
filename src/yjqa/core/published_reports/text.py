"""Text from a PDF or a converter, cleaned so lines read the same whichever made them."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from pathlib import Path

from yjqa.core.frameworks.model import NOT_RATED
from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.published_reports.records import SUPPORTED_FRAMEWORKS
from yjqa.core.validation.problems import InputError, Problem


def _pdf_text(path: Path) -> str:
    import pdfplumber

    try:
        with pdfplumber.open(path) as pdf:
            pages = [page.extract_text() or "" for page in pdf.pages]
    except Exception as exc:  # pdfminer raises many kinds for a damaged file
        raise InputError([Problem("", f"is not a readable PDF ({exc})")], str(path)) from None
    if not any(page.strip() for page in pages):
        raise InputError(
            [Problem("", "has no text layer (a scanned PDF?): extract its text by OCR first")],
            str(path),
        )
    # A form feed marks each new page, so warnings can say where.
    return "\n\f\n".join(pages)


# --------------------------------------------------------------------------------------------
# Text clean-up: the same lines whether they came from a PDF, a converter or OCR

_CHARS = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u00ad": "",
    }
)
_MONTHS = [
    *("January", "February", "March", "April", "May", "June"),
    *("July", "August", "September", "October", "November", "December"),
]
_MONTH = "(" + "|".join(_MONTHS) + ")"
_RATING = r"(Outstanding|Good|Requires\s+improvement|Inadequate|Not\s+rated)"
_JUNK = " \t.,;:'\"`|*°^~_()[]{}"
_WHOLE_RATING = re.compile(r"(?:rating\s*:?\s*)?" + _RATING, re.I)
# A rating closing a line, after other text (a headline beside its rating). Capitalised only:
# narrative that happens to end a line with "good" is not a rating.
_END_RATING = re.compile(
    r"\s(Outstanding|Good|Requires\s+[Ii]mprovement|Inadequate|Not\s+rated)[\s.'\"|]*$"
)
# The report's title: "An inspection of youth justice services in X" (2018 to 2025, and full
# inspections on the 2025 framework) or "An inspection of youth justice work with children and
# victims in X" (2025).
_TITLE_STEM = (
    r"^(?:An?\s+(?:joint\s+)?)?inspection of youth (?:justice|offending) "
    r"(?:services|work with children and victims) in:?"
)
_FOOTER = re.compile(_TITLE_STEM + r"\s+\S.*$", re.I)
_TITLE = re.compile(_TITLE_STEM + r"\s*(.*)$", re.I)
_NAME_SUFFIX = re.compile(
    r"\s+(?:Youth\s+(?:Justice|Offending)\s+(?:Service|Team|Partnership)s?|YJS|YOS|YOT)$", re.I
)
_BOUNDARY = re.compile(
    r"^(?:Domain\s+(?:one|two|three|four|[1-4])\b.*"
    r"|[1-4]\.?\s+(?:Organisational delivery|Court disposals|Out-of-court disposals)\b.{0,24}"
    r"|(?:Organisational delivery|Work with children|Work with victims)"  # 2025's areas
    r"|Annexe?\b.*|Summary|Recommendations|Ratings|Further information|Contents|Foreword"
    r"|Background|Introduction|Key facts|Overall findings|Acknowledgements|Glossary"
    r"|Involvement of children and their parents or carers|Diversity)\s*:?$",
    re.I,
)
_HEAD_STOP = re.compile(
    r"^(?:Our rating|Strengths|Areas for improvement|Key findings|We |Does |In |Summary)", re.I
)
_UNITS = (
    *("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
    *("eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"),
    *("eighteen", "nineteen"),
)
_TENS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
_NUMBER_WORDS = {word: value for value, word in enumerate(_UNITS)} | {
    word: 10 * (i + 2) for i, word in enumerate(_TENS)
}


@dataclass(frozen=True)
class _Line:
    text: str
    where: str  # "line 12" or "page 3"


def _clean(text: str) -> str:
    s = unicodedata.normalize("NFKC", text).translate(_CHARS)
    s = re.sub(r"\$[^$]*\$", " ", s)  # LaTeX fragments left by PDF-to-text converters
    s = re.sub(r"<sup>[^<]*</sup>", " ", s, flags=re.I)  # footnote markers
    s = re.sub(r"<[^>]*>", " ", s)
    s = s.replace("**", " ").replace("Y]S", "YJS")
    s = re.sub(r"^\s*#{1,6}\s+", "", s)
    s = re.sub(r"^\s*[-*\u2022\u25cf\u25aa]\s+", "", s)
    if re.fullmatch(r"[\s|:\-=]*", s):
        return ""
    return " ".join(s.split())


def _is_footer(text: str) -> bool:
    return bool(_FOOTER.match(text)) and len(text) <= 100 and not text.endswith(".")


def _lines(text: str) -> list[_Line]:
    paged = "\f" in text
    page, out = 1, []
    for number, raw in enumerate(text.splitlines(), 1):
        if "\f" in raw:
            page += raw.count("\f")
            raw = raw.replace("\f", "")
        cleaned = _clean(raw)
        if cleaned:
            out.append(_Line(cleaned, f"page {page}" if paged else f"line {number}"))
    return out


def _join(parts: Sequence[str]) -> str:
    """Lines into running text: a word broken by a line-end hyphen stays one word."""
    out: list[str] = []
    for part in parts:
        if out and not re.search(r"[A-Za-z]-$", out[-1][-2:]):
            out.append(" ")
        out.append(part)
    return "".join(out)


def _letters(text: str) -> str:
    return re.sub(r"[^a-z]", "", text.casefold())


def _similarity(a: str, b: str) -> float:
    return SequenceMatcher(None, a, b, autojunk=False).ratio()


def _canonical_rating(word: str) -> str | None:
    wanted = " ".join(word.split()).casefold()
    for framework_id in SUPPORTED_FRAMEWORKS:
        for candidate in (*get_framework(framework_id).rating_words(), NOT_RATED):
            if candidate.casefold() == wanted:
                return candidate
    return None


def _whole_rating(text: str) -> str | None:
    match = _WHOLE_RATING.fullmatch(text.strip(_JUNK))
    return _canonical_rating(match.group(1)) if match else None


def _number(token: str) -> int | None:
    if token.isdigit():
        return int(token)
    parts = token.casefold().split("-")
    if len(parts) == 1:
        return _NUMBER_WORDS.get(parts[0])
    if len(parts) == 2 and parts[1] in _NUMBER_WORDS and _NUMBER_WORDS[parts[1]] < 10:
        tens = _NUMBER_WORDS.get(parts[0])
        if tens is not None and tens >= 20 and tens % 10 == 0:
            return tens + _NUMBER_WORDS[parts[1]]
    return None


def _month(year: str, month_name: str, day: str | None = None) -> str:
    month = _MONTHS.index(month_name.capitalize()) + 1
    return f"{year}-{month:02d}" + (f"-{int(day):02d}" if day else "")
