"""The annual youth justice plan as a document: the statutory sections, some written by the
service and some filled from yjqa's own records (board attendance, performance, the improvement
plan, feedback, the budget, the national standards self-assessment, the inspection, the staffing
structure), rendered by the report renderers as HTML, Word and PDF.

The sections follow seed plan 003 (the YJB's guidance), in its order: foreword; introduction,
vision and strategy; governance; progress on the previous plan; performance; risks and issues;
Child First; resources and services; board development; workforce development;
evidence-based practice and innovation; priorities; standards for children; service
development; sign-off; and the staffing structure as its appendix. Two sections are yjqa's
own, placed where the seed covers their matter: "Voice of the child" (what children said in
the service's surveys) follows Child First, because the seed reports its young people's
feedback inside Child First, and a plan is easier to read with the figures in a section of
their own; "Inspection findings" (the reported inspection's ratings) comes just before service
development, because the seed describes the inspection and its improvement plan there, and the
ratings are what that section's text then discusses.

Written sections are Markdown (`markdown_blocks`): paragraphs, lists and simple tables become
the document model's blocks, headings start a part of the section, and any HTML in the text is
text. A written section with nothing in it yet is not printed as an empty section: it is named
in one short "Not written yet" section before the sign-off, so a gap is visible in a line
rather than as a page with nothing on it.

Every total is worked out from the lines (the budget's, the staffing's, the attendance's),
never copied: seed 003's printed budget does not add up by a pound where its figures were
rounded, and yjqa prints what its lines give.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Literal

from yjqa.core.documents.markdown_blocks import markdown_parts
from yjqa.core.documents.model import (
    Block,
    BulletList,
    Cell,
    Cover,
    Paragraph,
    Report,
    Section,
    Table,
)
from yjqa.core.documents.plan_performance import PlanPerformance, performance_blocks

Source = Literal[
    "text",
    "board",
    "performance",
    "inspection",
    "improvement",
    "feedback",
    "budget",
    "standards",
    "sign_off",
    "staffing",
]


@dataclass(frozen=True)
class PlanSection:
    id: str
    title: str
    source: Source
    guidance: str  # what the section should say, shown to the person writing it


SECTIONS: tuple[PlanSection, ...] = (
    PlanSection(
        "foreword",
        "Foreword",
        "text",
        "A short introduction to the year by the chair of the management board, ending with "
        "who signs it: the chair and, for example, the lead member for children's services.",
    ),
    PlanSection(
        "introduction",
        "Introduction, vision and strategy",
        "text",
        "The service's vision for children, its strategy, and how the plan was agreed.",
    ),
    PlanSection(
        "governance",
        "Governance, leadership and partnership arrangements",
        "board",
        "The management board: its chair, members by agency, how it oversees the service, and "
        "the partnerships the service works in. yjqa adds the board's attendance by agency.",
    ),
    PlanSection(
        "progress",
        "Progress on priorities in the previous plan",
        "improvement",
        "What was achieved against last year's priorities and the improvement plan.",
    ),
    PlanSection(
        "performance",
        "Performance over the previous year",
        "performance",
        "The national indicators and key performance indicators, and what they show.",
    ),
    PlanSection(
        "risks",
        "Risks and issues",
        "text",
        "Risks to delivering the plan and the actions to mitigate them: a table of risk and "
        "actions suits this section.",
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
        "How the budget is spent. yjqa prints the budget by funding source: staffing and other "
        "costs, cash and in kind.",
    ),
    PlanSection(
        "board_development",
        "Board development",
        "text",
        "How board members learn about youth justice: induction, training, visits to the service.",
    ),
    PlanSection(
        "workforce_development",
        "Workforce development",
        "text",
        "Training, supervision and development for staff and volunteers.",
    ),
    PlanSection(
        "evidence",
        "Evidence-based practice and innovation",
        "text",
        "Practice the service has developed or tested, and what it showed.",
    ),
    PlanSection(
        "priorities",
        "Priorities for the coming year and national priority areas",
        "text",
        "The service's priorities, and for each national priority area the current position "
        "and the planned actions: a table suits this section.",
    ),
    PlanSection(
        "standards",
        "Standards for children",
        "standards",
        "How the service is acting on its latest national standards self-assessment. yjqa adds "
        "its figures by standard; the action for each standard is written below.",
    ),
    PlanSection(
        "inspection",
        "Inspection findings",
        "inspection",
        "The latest inspection's ratings and how the service is acting on them.",
    ),
    PlanSection(
        "service_development",
        "Service development",
        "text",
        "Changes planned to services, including the inspection's improvement plan, and how "
        "they will be judged.",
    ),
    PlanSection(
        "sign_off",
        "Sign-off",
        "sign_off",
        "The chair of the management board signs the plan on the board's behalf.",
    ),
    PlanSection(
        "staffing",
        "Appendix 1: Staffing structure",
        "staffing",
        "Anything the staffing table does not say, for example volunteers or vacant posts.",
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
NO_NATIONAL_STANDARDS = "No national standards self-assessment is recorded."
CONTRACTS: tuple[tuple[str, str], ...] = (
    ("directly_employed", "Directly employed"),
    ("seconded", "Seconded"),
)


@dataclass(frozen=True)
class BudgetLine:
    """One funding source's contribution: cash and in kind, each as staffing and other."""

    source: str
    cash_staffing: Decimal = Decimal(0)
    cash_other: Decimal = Decimal(0)
    in_kind_staffing: Decimal = Decimal(0)
    in_kind_other: Decimal = Decimal(0)

    @property
    def cash(self) -> Decimal:
        return self.cash_staffing + self.cash_other

    @property
    def in_kind(self) -> Decimal:
        return self.in_kind_staffing + self.in_kind_other


@dataclass(frozen=True)
class StaffPost:
    """A row of the staffing structure: a role, its contract, how many posts, their FTE."""

    role: str
    contract: str  # a code of CONTRACTS
    posts: int
    fte: Decimal


@dataclass(frozen=True)
class KeyQuestionCases:
    """How a self-assessment's cases answered one key question (cases not applicable left
    out): `yes` of `of`."""

    key_question: str  # e.g. "1.2.1 Was the disposal decided jointly ...?"
    yes: int
    of: int


@dataclass(frozen=True)
class StandardForChildren:
    """A national standard: its cases in the latest self-assessment and the service's action."""

    standard: str  # e.g. "Standard 1: Out-of-court disposals"
    cases: Sequence[KeyQuestionCases] = ()
    action: str = ""
    details: str = ""


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
    # The management board over the year the plan looks back on.
    board_period: str = ""  # e.g. "April 2024 to March 2025"
    board_meetings: int = 0  # meetings recorded in the period
    board_attendance: Sequence[tuple[str, int, int]] = ()  # (agency, attended, of meetings)
    # The latest national standards self-assessment ("" when there is none) and each standard.
    standards_source: str = ""
    standards: Sequence[StandardForChildren] = ()
    staffing: Sequence[StaffPost] = ()
    signed_off_by: str = ""
    signed_off_on: date | None = None


def _whole(value: Decimal) -> Decimal:
    return value.quantize(Decimal(1), rounding=ROUND_HALF_UP)


def _money(value: Decimal) -> str:
    return f"£{_whole(value):,}"


def _budget_rows(lines: Sequence[BudgetLine]) -> list[tuple[str, Decimal, Decimal]]:
    """(row label, staffing, other): each source's cash, then its in kind, where it gives any."""
    rows: list[tuple[str, Decimal, Decimal]] = []
    for line in lines:
        if line.cash:
            rows.append((line.source, line.cash_staffing, line.cash_other))
        if line.in_kind:
            rows.append((f"{line.source} in kind", line.in_kind_staffing, line.in_kind_other))
    return rows


def _budget_table(lines: Sequence[BudgetLine]) -> Table:
    def row(label: str, staffing: Decimal, other: Decimal, bold: bool = False) -> tuple[Cell, ...]:
        return (
            Cell(text=label, bold=bold),
            Cell(text=_money(staffing), bold=bold, numeric=True),
            Cell(text=_money(other), bold=bold, numeric=True),
            Cell(text=_money(staffing + other), bold=bold, numeric=True),
        )

    def total(of: Sequence[BudgetLine], part: str) -> Decimal:
        return sum((getattr(line, part) for line in of), Decimal(0))

    rows = [row(*r) for r in _budget_rows(lines)]
    rows.append(row("Total cash", total(lines, "cash_staffing"), total(lines, "cash_other"), True))
    rows.append(
        row(
            "Total in kind",
            total(lines, "in_kind_staffing"),
            total(lines, "in_kind_other"),
            True,
        )
    )
    rows.append(
        row(
            "Total budget",
            total(lines, "cash_staffing") + total(lines, "in_kind_staffing"),
            total(lines, "cash_other") + total(lines, "in_kind_other"),
            True,
        )
    )
    figures = [
        getattr(line, part)
        for line in lines
        for part in ("cash_staffing", "cash_other", "in_kind_staffing", "in_kind_other")
    ]
    footnotes = (
        (
            "Figures are rounded to the nearest pound. Totals are worked out from the unrounded "
            "figures, so a total may differ by a pound from the sum of the figures shown.",
        )
        if any(value != _whole(value) for value in figures)
        else ()
    )
    return Table(
        caption="Budget by funding source",
        header=("Source", "Staffing", "Other", "Total"),
        rows=tuple(rows),
        numeric_columns=(1, 2, 3),
        footnotes=footnotes,
    )


def _fte(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:.2f}".rstrip("0")


def _staffing_blocks(posts: Sequence[StaffPost]) -> list[Block]:
    if not posts:
        return [Paragraph(text="No posts are recorded in the staffing structure.", style="small")]
    labels = dict(CONTRACTS)
    count = sum(p.posts for p in posts)
    fte = sum((p.fte for p in posts), Decimal(0))
    by_contract = [
        f"{sum(p.posts for p in posts if p.contract == code)} {label.lower()}"
        for code, label in CONTRACTS
        if any(p.contract == code for p in posts)
    ]
    summary = (
        f"The service has {count} {'post' if count == 1 else 'posts'} "
        f"({_fte(fte)} full-time equivalent): {' and '.join(by_contract)}."
    )
    rows = [
        (
            Cell(text=p.role),
            Cell(text=labels.get(p.contract, p.contract)),
            Cell(text=str(p.posts), numeric=True),
            Cell(text=_fte(p.fte), numeric=True),
        )
        for p in posts
    ]
    rows.append(
        (
            Cell(text="Total", bold=True),
            Cell(text=""),
            Cell(text=str(count), bold=True, numeric=True),
            Cell(text=_fte(fte), bold=True, numeric=True),
        )
    )
    return [
        Paragraph(text=summary),
        Table(
            caption="Staffing structure",
            header=("Role", "Contract", "Posts", "Full-time equivalent"),
            rows=tuple(rows),
            numeric_columns=(2, 3),
        ),
    ]


def _times(count: int) -> str:
    return {1: "once", 2: "twice"}.get(count, f"{count} times")


def _board_blocks(plan: PlanInput) -> list[Block]:
    period = f"the year {plan.board_period}" if plan.board_period else "the previous year"
    if not plan.board_meetings:
        return [Paragraph(text=f"No board meetings are recorded for {period}.", style="small")]
    blocks: list[Block] = [
        Paragraph(text=f"The management board met {_times(plan.board_meetings)} in {period}.")
    ]
    if plan.board_attendance:
        blocks.append(
            Table(
                caption=f"Management board attendance by agency, {plan.board_period}",
                header=("Agency", "Meetings attended", "Of meetings", "Attendance"),
                rows=tuple(
                    (
                        Cell(text=agency),
                        Cell(text=str(came), numeric=True),
                        Cell(text=str(of), numeric=True),
                        Cell(text=_percent(came, of), numeric=True),
                    )
                    for agency, came, of in plan.board_attendance
                ),
                numeric_columns=(1, 2, 3),
                footnotes=(
                    "Of meetings: the meetings at which the agency's attendance was recorded.",
                ),
            )
        )
    return blocks


def _percent(part: int, whole: int) -> str:
    if not whole:
        return "not known"
    return f"{_whole(Decimal(100 * part) / Decimal(whole))}%"


def _standards_blocks(plan: PlanInput) -> list[Block]:
    blocks: list[Block] = []
    if not plan.standards_source:
        blocks.append(Paragraph(text=NO_NATIONAL_STANDARDS, style="small"))
    else:
        blocks.append(Paragraph(text=plan.standards_source))
        rows: list[tuple[Cell, ...]] = []
        groups: list[int] = []
        for standard in plan.standards:
            groups.append(len(rows))
            rows.append((Cell(text=standard.standard, bold=True), Cell(text=""), Cell(text="")))
            if not any(kq.of for kq in standard.cases):
                rows.append(
                    (Cell(text="No case answers are recorded"), Cell(text=""), Cell(text=""))
                )
            for kq in standard.cases:
                rows.append(
                    (
                        Cell(text=kq.key_question),
                        Cell(text=f"{kq.yes}\u00a0of\u00a0{kq.of}", numeric=True),
                        Cell(text=_percent(kq.yes, kq.of), numeric=True),
                    )
                )
        blocks.append(
            Table(
                caption="Cases meeting each key question in the self-assessment",
                header=("Key question", "Cases", "Proportion"),
                rows=tuple(rows),
                numeric_columns=(1, 2),
                group_rows=tuple(groups),
                footnotes=("Cases: those answering yes, of the cases to which it applied.",),
            )
        )
    acted = [s for s in plan.standards if s.action or s.details]
    if acted:
        blocks.append(
            Table(
                caption="Actions aligned with the national standards",
                header=("National standard", "Aligned action", "Details"),
                rows=tuple(
                    (Cell(text=s.standard), Cell(text=s.action), Cell(text=s.details))
                    for s in acted
                ),
            )
        )
    return blocks


def _filled(section: PlanSection, plan: PlanInput) -> list[Any]:
    """The blocks of a section filled from yjqa's records, before the service's own text."""
    if section.source == "board":
        return _board_blocks(plan)
    if section.source == "performance":
        return performance_blocks(plan.performance)
    if section.source == "standards":
        return _standards_blocks(plan)
    if section.source == "staffing":
        return _staffing_blocks(plan.staffing)
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


def _section_id(section: PlanSection) -> str:
    return section.id.replace("_", "-")


def _sections_of(section: PlanSection, plan: PlanInput) -> list[Section]:
    """The section with its filled blocks and its text's first part, then a part of its own
    (not in the contents) under each heading of its text."""
    parts = markdown_parts(plan.texts.get(section.id, ""), caption=section.title)
    opening = parts[0].blocks if parts and not parts[0].heading else ()
    later = parts[1:] if parts and not parts[0].heading else parts
    blocks = [*_filled(section, plan), *opening]
    if not blocks and not later:
        return []
    sid = _section_id(section)
    return [
        Section(id=sid, title=section.title, blocks=tuple(blocks)),
        *(
            Section(
                id=f"{sid}-{number}",
                title=part.heading,
                level=2,
                blocks=part.blocks,
                in_contents=False,
            )
            for number, part in enumerate(later, start=1)
        ),
    ]


def build_plan(plan: PlanInput) -> Report:
    sections: list[Section] = []
    unwritten: list[str] = []
    for section in SECTIONS:
        made = _sections_of(section, plan)
        if not made:
            unwritten.append(section.title)
            continue
        if section.source == "sign_off" and unwritten:
            sections.append(_not_written(unwritten))
        sections.extend(made)
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
