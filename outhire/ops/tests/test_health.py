"""/healthz and /readyz (docs/operations.md)."""

from __future__ import annotations

import io
import json
import os
import socket
import threading

import pytest
from django.urls import reverse

from outhire.ops import readiness as readiness_module

BROKER = os.environ.get("CELERY_BROKER_URL", "")


def closed_port() -> int:
    """A local TCP port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_ok_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok"
    assert "no-cache" in response["Cache-Control"]
    assert reverse("ops:healthz") == "/healthz"


@pytest.mark.django_db
def test_healthz_needs_no_second_factor(client, alice):
    """A provider admin without 2FA is sent to set it up from every page, but not from here."""
    alice.totp_confirmed_at = None
    alice.save(update_fields=["totp_confirmed_at"])
    client.force_login(alice)
    assert client.get(reverse("work:home")).url == reverse("accounts:two_factor_setup")
    assert client.get("/healthz").status_code == 200


def test_healthz_refuses_writes(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_readyz_is_ok_when_every_dependency_answers(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.CELERY_BROKER_URL = ""
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    body = json.loads(response.content)
    assert body == {"status": "ok", "checks": {"database": "ok", "storage": "ok"}}
    assert "no-cache" in response["Cache-Control"]
    # The storage probe removes what it wrote.
    assert list((tmp_path / readiness_module.PROBE_DIR).iterdir()) == []


@pytest.mark.skipif(not BROKER, reason="CELERY_BROKER_URL is not set")
@pytest.mark.django_db(transaction=True)
def test_readyz_checks_the_broker_when_one_is_set(client, settings):
    settings.CELERY_BROKER_URL = BROKER
    response = client.get("/readyz")
    assert response.status_code == 200, response.content
    assert json.loads(response.content)["checks"]["broker"] == "ok"


@pytest.mark.django_db(transaction=True)
def test_readyz_fails_with_503_naming_an_unreachable_broker(client, settings):
    port = closed_port()
    settings.CELERY_BROKER_URL = f"redis://:hunter2secret@127.0.0.1:{port}/4"
    response = client.get("/readyz")
    assert response.status_code == 503
    body = json.loads(response.content)
    assert body["status"] == "fail"
    assert body["checks"]["database"] == "ok"
    assert body["checks"]["broker"].startswith("error: ")
    # Nothing of the URL, its password least of all.
    assert b"hunter2secret" not in response.content
    assert str(port).encode() not in response.content


@pytest.mark.django_db(transaction=True)
def test_readyz_checks_a_shared_cache_and_reports_it_failing(client, settings):
    port = closed_port()
    settings.CELERY_BROKER_URL = ""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/4",
        }
    }
    response = client.get("/readyz")
    assert response.status_code == 503
    assert json.loads(response.content)["checks"]["cache"].startswith("error: ")


def test_a_hung_check_is_reported_as_a_timeout(settings, monkeypatch):
    settings.OUTHIRE_READY_TIMEOUT = 1
    settings.CELERY_BROKER_URL = ""
    release = threading.Event()
    monkeypatch.setattr(readiness_module, "check_database", lambda: release.wait(10))
    monkeypatch.setattr(readiness_module, "check_storage", lambda: None)
    try:
        ready, checks = readiness_module.readiness()
    finally:
        release.set()
    assert ready is False
    assert checks == {"database": "timeout", "storage": "ok"}


class CorruptStorage:
    """Keeps what is saved but reads back other bytes (a misconfigured bucket, a bad proxy)."""

    def __init__(self):
        self.deleted = []

    def save(self, name, content):
        return name

    def open(self, name, mode="rb"):
        return io.BytesIO(b"something else")

    def delete(self, name):
        self.deleted.append(name)


def test_a_storage_that_returns_other_bytes_fails_and_is_cleaned_up(settings, monkeypatch):
    settings.CELERY_BROKER_URL = ""
    storage = CorruptStorage()
    monkeypatch.setattr(readiness_module, "default_storage", storage)
    monkeypatch.setattr(readiness_module, "check_database", lambda: None)
    ready, checks = readiness_module.readiness()
    assert ready is False
    assert checks["storage"] == "error: LookupError"
    assert len(storage.deleted) == 1 and storage.deleted[0].startswith("readyz/")
