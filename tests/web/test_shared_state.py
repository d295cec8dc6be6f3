"""Web processes keep no state of their own: sessions in the database, the cache in Redis when
YJQA_CACHE_URL is set, uploaded files on S3-compatible storage when YJQA_STORAGE_URL is set
(yjqa.web.storage_config, read once by settings.py)."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session

from yjqa.web.storage_config import StorageConfigError, cache_settings, storage_settings

REDIS = os.environ.get("YJQA_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> str:
    """Why Redis cannot be used here, or "" when it answers."""
    if importlib.util.find_spec("redis") is None:
        return "the redis package is not installed (scripts/setup installs it)"
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            if not sock.recv(16).startswith(b"+PONG"):
                return "the server on 127.0.0.1:6379 is not Redis"
    except OSError:
        return "no Redis server on 127.0.0.1:6379"
    return ""


def test_the_cache_is_local_memory_unless_a_redis_address_is_given() -> None:
    assert cache_settings(None)["default"]["BACKEND"].endswith("LocMemCache")
    redis = cache_settings("redis://cache.internal:6379/2")["default"]
    assert redis["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert redis["LOCATION"] == "redis://cache.internal:6379/2"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("memcached://127.0.0.1:11211", "redis://"),
        ("redis://", "names no host"),
    ],
)
def test_a_bad_cache_address_is_refused_saying_why(url: str, says: str) -> None:
    with pytest.raises(StorageConfigError, match=says):
        cache_settings(url)


def test_files_are_on_disk_unless_an_s3_address_is_given() -> None:
    assert storage_settings(None)["default"]["BACKEND"].endswith("FileSystemStorage")
    s3 = storage_settings(
        "s3://yjqa-evidence?endpoint_url=https://s3.example.net&region=eu-west-2&prefix=/live/"
    )["default"]
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    options = s3["OPTIONS"]
    assert options["bucket_name"] == "yjqa-evidence"
    assert options["endpoint_url"] == "https://s3.example.net"
    assert options["region_name"] == "eu-west-2"
    assert options["location"] == "live"
    assert options["file_overwrite"] is False
    assert "access_key" not in options  # credentials only from AWS_* variables


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("file:///srv/yjqa", "s3://"),
        ("s3://?region=eu-west-2", "name a bucket"),
        ("s3://bucket/folder", "nothing after it"),
        ("s3://bucket?bucket=other", "unknown option 'bucket'"),
        ("s3://bucket?region=", "one value"),
        ("s3://bucket?endpoint_url=s3.example.net", "http"),
    ],
)
def test_a_bad_storage_address_is_refused_saying_why(url: str, says: str) -> None:
    with pytest.raises(StorageConfigError, match=says):
        storage_settings(url)


def test_a_bad_address_stops_start_up_with_its_message(tmp_path: Path) -> None:
    env = {**os.environ, "YJQA_DATA_DIR": str(tmp_path), "YJQA_STORAGE_URL": "s3://"}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    run = subprocess.run(
        [sys.executable, "-c", "import yjqa.web.settings"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode != 0
    assert "YJQA_STORAGE_URL must name a bucket" in run.stderr


def test_sessions_are_rows_in_the_database(client, django_user_model) -> None:  # type: ignore[no-untyped-def]
    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.db"
    user = django_user_model.objects.create_user(email="shared@northshire.example")
    client.force_login(user)
    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    assert Session.objects.get(session_key=key).get_decoded()["_auth_user_id"] == str(user.pk)


needs_redis = pytest.mark.skipif(bool(_redis_answers()), reason=_redis_answers() or "-")


@needs_redis
def test_the_redis_cache_is_shared_by_two_processes(tmp_path: Path) -> None:
    """A value one process puts in the cache, another reads: what two app servers need."""
    env = {**os.environ, "YJQA_DATA_DIR": str(tmp_path), "YJQA_CACHE_URL": REDIS}
    env["DJANGO_SETTINGS_MODULE"] = "yjqa.web.settings"
    script = (
        "import sys, django; django.setup(); from django.core.cache import cache, caches; "
        "print(caches['default'].__class__.__name__); "
        "cache.set('shared-test', sys.argv[2]) if sys.argv[1] == 'set' "
        "else print(cache.get('shared-test'))"
    )
    token = os.urandom(8).hex()
    first = subprocess.run(
        [sys.executable, "-c", script, "set", token], env=env, capture_output=True, text=True
    )
    assert first.returncode == 0, first.stderr
    second = subprocess.run(
        [sys.executable, "-c", script, "get", ""], env=env, capture_output=True, text=True
    )
    assert second.returncode == 0, second.stderr
    assert second.stdout.split() == ["RedisCache", token]
