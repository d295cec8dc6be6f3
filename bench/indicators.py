"""Benchmark: the indicator engine on national data, checked against a pandas reference.

Run from the repository root:

    .venv/bin/python bench/indicators.py --services 150 --years 10 [--seed 1] [--data DIR]

It makes synthetic national data (`yjqa.core.synthetic.national`, in a child process so this
one starts clean) and keeps it as Parquet in bench/.data/national-<services>x<years>-<seed>-<v>/
(git-ignored; <v> changes with the generator's code, so stale data is never reused), or
reads and checks the people, outcomes and population files in --data DIR. Then, for every
service and every calendar quarter of the years the population covers:

- the engine: `yjqa.core.indicators.engine.compute_many(data, quarters(1 January, 31 December))`,
  timed, with the process's resident memory (RSS) sampled every 5 ms while it runs;
- the baseline: bench/pandas_reference.py, the same definitions written independently in
  plain pandas from docs/indicators.md, timed (including turning the Polars tables into
  pandas);

and compares the two: counts must be equal, floats equal to 1e-9 (relative) or both null (the
contract's JSON rounds floats to 4 decimal places, so an engine figure may also be the
reference's rounded to 4 places, either way at an exact tie). It
prints both times, their ratio, the engine's peak RSS and the first differences, and ends with
one line:

    engine_s=<x> pandas_s=<y> ratio=<y/x> peak_rss_mb=<m> equal=<true|false>

The exit status is 1 if the results differ. Timings are not asserted (they vary with the
machine); tests/bench/test_indicators.py runs it small and asserts equal=true.
"""

from __future__ import annotations

import argparse
import dataclasses
import gc
import hashlib
import math
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
import psutil
from pandas_reference import reference_indicators

from yjqa.core.synthetic import national as synthetic_national
from yjqa.core.indicators.data import SCHEMAS, TABLES, IndicatorData, read_indicator_data

BENCH = Path(__file__).resolve().parent
CACHE = BENCH / ".data"
RELATIVE_TOLERANCE = 1e-9
DECIMALS = 4  # the contract's JSON rounds floats to 4 decimal places
SHOW_DIFFERENCES = 10
T = TypeVar("T")


# --- Data --------------------------------------------------------------------------------------


def cached_data(services: int, years: int, seed: int, start_year: int) -> Path:
    """The folder of generated data, made in a child process if it is not there yet."""
    # A change to the generator makes a new folder rather than reusing stale data.
    version = hashlib.sha256(Path(synthetic_national.__file__).read_bytes()).hexdigest()[:8]
    name = f"national-{services}x{years}-{seed}"
    if start_year != 2016:
        name += f"-from-{start_year}"
    folder = CACHE / f"{name}-{version}"
    if not (folder / "population.parquet").exists():
        print(f"generating {services} services x {years} years (seed {seed}) into {folder}")
        code = (
            "import sys; from pathlib import Path; "
            "from yjqa.core.synthetic.national import generate_national, write_national; "
            "s, y, seed, start, out = sys.argv[1:]; "
            "write_national(generate_national(int(s), int(y), int(seed), int(start)), "
            "Path(out + '.tmp'), 'parquet'); Path(out + '.tmp').rename(out)"
        )
        started = time.perf_counter()
        subprocess.run(
            [sys.executable, "-c", code, str(services), str(years), str(seed), str(start_year),
             str(folder)],
            check=True,
        )  # fmt: skip
        print(f"generated in {time.perf_counter() - started:.1f} s")
    return folder


def load(folder: Path, generated: bool) -> IndicatorData:
    """The three tables: --data read and checked by `read_indicator_data`; generated Parquet,
    already typed, read as it is (schemas compared), so that the memory the row checks
    leave with the allocator does not hide the engine's own peak."""
    if not generated:
        return read_indicator_data(folder)
    frames = {table: pl.read_parquet(folder / f"{table}.parquet") for table in TABLES}
    for table, frame in frames.items():
        if dict(frame.schema) != dict(SCHEMAS[table]):
            raise SystemExit(f"{folder / table}.parquet: not the indicator schema; delete {folder}")
    return IndicatorData(frames["people"], frames["outcomes"], frames["population"])


def quarter_range(data: IndicatorData) -> tuple[date, date]:
    """1 January of the population's first year to 31 December of its last."""
    years = data.population["year"]
    return date(int(years.min()), 1, 1), date(int(years.max()), 12, 31)  # type: ignore[arg-type]


# --- Timing and memory -------------------------------------------------------------------------


class PeakRss:
    """Samples this process's resident memory in a thread; `peak` is the largest seen (bytes)."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.process = psutil.Process()
        self.peak = self.process.memory_info().rss
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self.process.memory_info().rss)
            self._stop.wait(self.interval)

    def __enter__(self) -> PeakRss:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, self.process.memory_info().rss)


def timed(run: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    result = run()
    return result, time.perf_counter() - start


# --- Comparing ---------------------------------------------------------------------------------


def plain(value: Any) -> Any:
    """Dicts, lists, str, int, float, bool and None: dates as ISO text, dataclasses as dicts."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return plain(dataclasses.asdict(value))
    if isinstance(value, Mapping):
        return {str(plain(k)): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, str):
        return value
    if hasattr(value, "item"):  # NumPy scalars
        return plain(value.item())
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return None if math.isnan(value) else value
    for method in ("as_dict", "to_dict"):
        if hasattr(value, method):
            return plain(getattr(value, method)())
    raise TypeError(f"cannot compare a {type(value).__name__}: {value!r}")


def same_float(engine: float, reference: float) -> bool:
    """Equal to 1e-9 (relative), or the engine's is the reference's rounded to DECIMALS places.

    The contract's JSON rounds floats to 4 places; the reference keeps them unrounded. Where
    the reference's value is within 1e-9 of a tie (…5 in the fifth place), either rounding is
    accepted, since the two sides' arithmetic may land on either side of it.
    """
    if math.isclose(engine, reference, rel_tol=RELATIVE_TOLERANCE, abs_tol=1e-12):
        return True
    step = 10.0**-DECIMALS
    on_grid = math.isclose(engine, round(engine, DECIMALS), rel_tol=0, abs_tol=1e-12)
    fuzz = RELATIVE_TOLERANCE * max(1.0, abs(reference))
    return on_grid and abs(engine - reference) <= step / 2 + fuzz


def differences(engine: Any, reference: Any, path: str = "") -> Iterator[str]:
    """Where the engine's figures differ from the reference's, one line each."""
    if isinstance(engine, dict) and isinstance(reference, dict):
        for key in sorted(engine.keys() - reference.keys()):
            yield f"{path}/{key}: only in the engine's result"
        for key in sorted(reference.keys() - engine.keys()):
            yield f"{path}/{key}: only in the reference's result"
        for key in [k for k in reference if k in engine]:  # in the reference's order
            yield from differences(engine[key], reference[key], f"{path}/{key}")
    elif isinstance(engine, list) and isinstance(reference, list):
        if len(engine) != len(reference):
            yield f"{path}: {len(engine)} items from the engine, {len(reference)} in the reference"
        for i, (e, r) in enumerate(zip(engine, reference, strict=False)):
            yield from differences(e, r, f"{path}[{i}]")
    elif isinstance(engine, bool) or isinstance(reference, bool):
        if engine is not reference:
            yield f"{path}: engine {engine!r}, reference {reference!r}"
    elif isinstance(engine, int) and isinstance(reference, int):
        if engine != reference:
            yield f"{path}: engine {engine}, reference {reference}"
    elif isinstance(engine, int | float) and isinstance(reference, int | float):
        if not same_float(engine, reference):
            yield f"{path}: engine {engine!r}, reference {reference!r}"
    elif engine != reference:
        yield f"{path}: engine {engine!r}, reference {reference!r}"


def keyed(result: Mapping[Any, Any]) -> dict[str, Any]:
    """Results keyed by "from..to" (the engine's Period has .start and .end)."""
    found = {}
    for period, services in result.items():
        start, end = (period.start, period.end) if hasattr(period, "start") else period
        found[f"{start.isoformat()}..{end.isoformat()}"] = plain(services)
    return found


# --- Main --------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--services", type=int, default=150, help="services to generate (150)")
    parser.add_argument("--years", type=int, default=10, help="calendar years to generate (10)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start-year", type=int, default=2016)
    parser.add_argument("--data", type=Path, help="read this folder instead of generating")
    args = parser.parse_args(argv)
    if args.services < 1 or args.years < 1:
        parser.error("--services and --years must be at least 1")

    from yjqa.core.indicators.engine import compute_many, quarters

    folder = args.data or cached_data(args.services, args.years, args.seed, args.start_year)
    data, read_s = timed(lambda: load(folder, generated=args.data is None))
    gc.collect()
    first, last = quarter_range(data)
    periods = quarters(first, last)
    services = data.people["service"].n_unique()
    print(
        f"data: {data.people.height:,} people, {data.outcomes.height:,} outcomes, "
        f"{data.population.height:,} population rows, {services} services "
        f"(read in {read_s:.1f} s)"
    )
    print(f"periods: {len(periods)} quarters, {first} to {last}")

    rss_before = psutil.Process().memory_info().rss
    with PeakRss() as memory:
        engine, engine_s = timed(lambda: compute_many(data, periods))
    peak_mb = memory.peak / 2**20
    print(
        f"engine: {engine_s:.2f} s; peak RSS {peak_mb:,.0f} MB "
        f"({rss_before / 2**20:,.0f} MB before it ran: Python, libraries and the data; "
        f"{(memory.peak - rss_before) / 2**20:,.0f} MB more while it ran)"
    )

    reference, pandas_s = timed(
        lambda: reference_indicators(data, [(p.start, p.end) for p in periods])
    )
    ratio = pandas_s / engine_s
    print(f"pandas reference: {pandas_s:.2f} s ({ratio:.1f} times the engine's time)")

    engine_plain, reference_plain = keyed(engine), keyed(reference)
    found = list(differences(engine_plain, reference_plain))
    figures = sum(1 for _ in leaves(reference_plain))
    if found:
        print(f"DIFFERENT: {len(found):,} differences in {figures:,} figures; the first:")
        for line in found[:SHOW_DIFFERENCES]:
            print(f"  {line}")
    else:
        print(f"equal: all {figures:,} figures agree")
    equal = "true" if not found else "false"
    print(
        f"engine_s={engine_s:.3f} pandas_s={pandas_s:.3f} ratio={ratio:.1f} "
        f"peak_rss_mb={peak_mb:.0f} equal={equal}"
    )
    return 0 if not found else 1


def leaves(value: Any) -> Iterator[Any]:
    if isinstance(value, dict):
        for v in value.values():
            yield from leaves(v)
    elif isinstance(value, list):
        for v in value:
            yield from leaves(v)
    else:
        yield value


if __name__ == "__main__":
    sys.exit(main())
