"""Celery signal handlers: the request id travels with a task (and metrics are recorded).

Connected in `OpsConfig.ready()`, so both the web process (which publishes) and the worker
(which runs) have them: the worker sets Django up before it takes its first task.
"""

from __future__ import annotations

from celery import signals

from outhire.lib.logs import (
    current_request_id,
    new_request_id,
    request_id_enter,
    request_id_leave,
)

# The message header the id travels in.
REQUEST_ID_TASK_HEADER = "outhire_request_id"
# task id -> the ContextVar token to restore when the task ends.
_tokens: dict[str, object] = {}


@signals.before_task_publish.connect
def add_request_id_header(sender=None, headers=None, **kwargs) -> None:
    if headers is not None and current_request_id():
        headers[REQUEST_ID_TASK_HEADER] = current_request_id()


@signals.task_prerun.connect
def enter_request_id(sender=None, task_id=None, task=None, **kwargs) -> None:
    """The worker runs the task under the id of the request that queued it; a task run eagerly
    inside the request keeps the request's; a periodic task gets one of its own, so the lines of
    one run can still be found together."""
    carried = getattr(task.request, REQUEST_ID_TASK_HEADER, None) if task else None
    value = carried or current_request_id() or new_request_id()
    _tokens[task_id] = request_id_enter(value)


@signals.task_postrun.connect
def leave_request_id(sender=None, task_id=None, **kwargs) -> None:
    token = _tokens.pop(task_id, None)
    if token is not None:
        request_id_leave(token)
