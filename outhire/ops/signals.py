"""A task carries the request id of whoever queued it, and each run is measured.

The id travels in a message header, added by the `before_task_publish` handler (the handlers
are connected in `OpsConfig.ready()`, in every process that publishes or runs tasks).

`task_run` wraps each run: it is entered by `outhire.celery.UnscopedTask.__call__`, which every
task goes through on a worker and when run eagerly alike. On a worker, `task_prerun` and
`task_postrun` also hold the id around the whole run, so Celery's own lines ("Task ...
succeeded") carry it too; they are left out of eager runs, where Celery sends no `task_postrun`
for a task that raises and the id would stay behind.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import Token

from celery import Task, signals
from celery.exceptions import Ignore, Reject, Retry

from outhire.lib.logs import (
    current_request_id,
    new_request_id,
    request_id_enter,
    request_id_leave,
)
from outhire.ops import metrics

# The message header the id travels in.
REQUEST_ID_TASK_HEADER = "outhire_request_id"


@signals.before_task_publish.connect
def add_request_id_header(sender=None, headers=None, **kwargs) -> None:
    if headers is not None and current_request_id():
        headers[REQUEST_ID_TASK_HEADER] = current_request_id()


# task id -> the ContextVar token to restore when the task ends (worker runs only).
_tokens: dict[str, Token[str]] = {}


def _request_id_for(task: Task) -> str:
    carried = getattr(task.request, REQUEST_ID_TASK_HEADER, None)
    return carried or current_request_id() or new_request_id()


@signals.task_prerun.connect
def enter_request_id(sender=None, task_id=None, task=None, **kwargs) -> None:
    if task is not None and not task.request.is_eager:
        _tokens[task_id] = request_id_enter(_request_id_for(task))


@signals.task_postrun.connect
def leave_request_id(sender=None, task_id=None, **kwargs) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        request_id_leave(token)


@contextmanager
def task_run(task: Task) -> Iterator[None]:
    """Run the task under the id of the request that queued it (a task run eagerly inside the
    request keeps the request's; a periodic task gets one of its own, so the lines of one run
    can still be found together), timed and counted by outcome."""
    token = request_id_enter(_request_id_for(task))
    started = time.perf_counter()
    state = "SUCCESS"
    try:
        yield
    except Retry:
        state = "RETRY"
        raise
    except (Ignore, Reject):
        state = "IGNORED"
        raise
    except Exception:
        state = "FAILURE"
        raise
    finally:
        metrics.task_finished(task.name, state, time.perf_counter() - started)
        request_id_leave(token)
