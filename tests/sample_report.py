"""The sample inspection report the renderer tests draw: one document model, every kind of block.

It uses the figures HMIP published for Westmorland and Furness (seed 000).
"""

from __future__ import annotations

from datetime import date
from functools import cache

from yjqa.core.documents.model import (
    BarSeries,
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

SERVICE = "Westmorland and Furness"
THRESHOLDS = ((80.0, "Outstanding"), (65.0, "Good"), (50.0, "Requires improvement"))
FOOTNOTE_KQ = (
    "The rating for the standard is driven by the lowest score on each of the key questions, "
    "which is placed in a rating band, indicated in bold in the table."
)

# (standard id, title, rating), grouped by domain, as printed in the seed's ratings table.
DOMAINS: tuple[tuple[str, str, tuple[tuple[str, str, str], ...]], ...] = (
    (
        "1.",
        "Organisational delivery",
        (
            ("1.1", "Governance and leadership", "Requires improvement"),
            ("1.2", "Staff", "Good"),
            ("1.3", "Partnerships and services", "Requires improvement"),
            ("1.4", "Information and facilities", "Good"),
        ),
    ),
    (
        "2.",
        "Court disposals",
        (
            ("2.1", "Assessment", "Good"),
            ("2.2", "Planning", "Requires improvement"),
            ("2.3", "Implementation and delivery", "Good"),
            ("2.4", "Reviewing", "Requires improvement"),
        ),
    ),
    (
        "3.",
        "Out-of-court disposals",
        (
            ("3.1", "Assessment", "Inadequate"),
            ("3.2", "Planning", "Inadequate"),
            ("3.3", "Implementation and delivery", "Requires improvement"),
            ("3.4", "Out-of-court disposal policy and provision", "Requires improvement"),
        ),
    ),
    (
        "4.",
        "Resettlement\u00b9",
        (("4.1", "Resettlement policy and provision", "Requires improvement"),),
    ),
)
STANDARD_RATINGS = {sid: rating for _, _, rows in DOMAINS for sid, _, rating in rows}

KEY_QUESTIONS = {
    "2.1": (
        "Does assessment sufficiently analyse:",
        (
            ("how to support the child's desistance?", 100),
            ("how to keep the child safe?", 88),
            ("how to keep other people safe?", 75),
        ),
    ),
    "2.2": (
        "Does planning focus sufficiently on:",
        (
            ("supporting the child's desistance?", 100),
            ("keeping the child safe?", 88),
            ("keeping other people safe?", 50),
        ),
    ),
    "3.1": (
        "Does assessment sufficiently analyse:",
        (
            ("how to support the child's desistance?", 83),
            ("how to keep the child safe?", 50),
            ("how to keep other people safe?", 25),
        ),
    ),
}
HEADLINES = {
    "1.1": (
        "The governance and leadership of the YJS supports and promotes the delivery of a "
        "high-quality, personalised and responsive service for all children."
    ),
    "2.1": (
        "Assessment is well-informed, analytical and personalised, actively involving the "
        "child and their parents or carers."
    ),
    "2.2": (
        "Planning is well-informed, holistic and personalised, actively involving the child "
        "and their parents or carers."
    ),
    "3.1": (
        "Assessment is well-informed, analytical and personalised, actively involving the "
        "child and their parents or carers."
    ),
}


def _ratings_table() -> Table:
    rows: list[tuple[Cell, ...]] = [
        (
            Cell(text=""),
            Cell(text=f"{SERVICE} Youth Justice Service. Fieldwork started December 2024"),
            Cell(text="Score 14/36", bold=True, numeric=True),
        ),
        (
            Cell(text=""),
            Cell(text="Overall rating", bold=True),
            Cell(text="Requires improvement", rating="Requires improvement"),
        ),
    ]
    group_rows: list[int] = []
    for number, domain, standards in DOMAINS:
        group_rows.append(len(rows))
        rows.append((Cell(text=number, bold=True), Cell(text=domain, bold=True)))
        for sid, title, rating in standards:
            rows.append((Cell(text=sid), Cell(text=title), Cell(text=rating, rating=rating)))
    return Table(
        caption=f"Ratings for {SERVICE} YJS",
        header=("Standard", "", "Rating"),
        rows=tuple(rows),
        group_rows=tuple(group_rows),
        footnotes=(
            "\u00b9 The rating for resettlement does not influence the overall YJS rating.",
        ),
    )


def _key_question_blocks(sid: str, title: str) -> list[object]:
    stem, questions = KEY_QUESTIONS[sid]
    lowest = min(value for _, value in questions)
    table = Table(
        caption=f"Key questions for standard {sid} {title.lower()}",
        header=(stem, "% 'Yes'"),
        rows=tuple(
            (Cell(text=q, bold=v == lowest), Cell(text=f"{v}%", bold=v == lowest, numeric=True))
            for q, v in questions
        ),
        numeric_columns=(1,),
        footnotes=(FOOTNOTE_KQ,),
    )
    chart = Chart(
        chart_type="key_questions",
        title=f"Standard {sid} {title}: percentage of cases answered 'Yes'",
        alt_text=(
            f"Bar chart of the key questions for standard {sid}. "
            + "; ".join(f"{q} {v}% yes" for q, v in questions)
            + ". Thresholds: 80% Outstanding, 65% Good, 50% Requires improvement."
        ),
        categories=tuple(f"{sid}.{i} {q}" for i, (q, _) in enumerate(questions, start=1)),
        series=(BarSeries(label="% Yes", values=tuple(float(v) for _, v in questions)),),
        thresholds=THRESHOLDS,
    )
    intro = Paragraph(
        text=f"Our rating for {title.lower()} is based on the following key questions:"
    )
    return [intro, table, chart]


def _standard_sections(domain_no: str, sid: str, title: str) -> list[Section]:
    rating = STANDARD_RATINGS[sid]
    blocks: list[object] = [
        RatingBox(standard_id=sid, title=title, headline=HEADLINES[sid], rating=rating)
    ]
    if sid in KEY_QUESTIONS:
        blocks += _key_question_blocks(sid, title)
    blocks += [
        Paragraph(
            text=(
                "Assessment activity was consistently strong for both children's desistance and "
                "keeping children safe. In assessing desistance, case managers showed an awareness "
                "of the trauma that children had experienced and its impact on their behaviour and "
                "engagement. Case managers completed an appropriate analysis of children's "
                "attitudes towards, or reasons for, their offending."
            )
        ),
        Paragraph(
            text=(
                "In assessing how to keep other people safe, case managers did not consistently "
                "consider who was at risk, or the nature of that risk. Although case managers had "
                "access to information from other agencies, they did not always use it when "
                "analysing how to keep other people safe."
            )
        ),
    ]
    return [
        Section(
            id=f"standard-{sid.replace('.', '-')}",
            title=f"{sid}. {title}",
            level=2,
            blocks=tuple(blocks),
        ),  # type: ignore[arg-type]
        Section(
            id=f"standard-{sid.replace('.', '-')}-strengths",
            title="Strengths",
            level=3,
            in_contents=False,
            blocks=(
                BulletList(
                    items=(
                        "Case managers focused on children's strengths and motivation to change and "
                        "involved children and their parents or carers in the assessment.",
                        "They analysed children's diversity needs, including the impact of their "
                        "culture and their lived experiences.",
                        "In nearly all cases the victim's needs and wishes had been considered.",
                    )
                ),
            ),
        ),
        Section(
            id=f"standard-{sid.replace('.', '-')}-improvement",
            title="Areas for improvement",
            level=3,
            in_contents=False,
            blocks=(
                BulletList(
                    items=(
                        "Case managers did not consistently consider who was at risk, or the nature "
                        "of that risk.",
                        "Relevant previous behaviours and convictions were not always included in "
                        "the current risk analysis.",
                    )
                ),
            ),
        ),
    ]


def _annexe_table() -> Table:
    disposals = (
        "Referral order",
        "Youth rehabilitation order",
        "Youth conditional caution",
        "Youth caution",
        "Community resolution",
    )
    answers = ("Yes", "Yes", "No", "Yes", "Yes", "No", "Yes")
    rows = []
    for n in range(1, 81):
        rows.append(
            (
                Cell(text=f"WF-{n:03d}"),
                Cell(text=disposals[n % len(disposals)]),
                Cell(text=f"{(n * 7) % 28 + 1:02d}/{(n % 9) + 1:02d}/2024"),
                Cell(text=answers[n % 7]),
                Cell(text=answers[(n + 2) % 7]),
                Cell(text=answers[(n + 4) % 7]),
                Cell(text=str(10 + n % 8), numeric=True),
            )
        )
    return Table(
        caption="Case-level answers to the assessment key questions",
        header=(
            "Case reference",
            "Disposal",
            "Start date",
            "Desistance",
            "Child's safety",
            "Others' safety",
            "Age",
        ),
        rows=tuple(rows),
        numeric_columns=(6,),
        footnotes=("Case references are pseudonymous; answers are the inspectors' final answers.",),
    )


@cache
def sample_report() -> Report:
    recommendations: list[Section] = [
        Section(
            id="recommendations",
            title="Recommendations",
            blocks=(
                Paragraph(
                    text=(
                        "As a result of our inspection findings, we have made eight recommendations "
                        "that we believe, if implemented, will have a positive impact on the quality "
                        f"of youth justice services in {SERVICE}."
                    )
                ),
            ),
        )
    ]
    addressees = (
        (
            f"The chair of {SERVICE} YJS management board should:",
            (
                "develop its members so that they have the necessary knowledge and understanding of "
                "the youth justice context to be able to drive service improvements.",
            ),
        ),
        (
            f"{SERVICE} YJS management board should:",
            (
                "improve healthcare provision for YJS children so that it meets their emotional, "
                "mental health and wellbeing needs",
                "make sure that children supervised by the YJS are assessed for and have access to "
                "services that meet their speech, language and communication needs",
                "continue to challenge the Probation Service to ensure that it meets its statutory duties",
                "strengthen the quality of resettlement provision.",
            ),
        ),
        (
            f"{SERVICE} YJS service manager should:",
            (
                "make sure that there is a structure in place to enable volunteers to be appropriately "
                "managed, supported and integrated as part of the YJS",
                "ensure the consistently high quality of assessing to keep other people safe in "
                "out-of-court disposal work",
                "put in place a framework to collate and analyse children's participation and feedback.",
            ),
        ),
    )
    number_from = 1  # numbered straight through, as the published report numbers them
    for i, (addressee, items) in enumerate(addressees, start=1):
        recommendations.append(
            Section(
                id=f"recommendations-{i}",
                title=addressee,
                level=3,
                in_contents=False,
                blocks=(BulletList(items=items, numbered=True, start=number_from),),
            )
        )
        number_from += len(items)

    sections: list[Section] = [
        Section(
            id="ratings",
            title="Ratings",
            blocks=(_ratings_table(),),
        ),
        *recommendations,
        Section(
            id="background",
            title="Background",
            blocks=(
                Paragraph(
                    text=(
                        f"We conducted fieldwork in {SERVICE} YJS over a period of a week, beginning "
                        "on Monday 02 December 2024. We also conducted 18 interviews with case managers."
                    ),
                    style="lead",
                ),
                Paragraph(
                    text=(
                        f"{SERVICE} local authority is the second largest local authority in England by "
                        "land area. It has a population of 228,187. There are 19,137 children aged 10 "
                        "to 17 years old."
                    )
                ),
                Paragraph(
                    text="It is impressive how much progress they have made in that time.",
                    style="quote",
                ),
            ),
        ),
    ]
    domain_titles = {
        "1": "Domain one: Organisational delivery",
        "2": "Domain two: Court disposals",
        "3": "Domain three: Out-of-court disposals",
    }
    standards = {
        "1": (("1.1", "Governance and leadership"),),
        "2": (("2.1", "Assessment"), ("2.2", "Planning")),
        "3": (("3.1", "Assessment"),),
    }
    for number, title in domain_titles.items():
        sections.append(
            Section(
                id=f"domain-{number}",
                title=title,
                blocks=(
                    Paragraph(
                        text="We took a detailed look at eight community sentences managed by the YJS."
                    ),
                ),
            )
        )
        for sid, standard_title in standards[number]:
            sections += _standard_sections(number, sid, standard_title)
    sections.append(
        Section(
            id="annexe",
            title="Annexe: case sample",
            blocks=(
                Paragraph(
                    text="The sample of cases inspected, compared with the eligible caseload."
                ),
                Chart(
                    chart_type="balance",
                    title="Sample compared with eligible cases",
                    alt_text=(
                        "Grouped bar chart comparing eligible cases with the inspected sample: "
                        "female 18% and 20%; Black, Asian and minority ethnic 12% and 10%; "
                        "looked-after children 30% and 33%; aged 17 40% and 38%."
                    ),
                    categories=(
                        "Female",
                        "Black, Asian and minority ethnic",
                        "Looked-after children",
                        "Aged 17",
                    ),
                    series=(
                        BarSeries(label="Eligible cases", values=(18.0, 12.0, 30.0, 40.0)),
                        BarSeries(label="Sample", values=(20.0, 10.0, 33.0, None)),
                    ),
                ),
                _annexe_table(),
            ),
        )
    )
    cover = Cover(
        title="An inspection of youth justice services in",
        service=SERVICE,
        kind="Mock inspection",
        framework="HMIP youth justice standards (2021)",
        fieldwork="Fieldwork started December 2024",
        published=date(2025, 3, 18),
        draft=True,
    )
    return Report(cover=cover, sections=tuple(sections))
