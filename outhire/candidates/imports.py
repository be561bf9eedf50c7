"""Importing candidates from another system: upload, column mapping, the run, and clean-up.

`import_create` checks an upload and keeps it as a draft `ImportJob`; `import_start` fixes the
mapping and queues the run; the `run_import` task calls `import_run`, which reads the file in
chunks and, for each chunk:

1. cleans every row (`import_rows`) and checks the resume each row names;
2. finds who each row is about, with one query per kind of evidence for the whole chunk: the
   id in the other system (`Candidate.external_ref`), an e-mail or phone (blind index), the
   LinkedIn profile, or, for a row with none of these, the same name with the same employer
   or location. The same evidence `services.find_duplicates` uses, without its fuzzy names;
3. writes the chunk in one transaction: new candidates and their contact points, tags, notes
   and timeline entries in bulk; for a known person, only what is new (blank fields, another
   e-mail, a tag, a resume), so importing the same file twice adds nobody and nothing.

A row with a problem is refused whole, before its chunk is written. If the database refuses a
chunk anyway, its people are written again one at a time, each in its own savepoint.
"""

from __future__ import annotations

import io
import logging
import re
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
from django.db.models import Q
from django.db.models.functions import Length
from django.utils import timezone

from outhire.accounts import audit
from outhire.accounts.models import User
from outhire.candidates import services
from outhire.candidates.files import (
    ZIP_MAX_RATIO,
    ZIP_RATIO_FLOOR,
    DocumentError,
    inspect_document,
)
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

logger = logging.getLogger(__name__)

CHUNK_SIZE = 500  # rows per transaction; progress is saved after each chunk
KEEP_FILES_FOR = timedelta(days=1)  # a dry run's upload, for importing it for real
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
    """Delete uploads nobody will run any more: dry runs and drafts older than a day."""
    cutoff = (now or timezone.now()) - KEEP_FILES_FOR
    stale = ImportJob.objects.filter(
        Q(status=ImportJob.Status.DONE, dry_run=True, finished_at__lt=cutoff)
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

    Idempotent: a job already claimed by another worker (or finished) is left alone.
    """
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PENDING).update(
        status=ImportJob.Status.RUNNING, started_at=timezone.now()
    )
    job.refresh_from_db()
    if not claimed:
        return job
    run = _Run(job)
    try:
        run.go()
        job.status = ImportJob.Status.DONE
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
        job.message = (
            f"The dry run stopped because of an unexpected error after {run.processed:,} rows."
            if job.dry_run
            else f"The import stopped because of an unexpected error after {run.processed:,} "
            "rows; the rows before were imported. Importing the file again continues safely."
        )
    finally:
        run.close()
    run.save_progress(job, final=True)
    job.finished_at = timezone.now()
    keep = job.dry_run and job.status == ImportJob.Status.DONE
    if not keep:
        _delete_files(job)
    job.save(update_fields=["status", "message", "finished_at", "file", "resumes"])
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


# A person this file would add, in a dry run (nothing is written, so there is no id)
_IN_THIS_FILE = "in this file"
# A person whose data was erased: never imported again
_ERASED = "erased"


class _Run:
    def __init__(self, job: ImportJob) -> None:
        self.job = job
        self.by = job.created_by
        self.ref_prefix = f"{job.source_system}:" if job.source_system else ""
        # Evidence (("email", blind index), ("ref", "bullhorn:12")...) -> who it points at: a
        # candidate id, a _Target of this chunk, _IN_THIS_FILE or _ERASED
        self.seen: dict[tuple, tuple] = {}
        self.first_names: set[str] = set()
        self.tags: dict[str, Tag] | None = None
        self.errors: list[dict] = list(job.errors)
        self.errors_dropped = job.errors_dropped
        self.errors_changed = False
        self.processed = self.created = self.updated = self.skipped = self.failed = 0
        self.zip: ResumeZip | None = None
        self.zip_file = None

    # -- bookkeeping

    def error(self, row: int, where: str, reason: str) -> None:
        self.errors_changed = True
        if len(self.errors) < ImportJob.MAX_ERRORS:
            self.errors.append({"row": row, "field": where, "reason": reason})
        else:
            self.errors_dropped += 1

    def refuse(self, row: Row) -> None:
        for where, reason in row.errors:
            self.error(row.number, where, reason)
        self.failed += 1

    def save_progress(self, job: ImportJob, *, final: bool = False) -> None:
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
        ImportJob.objects.filter(pk=job.pk).update(**counts)
        for name, value in counts.items():
            setattr(job, name, value)

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
        if job.resumes:
            self.zip_file = job.resumes.open("rb")
            self.zip = ResumeZip(self.zip_file)
        analyse_at = CHUNK_SIZE
        while chunk := list(islice(rows, CHUNK_SIZE)):
            self.chunk(chunk)
            self.processed += len(chunk)
            self.save_progress(job)
            if self.processed >= analyse_at and not job.dry_run:
                analyse_at *= 4
                _analyse()

    # -- one chunk

    def chunk(self, rows: list[Row]) -> None:
        first_error = len(self.errors)
        self.decide(rows)
        # Problems are found in several passes; the report lists them by row.
        self.errors[first_error:] = sorted(self.errors[first_error:], key=lambda e: e["row"])

    def decide(self, rows: list[Row]) -> None:
        valid: list[tuple[Row, str, str]] = []  # row, external ref, resume sha256
        for row in rows:
            sha = self.check_resume(row) if not row.errors else ""
            if row.errors:
                self.refuse(row)
            else:
                ref = f"{self.ref_prefix}{row.external_id}" if row.external_id else ""
                valid.append((row, ref, sha))
        keys = [self.keys_of(row, ref) for row, ref, _ in valid]
        self.look_up({key for row_keys in keys for key in row_keys if key not in self.seen})
        targets: dict[int, _Target] = {}  # id() -> each target of this chunk, in order
        later = []  # rows for a person known before this row, once their records are loaded
        outcomes: list[tuple[str, _Target | None]] = []
        for (row, ref, sha), row_keys in zip(valid, keys, strict=True):
            ref_key = ("ref", ref) if ref else None
            if ref_key and self.seen.get(ref_key):
                found = set(self.seen[ref_key])  # the other system's id decides
            else:
                found = set().union(*(self.seen.get(k, ()) for k in row_keys))
            if _ERASED in found:
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
            elif target == _IN_THIS_FILE:
                # A dry run's estimate: the row repeats a person of an earlier chunk.
                outcomes.append(("updated", None))
            else:
                later.append((row, ref, sha, target, len(outcomes)))
                outcomes.append(("", None))
            if isinstance(target, _Target):
                target.keys |= row_keys
            for key in row_keys:
                self.seen[key] = (target,)
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
        lost = set()
        if not self.job.dry_run:
            lost = self.write([t for t in targets.values() if t.is_new or self.has_changes(t)])
        for outcome, target in outcomes:
            if target is not None and target in lost:
                self.failed += 1
            elif outcome in {"created", "updated", "skipped"}:
                setattr(self, outcome, getattr(self, outcome) + 1)
        for target in targets.values():
            if target.is_new:
                # Later chunks find these people by id, or (dry run) as people of this file.
                marker = _IN_THIS_FILE if self.job.dry_run else target.candidate.pk
                for key in target.keys:
                    if self.seen.get(key) == (target,):
                        self.seen[key] = (marker,) if marker else ()

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
        if isinstance(target, _Target):
            return f"the person of row {target.rows[0]}" if target.rows else "another row"
        return "a person of an earlier row"

    def check_resume(self, row: Row) -> str:
        """The SHA-256 of the resume the row names, after the same checks as an upload."""
        if not row.resume_file:
            return ""
        if self.zip is None:
            row.errors.append(("resume", "names a resume file, but no zip of resumes was uploaded"))
            return ""
        try:
            data, name = self.zip.read(row.resume_file, max_bytes=max_document_bytes())
            return inspect_document(data, name, max_bytes=max_document_bytes()).sha256
        except DocumentError as error:
            row.errors.append(("resume", str(error)))
            return ""

    def keys_of(self, row: Row, ref: str) -> set[tuple]:
        keys: set[tuple] = set()
        if ref:
            keys.add(("ref", ref))
        for email in row.emails:
            keys.add(("email", ContactPoint.index_of(ContactPoint.Kind.EMAIL, email)))
        for phone in row.phones:
            keys.add(("phone", ContactPoint.index_of(ContactPoint.Kind.PHONE, phone)))
        handle = linkedin_handle(row.values.get("linkedin_url", ""))
        if handle:
            keys.add(("in", handle))
        first = row.values.get("first_name", "")
        if not keys and first:
            # No evidence but a name: the same name with the same employer or location.
            name = _name_key(first, row.values.get("last_name", ""))
            for kind in ("current_employer", "location"):
                place = row.values.get(kind, "").casefold().strip()
                if place:
                    keys.add(("name", name, kind, place))
                    self.first_names.add(first)
        return keys

    def look_up(self, wanted: set[tuple]) -> None:
        """Fill `seen` for these keys from the database: one query per kind of key."""
        found: dict[tuple, set] = {key: set() for key in wanted}
        by_kind: dict[str, list] = {}
        for key in wanted:
            by_kind.setdefault(key[0], []).append(key)
        if refs := [k[1] for k in by_kind.get("ref", [])]:
            # Each look-up is unordered and filters on its indexed column alone; merged and
            # erased records are told apart here. Given "not merged" too, SQLite's planner
            # may read every candidate for it, once per chunk.
            rows = (
                Candidate.objects.filter(external_ref__in=refs)
                .order_by()
                .values_list("external_ref", "pk", "merged_into_id", "anonymised_at")
            )
            for ref, pk, merged_into, anonymised in rows:
                if anonymised:
                    found[("ref", ref)].add(_ERASED)
                else:
                    found[("ref", ref)].add(self.survivor(merged_into) if merged_into else pk)
        if indexes := [k[1] for k in by_kind.get("email", []) + by_kind.get("phone", [])]:
            points = (
                ContactPoint.objects.filter(value_index__in=indexes)
                .order_by()
                .values_list(
                    "kind",
                    "value_index",
                    "candidate_id",
                    "candidate__merged_into_id",
                    "candidate__anonymised_at",
                )
            )
            for kind, index, pk, merged_into, anonymised in points:
                if (kind, index) in found and merged_into is None and anonymised is None:
                    found[(kind, index)].add(pk)
        if handles := [k[1] for k in by_kind.get("in", [])]:
            people = (
                Candidate.objects.filter(linkedin__in=handles)
                .order_by()
                .values_list("linkedin", "pk", "merged_into_id", "anonymised_at")
            )
            for handle, pk, merged_into, anonymised in people:
                if merged_into is None and anonymised is None:
                    found[("in", handle)].add(pk)
        if by_kind.get("name"):
            firsts, self.first_names = self.first_names, set()
            people = (
                Candidate.objects.active()
                .filter(first_name__in=_case_variants(firsts))
                .order_by()
                .values_list("pk", "first_name", "last_name", "current_employer", "location")
            )
            for pk, first, last, employer, location in people:
                name = _name_key(first, last)
                for kind, place in (("current_employer", employer), ("location", location)):
                    key = ("name", name, kind, place.casefold().strip())
                    if key in found:
                        found[key].add(pk)
        for key, targets in found.items():
            self.seen[key] = tuple(targets)

    def survivor(self, pk: int):
        """The candidate a merged record lives on in (merges chain), or _ERASED."""
        for _ in range(20):
            row = Candidate.objects.filter(pk=pk).values_list("merged_into_id", "anonymised_at")
            merged_into, anonymised = row.first() or (None, None)
            if anonymised:
                return _ERASED
            if merged_into is None:
                return pk
            pk = merged_into
        return pk

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


def _name_key(first: str, last: str) -> str:
    return " ".join(f"{first} {last}".casefold().split())


def _case_variants(names: set[str]) -> list[str]:
    return sorted({v for n in names for v in (n, n.title(), n.upper(), n.lower())})


def import_errors_csv_rows(job: ImportJob) -> list[list]:
    """The error report as rows of a CSV file, header first."""
    return [["row", "field", "reason"]] + [[e["row"], e["field"], e["reason"]] for e in job.errors]
