from __future__ import annotations

import io
import subprocess
import sys

from django.core.management import call_command


def test_tick_purges_stale_login_failures(db, time_machine):
    from outhire.accounts.models import LoginFailure

    time_machine.move_to("2026-11-20 10:00Z")
    LoginFailure.objects.create(email_index="x", ip="192.0.2.1")
    time_machine.move_to("2026-11-25 10:00Z")
    LoginFailure.objects.create(email_index="y", ip="192.0.2.1")
    out = io.StringIO()
    call_command("tick", stdout=out)
    assert "1 stale login failure(s) removed" in out.getvalue()
    assert "stale import upload(s) deleted" in out.getvalue()
    assert LoginFailure.objects.count() == 1


def test_every_scheduled_job_is_a_registered_task():
    from django.conf import settings

    from outhire.celery import app

    app.loader.import_default_modules()
    for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
        assert entry["task"] in app.tasks, name


def test_the_console_script_runs_management_commands():
    result = subprocess.run(
        [sys.executable, "-m", "outhire.cli", "help"], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    for command in ("seed-demo", "rotate-keys", "demo", "serve", "worker", "tick"):
        assert command in result.stdout


def test_worker_explains_a_missing_broker(settings):
    import pytest
    from django.core.management.base import CommandError

    settings.CELERY_BROKER_URL = ""
    with pytest.raises(CommandError, match="CELERY_BROKER_URL is not set"):
        call_command("worker")
