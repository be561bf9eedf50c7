from __future__ import annotations

import time

from celery import Task
from django.db import transaction
from kombu.exceptions import OperationalError

# Seconds before each further try of a send the broker refused (see `_send`): seven in all,
# longer than Redis takes to restart.
RESEND_AFTER = (1.0, 2.0, 4.0)


def enqueue(task: Task, *ids: int) -> None:
    """Queue `task` once the current transaction commits, so the worker finds its rows.

    Task arguments are ids only; the task loads fresh objects itself.
    """
    transaction.on_commit(lambda: _send(task, ids))


def _send(task: Task, ids: tuple[int, ...]) -> None:
    # Sending already retries for about ten seconds (CELERY_TASK_PUBLISH_RETRY_POLICY), but
    # kombu gives up at once when the broker refuses just after it reconnected, which happens
    # while Redis restarts (bench/faults.py). A few more rounds, seconds apart, before failing.
    for wait in RESEND_AFTER:
        try:
            task.delay(*ids)
        except OperationalError:
            time.sleep(wait)
        else:
            return
    task.delay(*ids)
