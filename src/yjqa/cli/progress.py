"""A progress bar on stderr for long work that reports `(fraction, message)` as it goes: the
same callback a background job's work gets, so a command shows the page's progress."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape


@contextmanager
def progress_bar(description: str) -> Iterator[Callable[[float, str], None]]:
    """A bar (gone when the work ends) and the `report(fraction, message)` that moves it."""
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn

    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TaskProgressColumn(),
        console=Console(stderr=True),
        transient=True,
    ) as progress:
        bar = progress.add_task(escape(description), total=1.0)

        def report(fraction: float, message: str) -> None:
            progress.update(bar, completed=fraction, description=escape(message))

        yield report
