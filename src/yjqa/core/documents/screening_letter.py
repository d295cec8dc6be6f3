"""A short quality screening (hmip-sqs-2016) reported as the letter HMIP sent (seed 001):
addressee, copy list and date; context with the service's reoffending against the national
rate; the summary; each heading's numbered findings with their proportions of cases in words;
operational management; key strengths; areas requiring improvement.

Built as the shared document model, so HTML, PDF and Word come from one letter. Unrated
throughout: no rating words, bands or "lowest figure".
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from yjqa.core.documents.inspection_report import Findings, ReportInput
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
from yjqa.core.documents.national_figures import NationalRate, national_figures
from yjqa.core.documents.proportions import figure_proportion, question_figures
from yjqa.core.frameworks.model import Standard

TITLE = "Report of Short Quality Screening (SQS) of youth offending work in"
NOT_WRITTEN = "Not written yet."


@dataclass(frozen=True)
class LocalRate:
    """The service's own proven reoffending rate (%, binary), from yjqa's indicators."""

    rate: float
    period: str  # the cohort, e.g. "April 2023 to March 2024"


@dataclass(frozen=True)
class LetterInput:
    """The report's data (ratings are never printed) and the letter's own parts."""

    report: ReportInput
    letter_to: str = ""
    letter_from: str = ""
    copy_to: Sequence[tuple[str, str]] = ()  # (role, name)
    operational_management: str = ""
    key_strengths: Sequence[str] = ()
    local_reoffending: LocalRate | None = None
    national_reoffending: NationalRate = field(
        default_factory=lambda: national_figures().reoffending
    )


def parse_copy_list(text: str) -> list[tuple[str, str]]:
    """ "Role: Name" a line into (role, name); a line without a colon is a role alone."""
    rows = []
    for line in text.splitlines():
        line = line.strip(" -•\t")
        if not line:
            continue
        role, _, name = line.partition(":")
        rows.append((" ".join(role.split()), " ".join(name.split())))
    return rows


def build_letter(data: LetterInput) -> Report:
    report = data.report
    published = report.published
    details = (
        ("To", data.letter_to or "Not yet given"),
        ("Copy to", "See copy list at end" if data.copy_to else "No one"),
        ("From", data.letter_from or "Not yet given"),
        ("Publication date", _day(published) if published else "Not yet published"),
    )
    cover = Cover(
        title=TITLE,
        service=report.service,
        kind=report.kind,
        draft=published is None,
        details=details,
        letter=True,
    )
    sections = [
        _section("opening", "", [Paragraph(text=_opening(report))]),
        _section("context", "Context", _context(data)),
        _section(
            "summary",
            "Summary",
            [Paragraph(text=p) for p in _paragraphs(report.summary)]
            or [Paragraph(text=NOT_WRITTEN)],
        ),
        _section(
            "commentary",
            f"Commentary on the inspection in {report.service}",
            [],
        ),
    ]
    for standard in report.framework.iter_standards():
        if standard.kind == "case":
            sections.append(_heading_section(report, standard))
    sections.append(_section("operational-management", "Operational management", _management(data)))
    sections.append(
        _section(
            "key-strengths",
            "Key strengths",
            [BulletList(items=tuple(data.key_strengths))]
            if data.key_strengths
            else [Paragraph(text="None recorded yet.")],
        )
    )
    sections.append(
        _section("areas-requiring-improvement", "Areas requiring improvement", _areas(report))
    )
    sections.append(
        _section(
            "closing",
            "",
            [
                Paragraph(
                    text="We are grateful for the support that we received from staff in "
                    f"{report.service} to facilitate and engage with this inspection. Please "
                    "pass on our thanks, and make sure that they are made fully aware of these "
                    "inspection findings."
                )
            ],
        )
    )
    if data.copy_to:
        sections.append(
            _section(
                "copy-list",
                "Copy to",
                [
                    Table(
                        caption="Copy list",
                        header=("Role", "Name"),
                        rows=tuple(
                            (Cell(text=role), Cell(text=name)) for role, name in data.copy_to
                        ),
                    )
                ],
            )
        )
    return Report(cover=cover, sections=tuple(sections))


def _section(section_id: str, title: str, blocks: Sequence[Block], level: int = 1) -> Section:
    return Section(
        id=section_id,
        title=title,
        level=1 if level == 1 else 2,
        blocks=tuple(blocks),
        in_contents=False,  # a letter has no contents
    )


def _day(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def fieldwork_dates(start: date | None, end: date | None) -> str:
    """ "18 to 20 July 2016", "28 July to 2 August 2016", "from 18 July 2016"."""
    if start is None:
        return ""
    if end is None or end == start:
        return f"on {_day(start)}" if end == start else f"from {_day(start)}"
    if (start.year, start.month) == (end.year, end.month):
        return f"from {start.day} to {_day(end)}"
    if start.year == end.year:
        return f"from {start.day} {start:%B} to {_day(end)}"
    return f"from {_day(start)} to {_day(end)}"


def _opening(report: ReportInput) -> str:
    when = fieldwork_dates(report.fieldwork_start, report.fieldwork_end)
    conducted = (
        f"The inspection was conducted {when}"
        if when
        else "The inspection's dates are not recorded"
    )
    if report.kind == "HMIP inspection":
        part = "as part of our programme of inspection of youth offending work"
    else:
        kind = report.kind.lower()
        part = f"as {'an' if kind[:1] in 'aeiou' else 'a'} {kind} of youth offending work"
    return (
        f"{conducted} {part}. This letter reports what we found in the cases we examined, "
        "heading by heading, with the proportion of cases in which we found each thing."
    )


def cases_examined(report: ReportInput) -> int:
    """The most cases counted for any heading: every sampled case answers each heading."""
    return max((r.cases or 0 for r in report.rating.standards), default=0)


def _context(data: LetterInput) -> list[Block]:
    report = data.report
    cases = cases_examined(report)
    examined = (
        f"We examined {cases} case{'s' if cases != 1 else ''} of children and young people who "
        f"had recently offended and were supervised by {report.service}."
        if cases
        else f"No cases supervised by {report.service} have been examined yet."
    )
    national = data.national_reoffending
    compared = (
        f"{national.rate:.1f}% for {national.area} ({national.period}; source: {national.source})"
    )
    local = data.local_reoffending
    if local is None:
        rates = (
            f"yjqa holds no reoffending figure for {report.service}, so its rate cannot be set "
            f"beside the national rate of {compared}."
        )
    else:
        rates = (
            f"The reoffending rate for {report.service} was {local.rate:.1f}% (children who "
            f"reoffended, of the cohort of {local.period}, from the service's indicators), "
            f"compared to {compared}."
        )
    return [
        Paragraph(
            text="The aim of the youth justice system is to prevent offending by children and "
            "young people. Good quality assessment and planning at the start of a sentence is "
            "critical to increasing the likelihood of positive outcomes."
        ),
        Paragraph(text=examined),
        Paragraph(text=rates),
    ]


def finding_sentence(report: ReportInput, standard: Standard, question_id: str) -> str:
    """A key question's numbered finding, e.g. "1.3. Was there effective planning ...? We
    found this in three-quarters of cases (26 of 34 cases, 76%)."."""
    for kq_id, text, figure in question_figures(report.rating, standard):
        if kq_id != question_id:
            continue
        shown = figure_proportion(report.framework, figure)
        if shown is not None:
            found = f"We found this in {shown.phrase or 'the cases'} ({shown.figures})."
        elif figure.tally is not None and figure.tally.not_applicable:
            found = "This did not apply to any of the cases we examined."
        else:
            found = "No case has been answered on this yet."
        return f"{kq_id}. {text} {found}"
    raise KeyError(question_id)


def _heading_section(report: ReportInput, standard: Standard) -> Section:
    findings = report.findings.get(standard.id, Findings())
    blocks: list[Block] = [
        Paragraph(text=finding_sentence(report, standard, q.id)) for q in standard.key_questions
    ]
    blocks.extend(Paragraph(text=p) for p in _paragraphs(findings.narrative))
    if findings.strengths:
        blocks.append(BulletList(items=findings.strengths))
    if findings.areas_for_improvement:
        blocks.append(BulletList(items=findings.areas_for_improvement))
    return _section(f"heading-{standard.id}", f"{standard.id}. {standard.title}", blocks, level=2)


def _management(data: LetterInput) -> list[Block]:
    text = _paragraphs(data.operational_management)
    if not text:
        # The framework's operational management standard, if its findings were written.
        for standard in data.report.framework.iter_standards():
            if standard.kind == "judgement":
                written = data.report.findings.get(standard.id, Findings())
                text += _paragraphs(written.narrative)
    return [Paragraph(text=p) for p in text] or [Paragraph(text=NOT_WRITTEN)]


def _areas(report: ReportInput) -> list[Block]:
    if not report.recommendations:
        return [Paragraph(text="None recorded yet.")]
    items = []
    for item in report.recommendations:
        text = " ".join(item.text.split()).rstrip(".") + "."
        items.append(f"{item.addressee} should {text}" if item.addressee.strip() else text)
    return [BulletList(items=tuple(items))]
