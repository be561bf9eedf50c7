"""The Celery application. Configured from Django settings (CELERY_*), tasks found in each app."""

from __future__ import annotations

import os

from celery import Celery, Task

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "outhire.settings")


class UnscopedTask(Task):
    """Every task runs `unscoped()`: it acts for the provider, loading its rows by id.

    Also when run eagerly inside a request, so a task reads the same rows in the demo (eager)
    as on a worker, whoever's request queued it.
    """

    def __call__(self, *args, **kwargs):
        from outhire.lib.scopes import unscoped
        from outhire.ops.signals import task_run

        # Under the request id of whoever queued it, timed for /metrics (docs/operations.md).
        with unscoped(), task_run(self):
            return super().__call__(*args, **kwargs)


app = Celery("outhire", task_cls=UnscopedTask)
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
