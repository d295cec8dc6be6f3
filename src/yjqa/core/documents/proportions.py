"""An unrated framework's findings as documents print them: each key question's proportion of
cases, in figures and in the framework's words, never a rating, band or "lowest figure".

Shared by the inspection report's unrated layout, the screening letter and the pages.
"""

from __future__ import annotations

from yjqa.core.documents.model import Cell, Table
from yjqa.core.frameworks.model import Framework, Standard
from yjqa.core.frameworks.proportions import Proportion, proportion
from yjqa.core.rating.rules import FrameworkRating, KeyQuestionResult

NO_CASES_YET = "No case answered yet"
ALL_NOT_APPLICABLE = "Not applicable in every case"


def figure_proportion(framework: Framework, figure: KeyQuestionResult) -> Proportion | None:
    """The key question's Yes among its Yes and No answers; None where none was answered."""
    tally = figure.tally
    if tally is None:
        return None
    return proportion(framework.proportion_words, tally.yes, tally.yes + tally.no)


def figure_text(framework: Framework, figure: KeyQuestionResult) -> tuple[str, str]:
    """(figures, words) for a table: ("26 of 34 cases, 76%", "over three-quarters")."""
    shown = figure_proportion(framework, figure)
    if shown is not None:
        return shown.figures, shown.words
    if figure.tally is not None and figure.tally.not_applicable:
        return ALL_NOT_APPLICABLE, ""
    return NO_CASES_YET, ""


def question_figures(
    rating: FrameworkRating, standard: Standard
) -> list[tuple[str, str, KeyQuestionResult]]:
    """(key question id, its text, its figure) for each of the standard's key questions."""
    result = next((r for r in rating.standards if r.standard_id == standard.id), None)
    figures = {f.key_question_id: f for f in result.key_questions} if result else {}
    return [
        (q.id, q.text, figures.get(q.id, KeyQuestionResult(q.id, None, None, None)))
        for q in standard.key_questions
    ]


def proportions_table(
    framework: Framework, rating: FrameworkRating, standard: Standard, caption: str
) -> Table:
    """The standard's key questions, each with its cases in figures and in words."""
    with_words = framework.proportion_words is not None
    rows = []
    for question_id, text, figure in question_figures(rating, standard):
        figures, words = figure_text(framework, figure)
        cells = [Cell(text=f"{question_id} {text}"), Cell(text=figures, numeric=True)]
        if with_words:
            cells.append(Cell(text=words))
        rows.append(tuple(cells))
    header = ("Key question", "Cases answered Yes", *(("In words",) if with_words else ()))
    return Table(
        caption=caption,
        header=header,
        rows=tuple(rows),
        numeric_columns=(1,),
        footnotes=(PROPORTION_NOTE,),
    )


PROPORTION_NOTE = (
    "Each figure is the cases answered Yes among those answered Yes or No; cases where the "
    "question did not apply are left out. This framework is not rated."
)


def standard_label(framework: Framework, standard: Standard) -> str:
    """ "1 Reducing reoffending"; with several domains, the domain's title first ("At court:
    2.2 Operational"), as a national standard's parts are named by their domain."""
    label = f"{standard.id} {standard.title}"
    if len(framework.domains) < 2:
        return label
    domain = next(d for d in framework.domains if standard in d.standards)
    return f"{domain.title}: {label}"


def summary_table(framework: Framework, rating: FrameworkRating, caption: str) -> Table:
    """Every case standard's key questions in one table, a group row per standard."""
    with_words = framework.proportion_words is not None
    rows: list[tuple[Cell, ...]] = []
    groups: list[int] = []
    for domain in framework.domains:
        for standard in domain.standards:
            if standard.kind != "case":
                continue
            groups.append(len(rows))
            rows.append((Cell(text=standard_label(framework, standard), bold=True), Cell(text="")))
            for question_id, text, figure in question_figures(rating, standard):
                figures, words = figure_text(framework, figure)
                cells = [Cell(text=f"{question_id} {text}"), Cell(text=figures, numeric=True)]
                if with_words:
                    cells.append(Cell(text=words))
                rows.append(tuple(cells))
    header = ("Standard and key question", "Cases answered Yes")
    return Table(
        caption=caption,
        header=(*header, *(("In words",) if with_words else ())),
        rows=tuple(rows),
        numeric_columns=(1,),
        group_rows=tuple(groups),
        footnotes=(PROPORTION_NOTE,),
    )
