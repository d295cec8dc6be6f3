"""The `yjqa` command line: a thin shell over the core."""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from yjqa.cli import backup, data_protection, indicators, web
from yjqa.cli.benchmark import benchmark_app
from yjqa.cli.improvement_plan import improvement_plan_app
from yjqa.cli.indicators import iso_date
from yjqa.cli.report_import import import_report
from yjqa.cli.surveys import survey_app
from yjqa.cli.synthetic import synthetic_app
from yjqa.core.validation.problems import InputError

if TYPE_CHECKING:
    from yjqa.core.frameworks.model import Framework

# Commands import what they use (pydantic models, numpy, scipy, Django) inside their own
# functions, so `yjqa --help` and `yjqa frameworks list` start quickly
# (tests/cli/test_startup.py checks which libraries they load; bench/bench_cli.py times them).

app = typer.Typer(
    help="yjqa: inspection frameworks, ratings and quality assurance for youth justice services.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)
frameworks_app = typer.Typer(help="List, show, validate and describe frameworks.")
app.add_typer(frameworks_app, name="frameworks")
web.register(app)
backup.register(app)
data_protection.register(app)
indicators.register(app)
app.add_typer(synthetic_app, name="synthetic")
app.command("import-report")(import_report)
app.add_typer(improvement_plan_app, name="improvement-plan")
# The first name of the command, kept as it was: the same command as `improvement-plan`.
app.add_typer(
    improvement_plan_app,
    name="plan",
    help="A service's improvement plan: the same as `yjqa improvement-plan`.",
)
app.add_typer(survey_app, name="survey")
app.add_typer(benchmark_app, name="benchmark")

out = Console(soft_wrap=False)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    markdown = "markdown"


@frameworks_app.command("list")
def frameworks_list() -> None:
    """List the frameworks shipped with yjqa."""
    from rich.table import Table

    from yjqa.core.frameworks.shipped import shipped_frameworks

    table = Table("Id", "Title", "Valid from", "Rated", "Standards", title="Frameworks")
    for framework in shipped_frameworks().values():
        table.add_row(
            framework.id,
            framework.title,
            framework.valid_from.isoformat(),
            "yes" if framework.rated else "no",
            str(sum(1 for _ in framework.iter_standards())),
        )
    out.print(table)


@frameworks_app.command("show")
def frameworks_show(
    framework_id: Annotated[str, typer.Argument(metavar="ID", help="A framework id or YAML file.")],
    output_format: Annotated[
        str, typer.Option("--format", help="tree (default) or json.")
    ] = "tree",
) -> None:
    """Show a framework's domains, standards, key questions and prompts."""
    from yjqa.cli.render import framework_tree
    from yjqa.core.frameworks.shipped import get_framework

    framework = get_framework(framework_id)
    if output_format == "json":
        print(framework.model_dump_json(indent=2))
    elif output_format == "tree":
        out.print(framework_tree(framework))
    else:
        raise typer.BadParameter("use tree or json", param_hint="--format")


@frameworks_app.command("validate")
def frameworks_validate(
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A framework YAML file.")],
) -> None:
    """Check a framework YAML file; exit status 2 with every problem if it is not valid."""
    from yjqa.core.frameworks.shipped import load_framework_file

    framework = load_framework_file(file)
    standards = sum(1 for _ in framework.iter_standards())
    questions = sum(len(s.key_questions) for s in framework.iter_standards())
    out.print(
        f"{file}: valid framework '{framework.id}' ({len(framework.domains)} domains, "
        f"{standards} standards, {questions} key questions)"
    )


@frameworks_app.command("schema")
def frameworks_schema(
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write to FILE instead of printing.")
    ] = None,
) -> None:
    """Print the JSON Schema of the framework format."""
    from yjqa.core.frameworks.shipped import framework_json_schema_text

    text = framework_json_schema_text()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


@app.command("rate")
def rate(
    percentages: Annotated[
        Path | None,
        typer.Option(help="YAML of published % Yes per key question, with judgements."),
    ] = None,
    answers: Annotated[
        Path | None,
        typer.Option(help="CSV of case answers: case_ref,key_question,answer (yes|no|n/a)."),
    ] = None,
    judgements: Annotated[
        Path | None,
        typer.Option(help="With --answers: YAML of judgement ratings by standard id."),
    ] = None,
    framework: Annotated[
        str | None, typer.Option(help="With --answers: a framework id or YAML file.")
    ] = None,
    output_format: Annotated[OutputFormat, typer.Option("--format")] = OutputFormat.table,
    seed: Annotated[
        int, typer.Option(help="Seed for the band probabilities: the same seed, the same figures.")
    ] = 0,
    population: Annotated[
        list[str] | None,
        typer.Option(
            help="With --answers: the eligible caseload's size for a domain, DOMAIN=N "
            "(e.g. court=39, oocd=85); repeat for each domain. Left out: taken as large."
        ),
    ] = None,
) -> None:
    """Rate every standard, then the score and overall rating, by the framework's rules.

    Case standards also show how sure their rating is, where the cases behind them are known.
    """
    from yjqa.cli.render import rating_tables
    from yjqa.core.frameworks.shipped import get_framework
    from yjqa.core.rating.inputs import read_answers, read_percentages
    from yjqa.core.rating.outputs import rating_as_dict, rating_as_markdown

    if (percentages is None) == (answers is None):
        raise typer.BadParameter("give either --percentages FILE or --answers FILE")
    if percentages is not None:
        if judgements is not None or framework is not None:
            raise typer.BadParameter(
                "--judgements and --framework go with --answers; "
                "a percentages file names its framework and holds its judgements"
            )
        rating_input = read_percentages(percentages, get_framework)
    else:
        assert answers is not None
        if framework is None:
            raise typer.BadParameter("--answers needs --framework ID", param_hint="--framework")
        rating_input = read_answers(answers, judgements, get_framework(framework))
    if population and percentages is not None:
        raise typer.BadParameter(
            "--population goes with --answers; a percentages file gives its own "
            "population (by standard id)",
            param_hint="--population",
        )
    sizes = _populations(population or [], rating_input.framework)
    result = rating_input.rate()
    certainty = rating_input.uncertainty(seed=seed, population=sizes or None)
    sure, overall = certainty.standards, certainty.overall_probability
    fw = rating_input.framework
    if output_format is OutputFormat.json:
        print(json.dumps(rating_as_dict(result, fw, sure, overall), ensure_ascii=False))
    elif output_format is OutputFormat.markdown:
        sys.stdout.write(rating_as_markdown(result, fw, sure, overall))
    else:
        for renderable in rating_tables(result, fw, sure, overall):
            out.print(renderable)


def _populations(values: list[str], framework: Framework) -> dict[str, int]:
    """--population DOMAIN=N values as caseload sizes by domain population ("court").

    DOMAIN is a sample's domain (court, oocd, ...) or a framework population (out_of_court);
    N a whole number of eligible cases, at least 1.
    """
    from yjqa.core.rating.rules import SAMPLE_POPULATIONS

    known = {d.population for d in framework.domains if d.population}
    names: dict[str, str] = {p: p for p in known}
    names.update({k: v for k, v in SAMPLE_POPULATIONS.items() if v in known})
    sizes: dict[str, int] = {}
    for value in values:
        name, equals, count = value.partition("=")
        name = name.strip().casefold()
        if not equals or not name:
            raise typer.BadParameter(
                f"'{value}' is not DOMAIN=N, e.g. court=39", param_hint="--population"
            )
        if name not in names:
            raise typer.BadParameter(
                f"unknown domain '{name}' for {framework.id} "
                f"(use one of: {', '.join(sorted(names))})",
                param_hint="--population",
            )
        try:
            size = int(count.strip())
        except ValueError:
            size = 0
        if size < 1:
            raise typer.BadParameter(
                f"'{count}' in '{value}' is not a number of cases (a whole number, at least 1)",
                param_hint="--population",
            )
        if names[name] in sizes:
            raise typer.BadParameter(
                f"the population of {name} is given twice", param_hint="--population"
            )
        sizes[names[name]] = size
    return sizes


@app.command("sample-size")
def sample_size_command(
    population: Annotated[int, typer.Option(help="Cases in the eligible population.")],
    confidence: Annotated[float, typer.Option(help="Confidence level, e.g. 0.8.")] = 0.8,
    margin: Annotated[float, typer.Option(help="Margin of error, e.g. 0.05.")] = 0.05,
    minimum: Annotated[int, typer.Option("--min", help="Smallest sample.")] = 1,
    maximum: Annotated[int | None, typer.Option("--max", help="Largest sample.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Cochran's sample size for a proportion, with the finite-population correction."""
    from yjqa.core.sampling.size import sample_size, sample_size_as_dict

    if output_format not in {"text", "json"}:
        raise typer.BadParameter("use text or json", param_hint="--format")
    size = sample_size(
        population, confidence=confidence, margin=margin, minimum=minimum, maximum=maximum
    )
    if output_format == "json":
        print(json.dumps(sample_size_as_dict(size), ensure_ascii=False))
        return
    for line in size.working:
        out.print(line, highlight=False)
    out.print(f"[bold]Sample size: {size.sample_size}[/] of {size.population}")


class SampleDomain(StrEnum):
    court = "court"
    oocd = "oocd"
    resettlement = "resettlement"
    community = "community"
    secure = "secure"
    children = "children"
    victims = "victims"


@app.command("sample")
def sample_command(
    caseload: Annotated[
        Path,
        typer.Argument(
            metavar="CASELOAD.csv",
            help="A caseload file (.csv or .xlsx); for --domain victims, a victims' caseload.",
        ),
    ],
    domain: Annotated[
        SampleDomain,
        typer.Option(
            help="Which cases to sample: court, oocd, resettlement, community or secure (the "
            "national standards' samples: plan yjb-ns-2019), children (each child once, over "
            "all their work: plan hmip-2025) or victims (from a victims' caseload file)."
        ),
    ],
    start: Annotated[str, typer.Option("--from", metavar="DATE", help="Window start.")],
    end: Annotated[str, typer.Option("--to", metavar="DATE", help="Window end.")],
    seed: Annotated[int, typer.Option(help="Seed: the same seed gives the same sample.")],
    plan: Annotated[str, typer.Option(help="Sampling plan id or YAML file.")] = "hmip-2018",
    size: Annotated[int | None, typer.Option(help="Number of cases, for the `fixed` plan.")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Draw a balanced, replayable case sample (and a reserve list) from a caseload file.

    For the 2025 framework (plan hmip-2025), `--domain children` draws children, each once
    however many of their records are eligible, and `--domain victims` draws victims from a
    victims' caseload file.
    """
    from yjqa.cli.render import sample_tables
    from yjqa.core.caseload.reader import read_caseload
    from yjqa.core.caseload.victims import read_victims
    from yjqa.core.sampling.draw import draw_sample, draw_victims_sample, sample_as_dict
    from yjqa.core.sampling.sampling_plans import VICTIM_DOMAINS, get_plan

    if output_format not in {"table", "json"}:
        raise typer.BadParameter("use table or json", param_hint="--format")
    window = [iso_date(start, "--from"), iso_date(end, "--to")]
    chosen = get_plan(plan)
    chosen.for_domain(domain.value)  # an unknown domain before reading the file
    if domain.value in VICTIM_DOMAINS:
        victims = read_victims(caseload)
        drawn = draw_victims_sample(
            victims, chosen, window[0], window[1], seed, size, domain=domain.value
        )
    else:
        rows = read_caseload(caseload)
        drawn = draw_sample(rows, chosen, domain.value, window[0], window[1], seed, size)
    if output_format == "json":
        print(json.dumps(sample_as_dict(drawn), ensure_ascii=False))
        return
    for renderable in sample_tables(drawn):
        out.print(renderable)


def main() -> None:
    """Entry point: bad input is one clear message and exit status 2, never a traceback."""
    try:
        app()
    except InputError as exc:
        Console(stderr=True, soft_wrap=True).print(
            f"[bold red]Error:[/] {escape(exc.describe())}", highlight=False
        )
        sys.exit(2)
