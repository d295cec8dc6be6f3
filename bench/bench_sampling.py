"""Benchmark: how fast the balanced sample draw is on a large synthetic caseload.

Run from the repository root:

    .venv/bin/python bench/bench_sampling.py [--rows 100000] [--repeat 3] [--seed 2025]

It builds a caseload of N invented rows in memory (yjqa.core.synthetic.caseload, unique case
references), then times, best of --repeat runs:

- baseline: `random.Random(seed).sample(eligible, n)` on the court population (a simple
  random sample, unbalanced);
- draw_sample with the hmip-2018 plan over the whole year for the court and the
  out-of-court (oocd) domains: eligibility, sizing, the balanced draw and its reserve;
- draw_sample with the fixed plan and 500 cases (court), to stress the balancing;

and prints the population, the sample size, seconds, each time as a multiple of the baseline
and the worst |sampled - expected| over every category the plan balances on (for the baseline,
the same measure of its unbalanced sample). It makes no assertions: timings vary with the
machine.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable
from datetime import date
from typing import TypeVar

from yjqa.core.caseload.reader import CaseloadRow, caseload_row
from yjqa.core.sampling.draw import Sample, balance_of, draw_sample, units_by_ref, worst_deviation
from yjqa.core.sampling.sampling_plans import SamplingPlan, eligible_cases, get_plan
from yjqa.core.synthetic.caseload import DEFAULT_YEAR_START, generate_services

OUTCOMES_PER_SERVICE_YEAR = 2000
WINDOW = (DEFAULT_YEAR_START, date(DEFAULT_YEAR_START.year + 1, 3, 31))
T = TypeVar("T")


def synthetic_rows(rows: int, seed: int) -> list[CaseloadRow]:
    """`rows` invented caseload rows with unique case references."""
    services = generate_services(
        max(1, math.ceil(rows / OUTCOMES_PER_SERVICE_YEAR)),
        seed=seed,
        outcomes_per_year=OUTCOMES_PER_SERVICE_YEAR,
    )
    found = [caseload_row(case) for service in services for case in service.cases][:rows]
    if len({row.case_ref for row in found}) != len(found):
        raise SystemExit("duplicate case_ref in the synthetic caseload")
    return found


def best_of(repeat: int, run: Callable[[], T]) -> tuple[T, float]:
    """The result and the shortest wall-clock time of `repeat` runs."""
    best = math.inf
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return result, best


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000, help="rows to generate (100000)")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each timing (best kept)")
    parser.add_argument("--seed", type=int, default=2025)
    args = parser.parse_args(argv)
    if args.rows < 1 or args.repeat < 1:
        parser.error("--rows and --repeat must be at least 1")

    start = time.perf_counter()
    rows = synthetic_rows(args.rows, args.seed)
    print(f"generated {len(rows):,} synthetic rows in {time.perf_counter() - start:.1f} s")
    print(f"window {WINDOW[0]} to {WINDOW[1]}; best of {args.repeat} runs\n")

    hmip = get_plan("hmip-2018")
    court = eligible_cases(rows, hmip, "court", *WINDOW)
    court_units = units_by_ref(court, hmip)
    baseline_n = draw_sample(rows, hmip, "court", *WINDOW, seed=args.seed).size.sample_size

    def baseline() -> list[CaseloadRow]:
        return random.Random(args.seed).sample(court, baseline_n)

    chosen, base_time = best_of(args.repeat, baseline)
    base_worst = worst_deviation(
        balance_of(court_units, [row.case_ref for row in chosen], baseline_n)
    )
    results = [("random.sample baseline", len(court), baseline_n, base_time, base_worst)]
    runs: list[tuple[str, str, str, int | None]] = [
        ("hmip-2018 court", "hmip-2018", "court", None),
        ("hmip-2018 oocd", "hmip-2018", "oocd", None),
        ("fixed 500 court", "fixed", "court", 500),
    ]
    for name, plan_id, domain, fixed in runs:
        plan = get_plan(plan_id)

        def draw(
            plan: SamplingPlan = plan, domain: str = domain, fixed: int | None = fixed
        ) -> Sample:
            return draw_sample(rows, plan, domain, *WINDOW, seed=args.seed, fixed_size=fixed)

        sample, seconds = best_of(args.repeat, draw)
        results.append(
            (
                name,
                sample.size.population,
                sample.size.sample_size,
                seconds,
                worst_deviation(sample.balance),
            )
        )

    print(f"{'':24}{'population':>12}{'n':>6}{'seconds':>10}{'x baseline':>12}{'worst |d|':>11}")
    for name, population, n, seconds, worst in results:
        print(
            f"{name:24}{population:>12,}{n:>6}{seconds:>10.4f}"
            f"{seconds / base_time:>12.0f}{worst:>11.2f}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
