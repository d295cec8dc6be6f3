"""`yjqa demo` as a newcomer first runs it: a fresh data folder, seeded, then served.

Seeding uses Polars and numpy, whose thread pools do not survive a fork: were it done in the
process that then forks gunicorn's workers, the indicator dashboard would never answer.
"""

from __future__ import annotations

import html
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

import pytest

STARTUP = 600  # seconds: migrating and seeding a fresh database on a slow machine
ANSWER = 30  # seconds from the server's first answer to the dashboard's


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(server: subprocess.Popen[bytes]) -> None:
    """End the server and its workers (its own process group), politely first."""
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=30)


@pytest.mark.slow
def test_the_first_demo_run_serves_the_indicator_dashboard(tmp_path: Path) -> None:
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["YJQA_DATA_DIR"] = str(tmp_path / "data")
    env.pop("YJQA_DEMO_PASSWORD", None)
    log = tmp_path / "demo.log"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "yjqa.cli", "demo", "--host", "127.0.0.1", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        browser = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()))
        deadline = time.monotonic() + STARTUP
        while True:
            try:
                page = browser.open(f"{base}/sign-in/", timeout=10)
                break
            except OSError:
                assert server.poll() is None, log.read_text(errors="replace")
                assert time.monotonic() < deadline, "the demo server never answered"
                time.sleep(0.5)
        answered = time.monotonic()
        form = page.read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form)
        assert token, form
        signed_in = browser.open(
            f"{base}/sign-in/",
            urllib.parse.urlencode(
                {
                    "csrfmiddlewaretoken": html.unescape(token.group(1)),
                    "username": "manager@northshire.example",
                    "password": "northshire-demo-2026",
                }
            ).encode(),
            timeout=ANSWER,
        )
        assert "Sign in to yjqa" not in signed_in.read().decode(), "the sign-in was refused"
        left = ANSWER - (time.monotonic() - answered)
        try:
            dashboard = browser.open(f"{base}/services/northshire/indicators/", timeout=left)
            body = dashboard.read().decode()
        except TimeoutError:
            pytest.fail(f"the indicator dashboard did not answer within {ANSWER} s")
        assert dashboard.status == 200
        assert "Performance indicators" in body
        assert time.monotonic() - answered < ANSWER
    finally:
        stop(server)
    assert "Traceback" not in log.read_text(errors="replace")


def test_the_server_process_loads_nothing_that_starts_threads() -> None:
    code = "import gunicorn.app.base, yjqa.cli.server as s; print(s.fork_hazards())"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_server_refuses_to_fork_workers_after_numpy_has_loaded() -> None:
    code = "import numpy, yjqa.cli.server as s; s.run_server('127.0.0.1', 8000)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=60
    )
    assert result.returncode != 0
    assert "RuntimeError: the server must start its workers from a process without threads" in (
        result.stderr
    )
    assert "numpy is loaded" in result.stderr
