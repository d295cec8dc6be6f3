"""Load on the ratings page and API against the inspections list, from 16 concurrent clients.

Starts its own server on the loopback address (gunicorn, as `yjqa serve` runs it: 2 workers of
4 threads unless YJQA_WORKERS and YJQA_THREADS say otherwise) over the demo data in a
temporary data directory, signs a demo manager in, and then, one target after another, runs
`--clients` clients that each send requests back to back over one keep-alive connection
until `--seconds` have passed or `--requests` have been sent. Nothing leaves 127.0.0.1, and
the server and its data directory are removed at the end.

    .venv/bin/python bench/load.py                # 16 clients, 10 s or 3,000 requests a target
    .venv/bin/python bench/load.py --seconds 2 --requests 200   # a quick run (the slow test's)

Each target's line: `target=<name> requests=<n> errors=<n> rps=<x> p50_ms=<x> p95_ms=<x>
p99_ms=<x>`; the last line: `ratio_ratings_page=<x> ratio_ratings_api=<x>` (each one's
requests per second over the inspections list's, measured in the same run). Targets
(issue 20): the ratings page and API p95 under 150 ms and each ratio at least 0.7. The
machine's other work shows in the figures: compare ratios, not absolute times, across
machines.
"""

from __future__ import annotations

import argparse
import http.client
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

HOST = "127.0.0.1"  # loopback only: the server binds here and every client connects here
EMAIL = "manager@northshire.example"
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Result:
    name: str
    times: list[float] = field(default_factory=list)  # seconds, one per answered request
    errors: int = 0
    wall: float = 0.0

    @property
    def requests(self) -> int:
        return len(self.times) + self.errors

    def percentile(self, share: float) -> float:
        if not self.times:
            return float("nan")
        ordered = sorted(self.times)
        return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000

    @property
    def rps(self) -> float:
        return len(self.times) / self.wall if self.wall else 0.0

    def line(self) -> str:
        return (
            f"target={self.name} requests={self.requests} errors={self.errors} "
            f"rps={self.rps:.1f} p50_ms={self.percentile(0.50):.1f} "
            f"p95_ms={self.percentile(0.95):.1f} p99_ms={self.percentile(0.99):.1f}"
        )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def environment(data_dir: Path) -> dict[str, str]:
    """The server's and the seeding's environment: a fresh SQLite database in `data_dir`, the
    cache in each process's memory (no shared database or Redis of anyone else's)."""
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "YJQA_CACHE_URL")}
    env["YJQA_DATA_DIR"] = str(data_dir)
    env["DJANGO_SETTINGS_MODULE"] = "yjqa.web.settings"
    return env


SIGN_IN = """
import django
django.setup()
from django.test import Client
from django.conf import settings
from yjqa.web.accounts.models import User
from yjqa.web.accounts.services import do_create_api_token
from yjqa.web.audit.trail import Actor
from yjqa.web.demo import DEMO_INSPECTION_TITLE
from yjqa.web.inspections.models import Inspection
user = User.objects.get(email=%(email)r)
client = Client()
client.force_login(user)
inspection = Inspection.objects.get(service__slug="northshire", title=DEMO_INSPECTION_TITLE)
print(settings.SESSION_COOKIE_NAME + "=" + client.cookies[settings.SESSION_COOKIE_NAME].value)
print(do_create_api_token(Actor.operator(), user))
print(inspection.pk)
"""


def prepare(env: dict[str, str]) -> tuple[str, str, int]:
    """Seed the demo data; (session cookie, API token, the demo inspection's id)."""
    yjqa = Path(sys.executable).with_name("yjqa")
    subprocess.run([str(yjqa), "demo", "--no-serve"], env=env, check=True, capture_output=True)
    out = subprocess.run(
        [sys.executable, "-c", SIGN_IN % {"email": EMAIL}],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split()
    return out[-3], out[-2], int(out[-1])


def start_server(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as out:
        server = subprocess.Popen(
            [sys.executable, "-m", "yjqa.cli.server", "--host", HOST, "--port", str(port)],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: stopped whole at the end
        )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()[-2000:]}")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=5)
            connection.request("GET", "/accounts/login/")
            connection.getresponse().read()
            connection.close()
            return server
        except OSError:
            time.sleep(0.2)
    stop(server)
    raise RuntimeError("the server did not answer within 60 s")


def stop(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def run_target(
    name: str,
    port: int,
    path: str,
    headers: dict[str, str],
    *,
    clients: int,
    seconds: float,
    limit: int,
) -> Result:
    result = Result(name)
    lock = threading.Lock()
    sent = 0
    deadline = time.monotonic() + seconds

    def take() -> bool:
        nonlocal sent
        with lock:
            if sent >= limit or time.monotonic() >= deadline:
                return False
            sent += 1
            return True

    def client() -> None:
        connection = http.client.HTTPConnection(HOST, port, timeout=30)
        while take():
            start = time.perf_counter()
            try:
                connection.request("GET", path, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status == 200
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
            except (OSError, http.client.HTTPException):
                ok = False
                connection.close()
                connection = http.client.HTTPConnection(HOST, port, timeout=30)
            took = time.perf_counter() - start
            with lock:
                if ok:
                    result.times.append(took)
                else:
                    result.errors += 1
        connection.close()

    threads = [threading.Thread(target=client) for _ in range(clients)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result.wall = time.perf_counter() - began
    return result


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--seconds", type=float, default=10.0, help="at most, per target")
    parser.add_argument("--requests", type=int, default=3000, help="at most, per target")
    args = parser.parse_args(argv)
    if not (1 <= args.clients <= 64 and 0 < args.seconds <= 120 and args.requests >= 1):
        parser.error("clients 1 to 64, seconds over 0 and at most 120, requests at least 1")
    with tempfile.TemporaryDirectory(prefix="yjqa-load-") as work:
        env = environment(Path(work))
        session, token, inspection = prepare(env)
        port = free_port()
        server = start_server(env, port, Path(work) / "server.log")
        try:
            page = {"Cookie": session}
            api = {"Authorization": f"Bearer {token}"}
            targets = [
                ("inspections_list", "/services/northshire/inspections/", page),
                (
                    "ratings_page",
                    f"/services/northshire/inspections/{inspection}/ratings/",
                    page,
                ),
                ("ratings_api", f"/api/v1/inspections/{inspection}/ratings", api),
            ]
            # Untimed, every target before any is timed: each worker's first requests
            # (templates loaded, the ratings computed once for the unchanged inspection).
            for name, path, headers in targets:
                run_target(name, port, path, headers, clients=8, seconds=30, limit=32)
            results: dict[str, Result] = {}
            for name, path, headers in targets:
                results[name] = run_target(
                    name,
                    port,
                    path,
                    headers,
                    clients=args.clients,
                    seconds=args.seconds,
                    limit=args.requests,
                )
                print(results[name].line(), flush=True)
        finally:
            stop(server)
    base = results["inspections_list"].rps
    page_ratio = results["ratings_page"].rps / base if base else 0.0
    api_ratio = results["ratings_api"].rps / base if base else 0.0
    print(f"ratio_ratings_page={page_ratio:.2f} ratio_ratings_api={api_ratio:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
