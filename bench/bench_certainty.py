"""How long the certainty model takes for a whole inspection (issue 19: under 100 ms on 2 cores).

    .venv/bin/python bench/bench_certainty.py [--cases 100] [--repeat 5]

Rates an hmip-youth-2021 inspection (its 13 standards: every case standard answered by
`--cases` court and out-of-court cases, judgements recorded) and times
`uncertainty_from_cases` (every case standard's chances and the overall rating's, 2000 draws),
with and without the caseload's size, against the previous whole-case bootstrap
(bench/bootstrap_baseline.py's `band_probabilities`, the same 2000 resamples, no overall
chances) measured in the same run.
"""

from __future__ import annotations

import argparse
import time
from collections.abc import Callable

import numpy as np
from bootstrap_baseline import band_probabilities

from yjqa.core.frameworks.shipped import get_framework
from yjqa.core.rating.rules import Answer, figures_from_tallies, rate_framework, tally_answers
from yjqa.core.rating.uncertainty import uncertainty_from_cases


def best_of(repeat: int, run: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=100)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    framework = get_framework("hmip-youth-2021")
    rng = np.random.default_rng(1)
    answers: dict[str, dict[str, Answer]] = {}
    judgements = {}
    case_standards = []
    for domain in framework.domains:
        for standard in domain.standards:
            if standard.kind != "case":
                judgements[standard.id] = "Good"
                continue
            case_standards.append(standard)
            for i in range(args.cases):
                case = answers.setdefault(f"{domain.id}-{i:03d}", {})
                for question in standard.key_questions:
                    draw = rng.random()
                    case[question.id] = "n/a" if draw > 0.95 else "yes" if draw < 0.75 else "no"
    rows = [(ref, q, a) for ref, by_q in answers.items() for q, a in by_q.items()]
    figures = figures_from_tallies(framework, tally_answers(framework, rows))
    rating = rate_framework(framework, figures, judgements)
    rules = framework.rating_rules
    assert rules is not None
    sizes = {"court": 3 * args.cases, "out_of_court": 3 * args.cases}

    def bootstrap() -> None:
        for standard in case_standards:
            ids = {q.id for q in standard.key_questions}
            cases = [
                {q: a for q, a in by_q.items() if q in ids}
                for _ref, by_q in sorted(answers.items())
                if ids & by_q.keys()
            ]
            band_probabilities(standard, cases, rules)

    uncertainty_from_cases(framework, rating, answers)  # warm up (imports, the prior)
    baseline = best_of(args.repeat, bootstrap)
    large = best_of(args.repeat, lambda: uncertainty_from_cases(framework, rating, answers))
    known = best_of(
        args.repeat, lambda: uncertainty_from_cases(framework, rating, answers, population=sizes)
    )
    found = uncertainty_from_cases(framework, rating, answers, population=sizes)
    print(
        f"{len(rating.standards)} standards ({len(case_standards)} from cases), "
        f"{args.cases} cases a domain, 2000 draws"
    )
    print(f"old bootstrap (baseline): {1000 * baseline:.1f} ms")
    print(f"certainty, large caseload: {1000 * large:.1f} ms ({large / baseline:.2f} x baseline)")
    print(f"certainty, caseload known: {1000 * known:.1f} ms ({known / baseline:.2f} x baseline)")
    print(f"overall chances: {found.overall_probability}")
    print(f"certainty_ms={1000 * max(large, known):.1f} target_ms=100")


if __name__ == "__main__":
    main()
