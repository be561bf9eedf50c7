"""Starts the test identity provider (serve.py) in its own process for the duration of a test."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import requests
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

ROOT = Path(__file__).resolve().parents[4]
PASSWORD = "idp-password-1"

# People the IdP knows. Their groups map to Outhire roles in the tests' settings.
USERS = [
    {"email": "pat@acme-idp.test", "name": "Pat Manager", "groups": ["outhire-hiring"]},
    {"email": "ada@acme-idp.test", "name": "Ada Admin", "groups": ["outhire-admins", "staff"]},
    {"email": "nobody@acme-idp.test", "name": "No Body", "groups": ["canteen"]},
    {"email": "rita@acme-idp.test", "name": "Rita Recruiter", "groups": ["outhire-hiring"]},
    {"email": "gina@acme-idp.test", "name": "Gina Globex", "groups": ["outhire-hiring"]},
]


@dataclass
class IdentityProvider:
    url: str
    client_id: str
    client_secret: str

    @property
    def issuer(self) -> str:
        return f"{self.url}/o"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def identity_provider(redirect_uri: str, tmp_path: Path):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    idp = IdentityProvider(
        url=f"http://127.0.0.1:{_free_port()}",
        client_id="outhire-test-client",
        client_secret="outhire-test-secret-0123456789",
    )
    setup = {
        "client_id": idp.client_id,
        "client_secret": idp.client_secret,
        "redirect_uri": redirect_uri,
        "users": [dict(user, password=PASSWORD) for user in USERS],
    }
    env = dict(
        os.environ,
        IDP_DB=str(tmp_path / "idp.sqlite3"),
        IDP_RSA_KEY=pem,
        IDP_SETUP=json.dumps(setup),
        PYTHONPATH=str(ROOT),
    )
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = open(tmp_path / "idp.log", "wb")  # noqa: SIM115 (closed below)
    process = subprocess.Popen(
        [sys.executable, "-m", "outhire.accounts.tests.oidc_idp.serve", idp.url.rsplit(":", 1)[1]],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=ROOT,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                answer = requests.get(f"{idp.issuer}/.well-known/openid-configuration", timeout=2)
                if answer.status_code == 200:
                    break
            except requests.ConnectionError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    "the test identity provider did not start: "
                    + (tmp_path / "idp.log").read_text()[-2000:]
                )
            time.sleep(0.2)
        yield idp
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()
