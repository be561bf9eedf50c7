"""The settings a cluster depends on (docs/deploy.md): SECRET_KEY rotation with fallbacks, and
the broker options that hand a dead worker's tasks to another."""

from __future__ import annotations

import pytest
from django.core import signing
from django.test import override_settings

from outhire.tests.test_settings import GOOD_PRODUCTION, load_settings


def test_former_secret_keys_are_read_and_still_verify_links(monkeypatch, tmp_path):
    env = {**GOOD_PRODUCTION, "SECRET_KEY": "n" * 60, "SECRET_KEY_FALLBACKS": "o" * 60 + ", "}
    settings = load_settings(monkeypatch, tmp_path, **env)
    assert settings.SECRET_KEY_FALLBACKS == ["o" * 60]
    with override_settings(SECRET_KEY="o" * 60, SECRET_KEY_FALLBACKS=[]):
        link = signing.dumps({"candidate": 7}, salt="portal")
    with override_settings(
        SECRET_KEY=settings.SECRET_KEY, SECRET_KEY_FALLBACKS=settings.SECRET_KEY_FALLBACKS
    ):
        assert signing.loads(link, salt="portal") == {"candidate": 7}
    with (
        override_settings(SECRET_KEY=settings.SECRET_KEY, SECRET_KEY_FALLBACKS=[]),
        pytest.raises(signing.BadSignature),
    ):
        signing.loads(link, salt="portal")


def test_a_dead_workers_tasks_come_back_after_the_visibility_timeout(monkeypatch, tmp_path):
    settings = load_settings(monkeypatch, tmp_path, OUTHIRE_BROKER_VISIBILITY_TIMEOUT="30")
    assert settings.CELERY_TASK_ACKS_LATE and settings.CELERY_TASK_REJECT_ON_WORKER_LOST
    options = settings.CELERY_BROKER_TRANSPORT_OPTIONS
    assert options["visibility_timeout"] == 30
    assert options["unacked_restore_interval"] * options["unacked_restore_throttle"] == 3
    default = load_settings(monkeypatch, tmp_path).CELERY_BROKER_TRANSPORT_OPTIONS
    assert default["visibility_timeout"] == 3600 and default["unacked_restore_interval"] == 100
