"""Logs: one request id per request, carried into the tasks it queues, on every log record.

The id comes from the reverse proxy's `X-Request-ID` when it sent a sane one (so the proxy's
access log and ours can be joined), else it is made here; the response echoes it. It lives in
a ContextVar for the request; `outhire/ops/signals.py` copies it into the headers of every task
queued meanwhile and back into the ContextVar while the worker runs that task.

`LOG_FORMAT=json` writes one JSON object a line (production's default), `text` a plain line.
Only the fields named in `JSON_FIELDS` leave a record: a stray `extra={...}` with a person's
e-mail address cannot reach the log store through this formatter.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from django.core.signals import request_finished

if TYPE_CHECKING:
    # Only names: settings.py imports this module before Django is set up.
    from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
# What an incoming id may look like: a proxy's UUID or hex digest, nothing that could smuggle
# a line break, markup or a person's name into the logs.
SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")
# Record attributes the JSON formatter writes besides time, level, logger and message: ids and
# measures only, never request data.
JSON_FIELDS = (
    "request_id",
    "task_id",
    "task_name",
    "view",
    "method",
    "status",
    "duration_ms",
)

_request_id: ContextVar[str] = ContextVar("outhire_request_id", default="")


def current_request_id() -> str:
    return _request_id.get()


def new_request_id() -> str:
    return uuid.uuid4().hex


def request_id_enter(value: str) -> Token[str]:
    """Make `value` the current request id until `request_id_leave(token)`."""
    return _request_id.set(value)


def request_id_leave(token: Token[str]) -> None:
    _request_id.reset(token)


@contextmanager
def request_id_set(value: str) -> Iterator[str]:
    """Run the block with `value` as the current request id."""
    token = request_id_enter(value)
    try:
        yield value
    finally:
        request_id_leave(token)


def incoming_request_id(value: str | None) -> str:
    """The proxy's id when it is sane, else a new one."""
    if value and SANE_REQUEST_ID.fullmatch(value):
        return value
    return new_request_id()


class RequestIdMiddleware:
    """First in MIDDLEWARE: every log line of the request, and its response, carry the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        value = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = value
        # Not reset on the way out: Django logs an error response ("Internal Server Error:
        # ...") after the middleware has returned. `request_finished` clears it.
        request_id_enter(value)
        response = self.get_response(request)
        response.headers[REQUEST_ID_HEADER] = value
        return response


def clear_request_id(**kwargs) -> None:
    _request_id.set("")


request_finished.connect(clear_request_id, dispatch_uid="outhire.lib.logs.clear_request_id")


class RequestIdFilter(logging.Filter):
    """Adds `request_id` (empty outside requests and tasks) to every record a handler sees."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", ""):
            record.request_id = current_request_id()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, the `JSON_FIELDS` a record
    has, and the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in JSON_FIELDS:
            value = getattr(record, field, None)
            if value not in (None, ""):
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


def logging_config(*, log_format: str, level: str) -> dict:
    """Django's LOGGING for `log_format` ("json" or "text") on standard error."""
    formatter = (
        {"()": "outhire.lib.logs.JsonFormatter"}
        if log_format == "json"
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "outhire.lib.logs.RequestIdFilter"}},
        "formatters": {"outhire": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "outhire",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {"django.db.backends": {"level": "WARNING"}},
    }
