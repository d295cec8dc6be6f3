"""How a command says it cannot go on: one line on stderr, and exit status 2."""

from __future__ import annotations

from typing import NoReturn

import typer
from rich.console import Console
from rich.markup import escape


def fail(message: str) -> NoReturn:
    """One line on stderr saying why, and exit status 2."""
    Console(stderr=True, soft_wrap=True).print(
        f"[bold red]Error:[/] {escape(message)}", highlight=False
    )
    raise typer.Exit(2) from None
