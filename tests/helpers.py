"""Shared test helpers: the published documents the tests read, and a reader for their tables."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
# Published HMIP reports (Open Government Licence v3.0) and the facts of one youth justice
# plan, kept in the repository: see tests/data/published/README.md.
PUBLISHED = ROOT / "tests" / "data" / "published"
# The national ratings CSV, as the package ships it.
RATINGS_CSV = ROOT / "src" / "yjqa" / "benchmark_data" / "hmip-youth-ratings.csv"


def seed_path(prefix: str) -> Path:
    """The published report numbered `prefix` (e.g. '000'), as a text file."""
    matches = sorted(PUBLISHED.glob(f"{prefix}_*.txt"))
    if not matches:
        pytest.fail(f"no report {prefix}_*.txt in {PUBLISHED}")
    return matches[0]


def seed(prefix: str) -> str:
    """The text of the published report numbered `prefix`, e.g. '000'."""
    return seed_path(prefix).read_text(encoding="utf-8")


def youth_justice_plan_facts() -> dict[str, Any]:
    """The facts and figures of seed 003, a council's youth justice plan (not its text)."""
    path = next(PUBLISHED.glob("003_*.yaml"))
    facts: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return facts


def youth_justice_plan_text() -> str:
    """A plain text shaped like seed 003, written from its facts: a youth justice plan that
    reports an inspection, its rating and the improvement plan that followed, with figures."""
    facts = youth_justice_plan_facts()
    inspection = facts["inspection"]
    disposals = facts["disposals_2024_25"]
    reoffending = facts["reoffending"]
    lines = [
        facts["document"],
        "",
        "Contents",
        *facts["sections"],
        "",
        f"{inspection['inspectorate']} inspected {facts['service']} in "
        f"{inspection['fieldwork']} and rated it {inspection['overall']}.",
        f"{facts['population_10_17']:,} children aged 10 to 17 live in the area.",
        f"April 2024 to March 2025: {disposals['total']} disposals, {disposals['prevention']} "
        f"prevention, {disposals['out_of_court']} out of court, "
        f"{disposals['statutory_orders']} statutory orders.",
        "",
        "Youth\tOffenders\tRe-offenders\tRe-offending rate",
        *(
            f"{group.title()}\t{row['children']}\t{row['reoffenders']}\t{row['rate']}%"
            for group, row in reoffending.items()
            if isinstance(row, dict)
        ),
        "",
        "13. Service Development",
        *(f"{n}. {item}" for n, item in enumerate(facts["improvement_plan_items"], 1)),
        "",
        "14. Sign off",
    ]
    return "\n".join(lines) + "\n"


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


# ---- Golden figures, read by hand from the seeds ----

# 000 Westmorland and Furness: the cases inspected in each domain of case standards.
CASES = {"2": 8, "3": 12}  # "eight community sentences"; "We inspected 12 cases ... out-of-court"

# Warwickshire (seed 004), annex 2: every figure it prints, with the rating beside it.
# 3.3's figures were lost in the OCR, so it has no golden figures here.
WARWICKSHIRE = {
    "2.1": ([88, 88, 83], "Outstanding"),
    "2.2": ([92, 86, 83], "Outstanding"),
    "2.3": ([91, 90, 83], "Outstanding"),
    "2.4": ([96, 94, 93], "Outstanding"),
    "3.1": ([80, 93, 73], "Good"),
    "3.2": ([73, 73, 89], "Good"),
    "3.4": ([50, 71], "Requires improvement"),
}
# Ratings table and annex: organisational standards Good, 3.3 Good; overall Good.
WARWICKSHIRE_OTHERS = {"1.1": "Good", "1.2": "Good", "1.3": "Good", "1.4": "Good", "3.3": "Good"}
