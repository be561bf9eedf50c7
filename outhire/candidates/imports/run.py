"""Running an import: the file read in chunks, each chunk decided and written in one transaction.

The `run_import` task calls `import_run`, which reads the file and, for each chunk:

1. cleans every row (`rows`) and checks the resume each row names;
2. finds who each row is about (`identity`, with the evidence of `matching`);
3. writes the chunk (`writing`) and the run's progress (`progress`) in one transaction.

A run writes a heartbeat as it goes; one whose worker died is marked failed (`import_fail_stale`)
and can be continued after the rows it imported (`import_continue`).
"""

from __future__ import annotations

import logging
import time
import traceback
from datetime import timedelta
from itertools import islice

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.candidates.imports.identity import People
from outhire.candidates.imports.matching import Evidence
from outhire.candidates.imports.progress import OUTCOMES, STOPPED, Progress, stopped_message
from outhire.candidates.imports.resume_zip import ResumeZip
from outhire.candidates.imports.rows import (
    ImportFileError,
    Row,
    count_rows,
    csv_rows,
    decode_as,
    json_resume_rows,
    load_json_resumes,
)
from outhire.candidates.imports.uploads import delete_files
from outhire.candidates.imports.writing import ChunkWriter, analyse_tables
from outhire.candidates.models import ImportJob

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500  # rows per transaction; progress is saved with each chunk
RESUME_CHUNK_SIZE = 50  # with a zip of resumes, each read within the chunk's transaction
# A running import writes a heartbeat with each chunk, and at least this often between;
# one silent for STALE_AFTER is taken for dead (import_fail_stale, every ten minutes).
BEAT_EVERY = timedelta(seconds=30)
STALE_AFTER = timedelta(minutes=30)


def import_run(*, job: ImportJob) -> ImportJob:
    """Run a queued import to the end: done, or failed with a message; never raises.

    Idempotent: a job already claimed by another worker (or finished) is left alone. A job
    continued after a run was cut off carries on after the rows that run imported.
    """
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING,
        started_at=now,
        heartbeat_at=now,
        attempt=F("attempt") + 1,
    )
    job.refresh_from_db()
    if not claimed:
        return job
    run = Run(job)
    try:
        run.go()
        job.status = ImportJob.Status.DONE
    except CutOff:
        job.refresh_from_db()
        return job
    except ImportFileError as error:
        job.status = ImportJob.Status.FAILED
        job.message = str(error)[:500]
    except Exception as error:  # noqa: BLE001 - a run must end, whatever broke
        # Type and place only: an exception's message may quote the data being imported.
        frame = traceback.extract_tb(error.__traceback__)[-1]
        logger.error(
            "Import #%s stopped by %s at %s:%s",
            job.pk,
            type(error).__name__,
            frame.filename,
            frame.lineno,
        )
        job.status = ImportJob.Status.FAILED
        job.message = stopped_message(job, run.progress.processed, "because of an unexpected error")
    finally:
        run.close()
    try:
        run.save_progress(job, final=True)
    except CutOff:
        job.refresh_from_db()
        return job
    job.finished_at = timezone.now()
    # A dry run's upload is kept to import it for real; an upload cut off part way, to
    # continue it. Either for a day (import_purge_files).
    keep = (job.dry_run and job.status == ImportJob.Status.DONE) or (
        job.status == ImportJob.Status.FAILED and job.message.startswith(STOPPED)
    )
    fields = {"status": job.status, "message": job.message, "finished_at": job.finished_at}
    if not _own(job).update(**fields if keep else fields | {"file": "", "resumes": ""}):
        job.refresh_from_db()
        return job
    if not keep:
        delete_files(job)
    audit.record(
        "candidates.imported",
        actor=job.created_by,
        obj=job,
        changes={
            "kind": job.kind,
            "dry_run": job.dry_run,
            "status": job.status,
            "total": job.total,
            "created": job.created,
            "updated": job.updated,
            "skipped": job.skipped,
            "failed": job.failed,
        },
    )
    return job


def _own(job: ImportJob):
    """The job's row while this run still holds it: running, and not taken up again since."""
    return ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.RUNNING, attempt=job.attempt)


def import_fail_stale(*, now=None) -> int:
    """Mark failed the runs whose heartbeat stopped: their worker died (killed, out of memory,
    the machine restarted) and they would otherwise show "running" forever.

    Nothing of them is lost: each chunk's rows and progress were saved together, so the run
    can be continued from the row it stopped at (`import_continue`), for a day.
    """
    now = now or timezone.now()
    stale = ImportJob.objects.filter(
        status=ImportJob.Status.RUNNING, heartbeat_at__lt=now - STALE_AFTER
    )
    count = 0
    for job in stale:
        message = stopped_message(job, job.processed, "unexpectedly (its worker stopped answering)")
        # Conditional: a run that beats again meanwhile keeps its job.
        marked = ImportJob.objects.filter(
            pk=job.pk,
            status=ImportJob.Status.RUNNING,
            attempt=job.attempt,
            heartbeat_at__lt=now - STALE_AFTER,
        ).update(status=ImportJob.Status.FAILED, message=message, finished_at=now)
        if marked:
            count += 1
            logger.warning(
                "Import #%s marked failed: no heartbeat since %s", job.pk, job.heartbeat_at
            )
            audit.record(
                "candidates.imported",
                actor=job.created_by,
                obj=job,
                changes={"status": "failed", "stale": True, "processed": job.processed},
            )
    return count


def import_continue(*, job: ImportJob, by: User) -> ImportJob:
    """Queue a run cut off part way again; it carries on after the rows already imported.

    A dry run stored nothing, so it is checked again from the start.
    """
    from outhire.candidates.imports.tasks import run_import
    from outhire.lib.tasks import enqueue

    fields = {"status": ImportJob.Status.PENDING, "message": "", "finished_at": None}
    if job.dry_run:
        fields |= {
            "processed": 0, "created": 0, "updated": 0, "skipped": 0, "failed": 0,
            "errors": [], "errors_dropped": 0, "duplicates": [], "duplicates_dropped": 0,
        }  # fmt: skip
    taken = (
        ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.FAILED)
        .exclude(started_at=None)
        .exclude(file="")
        .update(**fields)
    )
    if not taken:
        raise ValidationError(
            _(
                "This import cannot be continued: it is not stopped part way, or its upload was "
                "deleted (uploads are kept for a day). Upload the file again: rows already "
                "imported are not added twice."
            ),
            code="invalid",
        )
    job.refresh_from_db()
    enqueue(run_import, job.pk)
    return job


class CutOff(Exception):
    """The job was taken from this run: marked failed as stale, or continued by another run."""


class Run:
    """One run of a job: reads its file chunk by chunk; `People` decide, `ChunkWriter` writes."""

    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.progress = Progress(job)
        self.evidence = Evidence(job)
        self.zip: ResumeZip | None = None
        self.zip_file = None
        self.last_beat = time.monotonic()

    def save_progress(self, job: ImportJob, *, final: bool = False) -> None:
        """Counts, report and heartbeat; in the transaction of the chunk they count, so that
        what is saved is exactly what was imported, and a run can carry on from there."""
        counts = self.progress.fields(final=final)
        counts["heartbeat_at"] = timezone.now()
        if not _own(job).update(**counts):
            raise CutOff
        self.last_beat = time.monotonic()
        for name, value in counts.items():
            setattr(job, name, value)

    def beat(self) -> None:
        """Say the run is alive, during long work between chunks (resumes, a huge file)."""
        if time.monotonic() - self.last_beat < BEAT_EVERY.total_seconds():
            return
        if not _own(self.job).update(heartbeat_at=timezone.now()):
            raise CutOff
        self.last_beat = time.monotonic()

    def close(self) -> None:
        if self.zip_file is not None:
            self.zip_file.close()

    def go(self) -> None:
        job = self.job
        with job.file.open("rb") as handle:
            data = handle.read()
        if job.kind == ImportJob.Kind.CSV:
            text = decode_as(data, job.encoding)
            del data
            total = count_rows(text, job.delimiter)
            rows = csv_rows(text, job.delimiter, job.mapping)
        else:
            resumes = load_json_resumes(data)
            total, rows = len(resumes), json_resume_rows(resumes)
        ImportJob.objects.filter(pk=job.pk).update(total=total)
        job.total = total
        self.beat()
        if job.resumes:
            self.zip_file = job.resumes.open("rb")
            self.zip = ResumeZip(self.zip_file)
        self.people = People(
            job, progress=self.progress, evidence=self.evidence, resumes=self.zip, beat=self.beat
        )
        self.writer = ChunkWriter(job, progress=self.progress, resumes=self.zip)
        if self.progress.processed:
            # Carrying on after a run that was cut off: its rows are imported (the progress
            # was saved in the same transaction as each chunk), so they are passed over.
            rows = islice(rows, self.progress.processed, None)
        # A chunk is one transaction: with resumes to read, a short one, so the heartbeat
        # between chunks keeps well inside STALE_AFTER.
        size = min(CHUNK_SIZE, RESUME_CHUNK_SIZE) if self.zip else CHUNK_SIZE
        analyse_at = CHUNK_SIZE
        while chunk := list(islice(rows, size)):
            self.chunk(chunk)
            if self.progress.processed >= analyse_at and not job.dry_run:
                analyse_at *= 4
                analyse_tables()

    def chunk(self, rows: list[Row]) -> None:
        progress = self.progress
        first_error = len(progress.errors)
        targets, outcomes, pending = self.people.decide(rows)
        with transaction.atomic():
            lost = set()
            if not self.job.dry_run:
                lost = self.writer.write([t for t in targets if t.is_new or t.has_changes])
            for outcome, target in outcomes:
                if target is not None and target in lost:
                    progress.failed += 1
                elif outcome in OUTCOMES:
                    progress.count(outcome)
            self.people.settle(targets, pending, lost)
            progress.sort_errors_since(first_error)
            progress.processed += len(rows)
            self.save_progress(self.job)
