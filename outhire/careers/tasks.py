"""Celery tasks of the careers app, found by the worker's autodiscovery (it imports `tasks`).

The apply flow keeps its tasks in apply/tasks.py; importing them here registers them with
every worker, not only with the web processes that queue them.
"""

from __future__ import annotations

from outhire.careers.apply.tasks import (  # noqa: F401 (registered by import)
    purge_apply_uploads,
    read_resume_text,
    send_apply_confirmation,
)
