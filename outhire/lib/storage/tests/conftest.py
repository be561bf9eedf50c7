"""A real S3 server for the storage tests, and a fixture that runs a test on each backend.

The S3 server is moto's (the `moto[server]` package of the dev extra), started as its own
process on a free loopback port once per test process and spoken to over HTTP by boto3, as
a production object store would be. Without the package the S3 tests are skipped on a
laptop and fail in CI (CI=true), so CI can never pass without having run them.
"""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import sys
import time
import uuid

import pytest

from outhire.lib.storage.config import BACKENDS, s3_options
from outhire.lib.storage.tests.helpers import s3_client

BACKEND_KINDS = ["local", "postgres", "s3"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _listening(port: int) -> bool:
    with socket.socket() as probe:
        probe.settimeout(0.2)
        return probe.connect_ex(("127.0.0.1", port)) == 0


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    """The endpoint URL of a moto S3 server in its own process."""
    if importlib.util.find_spec("moto") is None or importlib.util.find_spec("flask") is None:
        message = "moto[server] is not installed (pip install -e '.[dev]')"
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI must run the S3 storage tests: {message}")
        pytest.skip(message)
    log = tmp_path_factory.mktemp("s3") / "moto.log"
    for _attempt in range(3):
        port = _free_port()
        with log.open("ab") as sink:
            process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
                stdout=sink,
                stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and process.poll() is None and not _listening(port):
            time.sleep(0.1)
        if process.poll() is None and _listening(port):
            break
        process.kill()
        process.wait()
    else:
        pytest.fail(f"the S3 server did not start:\n{log.read_text()[-2000:]}")
    yield f"http://127.0.0.1:{port}"
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture
def s3_bucket(s3_server, monkeypatch) -> str:
    """A new, empty private bucket, and the environment that points OUTHIRE_STORAGE=s3 at it."""
    bucket = f"outhire-test-{uuid.uuid4().hex[:12]}"
    environment = {
        "OUTHIRE_S3_BUCKET": bucket,
        "OUTHIRE_S3_ENDPOINT_URL": s3_server,
        "OUTHIRE_S3_REGION": "us-east-1",
        "AWS_ACCESS_KEY_ID": "outhire-test",
        "AWS_SECRET_ACCESS_KEY": "outhire-test-secret",
        # Nothing from the developer's own AWS set-up.
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
    }
    for name, value in environment.items():
        monkeypatch.setenv(name, value)
    s3_client(s3_server).create_bucket(Bucket=bucket)
    return bucket


@pytest.fixture(params=BACKEND_KINDS)
def backend(request, settings, db) -> str:
    """Run the test with each backend as the default storage; returns the backend's kind."""
    kind = request.param
    default = {"BACKEND": BACKENDS[kind]}
    if kind == "s3":
        request.getfixturevalue("s3_bucket")
        default["OPTIONS"] = s3_options()
    settings.STORAGES = {**settings.STORAGES, "default": default}
    return kind
