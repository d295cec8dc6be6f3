"""Commands that run the web application: demo, serve, manage.

Django is imported only inside these commands, so the core commands stay fast.
"""

from __future__ import annotations

import os
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

out = Console()

HostOption = Annotated[str, typer.Option(help="Address to listen on.")]
PortOption = Annotated[int, typer.Option(help="Port to listen on.")]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    import django

    django.setup()


def migrate() -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def serve(host: HostOption = "127.0.0.1", port: PortOption = 8000) -> None:
    """Run the production server (gunicorn, static files by WhiteNoise)."""
    setup_django()
    migrate()
    run_server(host, port)


def run_server(host: str, port: int) -> None:
    from gunicorn.app.base import BaseApplication

    class YjqaServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", int(os.environ.get("YJQA_WORKERS", "2")))
            self.cfg.set("threads", int(os.environ.get("YJQA_THREADS", "4")))
            self.cfg.set("accesslog", None)  # request lines carry case references: not logged
            self.cfg.set("errorlog", "-")
            self.cfg.set("loglevel", "warning")

        def load(self) -> Any:
            from yjqa.web.wsgi import application

            return application

    YjqaServer().run()


def demo(
    host: HostOption = "127.0.0.1",
    port: PortOption = 8000,
    no_serve: Annotated[bool, typer.Option("--no-serve", help="Only seed the demo data.")] = False,
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
    run_server(host, port)


def manage(ctx: typer.Context) -> None:
    """Run a Django management command, e.g. `yjqa manage createsuperuser`."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["yjqa manage", *ctx.args])


def register(app: typer.Typer) -> None:
    app.command("demo")(demo)
    app.command("serve")(serve)
    app.command(
        "manage",
        context_settings={"allow_extra_args": True, "ignore_unknown_options": True},
        add_help_option=False,
    )(manage)
