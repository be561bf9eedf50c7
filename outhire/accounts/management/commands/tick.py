from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Run every periodic job once (for cron, where Celery beat is not used)."

    def handle(self, *args, **options) -> None:
        from outhire.celery import app

        app.loader.import_default_modules()  # every app's tasks module, as a worker does
        # The same list Celery beat runs, so the two ways of scheduling never drift apart.
        for entry in settings.CELERY_BEAT_SCHEDULE.values():
            task = app.tasks[entry["task"]]
            self.stdout.write(f"{task.name}: {task()}")
