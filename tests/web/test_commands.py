"""`yjqa demo`, `yjqa serve` and `yjqa manage` as a newcomer runs them."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from yjqa.web.accounts.models import User
from yjqa.web.caseload.models import CaseRecord
from yjqa.web.demo import seed_demo
from yjqa.web.tenancy.models import Membership, Role

YJQA = [sys.executable, "-m", "yjqa.cli"]


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["YJQA_DATA_DIR"] = str(data_dir)
    return subprocess.run([*YJQA, *args], env=env, capture_output=True, text=True, timeout=120)


def dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


@pytest.mark.slow
def test_demo_seeds_once_and_prints_the_sign_ins(tmp_path: Path) -> None:
    first = run("demo", "--no-serve", data_dir=tmp_path)
    assert first.returncode == 0, first.stderr
    for text in ("qa@northshire.example", "qa@southvale.example", "northshire-demo-2026"):
        assert text in first.stdout
    before = dump(tmp_path / "yjqa.sqlite3")
    second = run("demo", "--no-serve", data_dir=tmp_path)
    assert second.returncode == 0, second.stderr
    assert dump(tmp_path / "yjqa.sqlite3") == before


@pytest.mark.django_db
def test_demo_has_every_role_in_both_services() -> None:
    for slug in ("northshire", "southvale"):
        roles = set(Membership.objects.filter(service__slug=slug).values_list("role", flat=True))
        assert roles == {r.value for r in Role}
        assert Membership.objects.filter(service__slug=slug, is_inspector=True).exists()
        assert CaseRecord.objects.filter(service__slug=slug).count() > 150
    users, cases = User.objects.count(), CaseRecord.objects.count()
    hashes = list(User.objects.order_by("pk").values_list("password", flat=True))
    seed_demo()
    assert (User.objects.count(), CaseRecord.objects.count()) == (users, cases)
    assert list(User.objects.order_by("pk").values_list("password", flat=True)) == hashes


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.mark.slow
def test_serve_runs_a_production_server_with_static_files(tmp_path: Path) -> None:
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["YJQA_DATA_DIR"] = str(tmp_path)
    server = subprocess.Popen(
        [*YJQA, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                page = urllib.request.urlopen(f"{base}/sign-in/", timeout=5)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert page.status == 200
        assert page.headers["Server"].startswith("gunicorn")
        assert "default-src 'self'" in page.headers["Content-Security-Policy"]
        assert "Sign in to yjqa" in page.read().decode()
        css = urllib.request.urlopen(f"{base}/static/govuk/govuk-frontend.min.css", timeout=5)
        assert css.status == 200 and css.headers["Content-Type"].startswith("text/css")
    finally:
        server.terminate()
        output, _ = server.communicate(timeout=30)
    assert "Traceback" not in output


def test_manage_passes_through_to_django(tmp_path: Path) -> None:
    result = run("manage", "check", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout
