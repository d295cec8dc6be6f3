"""The production server (gunicorn), run in a clean process of its own.

gunicorn forks its workers from the process that starts it. A thread pool does not survive a
fork: a worker forked from a process in which Polars had run (or numpy's BLAS had started its
threads) inherits locks held by threads that no longer exist, and can hang forever on its
first request. The indicator dashboard did exactly that on the first `yjqa demo`, which seeded
the database (with Polars) in the process that then forked the workers.

So `yjqa serve` and `yjqa demo` do their database work (migrating, seeding) first and then
replace themselves with a fresh interpreter running this module (`exec_server`). It imports
gunicorn and nothing else, refuses to start if anything has started a thread, and leaves
Django and the application to each worker, after the fork (gunicorn's `preload_app` off).
Run by hand: `python -m yjqa.cli.server --host 127.0.0.1 --port 8000`.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NoReturn

# Libraries that start threads (or load a threaded BLAS): none may be loaded before the fork.
THREADED_LIBRARIES = ("polars", "numpy", "scipy", "pandas", "pyarrow", "matplotlib", "statsmodels")


def fork_hazards() -> list[str]:
    """What in this process would make forking workers unsafe (empty if nothing would)."""
    hazards = [f"{name} is loaded" for name in THREADED_LIBRARIES if name in sys.modules]
    tasks = Path("/proc/self/task")
    if tasks.is_dir() and (threads := len(list(tasks.iterdir()))) > 1:
        hazards.append(f"{threads} threads are running")
    return hazards


def run_server(host: str, port: int, *, worker: bool = False) -> None:
    """Serve the application with gunicorn, from this process (which must be clean).

    With `worker`, a task-queue worker (yjqa.cli.worker) runs beside it, started before
    gunicorn and stopped when it stops."""
    hazards = fork_hazards()
    if hazards:
        raise RuntimeError(
            "the server must start its workers from a process without threads, but "
            + " and ".join(hazards)
            + ": start it with exec_server() or `python -m yjqa.cli.server`"
        )
    from gunicorn.app.base import BaseApplication

    from yjqa.cli.server_log import ACCESS_LOG_FORMAT

    class YjqaServer(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            self.cfg.set("bind", f"{host}:{port}")
            self.cfg.set("workers", int(os.environ.get("YJQA_WORKERS", "2")))
            self.cfg.set("threads", int(os.environ.get("YJQA_THREADS", "4")))
            self.cfg.set("preload_app", False)  # each worker loads the app after the fork
            # A line per request naming the URL pattern, never the path (which holds case
            # references and survey codes): yjqa.cli.server_log.
            self.cfg.set("logger_class", "yjqa.cli.server_log.RedactedLogger")
            self.cfg.set("accesslog", "-")
            self.cfg.set("access_log_format", ACCESS_LOG_FORMAT)
            self.cfg.set("errorlog", "-")
            self.cfg.set("loglevel", "warning")

        def load(self) -> Any:
            from yjqa.web.wsgi import application

            return application

    from yjqa.cli.worker import start_worker, stop_worker

    beside = start_worker() if worker else None
    try:
        YjqaServer().run()
    finally:
        if beside is not None:
            stop_worker(beside)


def exec_server(host: str, port: int, *, worker: bool = True) -> NoReturn:
    """Replace this process with a fresh interpreter that runs the server.

    Whatever this process has done (Django, Polars, numpy and their threads) ends here; the
    process keeps its id, so Ctrl+C and signals reach gunicorn as before.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    env = dict(os.environ)
    source = str(Path(__file__).resolve().parents[2])  # the folder holding the yjqa package
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [source, env.get("PYTHONPATH")]))
    argv = [sys.executable, "-m", "yjqa.cli.server", "--host", host, "--port", str(port)]
    if worker:
        argv.append("--worker")
    os.execve(sys.executable, argv, env)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m yjqa.cli.server",
        description="Run yjqa's production server (gunicorn) on an already migrated database.",
    )
    parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
    parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
    parser.add_argument(
        "--worker", action="store_true", help="Run a task-queue worker beside the server."
    )
    args = parser.parse_args(argv)
    run_server(args.host, args.port, worker=args.worker)


if __name__ == "__main__":
    main()
