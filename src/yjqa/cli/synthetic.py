"""`yjqa synthetic`: invented data for trying yjqa out and for benchmarks, never real records.

Mounted on the main command with ``app.add_typer(synthetic_app, name="synthetic")``.
"""

from __future__ import annotations

import sys
import time
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

synthetic_app = typer.Typer(
    help="Make synthetic (invented) data: no real child's records.", no_args_is_help=True
)


class DataFormat(StrEnum):
    csv = "csv"
    parquet = "parquet"


@synthetic_app.command("national")
def national(
    out: Annotated[
        Path, typer.Option("--out", help="Folder to write people, outcomes and population to.")
    ],
    services: Annotated[int, typer.Option(min=1, help="Number of services.")] = 150,
    years: Annotated[int, typer.Option(min=1, help="Number of calendar years.")] = 10,
    seed: Annotated[int, typer.Option(help="Random seed: the same seed gives the same data.")] = 1,
    start_year: Annotated[int, typer.Option(help="The first calendar year.")] = 2016,
    data_format: Annotated[
        DataFormat, typer.Option("--format", help="csv or parquet.")
    ] = DataFormat.parquet,
) -> None:
    """Write national indicator data: people, outcomes and the 10-17 population."""
    from yjqa.core.synthetic.national import generate_national, write_national

    started = time.perf_counter()

    def progress(step: str) -> None:
        print(f"[{time.perf_counter() - started:5.1f} s] {step}", file=sys.stderr, flush=True)

    data = generate_national(services, years, seed, start_year, progress=progress)
    progress(f"writing {data_format.value} files to {out}")
    write_national(data, out, data_format.value)
    seconds = time.perf_counter() - started
    print(
        f"{data.people.height:,} people, {data.outcomes.height:,} outcomes and "
        f"{data.population.height:,} population rows for {services} services over {years} "
        f"years ({start_year} to {start_year + years - 1}) written to {out} in {seconds:.1f} s"
    )
