from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run a Celery worker (with --beat, also the periodic scheduler)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--beat", action="store_true", help="also run Celery beat")
        parser.add_argument("--concurrency", type=int, default=0, help="worker processes")
        parser.add_argument("--loglevel", default="info")

    def handle(self, *args, beat: bool, concurrency: int, loglevel: str, **options) -> None:
        if not settings.CELERY_BROKER_URL:
            raise CommandError(
                "CELERY_BROKER_URL is not set: tasks already run inside the web process. "
                "Set it (e.g. redis://127.0.0.1:6379/0) to run a worker."
            )
        from outhire.celery import app

        argv = ["worker", f"--loglevel={loglevel}"]
        if beat:
            argv.append("--beat")
        if concurrency:
            argv.append(f"--concurrency={concurrency}")
        app.worker_main(argv)
