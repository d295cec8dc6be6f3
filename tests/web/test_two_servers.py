"""Two `yjqa serve` processes on one PostgreSQL database, with shared S3 storage (moto's
server), a `yjqa worker` of their own and, where Redis answers, a shared cache: a person
signs in on server A, uploads evidence there, and downloads the same bytes from server B with
the same session cookie; a caseload uploaded on A is imported by the worker, and its job
followed to the end on B."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest
import requests
from tests.s3_server.running import s3_server

pytestmark = pytest.mark.slow
URL = os.environ.get("DATABASE_URL", "")
STARTUP = 300
EVIDENCE = b"%PDF-1.4 minutes uploaded on A, read on B\n" + secrets.token_bytes(4096)
needs_postgres = pytest.mark.skipif(
    not URL.startswith("postgres"),
    reason="two servers share one PostgreSQL database: run with DATABASE_URL=postgres://...",
)


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _redis_url() -> str:
    import socket

    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return "redis://127.0.0.1:6379/14" if sock.recv(16).startswith(b"+PONG") else ""
    except OSError:
        return ""


@pytest.fixture
def database() -> Iterator[str]:
    """A new PostgreSQL database on the suite's server, dropped afterwards."""
    name = f"yjqa_two_{secrets.token_hex(4)}"
    admin = re.sub(r"/[^/]*$", "/postgres", URL)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield re.sub(r"/[^/]*$", f"/{name}", URL)
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _stop(server: subprocess.Popen[bytes]) -> None:
    import signal

    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


def _wait(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + STARTUP
    while True:
        try:
            requests.get(f"{base}/sign-in/", timeout=5)
            return
        except requests.RequestException:
            assert server.poll() is None, log.read_text(errors="replace")
            assert time.monotonic() < deadline, "a server never answered"
            time.sleep(0.5)


def _token(page: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def _import_caseload_on_a_and_follow_it_on_b(
    person: requests.Session, a: str, b: str, worker: subprocess.Popen[bytes], log: Path
) -> None:
    """Upload a caseload on A: its job is queued, the worker runs it, and B shows it done."""
    upload = f"{a}/services/northshire/cases/import/"
    form = person.get(upload, timeout=30)
    rows = "\n".join(
        f"TWO-{n:04d},female,White,15/01/2010,Referral order,14/10/2025,low,medium"
        for n in range(500)
    )
    header = "case_ref,sex,ethnicity,date_of_birth,outcome,outcome_date,rosh,safety_wellbeing"
    queued = person.post(
        upload,
        data={"csrfmiddlewaretoken": _token(form.text)},
        files={"file": ("caseload.csv", f"{header}\n{rows}\n".encode(), "text/csv")},
        headers={"Referer": upload},
        allow_redirects=False,
        timeout=60,
    )
    assert queued.status_code == 302, queued.text[:500]
    job_page = queued.headers["Location"]
    assert re.fullmatch(r"/services/northshire/jobs/\d+/", job_page), job_page
    deadline = time.monotonic() + STARTUP
    while True:
        state = person.get(f"{b}{job_page}status.json", timeout=30).json()
        assert set(state) == {"state", "progress", "message", "result_url"}
        if state["state"] in ("done", "failed"):
            break
        assert worker.poll() is None, log.read_text(errors="replace")
        assert time.monotonic() < deadline, f"the job never finished: {state}"
        time.sleep(0.3)
    assert state["state"] == "done", (state, log.read_text(errors="replace"))
    assert state["progress"] == 1.0 and state["result_url"] == "/services/northshire/cases/"
    assert "500 rows imported (500 new case records, 0 updated)" in state["message"]
    page = person.get(f"{b}{job_page}", timeout=30).text
    assert "500 rows imported" in page and "See the result" in page


@needs_postgres
def test_evidence_uploaded_on_one_server_is_read_back_on_the_other(
    database: str, tmp_path: Path
) -> None:
    with s3_server() as bucket:
        env = {**os.environ, "DATABASE_URL": database, "YJQA_STORAGE_URL": bucket.storage_url}
        env["YJQA_SECRET_KEY"] = secrets.token_urlsafe(50)
        env.pop("YJQA_DEMO_PASSWORD", None)
        env.pop("DJANGO_SETTINGS_MODULE", None)
        if cache := _redis_url():
            env["YJQA_CACHE_URL"] = cache
        seed = subprocess.run(
            [sys.executable, "-m", "yjqa.cli", "demo", "--no-serve"],
            env={**env, "YJQA_DATA_DIR": str(tmp_path / "seed")},
            capture_output=True,
            text=True,
            timeout=STARTUP,
        )
        assert seed.returncode == 0, seed.stderr
        ids = subprocess.run(
            [
                sys.executable,
                "-c",
                "import django; django.setup(); "
                "from yjqa.web.improvement.models import Action; "
                "a = Action.objects.filter(item__plan__service__slug='northshire').first(); "
                "print(a.item.plan_id, a.pk)",
            ],
            env={
                **env,
                "YJQA_DATA_DIR": str(tmp_path / "seed"),
                "DJANGO_SETTINGS_MODULE": "yjqa.web.settings",
            },
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        plan_id, action_id = ids.stdout.split()
        servers, bases = [], []
        try:
            # The servers start no worker of their own: the one worker, on its own, serves both.
            worker_log = tmp_path / "worker.log"
            with worker_log.open("wb") as output:
                servers.append(
                    subprocess.Popen(
                        [sys.executable, "-m", "yjqa.cli", "worker", "--interval", "0.2"],
                        env={**env, "YJQA_DATA_DIR": str(tmp_path / "worker")},
                        stdout=output,
                        stderr=subprocess.STDOUT,
                        start_new_session=True,
                    )
                )
            for name in ("a", "b"):
                port = _free_port()
                log = tmp_path / f"{name}.log"
                with log.open("wb") as output:
                    servers.append(
                        subprocess.Popen(
                            [
                                *(sys.executable, "-m", "yjqa.cli", "serve"),
                                *("--port", str(port), "--no-worker"),
                            ],
                            env={**env, "YJQA_DATA_DIR": str(tmp_path / name)},
                            stdout=output,
                            stderr=subprocess.STDOUT,
                            start_new_session=True,
                        )
                    )
                bases.append(f"http://127.0.0.1:{port}")
                _wait(bases[-1], servers[-1], log)
            a, b = bases
            person = requests.Session()
            page = person.get(f"{a}/sign-in/", timeout=30).text
            signed_in = person.post(
                f"{a}/sign-in/",
                data={
                    "csrfmiddlewaretoken": _token(page),
                    "username": "manager@northshire.example",
                    "password": "northshire-demo-2026",
                },
                timeout=30,
            )
            assert "Sign in to yjqa" not in signed_in.text, "the sign-in was refused"
            add = f"{a}/services/northshire/improvement/{plan_id}/actions/{action_id}/evidence/"
            form = person.get(add, timeout=30)
            assert form.status_code == 200, form.status_code
            posted = person.post(
                add,
                data={"csrfmiddlewaretoken": _token(form.text), "note": "Minutes"},
                files={"file": ("minutes.pdf", EVIDENCE, "application/pdf")},
                headers={"Referer": add},
                timeout=60,
            )
            assert posted.status_code == 200, posted.text[:500]
            keys = bucket.client().list_objects_v2(Bucket=bucket.bucket).get("Contents", [])
            assert len(keys) == 1, "the upload did not land in the shared bucket"
            found = re.findall(rf"/improvement/{plan_id}/evidence/(\d+)/file/", posted.text)
            assert found, "the action page does not link the new evidence file"
            on_b = person.get(
                f"{b}/services/northshire/improvement/{plan_id}/evidence/{found[0]}/file/",
                timeout=30,
            )
            assert on_b.status_code == 200 and on_b.content == EVIDENCE
            _import_caseload_on_a_and_follow_it_on_b(person, a, b, servers[0], worker_log)
        finally:
            for server in servers:
                _stop(server)
