"""`outhire screening-profiles [--all]`: build the matcher's stored feature rows.

By default only the rows that are missing, marked stale by a change, or of an older features
version; `--all` rebuilds every active candidate's row (after a matcher upgrade, say).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from outhire.candidates.models import Candidate
from outhire.screening import profiles

CHUNK = 2_000


class Command(BaseCommand):
    help = "Build the matcher's stored feature rows of the talent network."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="rebuild every row")

    def handle(self, *args, **options) -> None:
        started = time.perf_counter()
        if options["all"]:
            ids = list(Candidate.objects.active().values_list("pk", flat=True))
        else:
            ids = list(profiles.outdated_ids())
        for start in range(0, len(ids), CHUNK):
            profiles.refresh(ids[start : start + CHUNK])
        self.stdout.write(
            f"{len(ids)} screening profiles built in {time.perf_counter() - started:.1f} s "
            f"(features {profiles.FEATURES_VERSION})"
        )
