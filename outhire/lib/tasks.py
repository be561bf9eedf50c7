from __future__ import annotations

from celery import Task
from django.db import transaction


def enqueue(task: Task, *ids: int) -> None:
    """Queue `task` once the current transaction commits, so the worker finds its rows.

    Task arguments are ids only; the task loads fresh objects itself.
    """
    transaction.on_commit(lambda: task.delay(*ids))
