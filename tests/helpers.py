"""Shared test helpers: where the seed documents are, and a reader for their printed tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = SHARED / "seeds"


def seed(prefix: str) -> str:
    """The text of a seed document by its number, e.g. '000'."""
    matches = sorted(SEEDS.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(f"seed {prefix} not found in {SEEDS}: golden tests need ../shared/seeds")
    return matches[0].read_text(encoding="utf-8")


@dataclass
class PublishedReport:
    """What a 2021-era HMIP report prints: ratings, score, and key-question tables."""

    ratings: dict[str, str] = field(default_factory=dict)
    score: int | None = None
    max_score: int | None = None
    overall: str | None = None
    key_questions: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


def parse_2021_report(text: str) -> PublishedReport:
    """Read the ratings table and the '% Yes' tables out of the seed's text as printed."""
    report = PublishedReport()
    score = re.search(r"Score\s+(\d+)/(\d+)", text)
    if score:
        report.score, report.max_score = int(score.group(1)), int(score.group(2))
    overall = re.search(r"Overall rating .*?\t+(.+?)\s*\t", text)
    if overall:
        report.overall = overall.group(1).strip()
    ratings_part = text[text.index("## **Ratings**") : text.index("### **Recommendations**")]
    for match in re.finditer(r"^(\d\.\d)\t[^\t]+\t(.+?)\s*$", ratings_part, re.M):
        report.ratings[match.group(1)] = match.group(2).strip()
    standard = None
    lines = text.splitlines()
    for i, line in enumerate(lines):
        heading = re.match(r"^#+ (\d\.\d)\. ", line)
        if heading:
            standard = heading.group(1)
        stem = re.match(r"^(Does .*):\t% 'Yes'$", line)
        if stem and standard:
            rows = []
            for item in lines[i + 1 :]:
                row = re.match(r"^(.+\?)\t(\d+)%$", item)
                if not row:
                    break
                rows.append((f"{stem.group(1)} {row.group(1)}", int(row.group(2))))
            report.key_questions[standard] = rows
    return report
