"""Shared test helpers: the published documents the tests read, and a reader for their tables."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml

from yjqa.core.caseload.reader import CaseloadRow

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


# ---- Golden figures, read by hand from the seeds (line numbers in tests/data/published) ----

# 000 Westmorland and Furness (2021 framework).
# Ratings table, lines 81-101: score 14/36, overall Requires improvement, then every standard.
WESTMORLAND_RATINGS = {
    "1.1": "Requires improvement",
    "1.2": "Good",
    "1.3": "Requires improvement",
    "1.4": "Good",
    "2.1": "Good",
    "2.2": "Requires improvement",
    "2.3": "Good",
    "2.4": "Requires improvement",
    "3.1": "Inadequate",
    "3.2": "Inadequate",
    "3.3": "Requires improvement",
    "3.4": "Requires improvement",
    "4.1": "Requires improvement",  # line 101; does not count (footnote, line 103)
}
# The "% 'Yes'" table in each standard's own section (2.1 at line 392 ... 3.3 at line 541).
WESTMORLAND_FIGURES: dict[str, list[int | None] | None] = {
    "2.1": [100, 88, 75],
    "2.2": [100, 88, 50],
    "2.3": [100, 88, 75],
    "2.4": [88, 88, 50],
    "3.1": [83, 50, 25],
    "3.2": [92, 42, 33],
    "3.3": [100, 83, 58],
}
# "eight community sentences" (line 380), "12 cases ... out-of-court disposal" (line 479),
# "two cases ... custodial sentence" (line 606).
WESTMORLAND_CASES = {"court": 8, "oocd": 12, "resettlement": 2}
# Lines 109-124: three addressees, eight numbered recommendations.
CHAIR = "The chair of Westmorland and Furness YJS management board"
BOARD = "Westmorland and Furness YJS management board"
MANAGER = "Westmorland and Furness YJS service manager"
WESTMORLAND_RECOMMENDATIONS = [
    (
        CHAIR,
        "develop its members so that they have the necessary knowledge and understanding of "
        "the youth justice context to be able to drive service improvements which meet the "
        "needs of YJS children.",
    ),
    (
        BOARD,
        "improve healthcare provision for YJS children so that it meets their emotional, "
        "mental health and wellbeing needs across the full range of mainstream and specialist "
        "health pathways",
    ),
    (
        BOARD,
        "make sure that children supervised by the YJS are assessed for and have access to "
        "specific services that meet their speech, language and communication needs",
    ),
    (
        BOARD,
        "continue to challenge the Probation Service to ensure that it meets its statutory "
        "duties and provides the appropriate secondment provision to the YJS",
    ),
    (
        BOARD,
        "strengthen the quality of resettlement provision and ensure that the partnership "
        "takes collective responsibility for these children.",
    ),
    (
        MANAGER,
        "make sure that there is a structure in place to enable volunteers to be "
        "appropriately managed, supported and integrated as part of the YJS",
    ),
    (
        MANAGER,
        "ensure the consistently high quality of assessing to keep other people safe and "
        "planning to keep both children and other people safe in out-of-court disposal work",
    ),
    (
        MANAGER,
        "put in place a framework to collate and analyse children's participation and "
        "feedback to help influence future service policy and provision.",
    ),
]
# The cases inspected in each domain of case standards, by the domain's number.
CASES = {"2": 8, "3": 12}  # "eight community sentences"; "We inspected 12 cases ... out-of-court"


# 004 Warwickshire (2018 framework, OCR text).
# Ratings table lines 127-158 ("Service:", "Fieldwork started: October 2018", "Overall rating
# Good"); the OCR lost 3.1 and 3.2's ratings there, which the body (3.1, line 843) and annex 2
# (3.2, line 1308) print. The 1.x, 2.x and 3.3 ratings are in all three places.
WARWICKSHIRE_RATINGS = {
    "1.1": "Good",
    "1.2": "Good",
    "1.3": "Good",
    "1.4": "Good",  # printed "14 Information and facilities Good" (line 141): the dot is lost
    "2.1": "Outstanding",
    "2.2": "Outstanding",
    "2.3": "Outstanding",
    "2.4": "Outstanding",
    "3.1": "Good",
    "3.2": "Good",
    "3.3": "Good",
    "3.4": "Requires improvement",  # "Requires Improvement" (line 158); split at line 944
}
# Annex 2 (lines 1064-1356). 3.3's figures are lost in the OCR: None, with a warning.
WARWICKSHIRE_FIGURES: dict[str, list[int | None] | None] = {
    "2.1": [88, 88, 83],
    "2.2": [92, 86, 83],
    "2.3": [91, 90, 83],
    "2.4": [96, 94, 93],
    "3.1": [80, 93, 73],
    "3.2": [73, 73, 89],
    "3.3": None,
    "3.4": [50, 71],
}
# Annex 1: "We examined 24 post-court cases" (line 1046), "15 out-of-court disposals" (1060).
WARWICKSHIRE_CASES = {"court": 24, "oocd": 15, "resettlement": None}
# Lines 166-184.
WARWICKSHIRE_RECOMMENDATIONS = [
    (
        "The Chief Officers Board",
        "ensure that the partnership strengthens its use of performance reports and data "
        "analysis to influence service delivery to all children and young people across "
        "Warwickshire",
    ),
    (
        "The Chief Officers Board",
        "track the performance data on education, training and employment for young people "
        "aged 16 and above, and ensure that these young people are engaged and that "
        "appropriate provision is available for them.",
    ),
    (
        "The YOS Manager",
        "review the procedure for deciding on and delivering out-of-court disposals and "
        "ensure that the process is clear to all staff and meets the needs of children and "
        "families",
    ),
    (
        "The YOS Manager",
        "develop a process that captures the views of children and young people, their "
        "parents/carers and other stakeholders so that they can influence future service "
        "delivery.",
    ),
]
# Annex 2 as the golden rating tests read it: every figure, with the rating beside it.
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


# ---- Caseload rows, for sampling ----


def case_row(
    ref: str,
    outcome: str,
    outcome_date: date,
    end_date: date | None = None,
    *,
    sex: str = "male",
    rosh: str = "low",
    safety: str = "low",
) -> CaseloadRow:
    """One case, with what sampling looks at given and everything else fixed."""
    return CaseloadRow(
        case_ref=ref,
        sex=sex,
        ethnicity="white",
        date_of_birth=date(2010, 1, 1),
        outcome=outcome,
        outcome_date=outcome_date,
        rosh=rosh,
        safety_wellbeing=safety,
        end_date=end_date,
        likelihood_of_reoffending="",
        case_manager="Alex Ashdown",
        looked_after=None,
        send=False,
    )


def case_refs(rows: Sequence[CaseloadRow]) -> list[str]:
    """The rows' case references, in order."""
    return [r.case_ref for r in rows]


# ---- A survey definition ----

# A small survey, valid as it is: tests change one line of it to break it.
PILOT_SURVEY = """
id: pilot
title: Pilot
audience: children
intro: Tell us.
questions:
  - id: overall
    kind: rating
    text: How was it?
    low_label: Bad
    high_label: Good
  - id: again
    kind: choice
    text: Would you come again?
    options: [Often, Never]
"""
