"""`yjqa survey`: summaries of survey answers (children, parents or carers, staff).

Mounted on the main command with ``app.add_typer(survey_app, name="survey")``.
"""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console, RenderableType
from rich.markup import escape
from rich.table import Table

survey_app = typer.Typer(
    help="Surveys of children, parents or carers and staff: summaries of their answers.",
    no_args_is_help=True,
)
out = Console(soft_wrap=False)


class SurveyFormat(StrEnum):
    table = "table"
    json = "json"


@survey_app.command("summary")
def summary(
    responses: Annotated[
        Path,
        typer.Argument(
            metavar="RESPONSES.csv",
            help="A CSV file with the columns respondent,question,answer (one answer a row).",
        ),
    ],
    output_format: Annotated[
        SurveyFormat, typer.Option("--format", help="table or json.")
    ] = SurveyFormat.table,
    survey: Annotated[
        str | None,
        typer.Option(
            "--survey",
            metavar="ID",
            help="A shipped survey id (e.g. children-feedback) or a survey YAML file: its "
            "questions say which are ratings, and every answer is checked against them.",
        ),
    ] = None,
    invited: Annotated[
        int | None,
        typer.Option(min=1, help="How many people were invited: adds the response rate."),
    ] = None,
) -> None:
    """Summarise each question: for ratings (1 to 10) n, mean, median, % answering 9 or 10 and
    the count of each answer. Figures based on fewer than 5 responses are not shown."""
    from yjqa.core.surveys.answers import read_answers_csv, summarise_answers
    from yjqa.core.surveys.definitions import get_survey_definition

    definition = get_survey_definition(survey) if survey is not None else None
    result = summarise_answers(read_answers_csv(responses), definition, invited=invited)
    if output_format is SurveyFormat.json:
        print(json.dumps(result, ensure_ascii=False))
        return
    for renderable in summary_tables(result):
        out.print(renderable)


def _number(value: float) -> str:
    return f"{value:g}"


def summary_tables(result: dict[str, Any]) -> list[RenderableType]:
    """Rich tables for a summary: ratings in one table, then each other question's counts."""
    from yjqa.core.surveys.definitions import SUPPRESSED_NOTE

    rendered: list[RenderableType] = []
    line = f"{result['respondents']} respondent{'s' if result['respondents'] != 1 else ''}"
    if result.get("response_rate") is not None:
        line += f" of {result['invited']} invited ({_number(result['response_rate'])}%)"
    rendered.append(line)
    ratings = {q: s for q, s in result["questions"].items() if "kind" not in s}
    if ratings:
        table = Table(title="Ratings (1 to 10)")
        table.add_column("Question", min_width=16)
        for heading in ("n", "Mean", "Median", "% 9 or 10"):
            table.add_column(heading, justify="right")
        counts = Table(title="How many gave each rating")
        counts.add_column("Question", min_width=16)
        for rating in range(1, 11):
            counts.add_column(str(rating), justify="right")
        for question, figures in ratings.items():
            if figures.get("suppressed"):
                table.add_row(escape(question), f"[italic]{SUPPRESSED_NOTE}[/]")
                counts.add_row(escape(question), f"[italic]{SUPPRESSED_NOTE}[/]")
                continue
            table.add_row(
                escape(question),
                str(figures["n"]),
                f"{figures['mean']:.2f}",
                _number(figures["median"]),
                _number(figures["share_9_10"]),
            )
            counts.add_row(
                escape(question), *(str(count) for count in figures["distribution"].values())
            )
        rendered.extend([table, counts])
    for question, figures in result["questions"].items():
        if "kind" not in figures:
            continue
        table = Table("Answer", title=escape(question))
        table.add_column("Count", justify="right")
        table.add_column("%", justify="right")
        if figures.get("suppressed"):
            table.add_row(f"[italic]{SUPPRESSED_NOTE}[/]", "", "")
        elif figures["kind"] == "choice":
            for option, counted in figures["options"].items():
                table.add_row(escape(option), str(counted["count"]), _number(counted["share"]))
        else:
            for theme, count in figures["themes"].items():
                table.add_row(
                    escape(theme), str(count), _number(round(100 * count / figures["n"], 1))
                )
            table.add_row("(no theme)", str(figures["unthemed"]), "")
        rendered.append(table)
    return rendered
