"""Start the test OpenID Connect provider (serve.py) as a subprocess on a free loopback port,
for as long as a `with` block, and give the yjqa settings that point at it."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from yjqa.web.accounts import single_sign_on_settings

SERVE = Path(__file__).resolve().parent / "serve.py"
CLIENT_ID = "yjqa-test-client"
CLIENT_SECRET = "yjqa-test-secret-not-for-use"


@dataclass(frozen=True)
class Provider:
    issuer: str

    def yjqa_settings(self, **extra: str) -> dict[str, Any]:
        """Django settings, built the way settings.py builds them: from YJQA_OIDC_* variables
        (so the discovery document is really fetched)."""
        env = {
            "YJQA_OIDC_ISSUER": self.issuer,
            "YJQA_OIDC_CLIENT_ID": CLIENT_ID,
            "YJQA_OIDC_CLIENT_SECRET": CLIENT_SECRET,
            "YJQA_OIDC_NAME": "Northshire Council",
            **extra,
        }
        config = single_sign_on_settings.from_env(env)
        assert config is not None
        return config.django_settings()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _rsa_key() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()


@contextmanager
def council_provider(redirect_uri: str, users: list[dict[str, Any]]) -> Iterator[Provider]:
    """A running provider whose users (password = username) may sign in to `redirect_uri`."""
    port = _free_port()
    with tempfile.TemporaryDirectory(prefix="yjqa-oidc-") as tmp:
        env = {
            **os.environ,
            "PROVIDER_DB": str(Path(tmp) / "provider.sqlite3"),
            "PROVIDER_RSA_KEY": _rsa_key(),
        }
        env.pop("DJANGO_SETTINGS_MODULE", None)
        args = [str(port), redirect_uri, CLIENT_ID, CLIENT_SECRET, json.dumps(users)]
        process = subprocess.Popen(
            [sys.executable, str(SERVE), *args],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        issuer = f"http://127.0.0.1:{port}/o"
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    url = issuer + "/.well-known/openid-configuration"
                    with urllib.request.urlopen(url, timeout=2):
                        break
                except OSError:
                    if process.poll() is not None or time.monotonic() > deadline:
                        process.kill()
                        output = process.communicate()[0].decode(errors="replace")
                        raise RuntimeError(f"The test provider did not start:\n{output}") from None
                    time.sleep(0.2)
            yield Provider(issuer=issuer)
        finally:
            process.terminate()
            try:
                process.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.communicate()
