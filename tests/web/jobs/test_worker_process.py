"""Real worker processes: `yjqa worker` on its own, and the one `yjqa serve` starts beside the
web server (and stops with it), each running a queued caseload import to the end."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from yjqa.core.caseload.reader import write_caseload_csv
from yjqa.core.synthetic.caseload import generate_service

pytestmark = pytest.mark.slow
STARTUP = 300
QUEUE = """
import sys
import django
django.setup()
from django.core.files.uploadedfile import SimpleUploadedFile
from yjqa.web.audit.trail import Actor
from yjqa.web.caseload.imports import caseload_import_job
from yjqa.web.jobs.services import do_start_job
from yjqa.web.tenancy.models import Service
path = sys.argv[1]
with open(path, "rb") as handle:
    upload = SimpleUploadedFile("caseload.csv", handle.read())
job = do_start_job(
    Actor.operator(), Service.objects.get(slug="northshire"), "caseload_import",
    "Importing caseload.csv", caseload_import_job, requires="manage_caseload",
    view="view_cases", payload=upload, file_name="caseload.csv",
)
print(job.pk)
"""


@pytest.fixture(scope="module")
def demo_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo installation on SQLite in a folder of its own (seeded once for the module)."""
    folder = tmp_path_factory.mktemp("worker-demo")
    seeded = subprocess.run(
        [sys.executable, "-m", "yjqa.cli", "demo", "--no-serve"],
        env=_env(folder),
        capture_output=True,
        text=True,
        timeout=STARTUP,
    )
    assert seeded.returncode == 0, seeded.stderr
    return folder


def _env(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "YJQA_DEMO_PASSWORD")}
    env["YJQA_DATA_DIR"] = str(folder)
    env["DJANGO_SETTINGS_MODULE"] = "yjqa.web.settings"
    return env


def _queue(folder: Path, tmp_path: Path, rows: int) -> int:
    cases = generate_service("Worker", "WRK", seed=3, outcomes_per_year=rows).cases[:rows]
    csv = tmp_path / "caseload.csv"
    write_caseload_csv(csv, cases)
    queued = subprocess.run(
        [sys.executable, "-c", QUEUE, str(csv)],
        env=_env(folder),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert queued.returncode == 0, queued.stderr
    return int(queued.stdout.split()[-1])


def _job(folder: Path, job_id: int) -> tuple[str, float, str]:
    with sqlite3.connect(folder / "yjqa.sqlite3", timeout=20) as db:
        row = db.execute(
            "SELECT state, progress, message FROM jobs_job WHERE id = ?", (job_id,)
        ).fetchone()
    return row[0], row[1], row[2]


def _wait_until_finished(
    folder: Path, job_id: int, process: subprocess.Popen[bytes]
) -> Iterator[tuple[str, float, str]]:
    """The job's row as it changes, until it is done or failed."""
    deadline = time.monotonic() + STARTUP
    seen = None
    while True:
        now = _job(folder, job_id)
        if now != seen:
            seen = now
            yield now
        if now[0] in ("done", "failed"):
            return
        assert process.poll() is None, "the worker stopped before the job was finished"
        assert time.monotonic() < deadline, f"the job never finished: {now}"
        time.sleep(0.2)


def _stop(process: subprocess.Popen[bytes]) -> int:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        return process.wait(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        raise


def test_yjqa_worker_runs_a_queued_caseload_import(demo_data: Path, tmp_path: Path) -> None:
    job_id = _queue(demo_data, tmp_path, 3000)
    assert _job(demo_data, job_id)[0] == "queued"  # nothing runs it until a worker starts
    log = tmp_path / "worker.log"
    with log.open("wb") as output:
        worker = subprocess.Popen(
            [sys.executable, "-m", "yjqa.cli", "worker", "--interval", "0.2"],
            env=_env(demo_data),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        states = list(_wait_until_finished(demo_data, job_id, worker))
    finally:
        code = _stop(worker)
    assert states[-1][:2] == ("done", 1.0), log.read_text(errors="replace")
    assert "rows imported" in states[-1][2]
    assert code == 0, log.read_text(errors="replace")  # it stopped when asked, cleanly
    with sqlite3.connect(demo_data / "yjqa.sqlite3") as db:
        (count,) = db.execute(
            "SELECT count(*) FROM caseload_caserecord WHERE case_ref LIKE 'WRK%'"
        ).fetchone()
    assert count == 3000
    assert "Traceback" not in log.read_text(errors="replace")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(p) for p in found.read_text().split()] if found.exists() else []


def _running(pid: int) -> bool:
    status = Path(f"/proc/{pid}/status")
    return status.exists() and "State:\tZ" not in status.read_text()


def test_yjqa_serve_runs_a_worker_beside_it_and_stops_it(demo_data: Path, tmp_path: Path) -> None:
    import requests

    job_id = _queue(demo_data, tmp_path, 200)
    port = _free_port()
    log = tmp_path / "serve.log"
    workers: list[int] = []
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "yjqa.cli", "serve", "--port", str(port)],
            env=_env(demo_data),
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + STARTUP
        while True:
            try:
                requests.get(f"http://127.0.0.1:{port}/sign-in/", timeout=5)
                break
            except requests.RequestException:
                assert server.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "the server never answered"
                time.sleep(0.5)
        states = list(_wait_until_finished(demo_data, job_id, server))
        assert states[-1][0] == "done", log.read_text(errors="replace")
        workers += [
            pid
            for pid in _children(server.pid)
            if "yjqa.cli.worker" in Path(f"/proc/{pid}/cmdline").read_bytes().decode()
        ]
        assert len(workers) == 1, "no worker process beside the server"
    finally:
        os.kill(server.pid, signal.SIGTERM)  # the server alone: it must stop its worker
        server.wait(timeout=60)
    deadline = time.monotonic() + 30
    while _running(workers[0]) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = _running(workers[0])
    if alive:
        os.kill(workers[0], signal.SIGKILL)
    assert not alive, "the worker outlived the server"
