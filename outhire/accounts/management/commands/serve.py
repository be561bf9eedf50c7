from __future__ import annotations

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Serve Outhire: gunicorn in production, Django's development server otherwise."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--bind", default=os.environ.get("OUTHIRE_BIND", "127.0.0.1:8000"))
        parser.add_argument("--workers", type=int, default=int(os.environ.get("WEB_WORKERS", 3)))

    def handle(self, *args, bind: str, workers: int, **options) -> None:
        if not settings.PRODUCTION:
            call_command("runserver", bind, use_reloader=False)
            return
        call_command("collectstatic", interactive=False, verbosity=0)
        argv = [
            sys.executable,
            "-m",
            "gunicorn",
            "outhire.wsgi",
            "--bind",
            bind,
            "--workers",
            str(workers),
            "--access-logfile",
            "-",
        ]
        os.execv(sys.executable, argv)  # noqa: S606 (replaces this process by design)
