"""How quickly the command line starts (issue 20: `yjqa --help` and `yjqa frameworks list`
under 0.5 s).

    .venv/bin/python bench/bench_cli.py [--repeat 7]

Runs `yjqa --help` and `yjqa frameworks list` as a person would (the installed `yjqa` script
beside this Python, or `python -m yjqa.cli` without one), each in a fresh process, and prints
the median wall time of `--repeat` runs after one warm-up run, against the same Python doing
nothing (`python -c pass`) measured in the same run. Ends with
`help_s=… frameworks_list_s=… python_s=… target_s=0.5`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 0.5


def yjqa_command() -> list[str]:
    script = Path(sys.executable).with_name("yjqa")
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "yjqa.cli"]


def median_wall_time(command: list[str], repeat: int) -> float:
    """The median wall time of `command`, each run in a fresh process, after one warm-up."""
    env = {**os.environ, "COLUMNS": "120"}
    times = []
    for run in range(repeat + 1):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL, env=env)
        if run:  # the first run warms the disk cache and is not counted
            times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    yjqa = yjqa_command()
    python_s = median_wall_time([sys.executable, "-c", "pass"], args.repeat)
    help_s = median_wall_time([*yjqa, "--help"], args.repeat)
    list_s = median_wall_time([*yjqa, "frameworks", "list"], args.repeat)
    print(f"command: {' '.join(yjqa)}; median of {args.repeat} runs each, after one warm-up")
    print(f"python -c pass        {python_s:6.3f} s")
    for name, seconds in (("yjqa --help", help_s), ("yjqa frameworks list", list_s)):
        print(
            f"{name:<21} {seconds:6.3f} s  ({seconds / python_s:5.1f} x python -c pass; "
            f"target {TARGET_S} s: {'met' if seconds < TARGET_S else 'NOT met'})"
        )
    print(
        f"help_s={help_s:.3f} frameworks_list_s={list_s:.3f} python_s={python_s:.3f} "
        f"target_s={TARGET_S}"
    )


if __name__ == "__main__":
    main()
