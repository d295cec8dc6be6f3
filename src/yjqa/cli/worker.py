"""The task-queue worker: runs the background jobs (imports, documents) queued in the database.

`yjqa worker` runs one on its own (as many as you like, on any machine that reaches the
database); `yjqa serve` and `yjqa demo` start one beside the web server, as a child process
of the server's own (`start_worker`), and stop it when the server stops.
Run by hand: `python -m yjqa.cli.worker`.
"""

from __future__ import annotations

import logging
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from pathlib import Path

logger = logging.getLogger(__name__)

# How often a running worker looks for jobs whose worker stopped (it also does when it starts).
SWEEP_EVERY_S = 60.0


def _sweep() -> None:
    from django.db import connection

    from yjqa.web.jobs.services import sweep_stopped_jobs

    try:
        sweep_stopped_jobs()
    except Exception:  # a locked database, say: the next sweep tries again
        logger.exception("Could not look for jobs whose worker stopped")
    finally:
        connection.close()


def _sweep_every(seconds: float) -> None:  # pragma: no cover - a daemon thread in the worker
    while True:
        time.sleep(seconds)
        _sweep()


def run_worker(*, interval: float = 1.0, batch: bool = False) -> None:
    """Run tasks from the queue in this process until stopped (or, with batch, until none)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yjqa.web.settings")
    import django

    django.setup()
    from django.core.management import call_command

    # Jobs left running by a worker that died (killed, machine restarted) are failed.
    _sweep()
    threading.Thread(target=_sweep_every, args=(SWEEP_EVERY_S,), daemon=True).start()

    options: dict[str, object] = {
        "interval": interval,
        "reload": False,
        "startup_delay": False,
        "verbosity": 1,
    }
    if batch:
        options["batch"] = True
    call_command("db_worker", **options)


def _die_with_parent() -> None:  # pragma: no cover - runs in the child, before exec
    """Linux: the worker gets SIGTERM if the server that started it dies without stopping it."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass


def start_worker() -> subprocess.Popen[bytes]:
    """Start a worker in a fresh interpreter beside this process, for the server to stop."""
    env = dict(os.environ)
    source = str(Path(__file__).resolve().parents[2])  # the folder holding the yjqa package
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    return subprocess.Popen(
        [sys.executable, "-m", "yjqa.cli.worker"],
        env=env,
        preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
    )


def stop_worker(worker: subprocess.Popen[bytes], timeout: float = 10.0) -> None:
    """Ask the worker to stop (it finishes the task in hand first), then make sure it has."""
    if worker.poll() is not None:
        return
    worker.terminate()
    try:
        worker.wait(timeout)
    except subprocess.TimeoutExpired:
        worker.kill()
        worker.wait()


def main(argv: Sequence[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(
        prog="python -m yjqa.cli.worker",
        description="Run yjqa's task-queue worker on an already migrated database.",
    )
    parser.add_argument("--interval", type=float, default=1.0, help="Seconds between looks.")
    parser.add_argument("--batch", action="store_true", help="Stop when the queue is empty.")
    args = parser.parse_args(argv)
    run_worker(interval=args.interval, batch=args.batch)


if __name__ == "__main__":
    main()
