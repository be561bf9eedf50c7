from __future__ import annotations

import time

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Rebuild the analytics daily aggregates and facts from the raw events."

    def handle(self, *args, **options) -> None:
        from outhire.analytics.aggregates import aggregates_rebuild

        started = time.perf_counter()
        n = aggregates_rebuild()
        took = time.perf_counter() - started
        self.stdout.write(f"Rebuilt the aggregates of {n} requisition(s) in {took:.1f} s.")
