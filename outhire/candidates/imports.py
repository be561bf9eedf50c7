"""Importing candidates from another system: upload, column mapping, the run, and clean-up.

`import_create` checks an upload and keeps it as a draft `ImportJob`; `import_start` fixes the
mapping and queues the run; the `run_import` task calls `import_run`, which reads the file in
chunks and, for each chunk:

1. cleans every row (`import_rows`) and checks the resume each row names;
2. finds who each row is about (`import_matching`), with one query per kind of evidence for
   the whole chunk; a shared phone number joins a row to a person only when the names agree
   and the ids do not differ; otherwise the row is a new candidate and a possible duplicate;
3. writes the chunk and the run's progress in one transaction: new candidates and their
   contact points, tags, notes and timeline entries in bulk; for a known person, only what is
   new (blank fields, another e-mail, a tag, a resume), so importing the same file twice adds
   nobody and nothing.

A row with a problem is refused whole, before its chunk is written. If the database refuses a
chunk anyway, its people are written again one at a time, each in its own savepoint. A run
writes a heartbeat as it goes; one whose worker died is marked failed (`import_fail_stale`)
and can be continued after the rows it imported (`import_continue`).
"""

from __future__ import annotations

import io
import logging
import re
import time
import traceback
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import timedelta
from itertools import islice
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import DatabaseError, connection, transaction
from django.db.models import F, Q
from django.db.models.functions import Length
from django.utils import timezone

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.candidates import services
from outhire.candidates.files import ZIP_MAX_RATIO, ZIP_RATIO_FLOOR, DocumentError
from outhire.candidates.import_matching import ERASED, Earlier, Evidence
from outhire.candidates.import_rows import (
    ImportFileError,
    Row,
    count_rows,
    csv_rows,
    decode_as,
    guess_mapping,
    json_resume_rows,
    load_json_resumes,
    mapping_problems,
    preview,
)
from outhire.candidates.models import (
    Candidate,
    ContactPoint,
    Document,
    ImportJob,
    Note,
    ProfileEntry,
    Tag,
    TimelineEvent,
    linkedin_handle,
)
from outhire.candidates.reading import read_document

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500  # rows per transaction; progress is saved with each chunk
RESUME_CHUNK_SIZE = 50  # with a zip of resumes, each read within the chunk's transaction
KEEP_FILES_FOR = timedelta(days=1)  # a dry run's upload (to import it for real), or a cut run's
# A running import writes a heartbeat with each chunk, and at least this often between;
# one silent for STALE_AFTER is taken for dead (import_fail_stale, every ten minutes).
BEAT_EVERY = timedelta(seconds=30)
STALE_AFTER = timedelta(minutes=30)
RESUME_ZIP_MAX_MEMBERS = 100_000
# The fields whose words full-text search reads (see Candidate.search_text_from)
SEARCHED_FIELDS = {"first_name", "last_name", "current_title", "current_employer", "location"}
SEARCHED_FIELDS |= {"summary"}
MB = 1024 * 1024
# What a row may fill on a known candidate, and what saving and re-indexing it read
LOADED_FIELDS = [
    "first_name",
    "last_name",
    "location",
    "current_title",
    "current_employer",
    "linkedin_url",
    "github_url",
    "portfolio_url",
    "source",
    "source_detail",
    "summary",
    "external_ref",
]


def max_import_bytes() -> int:
    return settings.OUTHIRE_MAX_IMPORT_MB * MB


def max_document_bytes() -> int:
    return settings.OUTHIRE_MAX_UPLOAD_MB * MB


def _megabytes(size: int) -> str:
    return f"{size / MB:.1f}".rstrip("0").rstrip(".") + " MB"


def source_system_slug(name: str) -> str:
    """ "Bullhorn ATS" -> "bullhorn-ats": the prefix of the external refs from that system."""
    return re.sub(r"[^a-z0-9._-]+", "-", name.strip().casefold()).strip("-")[:40]


# --- The zip of resumes --------------------------------------------------------------------


class ResumeZipError(ImportFileError):
    """The zip of resumes (not the main file) cannot be used."""


class ResumeZip:
    """The zip of resumes uploaded beside a CSV: members found by file name, read with a cap.

    Rows name files by their name alone; folders inside the zip do not matter, and case does
    not either. A name two members share is ambiguous, and refused for the rows that use it.
    """

    def __init__(self, fileobj) -> None:
        try:
            self.zip = zipfile.ZipFile(fileobj)
            infos = [info for info in self.zip.infolist() if not info.is_dir()]
        except (zipfile.BadZipFile, OSError, ValueError, EOFError):
            raise ResumeZipError(
                "The resumes file is not a readable zip archive. Zip the resume files and upload "
                "the .zip file."
            ) from None
        if len(infos) > RESUME_ZIP_MAX_MEMBERS:
            raise ResumeZipError(
                f"The zip of resumes holds {len(infos):,} files; at most "
                f"{RESUME_ZIP_MAX_MEMBERS:,} can be imported at once."
            )
        self.by_name: dict[str, zipfile.ZipInfo | None] = {}
        for info in infos:
            key = self.key(info.filename)
            self.by_name[key] = None if key in self.by_name else info

    @staticmethod
    def key(name: str) -> str:
        return PurePosixPath(name.replace("\\", "/")).name.casefold()

    def read(self, name: str, *, max_bytes: int) -> tuple[bytes, str]:
        """(content, file name) of the member called `name`, or DocumentError saying why not."""
        key = self.key(name)
        if key not in self.by_name:
            raise DocumentError("No file of this name is in the zip of resumes.")
        info = self.by_name[key]
        if info is None:
            raise DocumentError("Two files in the zip of resumes have this name; rename one.")
        if info.flag_bits & 0x1:
            raise DocumentError("This file is password-protected inside the zip.")
        if info.file_size > max_bytes:
            raise DocumentError(
                f"The file is {_megabytes(info.file_size)}, larger than the "
                f"{_megabytes(max_bytes)} limit."
            )
        if info.file_size > ZIP_RATIO_FLOOR and info.file_size > ZIP_MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise DocumentError(
                f"This file expands more than {ZIP_MAX_RATIO} times when unpacked; it was "
                "refused as a possible zip bomb."
            )
        try:
            with self.zip.open(info) as handle:
                # Never more than the limit, whatever the member's header claims.
                data = handle.read(max_bytes + 1)
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error, NotImplementedError):
            raise DocumentError(
                "This file could not be unpacked from the zip (damaged?)."
            ) from None
        if len(data) > max_bytes:
            raise DocumentError(
                "This file unpacks to more than its header says; it was refused as a possible "
                "zip bomb."
            )
        return data, PurePosixPath(info.filename.replace("\\", "/")).name


# --- Upload, mapping, start ------------------------------------------------------------------


def import_create(
    *,
    by: User,
    data: bytes,
    file_name: str,
    resumes: bytes | None = None,
    resumes_name: str = "",
    source_system: str = "",
) -> ImportJob:
    """Check an uploaded file (and zip of resumes) and keep it as a draft import.

    A CSV file's encoding, delimiter and columns are read now, and a mapping guessed from the
    column names. Raises ImportFileError, with a sentence for the uploader, for a file that
    cannot be imported at all.
    """
    import_purge_files()
    limit = max_import_bytes()
    for label, size, error in (
        ("The file", len(data), ImportFileError),
        ("The zip of resumes", len(resumes or b""), ResumeZipError),
    ):
        if size > limit:
            raise error(
                f"{label} is {_megabytes(size)}, larger than the {_megabytes(limit)} limit for "
                "imports. Split it into smaller files."
            )
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    is_json = file_name.casefold().endswith(".json") or start in (b"{", b"[")
    job = ImportJob(
        created_by=by,
        kind=ImportJob.Kind.JSON_RESUME if is_json else ImportJob.Kind.CSV,
        file_name=_display_name(file_name) or "upload",
        source_system=source_system_slug(source_system),
    )
    if is_json:
        if resumes:
            raise ResumeZipError(
                "A zip of resumes goes with a CSV file whose rows name the files; a JSON Resume "
                "file holds the resumes itself."
            )
        if not load_json_resumes(data):
            raise ImportFileError("The file holds an empty list: there are no resumes in it.")
    else:
        found = preview(data)
        job.encoding, job.delimiter, job.header = found.encoding, found.delimiter, found.header
        job.mapping = guess_mapping(found.header)
        if not resumes:
            job.mapping = ["" if m == "resume" else m for m in job.mapping]
    if resumes is not None:
        if not resumes:
            raise ResumeZipError("The zip of resumes is empty (0 bytes). Choose it again.")
        ResumeZip(io.BytesIO(resumes))
        job.resumes_name = _display_name(resumes_name) or "resumes.zip"
    stored = []
    try:
        job.file.save("upload", ContentFile(data), save=False)
        stored.append(job.file.name)
        if resumes:
            job.resumes.save("resumes", ContentFile(resumes), save=False)
            stored.append(job.resumes.name)
        job.save()
    except BaseException:
        for name in stored:
            job.file.storage.delete(name)
        raise
    return job


def _display_name(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    return "".join(ch for ch in name if ch.isprintable()).strip()[:255]


def import_start(
    *,
    job: ImportJob,
    by: User,
    dry_run: bool,
    mapping: list[str] | None = None,
    source_system: str | None = None,
) -> ImportJob:
    """Fix the mapping of a draft import and queue its run (a dry run stores nothing).

    Raises ValidationError (field "mapping" or "source_system") when the mapping cannot work.
    """
    from outhire.candidates.tasks import run_import
    from outhire.lib.tasks import enqueue

    import_prepare(job=job, by=by, dry_run=dry_run, mapping=mapping, source_system=source_system)
    enqueue(run_import, job.pk)
    return job


def import_prepare(
    *,
    job: ImportJob,
    by: User,
    dry_run: bool,
    mapping: list[str] | None = None,
    source_system: str | None = None,
) -> ImportJob:
    """Check and fix the mapping of a draft import and mark it ready to run (`import_run`)."""
    if job.status != ImportJob.Status.DRAFT:
        raise ValidationError("This import has already been started.", code="invalid")
    if source_system is not None:
        job.source_system = source_system_slug(source_system)
    if job.kind == ImportJob.Kind.CSV:
        mapping = list(job.mapping if mapping is None else mapping)
        problems = mapping_problems(mapping, len(job.header))
        if "resume" in mapping and not job.resumes:
            problems.append(
                "A column is mapped to resume file names, but no zip of resumes was uploaded."
            )
        if problems:
            raise ValidationError({"mapping": problems}, code="invalid")
        if "external_id" in mapping and not job.source_system:
            raise ValidationError(
                {
                    "source_system": "Name the system the ids come from (e.g. Bullhorn), so they "
                    "are not mistaken for another system's ids."
                },
                code="required",
            )
        job.mapping = mapping
    job.dry_run = dry_run
    job.status = ImportJob.Status.PENDING
    job.save(update_fields=["mapping", "source_system", "dry_run", "status"])
    return job


def import_apply(*, job: ImportJob, by: User) -> ImportJob:
    """Import for real what a finished dry run checked: same upload, same mapping."""
    from outhire.candidates.tasks import run_import
    from outhire.lib.tasks import enqueue

    # Taking the file over in one UPDATE: a double click starts one import, not two.
    taken = (
        ImportJob.objects.filter(pk=job.pk, dry_run=True, status=ImportJob.Status.DONE)
        .exclude(file="")
        .update(file="", resumes="")
    )
    if not taken:
        raise ValidationError(
            "This dry run can no longer be imported: it was imported already, or its upload "
            "was deleted (uploads are kept for a day). Upload the file again.",
            code="invalid",
        )
    new = ImportJob.objects.create(
        created_by=by,
        kind=job.kind,
        dry_run=False,
        status=ImportJob.Status.PENDING,
        file=job.file.name,
        file_name=job.file_name,
        resumes=job.resumes.name,
        resumes_name=job.resumes_name,
        source_system=job.source_system,
        encoding=job.encoding,
        delimiter=job.delimiter,
        header=job.header,
        mapping=job.mapping,
        repeats=job,
    )
    enqueue(run_import, new.pk)
    return new


def import_purge_files(*, now=None) -> int:
    """Delete uploads nobody will run any more: dry runs, runs cut off part way and drafts,
    a day after they finished (or, for drafts, were uploaded)."""
    cutoff = (now or timezone.now()) - KEEP_FILES_FOR
    stale = ImportJob.objects.filter(
        Q(status=ImportJob.Status.DONE, dry_run=True, finished_at__lt=cutoff)
        | Q(status=ImportJob.Status.FAILED, finished_at__lt=cutoff)
        | Q(status=ImportJob.Status.DRAFT, created_at__lt=cutoff)
    ).exclude(file="")
    count = 0
    for job in stale:
        _delete_files(job)
        fields = ["file", "resumes"]
        if job.status == ImportJob.Status.DRAFT:
            job.status = ImportJob.Status.FAILED
            job.message = "Never started: its columns were not confirmed within a day."
            job.finished_at = timezone.now()
            fields += ["status", "message", "finished_at"]
        job.save(update_fields=fields)
        count += 1
    return count


def _delete_files(job: ImportJob) -> None:
    for stored in (job.file, job.resumes):
        if stored:
            stored.delete(save=False)


def import_preview_rows(job: ImportJob, rows: int = 5) -> list[list[str]]:
    """The first rows of a draft CSV import, for the mapping page."""
    from outhire.candidates.import_rows import PREVIEW_BYTES, sample_rows

    with job.file.open("rb") as handle:
        head = handle.read(PREVIEW_BYTES * 4)
    text = decode_as(head, job.encoding)
    return sample_rows(text, job.delimiter, len(job.header), rows)


# --- The run -----------------------------------------------------------------------------------


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
    run = _Run(job)
    try:
        run.go()
        job.status = ImportJob.Status.DONE
    except _CutOff:
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
        job.message = _stopped_message(job, run.processed, "because of an unexpected error")
    finally:
        run.close()
    try:
        run.save_progress(job, final=True)
    except _CutOff:
        job.refresh_from_db()
        return job
    job.finished_at = timezone.now()
    # A dry run's upload is kept to import it for real; an upload cut off part way, to
    # continue it. Either for a day (import_purge_files).
    keep = (job.dry_run and job.status == ImportJob.Status.DONE) or (
        job.status == ImportJob.Status.FAILED and job.message.startswith(_STOPPED)
    )
    fields = {"status": job.status, "message": job.message, "finished_at": job.finished_at}
    if not _own(job).update(**fields if keep else fields | {"file": "", "resumes": ""}):
        job.refresh_from_db()
        return job
    if not keep:
        _delete_files(job)
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


_STOPPED = "Stopped"


def _stopped_message(job: ImportJob, processed: int, why: str) -> str:
    """What the import page says of a run cut off part way, and what to do about it."""
    if job.dry_run:
        return (
            f"{_STOPPED} {why} after {processed:,} of {job.total:,} rows; nothing was stored. "
            "Continue it to check the file again from the start."
        )
    return (
        f"{_STOPPED} {why} after {processed:,} of {job.total:,} rows; those rows were imported. "
        "Continue it: rows already imported are not added twice."
    )


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
        message = _stopped_message(
            job, job.processed, "unexpectedly (its worker stopped answering)"
        )
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
    from outhire.candidates.tasks import run_import
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
            "This import cannot be continued: it is not stopped part way, or its upload was "
            "deleted (uploads are kept for a day). Upload the file again: rows already "
            "imported are not added twice.",
            code="invalid",
        )
    job.refresh_from_db()
    enqueue(run_import, job.pk)
    return job


@dataclass(eq=False)
class _Target:
    """One person a chunk writes to: a new candidate, or an existing one and what is new."""

    candidate: Candidate
    is_new: bool
    rows: list[int] = field(default_factory=list)
    keys: set[tuple] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)
    points: list[tuple[str, str, str]] = field(default_factory=list)  # kind, value, index
    known_points: set[tuple[str, str]] = field(default_factory=set)
    kinds: set[str] = field(default_factory=set)  # kinds of contact point it already has
    tags: list[str] = field(default_factory=list)
    known_tags: set[str] = field(default_factory=set)
    notes: list[str] = field(default_factory=list)
    known_notes: set[str] = field(default_factory=set)
    resumes: list[tuple[int, str]] = field(default_factory=list)  # row, file name in the zip
    known_shas: set[str] = field(default_factory=set)
    profiles: list[dict] = field(default_factory=list)
    known_profile_keys: set[str] = field(default_factory=set)
    has_address: bool = False

    def absorb(self, row: Row, ref: str, sha: str) -> bool:
        """Take what the row adds to this person; True when it adds anything."""
        changed = False
        candidate = self.candidate
        for name, value in row.values.items():
            blank = not self.has_address if name == "address" else not getattr(candidate, name)
            if value and blank and name != "source":
                setattr(candidate, name, value)
                self.fields.add(name)
                changed = True
                if name == "address":
                    self.has_address = True
        if ref and not candidate.external_ref:
            candidate.external_ref = ref
            self.fields.add("external_ref")
            changed = True
        for kind, values in (
            (ContactPoint.Kind.EMAIL, row.emails),
            (ContactPoint.Kind.PHONE, row.phones),
        ):
            for value in values:
                index = ContactPoint.index_of(kind, value)
                if (kind, index) not in self.known_points:
                    self.known_points.add((kind, index))
                    self.points.append((kind, value, index))
                    changed = True
        for tag in row.tags:
            if tag.casefold() not in self.known_tags:
                self.known_tags.add(tag.casefold())
                self.tags.append(tag)
                changed = True
        for note in row.notes:
            if note not in self.known_notes:
                self.known_notes.add(note)
                self.notes.append(note)
                changed = True
        if sha and sha not in self.known_shas:
            self.known_shas.add(sha)
            self.resumes.append((row.number, row.resume_file))
            changed = True
        if row.resume:
            # The keys a re-parse compares entries by (see services.profile_apply_resume)
            keys = {e.parsed_key for e in services._entries_from_resume(row.resume)}
            if keys - self.known_profile_keys:
                self.known_profile_keys |= keys
                self.profiles.append(row.resume)
                changed = True
        return changed


class _CutOff(Exception):
    """The job was taken from this run: marked failed as stale, or continued by another run."""


class _Run:
    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.by = job.created_by
        self.ref_prefix = f"{job.source_system}:" if job.source_system else ""
        self.evidence = Evidence(job)
        self.tags: dict[str, Tag] | None = None
        # A run that carries on after an earlier one was cut off starts from its counts.
        self.errors: list[dict] = list(job.errors)
        self.errors_dropped = job.errors_dropped
        self.errors_changed = False
        self.duplicates: list[dict] = list(job.duplicates)
        self.duplicates_dropped = job.duplicates_dropped
        self.duplicates_changed = False
        self.processed, self.created, self.updated = job.processed, job.created, job.updated
        self.skipped, self.failed = job.skipped, job.failed
        self.zip: ResumeZip | None = None
        self.zip_file = None
        self.last_beat = time.monotonic()

    # -- bookkeeping

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

    def save_progress(self, job: ImportJob, *, final: bool = False) -> None:
        """Counts, report and heartbeat; in the transaction of the chunk they count, so that
        what is saved is exactly what was imported, and a run can carry on from there."""
        counts = {
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
        counts["heartbeat_at"] = timezone.now()
        if not _own(job).update(**counts):
            raise _CutOff
        self.last_beat = time.monotonic()
        for name, value in counts.items():
            setattr(job, name, value)

    def beat(self) -> None:
        """Say the run is alive, during long work between chunks (resumes, a huge file)."""
        if time.monotonic() - self.last_beat < BEAT_EVERY.total_seconds():
            return
        if not _own(self.job).update(heartbeat_at=timezone.now()):
            raise _CutOff
        self.last_beat = time.monotonic()

    def close(self) -> None:
        if self.zip_file is not None:
            self.zip_file.close()

    # -- reading

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
        if self.processed:
            # Carrying on after a run that was cut off: its rows are imported (the progress
            # was saved in the same transaction as each chunk), so they are passed over.
            rows = islice(rows, self.processed, None)
        # A chunk is one transaction: with resumes to read, a short one, so the heartbeat
        # between chunks keeps well inside STALE_AFTER.
        size = min(CHUNK_SIZE, RESUME_CHUNK_SIZE) if self.zip else CHUNK_SIZE
        analyse_at = CHUNK_SIZE
        while chunk := list(islice(rows, size)):
            self.chunk(chunk)
            if self.processed >= analyse_at and not job.dry_run:
                analyse_at *= 4
                _analyse()

    # -- one chunk

    def chunk(self, rows: list[Row]) -> None:
        first_error = len(self.errors)
        targets, outcomes, pending = self.decide(rows)
        with transaction.atomic():
            lost = set()
            if not self.job.dry_run:
                lost = self.write([t for t in targets if t.is_new or self.has_changes(t)])
            for outcome, target in outcomes:
                if target is not None and target in lost:
                    self.failed += 1
                elif outcome in {"created", "updated", "skipped"}:
                    setattr(self, outcome, getattr(self, outcome) + 1)
            self.settle(targets, pending, lost)
            # Problems are found in several passes; the report lists them by row.
            self.errors[first_error:] = sorted(self.errors[first_error:], key=lambda e: e["row"])
            self.processed += len(rows)
            self.save_progress(self.job)

    def decide(self, rows: list[Row]) -> tuple[list[_Target], list, list]:
        """Who each row is about: (the people to write, each row's outcome, possible
        duplicates as (row number, the row's person, the person set aside, why))."""
        valid: list[tuple[Row, str, str]] = []  # row, external ref, resume sha256
        for row in rows:
            sha = self.check_resume(row) if not row.errors else ""
            if row.resume_file:
                self.beat()
            if row.errors:
                self.refuse(row)
            else:
                ref = f"{self.ref_prefix}{row.external_id}" if row.external_id else ""
                valid.append((row, ref, sha))
        evidence = self.evidence
        keys = [evidence.keys_of(row, ref) for row, ref, _ in valid]
        evidence.look_up({key for row_keys in keys for key in row_keys if key not in evidence.seen})
        targets: dict[int, _Target] = {}  # id() -> each target of this chunk, in order
        later = []  # rows for a person known before this row, once their records are loaded
        outcomes: list[tuple[str, _Target | None]] = []
        pending: list[tuple[int, object, object, str]] = []
        for (row, ref, sha), row_keys in zip(valid, keys, strict=True):
            found, aside = evidence.match(row, ref, row_keys)
            if ERASED in found:
                self.error(
                    row.number,
                    "",
                    "skipped: this person's data was erased in Outhire, so they are not "
                    "imported again",
                )
                outcomes.append(("skipped", None))
                continue
            if len(found) > 1:
                names = ", ".join(sorted(self.describe(t) for t in found))
                row.errors.append(
                    ("", f"matches more than one candidate ({names}); merge them first, or "
                     "correct the row")
                )  # fmt: skip
                self.refuse(row)
                continue
            target = next(iter(found), None)
            if target is None:
                if not row.values.get("first_name"):
                    row.errors.append(
                        (row.name_field, "is empty: a new candidate needs at least a first name")
                    )
                    self.refuse(row)
                    continue
                target = self.new_target(row, ref, sha)
                targets[id(target)] = target
                outcomes.append(("created", target))
            elif isinstance(target, Earlier):
                # A dry run's estimate: the row repeats a person of an earlier chunk.
                outcomes.append(("updated", None))
            else:
                later.append((row, ref, sha, target, len(outcomes)))
                outcomes.append(("", None))
            evidence.claim(target, row, ref)
            if outcomes[-1][0] == "created":
                # Set aside, and added beside them: a pair for a person to look at. (A row
                # that joins someone leaves the pairs there were; their pages list them.)
                pending += [(row.number, target, other, why) for other, why in aside.items()]
            if isinstance(target, _Target):
                target.keys |= row_keys
            evidence.point(row_keys, target)
        known = [t for *_, t, _ in later if isinstance(t, int)]
        loaded = self.load(known, any(row.notes for row, *_ in later))
        for row, ref, sha, target, position in later:
            if isinstance(target, int):
                if target not in loaded:
                    row.errors.append(("", "matches a candidate who was removed meanwhile"))
                    self.refuse(row)
                    outcomes[position] = ("refused", None)
                    continue
                target = loaded[target]
                targets.setdefault(id(target), target)
            target.rows.append(row.number)
            outcomes[position] = ("updated" if target.absorb(row, ref, sha) else "skipped", target)
        return list(targets.values()), outcomes, pending

    def settle(self, targets: list[_Target], pending: list, lost: set[_Target]) -> None:
        """After writing: new people are known by their id; possible duplicates are listed."""
        for number, mine, other, reason in pending:
            if mine in lost:
                continue  # the row is reported as not saved
            self.possible_duplicate(
                {
                    "row": number,
                    "candidate": _pk_of(mine),
                    "other": _pk_of(other),
                    "other_row": _row_of(other) if _pk_of(other) is None else None,
                    "reason": reason,
                }
            )
        for target in targets:
            if target.is_new:
                # Later chunks find these people by id, or (dry run) as people of this file.
                marker = Earlier(target.rows[0]) if self.job.dry_run else target.candidate.pk
                self.evidence.replace(target.keys, target, marker)

    @staticmethod
    def has_changes(target: _Target) -> bool:
        return bool(
            target.fields
            or target.points
            or target.tags
            or target.notes
            or target.resumes
            or target.profiles
        )

    def describe(self, target) -> str:
        if isinstance(target, int):
            return f"#{target}"
        if isinstance(target, _Target | Earlier) and _row_of(target):
            return f"the person of row {_row_of(target)}"
        return "another row"

    def check_resume(self, row: Row) -> str:
        """The SHA-256 of the resume the row names, after the same checks as an upload."""
        if not row.resume_file:
            return ""
        if self.zip is None:
            row.errors.append(("resume", "names a resume file, but no zip of resumes was uploaded"))
            return ""
        try:
            data, name = self.zip.read(row.resume_file, max_bytes=max_document_bytes())
            # The checks run in a child held to the reading limits, as for every upload.
            checked = read_document(
                data,
                name,
                max_bytes=max_document_bytes(),
                with_text=False,
                limits=services.read_limits(),
            )
            return checked.info.sha256
        except DocumentError as error:
            row.errors.append(("resume", str(error)))
            return ""

    def new_target(self, row: Row, ref: str, sha: str) -> _Target:
        candidate = Candidate(
            owner=self.by,
            source=row.values.get("source") or Candidate.Source.IMPORT,
        )
        target = _Target(candidate=candidate, is_new=True, rows=[row.number])
        target.absorb(row, ref, sha)
        if not candidate.source_detail and candidate.source == Candidate.Source.IMPORT:
            candidate.source_detail = self.job.source_system
        return target

    def load(self, ids: list[int], with_notes: bool) -> dict[int, _Target]:
        """The known candidates of a chunk, with what they have, to see what a row adds.

        Plain values, not prefetched objects: most rows of a re-import add nothing, and
        contact points are compared by blind index, so nothing is decrypted.
        """
        if not ids:
            return {}
        candidates = (
            Candidate.objects.filter(pk__in=ids)
            .order_by()
            .only(*LOADED_FIELDS)
            .annotate(address_length=Length("address"))
        )
        targets = {}
        for candidate in candidates:
            target = _Target(candidate=candidate, is_new=False)
            target.has_address = bool(candidate.address_length)
            targets[candidate.pk] = target
        points = ContactPoint.objects.filter(candidate_id__in=ids).order_by()
        for pk, kind, index in points.values_list("candidate_id", "kind", "value_index"):
            targets[pk].known_points.add((kind, index))
            targets[pk].kinds.add(kind)
        links = Candidate.tags.through.objects.filter(candidate_id__in=ids).order_by()
        for pk, name in links.values_list("candidate_id", "tag__name"):
            targets[pk].known_tags.add(name.casefold())
        if with_notes:
            notes = Note.objects.filter(candidate_id__in=ids).order_by()
            for pk, body in notes.values_list("candidate_id", "body"):
                targets[pk].known_notes.add(body)
        if self.zip is not None:
            documents = Document.objects.filter(candidate_id__in=ids).order_by()
            for pk, sha in documents.values_list("candidate_id", "sha256"):
                targets[pk].known_shas.add(sha)
        if self.job.kind == ImportJob.Kind.JSON_RESUME:
            entries = ProfileEntry.objects.filter(candidate_id__in=ids).order_by()
            for pk, key in entries.values_list("candidate_id", "parsed_key"):
                targets[pk].known_profile_keys.add(key)
        return targets

    # -- writing

    def write(self, targets: list[_Target]) -> set[_Target]:
        """Write the chunk's people in one transaction; the ones the database refused."""
        try:
            with transaction.atomic():
                self.write_all(targets)
            return set()
        except DatabaseError:
            pass
        # Someone was refused: write them one at a time, so only that one is lost.
        lost = set()
        for target in targets:
            self.tags = None  # tags created in the rolled back transaction are gone
            if target.is_new:
                target.candidate.pk = None
                target.candidate._state.adding = True
            try:
                with transaction.atomic():
                    self.write_all([target])
            except DatabaseError:
                lost.add(target)
                if target.is_new:
                    target.candidate.pk = None  # its id was rolled back with it
                for number in target.rows:
                    self.error(number, "", "could not be saved: the database refused it")
        self.tags = None
        return lost

    def tag(self, name: str) -> Tag:
        if self.tags is None:
            self.tags = {t.name.casefold(): t for t in Tag.objects.all()}
        key = name.strip()[:60].casefold()
        if key not in self.tags:
            self.tags[key] = Tag.objects.create(name=name.strip()[:60])
        return self.tags[key]

    def write_all(self, targets: list[_Target]) -> None:
        now = timezone.now()
        by, job = self.by, self.job
        new = [t for t in targets if t.is_new]
        for target in new:
            candidate = target.candidate
            candidate.linkedin = linkedin_handle(candidate.linkedin_url)
            candidate.search_text = candidate.search_text_from(tags=target.tags)
            candidate.created_at = candidate.last_activity_at = now
        Candidate.objects.bulk_create([t.candidate for t in new], batch_size=CHUNK_SIZE)
        points, tag_links, notes, events = [], [], [], []
        through = Candidate.tags.through
        for target in targets:
            candidate = target.candidate
            for kind, value, index in target.points:
                points.append((candidate.pk, kind, value, index, kind not in target.kinds, ""))
                target.kinds.add(kind)
            tag_links += [
                through(candidate_id=candidate.pk, tag_id=self.tag(name).pk) for name in target.tags
            ]
            notes += [
                Note(candidate=candidate, author=by, body=body, visibility=Note.Visibility.PROVIDER)
                for body in target.notes
            ]
            summary = (
                "Added to the talent network (imported)"
                if target.is_new
                else "Details added by an import"
            )
            kind = "created" if target.is_new else "updated"
            data = {"import": job.pk, "fields": sorted(target.fields)}
            events.append((candidate.pk, now, by.pk if by else None, kind, summary, data))
        _insert(
            ContactPoint,
            ["candidate", "kind", "value", "value_index", "is_primary", "label"],
            points,
        )
        through.objects.bulk_create(tag_links, batch_size=CHUNK_SIZE, ignore_conflicts=True)
        Note.objects.bulk_create(notes, batch_size=CHUNK_SIZE)
        _insert(TimelineEvent, ["candidate", "at", "actor", "kind", "summary", "data"], events)
        changed = [t for t in targets if not t.is_new]
        for target in changed:
            if target.fields:
                target.candidate.save(update_fields=[*target.fields, "updated_at"])
        if changed:
            Candidate.objects.filter(pk__in=[t.candidate.pk for t in changed]).update(
                last_activity_at=now
            )
        for target in changed:
            if target.tags or target.fields & SEARCHED_FIELDS:
                services.candidate_reindex(target.candidate)
        for target in targets:
            for resume in target.profiles:
                services.profile_apply_resume(candidate=target.candidate, resume=resume, by=by)
            for number, name in target.resumes:
                self.attach_resume(target.candidate, number, name)
            # What was written is now known; a later row adds only what is new again.
            target.fields, target.points, target.tags = set(), [], []
            target.notes, target.resumes, target.profiles = [], [], []

    def attach_resume(self, candidate: Candidate, number: int, name: str) -> None:
        limit = max_document_bytes()
        try:
            data, file_name = self.zip.read(name, max_bytes=limit)
            document = services.document_add(
                candidate=candidate,
                data=data,
                filename=file_name,
                kind=Document.Kind.RESUME,
                by=self.by,
                max_bytes=limit,
            )
        except (DocumentError, ValidationError) as error:
            # Checked before the chunk was written, so only a file that changed since.
            reason = error.messages[0] if isinstance(error, ValidationError) else str(error)
            self.error(number, "resume", f"was not attached: {reason}")
            return
        try:
            with transaction.atomic():
                services.document_parse(document=document, by=self.by)
        except Exception as error:  # noqa: BLE001 - the file is kept; reading it can be retried
            logger.warning(
                "Import #%s: document #%s could not be read (%s)",
                self.job.pk,
                document.pk,
                type(error).__name__,
            )


def _pk_of(target) -> int | None:
    if isinstance(target, int):
        return target
    return target.candidate.pk if isinstance(target, _Target) else None


def _row_of(target) -> int | None:
    if isinstance(target, Earlier):
        return target.row
    return target.rows[0] if isinstance(target, _Target) and target.rows else None


def _analyse() -> None:
    """Refresh PostgreSQL's statistics of the tables an import is filling.

    Autovacuum comes too late for a table that grows from a thousand rows to a hundred thousand
    in a minute: with stale statistics the planner reads the whole table for each chunk's
    look-ups instead of using the indexes. Done after 4^n chunks, so a few times per import.
    """
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (Candidate, ContactPoint, Candidate.tags.through, Note)]
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE " + ", ".join(connection.ops.quote_name(t) for t in tables))


def _insert(model, names: list[str], rows: list[tuple]) -> None:
    """INSERT plain rows with one prepared statement, each value prepared by its field (so
    encrypted fields are encrypted). For the thousands of contact points and timeline events of
    an import, the ORM's per-object work costs more than the database's."""
    if not rows:
        return
    fields = [model._meta.get_field(name) for name in names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608 - names from the model
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    prepared = [
        tuple(f.get_db_prep_save(v, connection) for f, v in zip(fields, row, strict=True))
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, prepared)


def import_errors_csv_rows(job: ImportJob) -> list[list]:
    """The error report as rows of a CSV file, header first."""
    return [["row", "field", "reason"]] + [[e["row"], e["field"], e["reason"]] for e in job.errors]
