"""Commands that run the web application: demo, serve, manage.

Django is imported only inside these commands, so the core commands stay fast.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.table import Table

from yjqa.cli.progress import progress_bar
from yjqa.cli.server import exec_server
from yjqa.core.validation.problems import InputError, Problem

out = Console()

HostOption = Annotated[str, typer.Option(help="Address to listen on.")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.")]
NoWorkerOption = Annotated[
    bool,
    typer.Option(
        "--no-worker",
        help="Do not start a task-queue worker beside the server (run `yjqa worker` instead).",
    ),
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def serve(
    host: HostOption = "127.0.0.1", port: PortOption = 8000, no_worker: NoWorkerOption = False
) -> None:
    """Run the production server (gunicorn, static files by WhiteNoise), with a task-queue
    worker beside it for the background jobs."""
    setup_django()
    migrate()
    start_server(host, port, worker=not no_worker)


def start_server(host: str, port: int, *, worker: bool = True) -> NoReturn:
    """Hand over to the server in a clean process: see `yjqa.cli.server` for why."""
    from django.db import connections

    connections.close_all()
    exec_server(host, port, worker=worker)


def worker(
    interval: Annotated[
        float, typer.Option(help="Seconds to wait between looks at an empty queue.", min=0)
    ] = 1.0,
    batch: Annotated[bool, typer.Option("--batch", help="Run what is queued, then stop.")] = False,
) -> None:
    """Run a task-queue worker: the background jobs (imports, documents) queued in the
    database. Run as many as you like, on any machine that reaches the database."""
    setup_django()
    migrate()
    from yjqa.cli.worker import run_worker

    run_worker(interval=interval, batch=batch)


def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only seed the demo data.")] = False,
    no_worker: NoWorkerOption = False,
) -> None:
    """Set up the database, seed the Northshire and Southvale demo services, and serve."""
    setup_django()
    migrate()
    from yjqa.web.demo import demo_password, demo_sign_ins, seed_demo

    services = seed_demo()
    from django.conf import settings

    out.print(f"Demo services ready: {', '.join(s.name for s in services)}")
    out.print(f"Database: {settings.DATABASES['default']['NAME']}")
    table = Table("Service", "Sign in as", "Role", title="Demo sign-ins")
    for service, email, role in demo_sign_ins():
        table.add_row(service, email, role)
    out.print(table)
    out.print(f"Every demo person's password: [bold]{demo_password()}[/]")
    if no_serve:
        return
    address = f"http://{'localhost' if host in {'127.0.0.1', '0.0.0.0'} else host}:{port}/"
    out.print(f"\nOpen [bold]{address}[/] and sign in. Press Ctrl+C to stop.\n")
    # Seeding ran Polars here: the server (and its worker) start in a fresh process.
    start_server(host, port, worker=not no_worker)


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `yjqa manage createsuperuser`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yjqa manage", *ctx.args])


def api_token(
    email: Annotated[str, typer.Argument(metavar="EMAIL")],
    days: Annotated[
        int, typer.Option(help="How many days it works (1 to 366).", min=1, max=366)
    ] = 90,
    name: Annotated[str, typer.Option(help="What it is used for.")] = "",
) -> None:
    """Create a read-API token for a person and print it (alone, once: it is not kept). It
    works for --days days, until revoked."""
    setup_django()
    from yjqa.web.accounts.queries import person_with_email
    from yjqa.web.accounts.services import do_create_api_token
    from yjqa.web.audit.trail import Actor

    user = person_with_email(email)
    if user is None:
        raise InputError([Problem("EMAIL", f"no person with the email address {email}")])
    print(do_create_api_token(Actor.operator(), user, name=name, days=days))


inspections_app = typer.Typer(help="Inspections and audits.")


@inspections_app.command("list")
def inspections_list(
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """List every inspection, with its service, framework, kind and status."""
    if output_format not in {"table", "json"}:
        raise typer.BadParameter("use table or json", param_hint="--format")
    setup_django()
    from yjqa.web.inspections.queries import all_inspections, inspection_rows

    rows = inspection_rows(all_inspections())
    if output_format == "json":
        print(json.dumps(rows, ensure_ascii=False))
        return
    table = Table("Id", "Service", "Framework", "Kind", "Status", title="Inspections")
    for row in rows:
        table.add_row(*(str(row[k]) for k in ("id", "service", "framework", "kind", "status")))
    out.print(table)


class InspectionKind(StrEnum):
    hmip_inspection = "hmip_inspection"
    mock_inspection = "mock_inspection"
    internal_audit = "internal_audit"
    national_standards_self_assessment = "national_standards_self_assessment"


class InspectionType(StrEnum):
    children_and_victims = "children_and_victims"
    full = "full"


@inspections_app.command("create")
def inspections_create(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The service's name or id.")],
    framework: Annotated[str, typer.Option("--framework", help="A framework id.")],
    kind: Annotated[InspectionKind, typer.Option("--kind", help="What kind of inspection.")],
    title: Annotated[str, typer.Option("--title", help="The inspection's title.")],
    inspection_type: Annotated[
        InspectionType | None,
        typer.Option(
            "--inspection-type",
            help="What a 2025-framework inspection rates: children_and_victims or full.",
        ),
    ] = None,
    output_format: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Create an inspection, a mock inspection, an internal audit or a self-assessment."""
    if output_format not in {"text", "json"}:
        raise typer.BadParameter("use text or json", param_hint="--format")
    setup_django()
    migrate()
    from django.core.exceptions import ValidationError

    from yjqa.core.frameworks.shipped import shipped_frameworks
    from yjqa.web.audit.trail import Actor
    from yjqa.web.inspections.queries import all_inspections, inspection_rows
    from yjqa.web.inspections.services import do_create_inspection

    try:
        if framework not in shipped_frameworks():
            known = ", ".join(shipped_frameworks())
            raise InputError([Problem("--framework", f"no framework {framework}: use {known}")])
        if not title.strip():
            raise InputError([Problem("--title", "give the inspection a title")])
        try:
            inspection = do_create_inspection(
                Actor.operator(),
                find_service(service),
                title=title.strip(),
                framework_id=framework,
                kind=kind.value,
                inspection_type=inspection_type.value if inspection_type else "",
            )
        except ValidationError as error:
            by_field = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            problems = [
                Problem(f"--{field.replace('_', '-')}" if field else "inspection", message)
                for field, messages in by_field.items()
                for message in messages
            ]
            raise InputError(problems) from None
    except InputError as error:
        if output_format == "json":
            print(json.dumps({"error": error.describe()}, ensure_ascii=False))
            raise typer.Exit(2) from None
        raise
    row = {
        **inspection_rows(all_inspections().filter(pk=inspection.pk))[0],
        "title": inspection.title,
    }
    row["inspection_type"] = inspection.inspection_type or None
    if output_format == "json":
        print(json.dumps(row, ensure_ascii=False))
    else:
        out.print(f"Created inspection {row['id']}: {inspection.title} ({row['service']})")


def find_inspection(inspection_id: int) -> Any:
    """The inspection with this id (in any service); InputError if there is none."""
    from yjqa.web.inspections.queries import inspection_with_id

    inspection = inspection_with_id(inspection_id)
    if inspection is None:
        raise InputError([Problem("INSPECTION_ID", f"no inspection with id {inspection_id}")])
    return inspection


caseload_app = typer.Typer(help="A service's caseload.")


def find_service(text: str) -> Any:
    """The service with this slug, name or code (any case); InputError if there is none."""
    from yjqa.web.tenancy.queries import service_named

    found = service_named(text)
    if found is None:
        raise InputError([Problem("SERVICE", f"no service called {text}")])
    return found


def indicators_import(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The service's name or id.")],
    data_dir: Annotated[
        Path, typer.Argument(metavar="DATA_DIR", help="A folder of people, outcomes, population.")
    ],
) -> None:
    """Import a service's indicator data (whichever of the three files are in DATA_DIR).

    Every file is checked first, and all are written in one transaction: one bad row in any
    of them and nothing is imported.
    """
    setup_django()
    migrate()
    from yjqa.core.indicators.data import SUFFIXES, TABLES
    from yjqa.web.audit.trail import Actor
    from yjqa.web.indicators.services import (
        TableImport,
        do_import_indicator_data,
        read_service_table,
    )

    found = find_service(service)
    files = [
        (table, path)
        for table in TABLES
        for path in [
            next(
                (data_dir / f"{table}{s}" for s in SUFFIXES if (data_dir / f"{table}{s}").exists()),
                None,
            )
        ]
        if path is not None
    ]
    if not files:
        raise InputError(
            [Problem("DATA_DIR", f"no people, outcomes or population file in {data_dir}")]
        )
    tables: list[TableImport] = []
    children: set[str] = set()  # imported with the outcomes, so their outcomes find them
    for table, path in files:
        frame = read_service_table(path, table, found, str(path), also_known=children)
        if table == "people":
            children = set(frame["person_id"])
        tables.append(TableImport(table, frame, path.name))
    results = do_import_indicator_data(Actor.operator(), found, tables)
    for (_table, path), result in zip(files, results, strict=True):
        out.print(
            f"{path}: {result.rows:,} rows imported into {found.name} "
            f"({result.created:,} new, {result.updated:,} updated)",
            highlight=False,
        )


@caseload_app.command("import")
def caseload_import(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The service's name or id.")],
    file: Annotated[Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx caseload file.")],
) -> None:
    """Import a caseload file: every row checked first, then written in one transaction."""
    setup_django()
    migrate()
    from yjqa.web.audit.trail import Actor
    from yjqa.web.caseload.imports import import_caseload_file

    found = find_service(service)
    # The same work as the upload page's background job, with a bar on stderr.
    with progress_bar(f"Checking {file.name}") as report:
        rows, result = import_caseload_file(
            Actor.operator(), found, file, source=str(file), file_name=file.name, report=report
        )
    out.print(
        f"{file}: {rows:,} rows imported into {found.name} "
        f"({result.created:,} new case records, {result.updated:,} updated)"
    )


class TemplateFormat(StrEnum):
    csv = "csv"
    xlsx = "xlsx"


TemplateFormatOption = Annotated[
    TemplateFormat, typer.Option("--format", help="csv, or xlsx (with a Codes sheet).")
]


@caseload_app.command("template")
def caseload_template(
    output_format: TemplateFormatOption = TemplateFormat.xlsx,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "caseload-template.xlsx"
    ),
) -> None:
    """Write a caseload file to fill in: the header and two invented example rows."""
    from yjqa.core.caseload.reader import caseload_template_csv, caseload_template_xlsx

    _write_template(output, output_format, caseload_template_csv, caseload_template_xlsx)
    out.print(f"{output}: a caseload template ({output_format.value})", highlight=False)


victims_app = typer.Typer(
    help="A service's victims' caseload (victims of its children's offences)."
)


@victims_app.command("import")
def victims_import(
    service: Annotated[str, typer.Argument(metavar="SERVICE", help="The service's name or id.")],
    file: Annotated[
        Path, typer.Argument(metavar="FILE", help="A .csv or .xlsx victims' caseload file.")
    ],
) -> None:
    """Import a victims' caseload file: every row checked first (each victim's child's case
    must be in the service's caseload), then written in one transaction."""
    setup_django()
    migrate()
    from yjqa.web.audit.trail import Actor
    from yjqa.web.caseload.victim_imports import import_victims_file

    found = find_service(service)
    # The same work as the victims' upload page's background job, with a bar on stderr.
    with progress_bar(f"Checking {file.name}") as report:
        rows, result = import_victims_file(
            Actor.operator(), found, file, source=str(file), file_name=file.name, report=report
        )
    out.print(
        f"{file}: {rows:,} rows imported into {found.name} "
        f"({result.created:,} new victims' records, {result.updated:,} updated)",
        highlight=False,
    )


@victims_app.command("template")
def victims_template(
    output_format: TemplateFormatOption = TemplateFormat.xlsx,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "victims-template.xlsx"
    ),
) -> None:
    """Write a victims' caseload file to fill in: the header and two invented example rows."""
    from yjqa.core.caseload.victims import victims_template_csv, victims_template_xlsx

    _write_template(output, output_format, victims_template_csv, victims_template_xlsx)
    out.print(f"{output}: a victims' caseload template ({output_format.value})", highlight=False)


def _write_template(
    output: Path,
    output_format: TemplateFormat,
    as_csv: Callable[[], str],
    as_xlsx: Callable[[], bytes],
) -> None:
    if output_format is TemplateFormat.csv:
        output.write_text(as_csv(), encoding="utf-8", newline="")
    else:
        output.write_bytes(as_xlsx())


class ReportFormat(StrEnum):
    html = "html"
    pdf = "pdf"
    docx = "docx"


def report(
    inspection_id: Annotated[int, typer.Argument(metavar="INSPECTION_ID")],
    output_format: Annotated[ReportFormat, typer.Option("--format")] = ReportFormat.pdf,
    output: Annotated[Path, typer.Option("--output", "-o", help="File to write.")] = Path(
        "report.pdf"
    ),
) -> None:
    """Write an inspection's report as HTML, PDF or Word (a published one as frozen)."""
    setup_django()
    from yjqa.reports import render_docx, render_html, render_pdf
    from yjqa.web.inspections.report import inspection_report

    inspection = find_inspection(inspection_id)
    document = inspection_report(inspection)
    if output_format is ReportFormat.html:
        output.write_text(render_html(document), encoding="utf-8")
    elif output_format is ReportFormat.pdf:
        output.write_bytes(render_pdf(document))
    else:
        output.write_bytes(render_docx(document))
    out.print(
        f"{output}: {output_format.value} report of {inspection.title} ({inspection.service})"
    )


def agreement(
    inspection_id: Annotated[int, typer.Argument(metavar="INSPECTION_ID")],
    output_format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Agreement between auditors over an inspection's double-marked cases (Cohen's kappa)."""
    if output_format not in {"table", "json"}:
        raise typer.BadParameter("use table or json", param_hint="--format")
    setup_django()
    from yjqa.web.inspections.agreement import agreement_as_dict, inspection_agreement

    inspection = find_inspection(inspection_id)
    data = agreement_as_dict(inspection, inspection_agreement(inspection))
    if output_format == "json":
        print(json.dumps(data, ensure_ascii=False))
        return
    out.print(
        f"{inspection.title} ({inspection.service}): "
        f"{data['double_marked_cases']} double-marked cases with both audits submitted"
    )
    rows = [(q, a) for q, a in data["key_questions"].items()]
    rows += [(" and ".join(p["auditors"]), p) for p in data["auditor_pairs"]]
    rows.append(("All key questions", data["overall"]))
    table = Table("", "Pairs", "% agreed", "Kappa", "95% CI", "", title="Agreement")
    for label, a in rows:
        ci = a["ci95"]
        table.add_row(
            label,
            str(a["pairs"]),
            "n/a" if a["percent_agreement"] is None else f"{a['percent_agreement']:g}%",
            "n/a" if a["kappa"] is None else f"{a['kappa']:.2f}",
            "n/a" if ci is None else f"{ci[0]:.2f} to {ci[1]:.2f}",
            "low agreement" if a["flagged"] else "",
        )
    out.print(table)


def register(app: typer.Typer) -> None:
    from yjqa.cli.indicators import indicators_app

    indicators_app.command("import")(indicators_import)
    app.command("report")(report)
    app.command("agreement")(agreement)
    app.command("demo")(demo)
    app.command("serve")(serve)
    app.command("worker")(worker)
    app.command("api-token")(api_token)
    app.add_typer(inspections_app, name="inspections")
    app.add_typer(caseload_app, name="caseload")
    app.add_typer(victims_app, name="victims")
    app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )(manage)
