"""Assembling an inspection report from plain data: ratings, findings, recommendations, samples.

Everything here is content; the renderers in yjqa.reports decide how it looks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from fractions import Fraction

from yjqa.core.documents.model import (
    BarSeries,
    Block,
    BulletList,
    Cell,
    Chart,
    Cover,
    Paragraph,
    RatingBox,
    Report,
    Section,
    Table,
)
from yjqa.core.documents.ratings_table import ratings_table
from yjqa.core.frameworks.model import NOT_RATED, Framework, Standard
from yjqa.core.rating.outputs import number
from yjqa.core.rating.rules import FrameworkRating, StandardResult, Tally

NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
RATING_RULE_NOTE = (
    "The rating for the standard is driven by the lowest score on each of the key questions, "
    "which is placed in a rating band, indicated in bold in the table."
)


@dataclass(frozen=True)
class Findings:
    narrative: str = ""
    strengths: tuple[str, ...] = ()
    areas_for_improvement: tuple[str, ...] = ()
    evidence: str = ""


@dataclass(frozen=True)
class Recommendation:
    addressee: str  # e.g. "The chair of the management board"
    text: str


@dataclass(frozen=True)
class BalanceRow:
    category: str
    population: int
    expected: float
    sample: int


@dataclass(frozen=True)
class SampleSummary:
    domain: str  # e.g. "Court disposals"
    population: int
    size: int
    plan: str
    balance: Mapping[str, Sequence[BalanceRow]]  # by stratification variable's label


@dataclass(frozen=True)
class ReportInput:
    service: str
    title: str
    kind: str
    framework: Framework
    rating: FrameworkRating
    fieldwork_start: date | None = None
    fieldwork_end: date | None = None
    summary: str = ""
    findings: Mapping[str, Findings] = field(default_factory=dict)
    recommendations: Sequence[Recommendation] = ()
    caseload: Sequence[tuple[str, int]] = ()  # (kind of work, cases)
    samples: Sequence[SampleSummary] = ()
    prompt_tallies: Mapping[str, Tally] = field(default_factory=dict)
    published: date | None = None


def build_report(data: ReportInput) -> Report:
    framework = data.framework
    sections: list[Section] = [
        _ratings_section(data),
        *([_summary_section(data)] if data.summary.strip() else []),
        _recommendations_section(data),
        _background_section(data),
    ]
    for domain in framework.domains:
        sections.append(
            Section(
                id=f"domain-{_anchor(domain.id)}",
                title=_domain_title(domain.id, domain.title),
                level=1,
            )
        )
        for standard in domain.standards:
            sections.extend(_standard_sections(data, standard))
    sections.extend(_annexe_sections(data))
    cover = Cover(
        title=data.title,
        service=data.service,
        kind=data.kind,
        framework=framework.title,
        fieldwork=_fieldwork(data.fieldwork_start, data.fieldwork_end),
        published=data.published,
        draft=data.published is None,
    )
    return Report(cover=cover, sections=tuple(sections))


def _anchor(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _domain_title(domain_id: str, title: str) -> str:
    if domain_id.isdigit() and 0 < int(domain_id) <= len(NUMBER_WORDS):
        return f"Domain {NUMBER_WORDS[int(domain_id) - 1]}: {title}"
    return f"{domain_id}. {title}" if domain_id else title


def _fieldwork(start: date | None, end: date | None) -> str:
    if start is None:
        return "Fieldwork dates not recorded"
    text = f"Fieldwork started {start:%B %Y}"
    if end is not None and end != start:
        text = f"Fieldwork from {start.day} {start:%B %Y} to {end.day} {end:%B %Y}"
    return text


def _percent(value: Fraction | None) -> str:
    shown = number(value)
    return "n/a" if shown is None else f"{shown}%"


def _ratings_section(data: ReportInput) -> Section:
    rating = data.rating
    table = ratings_table(data.framework, rating, f"Ratings for {data.service}")
    blocks: list[Block] = [table]
    if rating.overall is None and rating.max_score is not None:
        blocks.insert(
            0,
            Paragraph(
                text="The score and overall rating appear once every standard that counts "
                "towards them has been rated.",
                style="small",
            ),
        )
    return Section(id="ratings", title="Ratings", blocks=tuple(blocks))


def _summary_section(data: ReportInput) -> Section:
    return Section(
        id="summary",
        title="Summary",
        blocks=tuple(Paragraph(text=p) for p in _paragraphs(data.summary)),
    )


def _paragraphs(text: str) -> list[str]:
    return [" ".join(p.split()) for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]


def _recommendations_section(data: ReportInput) -> Section:
    if not data.recommendations:
        return Section(
            id="recommendations",
            title="Recommendations",
            blocks=(Paragraph(text="No recommendations have been recorded yet."),),
        )
    count = len(data.recommendations)
    blocks: list[Block] = [
        Paragraph(
            text=f"As a result of our findings, we have made {_count_words(count)} "
            f"recommendation{'s' if count != 1 else ''} that we believe, if implemented, will "
            "have a positive impact on the quality of youth justice services in "
            f"{data.service}."
        )
    ]
    number_from = 1
    grouped: dict[str, list[str]] = {}
    for item in data.recommendations:
        grouped.setdefault(item.addressee, []).append(item.text)
    for addressee, texts in grouped.items():
        blocks.append(Paragraph(text=f"{addressee} should:", style="lead"))
        blocks.append(BulletList(items=tuple(texts), numbered=True, start=number_from))
        number_from += len(texts)
    return Section(id="recommendations", title="Recommendations", blocks=tuple(blocks))


def _count_words(count: int) -> str:
    return NUMBER_WORDS[count - 1] if 0 < count <= len(NUMBER_WORDS) else str(count)


def _background_section(data: ReportInput) -> Section:
    blocks: list[Block] = []
    fieldwork = _fieldwork(data.fieldwork_start, data.fieldwork_end)
    blocks.append(
        Paragraph(
            text=f"{fieldwork}. The inspection used {data.framework.title} ({data.framework.id})."
        )
    )
    if data.caseload:
        total = sum(n for _, n in data.caseload)
        blocks.append(
            Table(
                caption=f"The service's caseload: {total} outcomes",
                header=("Kind of work", "Cases"),
                rows=tuple(
                    (Cell(text=label), Cell(text=str(n), numeric=True))
                    for label, n in data.caseload
                ),
                numeric_columns=(1,),
            )
        )
    for sample in data.samples:
        blocks.append(
            Paragraph(
                text=f"{sample.domain}: we inspected {sample.size} of {sample.population} "
                f"eligible cases, sampled under the {sample.plan} plan so that the sample "
                "matches the eligible cases by sex, outcome, risk of serious harm and safety "
                "and wellbeing classification."
            )
        )
    return Section(id="background", title="Background", blocks=tuple(blocks))


def _standard_sections(data: ReportInput, standard: Standard) -> list[Section]:
    result = data.rating.standard(standard.id)
    findings = data.findings.get(standard.id, Findings())
    blocks: list[Block] = [
        RatingBox(
            standard_id=standard.id,
            title=standard.title,
            headline=standard.headline,
            rating=result.rating,
        )
    ]
    if standard.kind == "case":
        blocks.extend(_key_question_blocks(data, standard, result))
    blocks.extend(Paragraph(text=p) for p in _paragraphs(findings.narrative))
    if standard.kind == "judgement" and findings.evidence.strip():
        blocks.append(
            Paragraph(text=f"Evidence: {' '.join(findings.evidence.split())}", style="small")
        )
    if standard.note:
        blocks.append(Paragraph(text=standard.note, style="small"))
    sections = [
        Section(
            id=f"standard-{_anchor(standard.id)}",
            title=f"{standard.id} {standard.title}",
            level=2,
            blocks=tuple(blocks),
        )
    ]
    for title, items in (
        ("Strengths", findings.strengths),
        ("Areas for improvement", findings.areas_for_improvement),
    ):
        if items:
            sections.append(
                Section(
                    id=f"standard-{_anchor(standard.id)}-{_anchor(title)}",
                    title=title,
                    level=3,
                    blocks=(BulletList(items=items),),
                    in_contents=False,
                )
            )
    return sections


def _key_question_blocks(
    data: ReportInput, standard: Standard, result: StandardResult
) -> list[Block]:
    rows = []
    for question, figure in zip(standard.key_questions, result.key_questions, strict=True):
        lowest = figure.shown is not None and figure.shown == result.lowest
        rows.append(
            (
                Cell(text=f"{question.id} {question.text}"),
                Cell(text=_percent(figure.shown), bold=lowest, numeric=True),
            )
        )
    cases = f", from {result.cases} cases" if result.cases else ""
    blocks: list[Block] = [
        Table(
            caption=f"Our rating for {standard.title.lower()} is based on these key "
            f"questions{cases}",
            header=("Key question", "% 'Yes'"),
            rows=tuple(rows),
            numeric_columns=(1,),
            footnotes=(RATING_RULE_NOTE,),
        )
    ]
    rules = data.framework.rating_rules
    if any(f.shown is not None for f in result.key_questions):
        thresholds = (
            tuple((float(b.min), b.rating) for b in rules.bands if b.min > 0) if rules else ()
        )
        values = tuple(None if f.shown is None else float(f.shown) for f in result.key_questions)
        described = "; ".join(
            f"{q.id} {_percent(f.shown)}"
            for q, f in zip(standard.key_questions, result.key_questions, strict=True)
        )
        blocks.append(
            Chart(
                chart_type="key_questions",
                title=f"{standard.id} {standard.title}: % 'Yes' by key question",
                alt_text=f"Bar chart of the % of cases answered Yes for each key question of "
                f"{standard.id} {standard.title}: {described}. The lowest figure sets the "
                f"rating: {result.rating}.",
                categories=tuple(q.id for q in standard.key_questions),
                series=(BarSeries(label="% Yes", values=values),),
                thresholds=thresholds,
            )
        )
    return blocks


def _annexe_sections(data: ReportInput) -> list[Section]:
    framework, rating = data.framework, data.rating
    sections = [
        Section(
            id="annexe",
            title="Annexe: inspection data",
            blocks=(
                Paragraph(
                    text="Every key-question figure with the cases behind it, the answers to "
                    "each prompt, and the sample's balance against the eligible cases."
                ),
                *_rules_blocks(framework),
            ),
        )
    ]
    for standard in framework.iter_standards():
        if standard.kind != "case":
            continue
        result = rating.standard(standard.id)
        rows: list[tuple[Cell, ...]] = []
        for question, figure in zip(standard.key_questions, result.key_questions, strict=True):
            tally = figure.tally
            rows.append(
                (
                    Cell(text=f"{question.id} {question.text}", bold=True),
                    Cell(text=_percent(figure.shown), numeric=True),
                    *_tally_cells(tally),
                )
            )
            for prompt in question.prompts:
                prompt_tally = data.prompt_tallies.get(prompt.id)
                if prompt_tally is None or prompt_tally == Tally():
                    continue
                rows.append(
                    (
                        Cell(text=f"{prompt.id} {prompt.text}"),
                        Cell(text=_percent(prompt_tally.percentage), numeric=True),
                        *_tally_cells(prompt_tally),
                    )
                )
        sections.append(
            Section(
                id=f"annexe-{_anchor(standard.id)}",
                title=f"{standard.id} {standard.title}: {result.rating}",
                level=2,
                blocks=(
                    Table(
                        caption=f"Key questions and prompts for {standard.id} {standard.title}",
                        header=("Key question or prompt", "% Yes", "Yes", "No", "Not applicable"),
                        rows=tuple(rows),
                        numeric_columns=(1, 2, 3, 4),
                    ),
                ),
            )
        )
    for sample in data.samples:
        sections.append(_balance_section(sample))
    return sections


def _tally_cells(tally: Tally | None) -> tuple[Cell, Cell, Cell]:
    if tally is None:
        empty = Cell(text="", numeric=True)
        return (empty, empty, empty)
    return (
        Cell(text=str(tally.yes), numeric=True),
        Cell(text=str(tally.no), numeric=True),
        Cell(text=str(tally.not_applicable), numeric=True),
    )


def _rules_blocks(framework: Framework) -> list[Block]:
    rules = framework.rating_rules
    if rules is None:
        return [Paragraph(text=f"{framework.title} is not rated: its findings are proportions.")]
    bands = "; ".join(f"{b.rating} {b.min} to {b.max}%" for b in rules.bands)
    overall = "; ".join(f"{b.rating} {b.min_score} to {b.max_score}" for b in rules.overall)
    return [
        Paragraph(
            text=f"A case-assessed standard takes the lowest of its key-question figures "
            f"(the % of cases answered Yes among those answered Yes or No), rounded to a whole "
            f"percent, and is rated by band: {bands}. Points per rating add up to the score; "
            f"the overall rating follows from it: {overall}. A rating of {NOT_RATED} counts "
            "for nothing."
        )
    ]


def _balance_section(sample: SampleSummary) -> Section:
    blocks: list[Block] = []
    categories: list[str] = []
    eligible: list[float | None] = []
    sampled: list[float | None] = []
    described: list[str] = []
    for variable, rows in sample.balance.items():
        blocks.append(
            Table(
                caption=f"{sample.domain} sample by {variable.lower()}",
                header=(variable, "Eligible", "Expected", "Sample"),
                rows=tuple(
                    (
                        Cell(text=row.category),
                        Cell(text=str(row.population), numeric=True),
                        Cell(text=f"{row.expected:.1f}", numeric=True),
                        Cell(text=str(row.sample), numeric=True),
                    )
                    for row in rows
                ),
                numeric_columns=(1, 2, 3),
            )
        )
        total_population = sum(r.population for r in rows) or 1
        total_sample = sum(r.sample for r in rows) or 1
        for row in rows:
            share, in_sample = (
                100 * row.population / total_population,
                100 * row.sample / total_sample,
            )
            categories.append(f"{variable}: {row.category}")
            eligible.append(share)
            sampled.append(in_sample)
            described.append(
                f"{variable.lower()} {row.category}: {share:.0f}% and {in_sample:.0f}%"
            )
    if categories:
        blocks.append(
            Chart(
                chart_type="balance",
                title=f"{sample.domain}: the sample against the eligible cases",
                alt_text="Bar chart comparing, for each group, its share of the eligible cases "
                "with its share of the sample: " + "; ".join(described) + ".",
                categories=tuple(categories),
                series=(
                    BarSeries(label="Eligible cases", values=tuple(eligible)),
                    BarSeries(label="Sample", values=tuple(sampled)),
                ),
            )
        )
    return Section(
        id=f"annexe-sample-{_anchor(sample.domain)}",
        title=f"Sample: {sample.domain} ({sample.size} of {sample.population})",
        level=2,
        blocks=tuple(blocks),
    )
