from __future__ import annotations

import io
import subprocess
import sys

from django.core.management import call_command

from outhire.accounts.models import Client, Membership, User
from outhire.accounts.roles import Role


def _seed() -> str:
    out = io.StringIO()
    # The talent network has tests of its own (candidates/tests/test_demo.py)
    call_command("seed-demo", candidates=0, stdout=out)
    return out.getvalue()


def test_seed_demo_makes_every_role_and_is_safe_to_rerun(db):
    output = _seed()
    counts = (Client.objects.count(), User.objects.count(), Membership.objects.count())
    assert counts[0] >= 3
    assert len(set(Client.objects.values_list("industry", flat=True))) >= 3
    held = set(Membership.objects.values_list("role", flat=True)) | set(
        User.objects.exclude(provider_role="").values_list("provider_role", flat=True)
    )
    assert held == {r.value for r in Role}
    for email in User.objects.values_list("email", flat=True):
        assert email in output
    _seed()
    assert (Client.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_seed_demo_users_can_sign_in(client, db):
    from importlib import import_module

    password = import_module("outhire.accounts.management.commands.seed-demo").DEMO_PASSWORD
    _seed()
    response = client.post("/login/", {"email": "client.admin@meridian.demo", "password": password})
    assert response.status_code == 302


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
