from __future__ import annotations

from django.core.management.base import BaseCommand

from outhire.accounts.tasks import purge_stale_security_records
from outhire.candidates.tasks import purge_import_files


class Command(BaseCommand):
    help = "Run the periodic jobs once (for cron, where Celery beat is not used)."

    def handle(self, *args, **options) -> None:
        for job in (purge_stale_security_records, purge_import_files):
            result = job()
            self.stdout.write(f"{job.name}: {result}")
