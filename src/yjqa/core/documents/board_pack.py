"""The management board pack, as the report document model (`yjqa.core.documents.model`).

Built from plain inputs, so anything can fill it: the meeting and who came from each partner
agency, the improvement plan's items and actions (overdue ones listed first, in words, not
colour), the latest inspection ratings, the headline performance indicators (the engine's
object for one service, see docs/indicators.md) and a summary of children's, families' and
staff feedback. The renderers in `yjqa.reports` turn it into HTML, PDF and Word.

When a meeting is held its pack is frozen: built once with `presented_on` (so it says "As
presented to the board on ..."), kept as plain JSON (`pack_to_json`) and always rendered again
from that (`pack_from_json`), so newer inspections, plans or indicators never change it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

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
from yjqa.core.documents.ratings_table import (
    area_sentence,
    inspection_kind,
    overall_sentence,
    rated_areas,
    ratings_table,
)
from yjqa.core.frameworks.model import Framework
from yjqa.core.improvement.rules import (
    DUE_SOON_DAYS,
    OVERDUE,
    SHOWN_LABELS,
    ActionFacts,
    ItemStatus,
    Status,
    days_overdue,
    is_due_soon,
    is_overdue,
    item_status,
    shown_status,
    summarise,
)
from yjqa.core.indicators.suppression import is_suppressed
from yjqa.core.rating.rules import FrameworkRating

__all__ = [
    "NO_PUBLISHED_INSPECTION",
    "AgencyAttendance",
    "BoardPackInput",
    "PackAction",
    "PackItem",
    "build_board_pack",
    "long_date",
    "pack_from_json",
    "pack_to_json",
    "presented_line",
]

NOT_AVAILABLE = "Not available"
NO_PUBLISHED_INSPECTION = (
    "No published inspection: the pack shows the ratings of the latest published HMIP "
    "inspection, or of the inspection chosen for the meeting."
)


@dataclass(frozen=True)
class PackAction:
    description: str
    owner: str
    due_date: date | None
    status: Status
    closed_reason: str = ""
    evidence: str = ""  # the latest evidence: a note, or a file's name

    @property
    def facts(self) -> ActionFacts:
        return ActionFacts(self.status, self.due_date)


@dataclass(frozen=True)
class PackItem:
    reference: str  # e.g. "1": the item's number in the plan
    text: str
    addressee: str = ""
    actions: tuple[PackAction, ...] = ()
    decision: str = ""  # what the board decided about it at this meeting
    status_at_review: ItemStatus | None = None  # as it stood when the board reviewed it


@dataclass(frozen=True)
class AgencyAttendance:
    agency: str  # its name as printed, e.g. "Police"
    attended: bool
    representative: str = ""  # who came, e.g. "Detective Chief Inspector, public protection"


@dataclass(frozen=True)
class BoardPackInput:
    service: str
    meeting_date: date
    as_at: date  # the plan's status is worked out as at this day (the day the pack is made)
    plan_title: str = ""
    items: Sequence[PackItem] = ()
    attendance: Sequence[AgencyAttendance] = ()
    # KPI 7 over recent meetings: (agency name, meetings attended, meetings recorded)
    attendance_history: Sequence[tuple[str, int, int]] = ()
    attendance_period: str = ""  # e.g. "the 12 months to 12 March 2026"
    notes: str = ""
    # The latest ratings: a framework and its rating, or plain (standard, rating) rows.
    framework: Framework | None = None
    rating: FrameworkRating | None = None
    rating_rows: Sequence[tuple[str, str]] = ()
    ratings_source: str = ""  # e.g. "HMIP inspection 2026"
    # The engine's object for this service and one period (docs/indicators.md), or None.
    indicators: Mapping[str, Any] | None = None
    indicators_period: str = ""  # e.g. "April 2025 to March 2026"
    # (survey title, responses, headline), or None where no summary is available.
    feedback: Sequence[tuple[str, int, str]] | None = None
    draft: bool = False
    # What the ratings section says when there are no ratings to show.
    no_ratings: str = NO_PUBLISHED_INSPECTION
    # The meeting's day, when the pack is frozen as the board saw it (the meeting is held).
    presented_on: date | None = None


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def presented_line(day: date) -> str:
    return f"As presented to the board on {long_date(day)}"


def pack_to_json(pack: Report) -> dict[str, Any]:
    """The pack as plain JSON (dicts, lists, strings, numbers, ISO dates), to keep."""
    return pack.model_dump(mode="json")


def pack_from_json(data: Mapping[str, Any]) -> Report:
    """A pack kept by `pack_to_json`, exactly as it was."""
    return Report.model_validate(data)


def _short_date(day: date | None) -> str:
    return f"{day.day} {day:%b %Y}" if day else "No date"


def build_board_pack(data: BoardPackInput) -> Report:
    sections: list[Section] = [
        _summary_section(data),
        _attendance_section(data),
        _overdue_section(data),
        _due_soon_section(data),
        *_decisions_sections(data),
        *_plan_sections(data),
        _ratings_section(data),
        _indicators_section(data),
        _feedback_section(data),
    ]
    if data.notes.strip():
        sections.append(
            Section(
                id="notes",
                title="Notes of the meeting",
                blocks=tuple(Paragraph(text=p) for p in _paragraphs(data.notes)),
            )
        )
    details = [("Meeting", long_date(data.meeting_date))]
    if data.plan_title:
        details.append(("Improvement plan", data.plan_title))
    details.append(("Plan status as at", long_date(data.as_at)))
    if data.presented_on is not None:
        details.append(("Pack", f"{presented_line(data.presented_on)}: it does not change"))
    else:
        details.append(("Pack", "As things stand today: frozen when the meeting is marked held"))
    cover = Cover(
        title="Management board pack for",
        service=data.service,
        kind="Board pack",
        details=tuple(details),
        draft=data.draft,
    )
    return Report(cover=cover, sections=tuple(sections))


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _plural(count: int, word: str, plural: str | None = None) -> str:
    return f"{count} {word if count == 1 else plural or word + 's'}"


# --- Summary -------------------------------------------------------------------------------


def _summary_section(data: BoardPackInput) -> Section:
    summary = summarise([[a.facts for a in item.actions] for item in data.items], data.as_at)
    blocks: list[Block] = []
    if data.presented_on is not None:
        blocks.append(
            Paragraph(
                style="small",
                text=f"{presented_line(data.presented_on)}. The plan's status is as it stood "
                f"on {long_date(data.as_at)}; later changes are in the next meeting's pack.",
            )
        )
    if not data.items:
        blocks.append(Paragraph(text="There is no improvement plan to report on yet."))
    else:
        done = summary.done
        blocks.append(
            Paragraph(
                style="lead",
                text=f"The improvement plan has {_plural(summary.items, 'item')} and "
                f"{_plural(summary.actions, 'action')}: {done} complete or closed, "
                f"{summary.overdue} overdue and {summary.due_soon} due in the next "
                f"{DUE_SOON_DAYS} days.",
            )
        )
        at_risk = [
            item
            for item in data.items
            if item_status([a.facts for a in item.actions], data.as_at) is ItemStatus.AT_RISK
        ]
        if at_risk:
            blocks.append(Paragraph(text="Items at risk:"))
            blocks.append(BulletList(items=tuple(_item_line(item, data.as_at) for item in at_risk)))
        if summary.items_without_actions:
            blocks.append(
                Paragraph(
                    text=f"{_plural(summary.items_without_actions, 'item has', 'items have')} "
                    "no actions yet."
                )
            )
        blocks.append(
            Table(
                caption="Plan items by overall status",
                header=("Overall status", "Items"),
                rows=tuple(
                    (Cell(text=status.label), Cell(text=str(count), numeric=True))
                    for status, count in summary.items_by_status.items()
                ),
                numeric_columns=(1,),
                footnotes=(
                    "An item is at risk if any of its actions is at risk or overdue, complete "
                    "when every action is complete or closed, and not started when none of its "
                    "actions has started.",
                ),
            )
        )
        blocks.append(
            Table(
                caption="Actions by status",
                header=("Status", "Actions"),
                rows=tuple(
                    (
                        Cell(text=SHOWN_LABELS[key], bold=key == OVERDUE),
                        Cell(text=str(count), numeric=True, bold=key == OVERDUE),
                    )
                    for key, count in summary.actions_by_shown.items()
                ),
                numeric_columns=(1,),
                footnotes=(
                    "Each action is counted once, by the status it shows: an open action past "
                    "its due date is overdue, whatever its owner last recorded.",
                ),
            )
        )
    if data.attendance:
        came = sum(a.attended for a in data.attendance)
        blocks.append(
            Paragraph(
                text=f"{came} of {len(data.attendance)} partner agencies attended the meeting."
            )
        )
    return Section(id="summary", title="Summary", blocks=tuple(blocks))


def _item_line(item: PackItem, today: date) -> str:
    late = sum(is_overdue(a.status, a.due_date, today) for a in item.actions)
    risky = sum(a.status is Status.AT_RISK for a in item.actions)
    reasons = []
    if late:
        reasons.append(f"{_plural(late, 'action')} overdue")
    if risky:
        reasons.append(f"{_plural(risky, 'action')} at risk")
    text = " ".join(item.text.split())
    return f"Item {item.reference}: {text} ({', '.join(reasons)})"


# --- Attendance (KPI 7) --------------------------------------------------------------------


def _attendance_section(data: BoardPackInput) -> Section:
    blocks: list[Block] = []
    if not data.attendance:
        blocks.append(Paragraph(text="Attendance at this meeting has not been recorded."))
    else:
        came = sum(a.attended for a in data.attendance)
        blocks.append(
            Paragraph(
                text=f"{came} of {len(data.attendance)} partner agencies attended on "
                f"{long_date(data.meeting_date)}."
            )
        )
        blocks.append(
            Table(
                caption=f"Attendance by agency, {long_date(data.meeting_date)}",
                header=("Agency", "Attended", "Represented by"),
                rows=tuple(
                    (
                        Cell(text=a.agency),
                        Cell(text="Yes" if a.attended else "No", bold=not a.attended),
                        Cell(text=a.representative if a.attended else ""),
                    )
                    for a in data.attendance
                ),
            )
        )
    if data.attendance_history:
        period = f" over {data.attendance_period}" if data.attendance_period else ""
        blocks.append(
            Table(
                caption=f"Board attendance (KPI 7){period}",
                header=("Agency", "Meetings attended", "Meetings", "% attended"),
                rows=tuple(
                    (
                        Cell(text=agency),
                        Cell(text=str(attended), numeric=True),
                        Cell(text=str(meetings), numeric=True),
                        Cell(
                            text=f"{100 * attended / meetings:.0f}%" if meetings else "n/a",
                            numeric=True,
                        ),
                    )
                    for agency, attended, meetings in data.attendance_history
                ),
                numeric_columns=(1, 2, 3),
            )
        )
    return Section(id="attendance", title="Attendance", blocks=tuple(blocks))


# --- Actions: overdue, due soon, the plan in full --------------------------------------------


def _status_text(action: PackAction, today: date) -> str:
    """The action's one status in words (`shown_status`): "Overdue by 14 days" for an open
    action past its due date, never colour alone, and never beside a contradicting one."""
    return shown_status(action.status, action.due_date, today).text


def _overdue_section(data: BoardPackInput) -> Section:
    rows = [
        (item, action)
        for item in data.items
        for action in item.actions
        if is_overdue(action.status, action.due_date, data.as_at)
    ]
    rows.sort(key=lambda pair: (pair[1].due_date or data.as_at, pair[0].reference))
    if not rows:
        blocks: tuple[Block, ...] = (
            Paragraph(text=f"No action is overdue as at {long_date(data.as_at)}."),
        )
    else:
        blocks = (
            Paragraph(
                text=f"{_plural(len(rows), 'action is', 'actions are')} past the due date and "
                f"not complete as at {long_date(data.as_at)}, oldest first. The board should "
                "ask each owner what is in the way and agree a new date or a different action."
            ),
            Table(
                caption="Overdue actions",
                header=("Item", "Action", "Owner", "Due", "Days overdue"),
                rows=tuple(
                    (
                        Cell(text=item.reference),
                        Cell(text=action.description),
                        Cell(text=action.owner),
                        Cell(text=_short_date(action.due_date)),
                        Cell(
                            text=str(days_overdue(action.status, action.due_date, data.as_at)),
                            numeric=True,
                            bold=True,
                        ),
                    )
                    for item, action in rows
                ),
                numeric_columns=(4,),
            ),
        )
    return Section(id="overdue", title="Overdue actions", blocks=blocks)


def _due_soon_section(data: BoardPackInput) -> Section:
    rows = [
        (item, action)
        for item in data.items
        for action in item.actions
        if is_due_soon(action.status, action.due_date, data.as_at)
    ]
    rows.sort(key=lambda pair: (pair[1].due_date or data.as_at, pair[0].reference))
    title = f"Actions due in the next {DUE_SOON_DAYS} days"
    if not rows:
        return Section(
            id="due-soon",
            title=title,
            blocks=(Paragraph(text=f"No open action is due in the next {DUE_SOON_DAYS} days."),),
        )
    return Section(
        id="due-soon",
        title=title,
        blocks=(
            Table(
                caption=title,
                header=("Item", "Action", "Owner", "Due", "Status"),
                rows=tuple(
                    (
                        Cell(text=item.reference),
                        Cell(text=action.description),
                        Cell(text=action.owner),
                        Cell(text=_short_date(action.due_date)),
                        Cell(text=_status_text(action, data.as_at)),
                    )
                    for item, action in rows
                ),
            ),
        ),
    )


def _decisions_sections(data: BoardPackInput) -> list[Section]:
    reviewed = [item for item in data.items if item.decision.strip()]
    if not reviewed:
        return []
    return [
        Section(
            id="decisions",
            title="Decisions at this meeting",
            blocks=(
                Table(
                    caption=f"Plan items reviewed on {long_date(data.meeting_date)}",
                    header=("Item", "Status when reviewed", "Decision"),
                    rows=tuple(
                        (
                            Cell(text=item.reference),
                            Cell(
                                text=item.status_at_review.label
                                if item.status_at_review
                                else NOT_AVAILABLE
                            ),
                            Cell(text=" ".join(item.decision.split())),
                        )
                        for item in reviewed
                    ),
                ),
            ),
        )
    ]


def _plan_sections(data: BoardPackInput) -> list[Section]:
    if not data.items:
        return []
    sections = [
        Section(
            id="plan",
            title="The improvement plan in full",
            blocks=(
                Paragraph(
                    text=f"{data.plan_title or 'The plan'}: each item with its actions, their "
                    "owners, due dates and status, and the latest evidence of progress."
                ),
            ),
        )
    ]
    for item in data.items:
        facts = [a.facts for a in item.actions]
        status = item_status(facts, data.as_at)
        late = sum(is_overdue(f.status, f.due_date, data.as_at) for f in facts)
        blocks: list[Block] = []
        if item.addressee:
            blocks.append(Paragraph(text=f"Addressed to: {item.addressee}", style="small"))
        blocks.append(Paragraph(text=" ".join(item.text.split()), style="lead"))
        status_line = f"Overall status: {status.label}"
        if late:
            status_line += f" ({_plural(late, 'action')} overdue)"
        blocks.append(Paragraph(text=status_line + "."))
        if item.decision.strip():
            blocks.append(
                Paragraph(
                    text=f"Decision at this meeting: {' '.join(item.decision.split())}",
                    style="quote",
                )
            )
        if item.actions:
            blocks.append(
                Table(
                    caption=f"Actions for item {item.reference}",
                    header=("Action", "Owner", "Due", "Status", "Evidence or reason"),
                    rows=tuple(
                        (
                            Cell(text=action.description),
                            Cell(text=action.owner),
                            Cell(text=_short_date(action.due_date)),
                            Cell(
                                text=_status_text(action, data.as_at),
                                bold=is_overdue(action.status, action.due_date, data.as_at),
                            ),
                            Cell(
                                text=action.closed_reason
                                if action.status is Status.CLOSED
                                else action.evidence
                            ),
                        )
                        for action in item.actions
                    ),
                )
            )
        else:
            blocks.append(Paragraph(text="No actions have been agreed for this item yet."))
        sections.append(
            Section(
                id=f"item-{_anchor(item.reference)}",
                title=f"Item {item.reference}",
                level=2,
                blocks=tuple(blocks),
            )
        )
    return sections


def _anchor(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-") or "x"


# --- Ratings --------------------------------------------------------------------------------


def _ratings_section(data: BoardPackInput) -> Section:
    title = "The latest inspection ratings"
    source = f" from {data.ratings_source}" if data.ratings_source else ""
    if data.framework is not None and data.rating is not None:
        framework = data.framework
        table = ratings_table(framework, data.rating, f"Ratings{source}", with_notes=False)
        if data.rating.inspection_type is not None:
            return Section(id="ratings", title=title, blocks=_area_blocks(data, table))
        return Section(
            id="ratings",
            title=title,
            blocks=(
                Paragraph(text=f"Ratings{source}, against {framework.title}."),
                table,
            ),
        )
    if data.rating_rows:
        return Section(
            id="ratings",
            title=title,
            blocks=(
                Table(
                    caption=f"Ratings{source}",
                    header=("Standard", "Rating"),
                    rows=tuple(
                        (Cell(text=label), Cell(text=value, rating=value))
                        for label, value in data.rating_rows
                    ),
                ),
            ),
        )
    return Section(
        id="ratings",
        title=title,
        blocks=(Paragraph(text=data.no_ratings),),
    )


def _area_blocks(data: BoardPackInput, table: Table) -> tuple[Block, ...]:
    """A rating of a kind of inspection (2025): in the report's words, the overall rating and
    each area's, then the table of areas and activities (no score)."""
    assert data.framework is not None and data.rating is not None
    framework, rating = data.framework, data.rating
    kind = inspection_kind(framework, rating)
    source = f" from {data.ratings_source}" if data.ratings_source else ""
    return (
        Paragraph(
            text=f"Ratings{source}, against {framework.title}: "
            f"{_lower_first(kind.title_for(data.service))}."
        ),
        Paragraph(text=overall_sentence(framework, rating, data.service), style="lead"),
        BulletList(items=tuple(area_sentence(rated) for rated in rated_areas(framework, rating))),
        table,
    )


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


# --- Indicators -------------------------------------------------------------------------------


def _get(figures: Mapping[str, Any] | None, *path: str) -> Any:
    value: Any = figures
    for part in path:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _number(value: Any, decimals: int = 1) -> str:
    if value is None:
        return NOT_AVAILABLE
    if is_suppressed(value):  # from fewer than 5 children: its words, never a number
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    return f"{float(value):,.{decimals}f}"


def _percent(fraction: Any) -> tuple[str, str]:
    """A KPI's percentage and its "a of b"; not available where there is no denominator."""
    if not isinstance(fraction, Mapping) or fraction.get("percent") is None:
        return NOT_AVAILABLE, ""
    percent = fraction["percent"]
    numerator, denominator = fraction.get("numerator", 0), fraction.get("denominator", 0)
    shown = str(percent) if is_suppressed(percent) else f"{float(percent):.1f}%"
    if is_suppressed(numerator) or is_suppressed(denominator):
        return shown, str(denominator) if is_suppressed(denominator) else str(numerator)
    return shown, f"{numerator} of {denominator}"


def _figure(figures: Mapping[str, Any], path: tuple[str, ...]) -> str:
    """The figure at `path`; a path ending in "%" is a percentage."""
    if path[-1] == "%":
        value = _get(figures, *path[:-1])
        if value is None or is_suppressed(value):
            return _number(value)
        return f"{_number(value)}%"
    return _number(_get(figures, *path))


# (indicator, measure, path): the figures a board reads first.
INDICATOR_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("First time entrants", "Children", ("fte", "count")),
    ("First time entrants", "Per 100,000 children aged 10 to 17", ("fte", "rate_per_100k")),
    ("Proven reoffending", "% of the cohort who reoffended", ("reoffending", "binary_rate", "%")),
    ("Proven reoffending", "Reoffences per reoffender", ("reoffending", "per_reoffender")),
    ("Use of custody", "Custodial sentences", ("custody", "count")),
    ("Use of custody", "Per 1,000 children aged 10 to 17", ("custody", "rate_per_1000")),
    (
        "KPI 9: serious violence",
        "Offences per 10,000 children aged 10 to 17",
        ("kpis", "serious_violence", "rate_per_10k"),
    ),
    ("KPI 6: out-of-court disposals", "Ended in the period", ("kpis", "oocd_completed", "count")),
)
KPI_ROWS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("KPI 1: accommodation", "In suitable accommodation at the end", ("kpis", "accommodation")),
    (
        "KPI 2: education, training, employment",
        "In suitable education, training or employment at the end",
        ("kpis", "ete"),
    ),
    ("KPI 3: SEND", "With an identified need: a formal learning plan", ("kpis", "send")),
    ("KPI 4: mental health", "With a need: attended an intervention", ("kpis", "mental_health")),
    (
        "KPI 5: substance misuse",
        "With a need: attended an intervention",
        ("kpis", "substance_misuse"),
    ),
    ("KPI 8: wider services", "Known to wider services", ("kpis", "wider_services")),
    ("KPI 10: victims", "Victims contacted", ("kpis", "victims")),
    (
        "KPI 10: victims",
        "Contacted victims offered restorative justice",
        ("kpis", "victims", "rj_offered"),
    ),
)


def _indicators_section(data: BoardPackInput) -> Section:
    title = "Performance indicators"
    figures = data.indicators
    if figures is None:
        return Section(
            id="indicators",
            title=title,
            blocks=(
                Paragraph(text="There is no case-level data for the performance indicators yet."),
            ),
        )
    period = f" for {data.indicators_period}" if data.indicators_period else ""
    headline = []
    fte, fte_rate = _get(figures, "fte", "count"), _get(figures, "fte", "rate_per_100k")
    if is_suppressed(fte):
        headline.append(f"{fte} children entered the youth justice system for the first time")
    elif fte is not None:
        rate = (
            f" ({_number(fte_rate)} per 100,000 children aged 10 to 17)"
            if fte_rate and not is_suppressed(fte_rate)
            else ""
        )
        headline.append(
            f"{_plural(int(fte), 'child', 'children')} entered the youth justice "
            f"system for the first time{rate}"
        )
    binary = _get(figures, "reoffending", "binary_rate")
    if binary is not None and not is_suppressed(binary):
        headline.append(f"{_number(binary)}% of the children cautioned or sentenced reoffended")
    custody = _get(figures, "custody", "count")
    if is_suppressed(custody):
        headline.append(f"{custody} custodial sentences were given")
    elif custody is not None:
        verb = "was" if custody == 1 else "were"
        headline.append(f"{_plural(int(custody), 'custodial sentence')} {verb} given")
    blocks: list[Block] = []
    if headline:
        text = "; ".join(headline)
        blocks.append(Paragraph(text=f"Headline{period}: {text}.", style="lead"))
    blocks.append(
        Table(
            caption=f"Headline indicators{period}",
            header=("Indicator", "Measure", "Value"),
            rows=tuple(
                (
                    Cell(text=label),
                    Cell(text=measure),
                    Cell(text=_figure(figures, path), numeric=True),
                )
                for label, measure, path in INDICATOR_ROWS
            ),
            numeric_columns=(2,),
        )
    )
    blocks.append(
        Table(
            caption=f"Key performance indicators for orders and programmes that ended{period}",
            header=("Indicator", "Measure", "%", "Children"),
            rows=tuple(
                (
                    Cell(text=label),
                    Cell(text=measure),
                    *(Cell(text=text, numeric=True) for text in _percent(_get(figures, *path))),
                )
                for label, measure, path in KPI_ROWS
            ),
            numeric_columns=(2, 3),
            footnotes=(
                "KPI 7, management board attendance, is recorded by the board: see Attendance.",
            ),
        )
    )
    if _any_suppressed(figures):
        blocks.append(
            Paragraph(
                style="small",
                text="Figures from fewer than 5 children read “fewer than 5”, and figures that "
                "would let them be worked out read “not shown”, so that no child can be "
                "identified from this pack.",
            )
        )
    return Section(id="indicators", title=title, blocks=tuple(blocks))


def _any_suppressed(value: Any) -> bool:
    if is_suppressed(value):
        return True
    if isinstance(value, Mapping):
        return any(_any_suppressed(v) for v in value.values())
    if isinstance(value, list | tuple):
        return any(_any_suppressed(v) for v in value)
    return False


# --- Feedback ---------------------------------------------------------------------------------


def _feedback_section(data: BoardPackInput) -> Section:
    title = "Feedback from children, families and staff"
    if data.feedback is None:
        blocks: tuple[Block, ...] = (
            Paragraph(text="No summary of feedback is available for this meeting."),
        )
    elif not data.feedback:
        blocks = (Paragraph(text="No survey has had any responses yet."),)
    else:
        total = sum(responses for _, responses, _ in data.feedback)
        blocks = (
            Paragraph(
                text=f"{_plural(total, 'response')} to {_plural(len(data.feedback), 'survey')}."
            ),
            Table(
                caption="Surveys and what they found",
                header=("Survey", "Responses", "Headline"),
                rows=tuple(
                    (
                        Cell(text=survey),
                        Cell(text=str(responses), numeric=True),
                        Cell(text=headline),
                    )
                    for survey, responses, headline in data.feedback
                ),
                numeric_columns=(1,),
            ),
        )
    return Section(id="feedback", title=title, blocks=blocks)
