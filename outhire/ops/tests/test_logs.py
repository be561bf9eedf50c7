"""Request ids and JSON logs (outhire/lib/logs.py, outhire/ops/signals.py)."""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.core.signals import request_finished
from django.http import HttpResponse
from django.test import RequestFactory

from outhire.celery import app as celery_app
from outhire.lib.logs import (
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
    clear_request_id,
    current_request_id,
    request_id_set,
)
from outhire.ops import signals

ROOT = Path(__file__).resolve().parents[3]
task_logger = logging.getLogger("outhire.tests.task_probe")


@celery_app.task(name="outhire.tests.log_probe")
def log_probe(number: int) -> None:
    task_logger.info("probe task %s ran", number)


@pytest.fixture(autouse=True)
def _request_finished():
    """The middleware called directly (no server around it) leaves its id for the response's
    log line; the end of the request, which the server signals, clears it."""
    yield
    # Only the id's own receiver: Django's close_old_connections, also on the signal, would
    # touch a connection an earlier test of this worker left open, outside any database test.
    clear_request_id(sender=None)


@pytest.fixture
def captured():
    """What the project's handler (the request id filter, the JSON formatter) writes."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    task_logger.addHandler(handler)
    task_logger.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    task_logger.removeHandler(handler)


def _middleware(view=lambda request: HttpResponse("done")):
    return RequestIdMiddleware(view)


def test_a_request_gets_an_id_echoed_in_the_response(db):
    # `db`: the signal also runs Django's close_old_connections.
    response = _middleware()(RequestFactory().get("/"))
    assert len(response["X-Request-ID"]) == 32
    # Kept for Django's own log line of the response, until the request is finished.
    assert current_request_id() == response["X-Request-ID"]
    request_finished.send(sender=None)
    assert current_request_id() == "", "the id must not outlive the request"


def test_django_logs_an_error_response_with_the_request_id(client, caplog):
    """ "Not Found: ..." is logged after the middleware returned; it still has the id."""
    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/", HTTP_X_REQUEST_ID="req-not-found-0001")
    assert response.status_code == 404
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert RequestIdFilter().filter(record) and record.request_id == "req-not-found-0001"
    assert current_request_id() == ""


def test_a_sane_id_from_the_proxy_is_kept():
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID="f3c1a9e2-proxy-0001")
    assert _middleware()(request)["X-Request-ID"] == "f3c1a9e2-proxy-0001"


@pytest.mark.parametrize(
    "incoming",
    ["short", "x" * 129, "has spaces in it", "line\nbreak-injected", "<script>alert(1)</script>"],
)
def test_an_insane_id_from_the_proxy_is_replaced(incoming):
    request = RequestFactory().get("/", HTTP_X_REQUEST_ID=incoming)
    answered = _middleware()(request)["X-Request-ID"]
    assert answered != incoming and len(answered) == 32


def test_a_log_line_of_a_task_queued_by_a_request_carries_the_request_id(captured, settings):
    """Eagerly, as in the demo: the task runs inside the request."""
    previous = celery_app.conf.task_always_eager
    celery_app.conf.task_always_eager = True

    def view(request):
        log_probe.delay(7)
        return HttpResponse("queued")

    try:
        request = RequestFactory().get("/", HTTP_X_REQUEST_ID="req-from-proxy-42")
        response = _middleware(view)(request)
    finally:
        celery_app.conf.task_always_eager = previous
    assert response["X-Request-ID"] == "req-from-proxy-42"
    [line] = [line for line in captured() if line["message"] == "probe task 7 ran"]
    assert line["request_id"] == "req-from-proxy-42"
    assert line["level"] == "INFO" and line["logger"] == "outhire.tests.task_probe"


def test_a_task_queued_outside_any_request_gets_an_id_of_its_own(captured):
    log_probe.apply(args=[1])
    log_probe.apply(args=[2])
    first, second = captured()
    assert len(first["request_id"]) == 32 and len(second["request_id"]) == 32
    assert first["request_id"] != second["request_id"]
    assert current_request_id() == ""


def test_the_id_travels_in_the_task_headers_to_the_worker(captured):
    """What the worker sees: the publisher's header becomes the task's request id."""
    headers: dict = {}
    with request_id_set("req-published-0001"):
        signals.add_request_id_header(headers=headers)
    assert headers == {signals.REQUEST_ID_TASK_HEADER: "req-published-0001"}
    # On the worker, outside any request: the message's headers are the task's request.
    task = SimpleNamespace(name="outhire.tests.log_probe", request=SimpleNamespace(**headers))
    with signals.task_run(task):
        task_logger.info("running on the worker")
    assert captured()[0]["request_id"] == "req-published-0001"
    assert current_request_id() == ""


def test_a_failed_task_leaves_no_id_behind():
    """An eager task that raises (Celery sends no task_postrun then) still restores the id."""
    carried = SimpleNamespace(outhire_request_id="req-carried-0001")
    with request_id_set("req-outer-00001"):
        with (
            pytest.raises(RuntimeError),
            signals.task_run(SimpleNamespace(name="probe", request=carried)),
        ):
            assert current_request_id() == "req-carried-0001"
            raise RuntimeError("boom")
        assert current_request_id() == "req-outer-00001"


def test_no_header_is_added_outside_a_request():
    headers: dict = {}
    signals.add_request_id_header(headers=headers)
    assert headers == {}


def test_the_json_lines_hold_only_the_known_fields(captured):
    """An `extra` someone passes with personal data does not reach the log store."""
    with request_id_set("req-known-fields-1"):
        task_logger.info("signed in", extra={"email": "zelda@talent.test", "path": "/me/zelda"})
        try:
            raise ValueError("boom")
        except ValueError:
            task_logger.exception("failed")
    first, second = captured()
    assert set(first) == {"time", "level", "logger", "message", "request_id"}
    assert "zelda" not in json.dumps(first)
    assert first["time"].endswith("+00:00")
    assert "ValueError: boom" in second["exception"]


def test_a_line_logged_in_a_task_names_the_task(captured):
    result = log_probe.apply(args=[3])
    [line] = captured()
    assert line["task_id"] == result.id
    assert line["task_name"] == "outhire.tests.log_probe"
    assert set(line) == {"time", "level", "logger", "message", "request_id", "task_id", "task_name"}


LOG_ONE_LINE = """
import django, logging
django.setup()
from outhire.lib.logs import request_id_set
with request_id_set("req-format-check-1"):
    logging.getLogger("outhire.tests.format").warning("hello")
"""


@pytest.mark.parametrize(
    ("log_format", "env", "marker"),
    [
        ("json", {"LOG_FORMAT": "json"}, '"request_id": "req-format-check-1"'),
        ("text", {"LOG_FORMAT": "text"}, "[req-format-check-1] hello"),
        ("text", {}, "[req-format-check-1] hello"),
    ],
)
def test_log_format_chooses_json_or_text_lines(log_format, env, marker, tmp_path):
    """As the settings configure a process (development defaults to text)."""
    environment = {
        key: value for key, value in os.environ.items() if key not in {"LOG_FORMAT", "OUTHIRE_ENV"}
    }
    environment.update(env, DJANGO_SETTINGS_MODULE="outhire.settings", PYTHONPATH=str(ROOT))
    ran = subprocess.run(
        [sys.executable, "-c", LOG_ONE_LINE],
        env=environment,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    line = ran.stderr.strip().splitlines()[-1]
    assert marker in line and "hello" in line
    assert line.startswith("{") == (log_format == "json")
    if log_format == "json":
        assert json.loads(line)["level"] == "WARNING"
