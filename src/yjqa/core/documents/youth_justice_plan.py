"""The annual youth justice plan as a document: the statutory sections, some written by the
service and some filled from yjqa's own records (performance, inspection, improvement plan,
feedback), rendered by the report renderers as Word and PDF.

The sections follow the YJB's guidance as the seed plan (003) sets them out (DOMAIN.md
section 6). A written section with nothing in it yet is not printed as an empty section: it is
named in one short "Not written yet" section before the sign-off, so a gap is visible in a line
rather than as a page with nothing on it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any, Literal

from yjqa.core.documents.model import BulletList, Cell, Cover, Paragraph, Report, Section, Table
from yjqa.core.documents.plan_performance import PlanPerformance, performance_blocks

Source = Literal[
    "text", "performance", "inspection", "improvement", "feedback", "budget", "sign_off"
]


@dataclass(frozen=True)
class PlanSection:
    id: str
    title: str
    source: Source
    guidance: str  # what the section should say, shown to the person writing it


SECTIONS: tuple[PlanSection, ...] = (
    PlanSection(
        "introduction",
        "Introduction, vision and strategy",
        "text",
        "The service's vision for children, its strategy, and how the plan was agreed.",
    ),
    PlanSection(
        "governance",
        "Governance, leadership and partnership arrangements",
        "text",
        "The management board: its chair, members by agency, how it oversees the service.",
    ),
    PlanSection(
        "progress",
        "Progress on the previous plan",
        "improvement",
        "What was achieved against last year's priorities and the improvement plan.",
    ),
    PlanSection(
        "performance",
        "Performance",
        "performance",
        "The national indicators and key performance indicators, and what they show.",
    ),
    PlanSection(
        "inspection",
        "Inspection findings",
        "inspection",
        "The latest inspection's ratings and how the service is acting on them.",
    ),
    PlanSection(
        "risks",
        "Risks and issues",
        "text",
        "Risks to delivering the plan, and how they are managed.",
    ),
    PlanSection(
        "child_first",
        "Child First",
        "text",
        "How the service sees children as children, builds on their strengths and diverts "
        "them from the system.",
    ),
    PlanSection(
        "voice",
        "Voice of the child",
        "feedback",
        "What children and their parents or carers have told the service, and what changed.",
    ),
    PlanSection(
        "resources",
        "Resources and services",
        "budget",
        "The budget by funding source, cash and in kind, and how it is spent.",
    ),
    PlanSection(
        "workforce",
        "Board development and workforce development",
        "text",
        "Training and development for board members and staff.",
    ),
    PlanSection(
        "priorities",
        "Priorities for the coming year",
        "text",
        "The service's priorities, each with what success looks like.",
    ),
    PlanSection(
        "standards",
        "Standards for children in the justice system",
        "text",
        "The latest national standards self-assessment and its actions.",
    ),
    PlanSection(
        "service_development",
        "Service development",
        "text",
        "Changes planned to services and how they will be judged.",
    ),
    PlanSection(
        "sign_off",
        "Sign-off",
        "sign_off",
        "The chair of the management board signs the plan on the board's behalf.",
    ),
)
FUNDING_SOURCES: tuple[str, ...] = (
    "Youth Justice Board grant",
    "Local authority",
    "Police",
    "Police and crime commissioner",
    "Probation",
    "Health",
    "Welsh Government",
    "Other",
)


NO_PUBLISHED_INSPECTION = (
    "No published inspection: the plan reports the latest published HMIP inspection, or the "
    "inspection chosen for it."
)


@dataclass(frozen=True)
class BudgetLine:
    source: str
    cash: Decimal = Decimal(0)
    in_kind: Decimal = Decimal(0)


@dataclass(frozen=True)
class PlanInput:
    """Everything the plan document needs, as plain data."""

    service: str
    period: str  # e.g. "2025 to 2026"
    texts: Mapping[str, str] = field(default_factory=dict)  # section id -> edited text
    budget: Sequence[BudgetLine] = ()
    performance: PlanPerformance = field(default_factory=PlanPerformance)
    ratings: Sequence[tuple[str, str]] = ()  # (standard, rating)
    inspection: str = ""  # e.g. "HMIP inspection 2026 (demo): Good, 23/36"
    # What the ratings' rows are: standards, or (2025) areas and their activities.
    ratings_label: str = "Standard"
    improvement: Sequence[tuple[str, str, str]] = ()  # (recommendation, status, progress)
    feedback: Sequence[tuple[str, str]] = ()  # (survey, headline)
    signed_off_by: str = ""
    signed_off_on: date | None = None


def _paragraphs(text: str) -> list[Paragraph]:
    return [Paragraph(text=p.strip()) for p in text.split("\n\n") if p.strip()]


def _money(value: Decimal) -> str:
    return f"£{value:,.0f}"


def _budget_table(lines: Sequence[BudgetLine]) -> Table:
    shown = [line for line in lines if line.cash or line.in_kind]
    cash = sum((line.cash for line in shown), Decimal(0))
    in_kind = sum((line.in_kind for line in shown), Decimal(0))
    rows = [
        (
            Cell(text=line.source),
            Cell(text=_money(line.cash), numeric=True),
            Cell(text=_money(line.in_kind), numeric=True),
            Cell(text=_money(line.cash + line.in_kind), numeric=True),
        )
        for line in shown
    ]
    rows.append(
        (
            Cell(text="Total", bold=True),
            Cell(text=_money(cash), bold=True, numeric=True),
            Cell(text=_money(in_kind), bold=True, numeric=True),
            Cell(text=_money(cash + in_kind), bold=True, numeric=True),
        )
    )
    return Table(
        caption="Budget by funding source",
        header=("Source", "Cash", "In kind", "Total"),
        rows=tuple(rows),
        numeric_columns=(1, 2, 3),
    )


def _filled(section: PlanSection, plan: PlanInput) -> list[Any]:
    """The blocks of a section filled from yjqa's records, before the service's own text."""
    if section.source == "performance":
        return performance_blocks(plan.performance)
    if section.source == "inspection":
        if not plan.ratings:
            return [Paragraph(text=plan.inspection or NO_PUBLISHED_INSPECTION, style="small")]
        return [
            Paragraph(text=plan.inspection),
            Table(
                caption="Ratings",
                header=(plan.ratings_label, "Rating"),
                rows=tuple((Cell(text=s), Cell(text=r, rating=r)) for s, r in plan.ratings),
            ),
        ]
    if section.source == "improvement":
        if not plan.improvement:
            return [Paragraph(text="There is no improvement plan yet.", style="small")]
        return [
            Table(
                caption="The improvement plan",
                header=("Recommendation", "Status", "Progress"),
                rows=tuple(
                    (Cell(text=a), Cell(text=b), Cell(text=c)) for a, b, c in plan.improvement
                ),
            )
        ]
    if section.source == "feedback":
        if not plan.feedback:
            return [Paragraph(text="No survey responses are held.", style="small")]
        return [
            BulletList(items=tuple(f"{survey}: {headline}" for survey, headline in plan.feedback))
        ]
    if section.source == "budget":
        return [_budget_table(plan.budget)]
    if section.source == "sign_off":
        if plan.signed_off_by and plan.signed_off_on:
            when = f"{plan.signed_off_on.day} {plan.signed_off_on:%B %Y}"
            return [
                Paragraph(
                    text=f"Signed on behalf of the management board by {plan.signed_off_by} "
                    f"on {when}."
                )
            ]
        return [Paragraph(text="Not yet signed off by the chair of the management board.")]
    return []


NOT_WRITTEN_ID = "not-written"


def build_plan(plan: PlanInput) -> Report:
    sections = []
    unwritten: list[str] = []
    for section in SECTIONS:
        blocks = _filled(section, plan) + _paragraphs(plan.texts.get(section.id, ""))
        if not blocks:
            unwritten.append(section.title)
            continue
        if section.source == "sign_off" and unwritten:
            sections.append(_not_written(unwritten))
        sections.append(
            Section(id=section.id.replace("_", "-"), title=section.title, blocks=tuple(blocks))
        )
    signed = bool(plan.signed_off_by and plan.signed_off_on)
    return Report(
        cover=Cover(
            title="Youth justice plan for",
            service=plan.service,
            kind="Youth justice plan",
            details=(("Period", plan.period),),
            published=plan.signed_off_on if signed else None,
            draft=not signed,
        ),
        sections=tuple(sections),
    )


def _not_written(titles: Sequence[str]) -> Section:
    """The sections with nothing written yet, named in one short section."""
    return Section(
        id=NOT_WRITTEN_ID,
        title="Not written yet",
        blocks=(
            Paragraph(
                text=f"{'This section has' if len(titles) == 1 else 'These sections have'} "
                "not been written yet:",
                style="small",
            ),
            BulletList(items=tuple(titles)),
        ),
    )
