"""A task through a real broker and a real worker process (runs when CELERY_BROKER_URL is set).

CI sets CELERY_BROKER_URL to its Redis; elsewhere tasks run in-process and this is skipped.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings

from outhire.accounts.services import invitation_create
from outhire.celery import app
from outhire.testing import database_url

BROKER = os.environ.get("CELERY_BROKER_URL", "")
ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(not BROKER, reason="CELERY_BROKER_URL is not set")


@pytest.fixture
def worker(tmp_path):
    """A Celery worker subprocess on a queue of its own, sharing the test database."""
    yield from _worker(tmp_path, "--pool=solo")


@pytest.fixture
def prefork_worker(tmp_path):
    """The same with the prefork pool `outhire worker` runs in production."""
    yield from _worker(tmp_path, "--pool=prefork", "--concurrency=1")


def _worker(tmp_path, *pool: str):
    queue = f"test-{uuid.uuid4().hex[:8]}"
    mail_dir = tmp_path / "mail"
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CELERY_BROKER_URL": BROKER,
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        # The test's own storage (conftest.py), so the worker reads the files the test wrote.
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "SITE_URL": "https://jobs.example.com",
        # Plain lines, "[request id] message", which the tests read.
        "LOG_FORMAT": "text",
    }
    log = open(tmp_path / "worker.log", "w")  # noqa: SIM115
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "outhire",
            "worker",
            *pool,
            "--loglevel=info",
            "-Q",
            queue,
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    previous = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager = False
    app.conf.task_default_queue = queue
    try:
        yield {"mail_dir": mail_dir, "log": tmp_path / "worker.log", "process": process}
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = previous
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.mark.django_db(transaction=True)
def test_the_invitation_email_goes_through_redis_and_a_worker(worker, acme, carla):
    invitation = invitation_create(
        email="nora@acme.test", role="interviewer", client=acme, by=carla
    )
    # Autocommit: on_commit ran at once and the task is now in Redis for the worker.
    deadline = time.monotonic() + 90
    sent = []
    while time.monotonic() < deadline and not sent:
        if worker["process"].poll() is not None:
            pytest.fail("the worker died:\n" + worker["log"].read_text())
        sent = list(worker["mail_dir"].glob("*.log")) if worker["mail_dir"].exists() else []
        time.sleep(0.25)
    assert sent, "no e-mail within 90 s; worker log:\n" + worker["log"].read_text()
    message = sent[0].read_text()
    assert "To: nora@acme.test" in message
    assert "https://jobs.example.com/invitations/" in message
    log = worker["log"].read_text()
    assert "send_invitation" in log and "succeeded" in log
    assert f"invitation {invitation.pk} sent" in log


@pytest.mark.django_db(transaction=True)
def test_the_worker_logs_a_task_with_the_id_of_the_request_that_queued_it(worker, acme, carla):
    """The id goes in the message's headers (outhire/ops/signals.py) and comes back on each
    line the worker logs while running the task (docs/operations.md)."""
    from outhire.lib.logs import request_id_set

    with request_id_set("req-worker-test-5150"):
        invitation = invitation_create(
            email="olga@acme.test", role="interviewer", client=acme, by=carla
        )
    # Celery's line for the task's end is logged while the task runs, under its id.
    expected = re.compile(
        r"\[req-worker-test-5150\] Task outhire\.accounts\.tasks\.send_invitation\[[-0-9a-f]+\] "
        rf"succeeded in [0-9.]+s: 'invitation {invitation.pk} sent'"
    )
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline and not expected.search(worker["log"].read_text()):
        if worker["process"].poll() is not None:
            pytest.fail("the worker died:\n" + worker["log"].read_text())
        time.sleep(0.25)
    assert expected.search(worker["log"].read_text()), worker["log"].read_text()


@pytest.mark.django_db(transaction=True)
def test_a_worker_reads_a_document_in_a_child_process(prefork_worker, rita):
    """Reading a document forks a child from the fork server, inside a prefork pool process."""
    from outhire.candidates.models import Document
    from outhire.candidates.services import candidate_create, document_add
    from outhire.candidates.tasks import parse_document

    candidate = candidate_create(first_name="Wanda", by=rita)
    document = document_add(
        candidate=candidate,
        data=b"Wanda Worker\nSkills: Python, Celery\n",
        filename="cv.txt",
        kind="resume",
        by=rita,
        max_bytes=1 << 20,
    )
    Document.objects.filter(pk=document.pk).update(text="")
    parse_document.delay(document.pk, rita.pk, True)
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if prefork_worker["process"].poll() is not None:
            pytest.fail("the worker died:\n" + prefork_worker["log"].read_text())
        document.refresh_from_db()
        if document.text:
            break
        time.sleep(0.25)
    assert "Celery" in document.text, prefork_worker["log"].read_text()
    assert not document.unreadable
