"""Start moto's S3-compatible server as its own process on a free loopback port, for as long
as a `with` block, with a new empty bucket: a real S3 endpoint over HTTP, not a mock."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "yjqa-test-key",
    "AWS_SECRET_ACCESS_KEY": "yjqa-test-secret-not-for-use",
    "AWS_DEFAULT_REGION": "eu-west-2",
}


@dataclass(frozen=True)
class S3Server:
    endpoint: str
    bucket: str

    @property
    def storage_url(self) -> str:
        """YJQA_STORAGE_URL for this server's bucket."""
        return f"s3://{self.bucket}?endpoint_url={self.endpoint}&region=eu-west-2"

    def client(self):  # type: ignore[no-untyped-def]
        import boto3

        return boto3.client("s3", endpoint_url=self.endpoint, region_name="eu-west-2")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def s3_server() -> Iterator[S3Server]:
    """A running server with one empty bucket; AWS_* test credentials are in os.environ."""
    port = _free_port()
    saved = {key: os.environ.get(key) for key in CREDENTIALS}
    os.environ.update(CREDENTIALS)
    process = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(endpoint + "/moto-api/", timeout=2):
                    break
            except OSError:
                if process.poll() is not None or time.monotonic() > deadline:
                    process.kill()
                    output = process.communicate()[0].decode(errors="replace")
                    raise RuntimeError(f"The S3 test server did not start:\n{output}") from None
                time.sleep(0.2)
        server = S3Server(endpoint=endpoint, bucket=f"yjqa-test-{uuid.uuid4().hex[:12]}")
        server.client().create_bucket(
            Bucket=server.bucket,
            CreateBucketConfiguration={"LocationConstraint": "eu-west-2"},
        )
        yield server
    finally:
        process.terminate()
        try:
            process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
