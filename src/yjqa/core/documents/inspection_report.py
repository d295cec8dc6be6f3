"""Assembling an inspection report from plain data: ratings, findings, recommendations, samples.

Everything here is content; the renderers in yjqa.reports decide how it looks.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction

from yjqa.core.documents.chances import Chance, chances, likelier_text
from yjqa.core.documents.judgement_evidence import EvidenceItem, evidence_blocks
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
from yjqa.core.documents.proportions import (
    figure_proportion,
    proportions_table,
    standard_label,
    summary_table,
)
from yjqa.core.documents.ratings_table import (
    NOT_YET_RATED,
    PROVISIONAL_NOTE,
    RatedArea,
    area_sentence,
    areas_table,
    as_draft,
    inspection_kind,
    join_words,
    overall_sentence,
    rated_areas,
    rated_sentence,
    ratings_table,
    service_names,
)
from yjqa.core.frameworks.model import (
    NOT_RATED,
    CombineRule,
    Framework,
    KeyQuestion,
    ProportionWords,
    Standard,
)
from yjqa.core.rating.outputs import (
    UNCERTAINTY_NOTE,
    how_sure_text,
    interval_text,
    next_band_text,
    number,
)
from yjqa.core.rating.rules import FrameworkRating, KeyQuestionResult, StandardResult, Tally
from yjqa.core.rating.uncertainty import StandardUncertainty

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
    # How sure each case standard's rating is (core.rating.uncertainty); the 2025 layout
    # prints it beside the key-question figures.
    uncertainty: Mapping[str, StandardUncertainty] = field(default_factory=dict)
    # The judgement standards whose judgement has been recorded (even as "Not rated"); None
    # when not known, and then a draft treats every unrated judgement as not yet recorded.
    judged: frozenset[str] | None = None
    # Each judgement standard's evidence register, its linked figures already in words.
    evidence: Mapping[str, Sequence[EvidenceItem]] = field(default_factory=dict)
    # The chance of each overall rating (core.rating.uncertainty.Certainty), for the annexe;
    # empty when not worked out. `too_few_cases`: the case standards with too few cases to
    # say how sure their rating is.
    overall_probability: Mapping[str, float] = field(default_factory=dict)
    too_few_cases: tuple[str, ...] = ()


def build_report(data: ReportInput) -> Report:
    """The report in the layout of its framework: a rating of a kind of inspection (2025)
    gets the 2025 layout (foreword, areas and activities, no score).

    A draft says "Not yet rated" wherever a figure or a judgement is still missing."""
    data = _as_draft(data)
    if data.rating.inspection_type is not None:
        return _build_report_2025(data)
    framework = data.framework
    sections: list[Section] = [
        _ratings_section(data) if framework.rated else _findings_summary_section(data),
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


def _as_draft(data: ReportInput) -> ReportInput:
    """A draft's rating says "Not yet rated" wherever a figure or judgement is missing."""
    if data.published is not None:
        return data
    return replace(data, rating=as_draft(data.framework, data.rating, data.judged))


def _figure(data: ReportInput, figure: KeyQuestionResult) -> str:
    """A key question's % Yes; in a draft, "Not yet rated" where no case answered it."""
    if figure.shown is None and figure.tally is None and data.published is None:
        return NOT_YET_RATED if data.framework.rated else "n/a"
    return _percent(figure.shown)


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


def _findings_summary_section(data: ReportInput) -> Section:
    """An unrated framework's summary of findings: each key question's proportion of cases,
    and what was recorded for each standard judged from evidence. No ratings."""
    framework = data.framework
    blocks: list[Block] = [
        Paragraph(
            text=f"{framework.title} is not rated. For each key question we give the "
            "proportion of the cases we examined in which the answer was Yes."
        )
    ]
    if any(s.kind == "case" for s in framework.iter_standards()):
        blocks.append(summary_table(framework, data.rating, f"Findings for {data.service}"))
    for standard in framework.iter_standards():
        if standard.kind != "judgement":
            continue
        findings = data.findings.get(standard.id, Findings())
        recorded = _paragraphs(findings.narrative) or _paragraphs(findings.evidence)
        blocks.append(Paragraph(text=standard_label(framework, standard), style="lead"))
        blocks.append(
            Paragraph(text=recorded[0] if recorded else "No findings have been recorded yet.")
        )
    return Section(id="findings-summary", title="Summary of findings", blocks=tuple(blocks))


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


def _standard_sections(
    data: ReportInput, standard: Standard, *, layout_2025: bool = False
) -> list[Section]:
    result = data.rating.standard(standard.id)
    findings = data.findings.get(standard.id, Findings())
    rated = data.framework.rated
    blocks: list[Block] = [
        RatingBox(
            standard_id=standard.id,
            title=standard.title,
            headline=standard.headline,
            rating=result.rating,
        )
        if rated
        else Paragraph(text=standard.headline, style="lead")
    ]
    if standard.kind == "case":
        if not rated:
            blocks.extend(_proportion_blocks(data, standard, result))
        elif layout_2025:
            blocks.extend(_key_question_blocks_2025(data, standard, result))
        else:
            blocks.extend(_key_question_blocks(data, standard, result))
    blocks.extend(Paragraph(text=p) for p in _paragraphs(findings.narrative))
    if standard.kind == "judgement" and findings.evidence.strip():
        blocks.append(
            Paragraph(text=f"Evidence: {' '.join(findings.evidence.split())}", style="small")
        )
    if standard.kind == "judgement":
        blocks.extend(
            evidence_blocks(
                data.evidence.get(standard.id, ()), standard=f"{standard.id} {standard.title}"
            )
        )
    if standard.note:
        blocks.append(Paragraph(text=standard.note, style="small"))
    if layout_2025:
        blocks.extend(_provisional_wording_blocks(standard))
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
    for question, figure in _by_question(standard, result):
        lowest = figure.shown is not None and figure.shown == result.lowest
        rows.append(
            (
                Cell(text=f"{question.id} {question.text}"),
                Cell(text=_figure(data, figure), bold=lowest, numeric=True),
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
    chart = _key_question_chart(data, standard, result)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _proportion_blocks(
    data: ReportInput, standard: Standard, result: StandardResult
) -> list[Block]:
    """An unrated standard's key questions: the proportion of cases, in figures and words,
    and the bars of % Yes with no rating bands drawn."""
    cases = f", from {result.cases} cases" if result.cases else ""
    blocks: list[Block] = [
        proportions_table(
            data.framework,
            data.rating,
            standard,
            f"Key questions for {standard.title.lower()}{cases}",
        )
    ]
    chart = _key_question_chart(data, standard, result)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _by_question(
    standard: Standard, result: StandardResult
) -> list[tuple[KeyQuestion, KeyQuestionResult]]:
    """Each key question with its figure; a standard not yet audited has none, so each
    question then has an empty figure (shown "n/a")."""
    if result.key_questions:
        return list(zip(standard.key_questions, result.key_questions, strict=True))
    return [(q, KeyQuestionResult(q.id, None, None, None)) for q in standard.key_questions]


def _key_question_chart(
    data: ReportInput, standard: Standard, result: StandardResult
) -> Chart | None:
    """The key questions' % Yes as bars against the bands; None with no figures at all."""
    rules = data.framework.rating_rules
    if not any(f.shown is not None for f in result.key_questions):
        return None
    thresholds = tuple((float(b.min), b.rating) for b in rules.bands if b.min > 0) if rules else ()
    values = tuple(None if f.shown is None else float(f.shown) for f in result.key_questions)
    if rules is None:
        # Unrated: the bars and the proportions, no rating and no lowest figure.
        said = []
        for question, figure in _by_question(standard, result):
            shown = figure_proportion(data.framework, figure)
            said.append(f"{question.id} {shown.text() if shown else 'no cases answered'}")
        return Chart(
            chart_type="key_questions",
            title=f"{standard.id} {standard.title}: % 'Yes' by key question",
            alt_text=f"Bar chart of the % of cases answered Yes for each key question of "
            f"{standard.id} {standard.title}: {'; '.join(said)}.",
            categories=tuple(q.id for q in standard.key_questions),
            series=(BarSeries(label="% Yes", values=values),),
        )
    described = "; ".join(f"{q.id} {_percent(f.shown)}" for q, f in _by_question(standard, result))
    return Chart(
        chart_type="key_questions",
        title=f"{standard.id} {standard.title}: % 'Yes' by key question",
        alt_text=f"Bar chart of the % of cases answered Yes for each key question of "
        f"{standard.id} {standard.title}: {described}. The lowest figure sets the "
        f"rating: {result.rating}.",
        categories=tuple(q.id for q in standard.key_questions),
        series=(BarSeries(label="% Yes", values=values),),
        thresholds=thresholds,
    )


def _annexe_sections(
    data: ReportInput,
    standards: Iterable[Standard] | None = None,
    rules_blocks: Sequence[Block] | None = None,
) -> list[Section]:
    """The annexe: the rules, every case standard's figures and prompts, the samples.

    `standards` (default: all the framework's) are those the inspection rated; `rules_blocks`
    (default: the scored frameworks' rules) say how its ratings follow.
    """
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
                *(_rules_blocks(framework) if rules_blocks is None else rules_blocks),
            ),
        )
    ]
    for standard in framework.iter_standards() if standards is None else standards:
        if standard.kind != "case":
            continue
        result = rating.standard(standard.id)
        rows: list[tuple[Cell, ...]] = []
        for question, figure in _by_question(standard, result):
            tally = figure.tally
            rows.append(
                (
                    Cell(text=f"{question.id} {question.text}", bold=True),
                    Cell(text=_figure(data, figure), numeric=True),
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
                title=f"{standard.id} {standard.title}"
                + (f": {result.rating}" if framework.rated else ""),
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
    how_sure = _how_sure_section(data)
    if how_sure is not None:
        sections.append(how_sure)
    for sample in data.samples:
        sections.append(_balance_section(sample))
    return sections


OVERALL_CHANCE_NOTE = (
    "Each chance is the chance that, if every eligible case the samples were drawn from were "
    "read and rated by the same rules, with the judgements as recorded, the inspection's "
    "overall rating would be that one."
)
TOO_FEW_CASES = "Too few cases to say how sure"


def _chance_label(chance: Chance) -> str:
    """E.g. "Good (most likely; the rules' rating)"."""
    notes = [
        note
        for note, on in (("most likely", chance.most_likely), ("the rules' rating", chance.rule))
        if on
    ]
    return f"{chance.rating} ({'; '.join(notes)})" if notes else chance.rating


def _how_sure_section(data: ReportInput) -> Section | None:
    """The annexe's chance of each overall rating, most likely marked; and the standards with
    too few cases to say how sure. None for an unrated framework, or with nothing to say."""
    framework = data.framework
    if not framework.rated or not (data.overall_probability or data.too_few_cases):
        return None
    blocks: list[Block] = []
    found = chances(framework, data.overall_probability, data.rating.overall)
    if found:
        blocks.append(
            Table(
                caption="Chance of each overall rating",
                header=("Overall rating", "Chance"),
                rows=tuple(
                    (
                        Cell(text=_chance_label(chance), bold=chance.most_likely),
                        Cell(text=chance.text, numeric=True, bold=chance.most_likely),
                    )
                    for chance in found
                ),
                numeric_columns=(1,),
            )
        )
        blocks.append(Paragraph(text=OVERALL_CHANCE_NOTE))
        likelier = likelier_text(found)
        if likelier:
            blocks.append(Paragraph(text=likelier))
    else:
        blocks.append(
            Paragraph(text=f"Overall rating: {TOO_FEW_CASES[:1].lower()}{TOO_FEW_CASES[1:]}.")
        )
    if data.too_few_cases:
        labels = [
            f"{framework.standard(sid).id} {framework.standard(sid).title}"
            for sid in data.too_few_cases
        ]
        blocks.append(
            Paragraph(
                text=f"{TOO_FEW_CASES} for {join_words(labels)}: too few cases answered "
                f"{'it' if len(labels) == 1 else 'them'}, so no chances are given."
            )
        )
    return Section(
        id="annexe-how-sure", title="How sure the ratings are", level=2, blocks=tuple(blocks)
    )


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
        text = (
            f"{framework.title} is not rated: its findings are proportions of cases. A key "
            "question's figure is the cases answered Yes among those answered Yes or No."
        )
        table = framework.proportion_words
        if table is None:
            return [Paragraph(text=text)]
        return [
            Paragraph(text=f"{text} In words, as the framework sets them out:"),
            BulletList(items=tuple(_proportion_rules(table))),
        ]
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


def _proportion_rules(table: ProportionWords) -> list[str]:
    """The framework's words for proportions, one line each, e.g. "over 3/4: over
    three-quarters"."""
    lines = [
        f"all but {rule.short} of {rule.min_cases} or more cases: {rule.words}"
        for rule in table.all_but
    ]
    above: str | None = None
    for band in table.bands:
        start = _fraction_text(band.start)
        lower = f"over {start}" if band.above is not None else f"from {start}"
        if band.at_least is not None and above == start:
            lines.append(f"exactly {start}: {band.words}")
        elif band.at_least == 1:
            lines.append(f"every case: {band.words}")
        else:
            lines.append(f"{lower}: {band.words}")
        above = start if band.above is not None else None
    return lines


def _fraction_text(value: Fraction) -> str:
    if value.denominator == 1:
        return str(value.numerator)
    if value.denominator in (2, 3, 4):
        return f"{value.numerator}/{value.denominator}"
    return f"{float(value) * 100:g}%"


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


# --- The 2025 layout ----------------------------------------------------------------------------
#
# A rating of a kind of inspection (hmip-youth-2025) is reported as HMIP publishes it: the
# kind's title, a foreword saying what was rated and the overall rating, the ratings of the
# areas and their activities (no score), recommendations, then a section per area with its
# activities' key-question figures and how sure each rating is.

POPULATION_CASES = {"children": "children's cases", "victims": "victims' cases"}


def _build_report_2025(data: ReportInput) -> Report:
    framework, rating = data.framework, data.rating
    kind = inspection_kind(framework, rating)
    areas = rated_areas(framework, rating)
    sections: list[Section] = [
        _foreword_section(data, areas),
        _ratings_section_2025(data),
        _recommendations_section(data),
        _background_section_2025(data),
    ]
    for rated in areas:
        sections.append(_area_section(data, rated))
        for standard, _word in rated.standards:
            sections.extend(_standard_sections(data, standard, layout_2025=True))
    sections.extend(
        _annexe_sections(
            data, framework.standards_for(kind.id), _rules_blocks_2025(framework, rating)
        )
    )
    title = kind.title_for("{service}")
    if title.endswith("{service}"):
        cover_title, service = title.removesuffix("{service}").strip(), data.service
    else:
        cover_title, service = kind.title_for(data.service), ""
    details = (
        () if not data.title.strip() or data.title == cover_title else (("Inspection", data.title),)
    )
    cover = Cover(
        title=cover_title,
        service=service,
        kind=data.kind,
        framework=framework.title,
        fieldwork=_fieldwork(data.fieldwork_start, data.fieldwork_end),
        published=data.published,
        draft=data.published is None,
        details=details,
    )
    return Report(cover=cover, sections=tuple(sections))


def _foreword_section(data: ReportInput, areas: Sequence[RatedArea]) -> Section:
    framework, rating = data.framework, data.rating
    opening = (
        f"{rated_sentence(framework, rating, data.service)} "
        f"{overall_sentence(framework, rating, data.service)}"
    )
    blocks: list[Block] = [Paragraph(text=opening, style="lead")]
    blocks.extend(Paragraph(text=area_sentence(rated)) for rated in areas)
    blocks.extend(Paragraph(text=p) for p in _paragraphs(data.summary))
    return Section(id="foreword", title="Foreword", blocks=tuple(blocks))


def _ratings_section_2025(data: ReportInput) -> Section:
    _, short_name = service_names(data.service)
    blocks: list[Block] = [areas_table(data.framework, data.rating, f"Ratings for {short_name}")]
    if data.rating.overall is None:
        blocks.insert(
            0,
            Paragraph(
                text="The overall rating appears once every area the inspection rates has "
                "been rated.",
                style="small",
            ),
        )
    if data.uncertainty:
        blocks.append(Paragraph(text=" ".join(UNCERTAINTY_NOTE).replace("_", ""), style="small"))
    return Section(id="ratings", title="Ratings", blocks=tuple(blocks))


def _background_section_2025(data: ReportInput) -> Section:
    kind = inspection_kind(data.framework, data.rating)
    fieldwork = _fieldwork(data.fieldwork_start, data.fieldwork_end)
    blocks: list[Block] = [
        Paragraph(
            text=f"{fieldwork}. This was {_article(kind.title_for(data.service))}, against "
            f"{data.framework.title} ({data.framework.id})."
        )
    ]
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
        by = [variable.lower() for variable in sample.balance]
        matched = (
            f" so that the sample matches the eligible cases by {join_words(by)}" if by else ""
        )
        blocks.append(
            Paragraph(
                text=f"{sample.domain}: we inspected {sample.size} of {sample.population} "
                f"eligible cases, sampled under the {sample.plan} plan{matched}."
            )
        )
    return Section(id="background", title="Background", blocks=tuple(blocks))


def _article(title: str) -> str:
    """ "An inspection of ..." inside a sentence: "an inspection of ..."."""
    return title[:1].lower() + title[1:]


def _area_section(data: ReportInput, rated: RatedArea) -> Section:
    framework = data.framework
    blocks: list[Block] = [Paragraph(text=area_sentence(rated), style="lead")]
    for domain in framework.domains:
        if domain.id not in rated.area.domains or domain.population is None:
            continue
        counts = [
            result.cases
            for standard in domain.standards
            for result in [data.rating.standard(standard.id)]
            if result.cases
        ]
        noun = POPULATION_CASES.get(domain.population, "cases")
        if counts:
            blocks.append(Paragraph(text=f"We inspected {max(counts)} {noun}."))
        else:
            blocks.append(Paragraph(text=f"No {noun} have been audited yet."))
    rule_text = _rule_text(rated.area.rule)
    if rule_text:
        blocks.append(Paragraph(text=f"How the area is rated: {rule_text}", style="small"))
    return Section(
        id=f"area-{_anchor(rated.area.id)}", title=rated.area.title, blocks=tuple(blocks)
    )


def _key_question_blocks_2025(
    data: ReportInput, standard: Standard, result: StandardResult
) -> list[Block]:
    """The activity's key-question figures (by strand where they follow one), each with its
    95% interval where the cases are known, how sure the rating is, and the chart."""
    strands = {strand.id: strand.title for strand in data.framework.strands}
    sure = data.uncertainty.get(standard.id)
    intervals = {} if sure is None else {s.key_question_id: s.ci95 for s in sure.key_question_stats}
    by_strand = any(q.strand for q in standard.key_questions)
    rows = []
    for question, figure in _by_question(standard, result):
        lowest = figure.shown is not None and figure.shown == result.lowest
        cells = [Cell(text=f"{question.id} {question.text}")]
        if by_strand:
            cells.insert(0, Cell(text=strands.get(question.strand or "", "")))
        cells.append(Cell(text=_figure(data, figure), bold=lowest, numeric=True))
        if sure is not None:
            # Kept on one line ("72% to 99%"), so the column stays narrow.
            shown = interval_text(intervals.get(question.id)).replace(" ", "\u00a0")
            cells.append(Cell(text=shown, numeric=True))
        rows.append(tuple(cells))
    header = ["Key question", "% 'Yes'"]
    if by_strand:
        header.insert(0, "Looks at")
    if sure is not None:
        header.append("95% interval")
    numeric = tuple(range(len(header) - (2 if sure is not None else 1), len(header)))
    domain = next(
        d for d in data.framework.domains if any(s.id == standard.id for s in d.standards)
    )
    noun = POPULATION_CASES.get(domain.population or "", "cases")
    cases = f", from {result.cases} {noun}" if result.cases else ""
    blocks: list[Block] = [
        Table(
            caption=f"Our rating for {standard.title.lower()} is based on these key "
            f"questions{cases}",
            header=tuple(header),
            rows=tuple(rows),
            numeric_columns=numeric,
            footnotes=(RATING_RULE_NOTE,),
        )
    ]
    if sure is not None and sure.too_few_cases:
        blocks.append(Paragraph(text=f"How sure: {TOO_FEW_CASES.lower()}.", style="small"))
    elif sure is not None:
        blocks.append(Paragraph(text=f"{how_sure_text(result.rating, sure)}.", style="small"))
        if sure.next_band is not None:
            blocks.append(Paragraph(text=f"{next_band_text(sure.next_band)}.", style="small"))
    chart = _key_question_chart(data, standard, result)
    if chart is not None:
        blocks.append(chart)
    return blocks


def _rule_text(rule: CombineRule) -> str:
    """A combine rule in words, e.g. "the rating of V1, its one standard (provisional
    default)."; empty where the framework does not describe it."""
    text = " ".join((rule.description or "").split())
    if not text:
        return ""
    if rule.provisional:
        prefix = "provisional default:"
        if text.lower().startswith(prefix):
            text = text[len(prefix) :].strip()
        text = f"{text.rstrip('.')} (provisional default)."
    return text[:1].lower() + text[1:]


def _provisional_wording_blocks(standard: Standard) -> list[Block]:
    parts = ["title", "headline"] if standard.provisional else []
    if any(q.provisional for q in standard.key_questions):
        parts.append("key questions")
    if not parts:
        return []
    return [
        Paragraph(
            text=f"The wording of this standard's {join_words(parts)} "
            f"{'is' if len(parts) == 1 else 'are'} provisional: HMIP's own text is not "
            "published.",
            style="small",
        )
    ]


def _rules_blocks_2025(framework: Framework, rating: FrameworkRating) -> list[Block]:
    rules = framework.rating_rules
    kind = inspection_kind(framework, rating)
    blocks: list[Block] = []
    if rules is not None:
        bands = "; ".join(f"{b.rating} {b.min} to {b.max}%" for b in rules.bands)
        blocks.append(
            Paragraph(
                text="An activity (and the work with victims standard) takes the lowest of its "
                "key-question figures (the % of cases answered Yes among those answered Yes or "
                f"No), rounded to a whole percent, and is rated by band: {bands}. There is no "
                "score."
            )
        )
    items = [
        f"{title}: {text}"
        for title, rule in (
            *((framework.area(a).title, framework.area(a).rule) for a in kind.areas),
            ("Overall rating", kind.overall_rule),
        )
        if (text := _rule_text(rule))
    ]
    if items:
        blocks.append(Paragraph(text="How the area and overall ratings follow:"))
        blocks.append(BulletList(items=tuple(items)))
    if any(framework.area(a).rule.provisional for a in kind.areas) or (
        kind.overall_rule.provisional
    ):
        blocks.append(Paragraph(text=PROVISIONAL_NOTE, style="small"))
    return blocks
