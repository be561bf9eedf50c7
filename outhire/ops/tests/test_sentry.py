"""Sentry starts only with a DSN, and sends nothing personal (outhire/lib/sentry.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from outhire.lib.logs import request_id_set
from outhire.lib.sentry import scrub_event

ROOT = Path(__file__).resolve().parents[3]
SHOW_SENTRY = """
import json, django
django.setup()
import sentry_sdk
from django.conf import settings
client = sentry_sdk.get_client()
print(json.dumps({
    "enabled": settings.SENTRY_ENABLED,
    "active": client.is_active(),
    "options": {k: client.options.get(k) for k in ("send_default_pii", "environment", "dsn")},
    "integrations": sorted(getattr(client, "integrations", {})),
    "scrubs": client.options.get("before_send") is not None
        and client.options["before_send"].__name__ == "scrub_event",
}))
"""


def _settings_in_a_process(**env: str) -> dict:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    environment.update(env, DJANGO_SETTINGS_MODULE="outhire.settings", PYTHONPATH=str(ROOT))
    ran = subprocess.run(
        [sys.executable, "-c", SHOW_SENTRY],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(ran.stdout.strip().splitlines()[-1])


def test_without_a_dsn_sentry_is_not_started():
    shown = _settings_in_a_process()
    assert shown["enabled"] is False and shown["active"] is False


def test_with_a_dsn_sentry_starts_with_django_and_celery_and_no_pii():
    # An address nothing listens on: nothing is sent, no event is made anyway.
    shown = _settings_in_a_process(
        SENTRY_DSN="http://publickey@127.0.0.1:9/42", SENTRY_ENVIRONMENT="staging"
    )
    assert shown["enabled"] is True and shown["active"] is True
    assert shown["options"]["send_default_pii"] is False
    assert shown["options"]["environment"] == "staging"
    assert {"django", "celery"} <= set(shown["integrations"])
    assert shown["scrubs"] is True


def _event() -> dict:
    return {
        "message": "boom",
        "user": {"email": "zelda@talent.test", "ip_address": "203.0.113.9"},
        "request": {
            "url": "https://jobs.example.com/careers/acme/apply/?token=signed-secret",
            "method": "POST",
            "query_string": "token=signed-secret",
            "data": {"email": "zelda@talent.test", "password": "hunter2"},
            "cookies": {"sessionid": "abc123"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
            "headers": {
                "Cookie": "sessionid=abc123",
                "Authorization": "Bearer secret-token",
                "X-CSRFToken": "csrf",
                "User-Agent": "Firefox",
            },
        },
    }


def test_before_send_strips_bodies_cookies_and_credentials():
    with request_id_set("req-sentry-0001"):
        event = scrub_event(_event(), {})
    text = json.dumps(event)
    for secret in ("zelda@talent.test", "hunter2", "abc123", "secret-token", "signed-secret"):
        assert secret not in text
    assert "203.0.113.9" not in text
    assert event["request"]["url"] == "https://jobs.example.com/careers/acme/apply/"
    assert event["request"]["headers"] == {"User-Agent": "Firefox"}
    assert event["request"]["method"] == "POST"
    assert event["tags"] == {"request_id": "req-sentry-0001"}


@pytest.mark.parametrize("request_part", [None, "not a dict", {"headers": "raw"}])
def test_before_send_copes_with_events_without_a_usual_request(request_part):
    event = scrub_event({"message": "boom", "request": request_part}, None)
    assert event["message"] == "boom"
