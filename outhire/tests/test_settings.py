"""Settings come from the environment and refuse unsafe or malformed values."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.hashers import make_password
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings

from outhire.lib.env import envbool, envint, envlist

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = ROOT / "outhire" / "settings.py"
GOOD_PRODUCTION = {
    "OUTHIRE_ENV": "production",
    "DEBUG": "false",
    "SECRET_KEY": "x" * 60,
    "OUTHIRE_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
    "OUTHIRE_BLIND_INDEX_KEY": "k" * 40,
    "ALLOWED_HOSTS": "jobs.example.com",
}


def _clean_environment(monkeypatch, tmp_path, env: dict) -> None:
    for name in list(os.environ):
        if name.startswith(("OUTHIRE_", "DEBUG", "SECRET_KEY", "ALLOWED_HOSTS")):
            monkeypatch.delenv(name)
    monkeypatch.setenv("OUTHIRE_VAR_DIR", str(tmp_path))
    for name, value in env.items():
        monkeypatch.setenv(name, value)


def load_settings(monkeypatch, tmp_path, **env) -> ModuleType:
    """A fresh copy of outhire/settings.py, read with `env` (and no OUTHIRE_*, DEBUG...).

    In this process: the running tests keep their own settings. One test below starts Django
    with production settings in a process of its own.
    """
    with monkeypatch.context() as patch:
        _clean_environment(patch, tmp_path, env)
        spec = importlib.util.spec_from_file_location("settings_under_test", SETTINGS)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("raw", ["ture", "2", "enabled"])
def test_a_bad_boolean_is_an_error(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="not a boolean"):
        envbool("SOME_FLAG", False)


@pytest.mark.parametrize(
    ("raw", "expected"), [("true", True), ("FALSE", False), ("1", True), ("off", False), ("", True)]
)
def test_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("SOME_FLAG", raw)
    assert envbool("SOME_FLAG", True) is expected


def test_integers_and_lists(monkeypatch):
    monkeypatch.setenv("N", "abc")
    with pytest.raises(ImproperlyConfigured, match="not an integer"):
        envint("N", 1)
    monkeypatch.setenv("N", "0")
    with pytest.raises(ImproperlyConfigured, match="at least 1"):
        envint("N", 1, minimum=1)
    monkeypatch.setenv("L", " a.example, b.example ,")
    assert envlist("L") == ["a.example", "b.example"]


def test_production_starts_with_proper_settings(monkeypatch, tmp_path):
    """Django starts (apps, logging) with production settings, in a process of its own."""
    with monkeypatch.context() as patch:
        env = {**GOOD_PRODUCTION, "DJANGO_SETTINGS_MODULE": "outhire.settings"}
        _clean_environment(patch, tmp_path, env)
        code = (
            "import django; django.setup(); from django.conf import settings as s; print(s.DEBUG)"
        )
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=dict(os.environ),
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"DEBUG": "true"}, "DEBUG must be false"),
        ({"SECRET_KEY": ""}, "missing secrets: SECRET_KEY"),
        ({"OUTHIRE_ENCRYPTION_KEYS": ""}, "OUTHIRE_ENCRYPTION_KEYS"),
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must be set"),
        ({"DEBUG": "maybe"}, "not a boolean"),
    ],
)
def test_production_refuses_unsafe_settings(monkeypatch, tmp_path, change, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        load_settings(monkeypatch, tmp_path, **{**GOOD_PRODUCTION, **change})


def test_production_refuses_the_generated_demo_secrets(monkeypatch, tmp_path):
    load_settings(monkeypatch, tmp_path)  # a development start writes var/secrets.json
    import json

    demo = json.loads((tmp_path / "secrets.json").read_text())
    with pytest.raises(
        ImproperlyConfigured, match="generated demo secrets are not allowed: SECRET_KEY"
    ):
        load_settings(
            monkeypatch, tmp_path, **{**GOOD_PRODUCTION, "SECRET_KEY": demo["SECRET_KEY"]}
        )


def test_development_generates_secrets_once(monkeypatch, tmp_path):
    load_settings(monkeypatch, tmp_path)
    first = (tmp_path / "secrets.json").read_text()
    load_settings(monkeypatch, tmp_path)
    assert (tmp_path / "secrets.json").read_text() == first
    assert oct((tmp_path / "secrets.json").stat().st_mode)[-3:] == "600"


def test_production_turns_on_secure_cookies_and_hsts(monkeypatch, tmp_path):
    s = load_settings(monkeypatch, tmp_path, **GOOD_PRODUCTION)
    assert (s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_HSTS_SECONDS) == (
        True,
        True,
        31536000,
    )
    assert s.SECURE_SSL_REDIRECT is True


def test_pages_carry_security_headers(client, db):
    response = client.get("/login/")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert b"<script>" not in response.content, "no inline scripts"


def test_passwords_are_hashed_with_argon2(monkeypatch, tmp_path):
    hashers = load_settings(monkeypatch, tmp_path).PASSWORD_HASHERS
    with override_settings(PASSWORD_HASHERS=hashers):
        assert make_password("a long passphrase").startswith("argon2$argon2id$")


def test_a_nul_character_in_a_query_or_json_body_is_a_400(client, db):
    response = client.get("/api/v1/candidates", {"q": "a\x00b"})
    assert response.status_code == 400 and response.json()["code"] == "invalid"
    response = client.post(
        "/api/v1/clients", '{"name": "a\\u0000"}', content_type="application/json"
    )
    assert response.status_code == 400
    assert client.get("/login/", {"next": "\x00"}).status_code == 400
