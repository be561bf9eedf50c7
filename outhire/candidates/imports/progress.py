"""What a run has done so far: its counts, the rows it refused and why, possible duplicates.

Saved with each chunk, in the chunk's transaction (`run.Run.save_progress`), so what the job
says is exactly what was imported, and a run cut off part way carries on from there.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext, pgettext

from outhire.candidates.imports.rows import Row
from outhire.candidates.models import ImportJob

OUTCOMES = ("created", "updated", "skipped")
STOPPED = "Stopped"


class Progress:
    def __init__(self, job: ImportJob) -> None:
        # A run that carries on after an earlier one was cut off starts from its counts.
        self.errors: list[dict] = list(job.errors)
        self.errors_dropped = job.errors_dropped
        self.errors_changed = False
        self.duplicates: list[dict] = list(job.duplicates)
        self.duplicates_dropped = job.duplicates_dropped
        self.duplicates_changed = False
        self.processed, self.created, self.updated = job.processed, job.created, job.updated
        self.skipped, self.failed = job.skipped, job.failed

    def error(self, row: int, where: str, reason: str) -> None:
        self.errors_changed = True
        if len(self.errors) < ImportJob.MAX_ERRORS:
            self.errors.append({"row": row, "field": where, "reason": reason})
        else:
            self.errors_dropped += 1

    def possible_duplicate(self, entry: dict) -> None:
        self.duplicates_changed = True
        if len(self.duplicates) < ImportJob.MAX_ERRORS:
            self.duplicates.append(entry)
        else:
            self.duplicates_dropped += 1

    def refuse(self, row: Row) -> None:
        for where, reason in row.errors:
            self.error(row.number, where, reason)
        self.failed += 1

    def count(self, outcome: str) -> None:
        """One more row created, updated or skipped."""
        setattr(self, outcome, getattr(self, outcome) + 1)

    def sort_errors_since(self, first: int) -> None:
        # Problems are found in several passes; the report lists them by row.
        self.errors[first:] = sorted(self.errors[first:], key=lambda e: e["row"])

    def fields(self, *, final: bool = False) -> dict[str, Any]:
        """The job's fields to save: the counts, and the report when it changed (or at the end)."""
        counts: dict[str, Any] = {
            "processed": self.processed,
            "created": self.created,
            "updated": self.updated,
            "skipped": self.skipped,
            "failed": self.failed,
        }
        if self.errors_changed or final:
            counts |= {"errors": self.errors, "errors_dropped": self.errors_dropped}
            self.errors_changed = False
        if self.duplicates_changed or final:
            counts |= {"duplicates": self.duplicates, "duplicates_dropped": self.duplicates_dropped}
            self.duplicates_changed = False
        return counts


def stopped_message(job: ImportJob, processed: int, why: str) -> str:
    """What the import page says of a run cut off part way, and what to do about it."""
    if job.dry_run:
        return (
            f"{STOPPED} {why} after {processed:,} of {job.total:,} rows; nothing was stored. "
            "Continue it to check the file again from the start."
        )
    return (
        f"{STOPPED} {why} after {processed:,} of {job.total:,} rows; those rows were imported. "
        "Continue it: rows already imported are not added twice."
    )


def import_errors_csv_rows(job: ImportJob) -> list[list]:
    """The error report as rows of a CSV file, header first."""
    header = [
        pgettext("import report column", "row"),
        pgettext("import report column", "field"),
        pgettext("import report column", "reason"),
    ]
    # A reason is stored in English; one without particulars reads in the user's language.
    return [header] + [
        [e["row"], e["field"], gettext(e["reason"]) if e["reason"] else ""] for e in job.errors
    ]
