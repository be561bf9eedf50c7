"""An import before it runs: the upload checked and kept, its columns mapped, the run queued.

`import_create` checks an upload and keeps it as a draft `ImportJob`; `import_start` fixes the
mapping and queues the run (`run.import_run`); `import_apply` imports for real what a dry run
checked. Uploads nobody will run any more are deleted a day later (`import_purge_files`).
"""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile, File
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts.models import User
from outhire.candidates.imports.limits import max_import_bytes, megabytes
from outhire.candidates.imports.resume_zip import ResumeZip, ResumeZipError
from outhire.candidates.imports.rows import (
    PREVIEW_BYTES,
    ImportFileError,
    decode_as,
    guess_mapping,
    load_json_resumes,
    mapping_problems,
    preview,
    sample_rows,
)
from outhire.candidates.models import ImportJob

KEEP_FILES_FOR = timedelta(days=1)  # a dry run's upload (to import it for real), or a cut run's


def source_system_slug(name: str) -> str:
    """ "Bullhorn ATS" -> "bullhorn-ats": the prefix of the external refs from that system."""
    return re.sub(r"[^a-z0-9._-]+", "-", name.strip().casefold()).strip("-")[:40]


def import_create(
    *,
    by: User,
    data: bytes,
    file_name: str,
    resumes: bytes | BinaryIO | None = None,
    resumes_name: str = "",
    source_system: str = "",
) -> ImportJob:
    """Check an uploaded file (and zip of resumes) and keep it as a draft import.

    A CSV file's encoding, delimiter and columns are read now, and a mapping guessed from the
    column names. The zip of resumes may be an open binary file (an upload, a file on disk):
    it is checked where it is and copied to storage in blocks, never held whole in memory.
    Raises ImportFileError, with a sentence for the uploader, for a file that cannot be
    imported at all.
    """
    import_purge_files()
    limit = max_import_bytes()
    if isinstance(resumes, bytes):
        resumes = io.BytesIO(resumes)
    resumes_size = resumes.seek(0, io.SEEK_END) if resumes is not None else 0
    for sentence, size, error in (
        (
            _(
                "The file is %(size)s, larger than the %(limit)s limit for imports. Split it "
                "into smaller files."
            ),
            len(data),
            ImportFileError,
        ),
        (
            _(
                "The zip of resumes is %(size)s, larger than the %(limit)s limit for imports. "
                "Split it into smaller files."
            ),
            resumes_size,
            ResumeZipError,
        ),
    ):
        if size > limit:
            raise error(sentence % {"size": megabytes(size), "limit": megabytes(limit)})
    start = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1]
    is_json = file_name.casefold().endswith(".json") or start in (b"{", b"[")
    job = ImportJob(
        created_by=by,
        kind=ImportJob.Kind.JSON_RESUME if is_json else ImportJob.Kind.CSV,
        file_name=_display_name(file_name) or "upload",
        source_system=source_system_slug(source_system),
    )
    if is_json:
        if resumes_size:
            raise ResumeZipError(
                _(
                    "A zip of resumes goes with a CSV file whose rows name the files; a JSON "
                    "Resume file holds the resumes itself."
                )
            )
        if not load_json_resumes(data):
            raise ImportFileError(_("The file holds an empty list: there are no resumes in it."))
    else:
        found = preview(data)
        job.encoding, job.delimiter, job.header = found.encoding, found.delimiter, found.header
        job.mapping = guess_mapping(found.header)
        if not resumes_size:
            job.mapping = ["" if m == "resume" else m for m in job.mapping]
    if resumes is not None:
        if not resumes_size:
            raise ResumeZipError(_("The zip of resumes is empty (0 bytes). Choose it again."))
        resumes.seek(0)
        ResumeZip(resumes)
        job.resumes_name = _display_name(resumes_name) or "resumes.zip"
    stored = []
    try:
        job.file.save("upload", ContentFile(data), save=False)
        stored.append(job.file.name)
        if resumes_size:
            resumes.seek(0)
            job.resumes.save("resumes", File(resumes, name="resumes"), save=False)
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
    from outhire.candidates.imports.tasks import run_import
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
        raise ValidationError(_("This import has already been started."), code="invalid")
    if source_system is not None:
        job.source_system = source_system_slug(source_system)
    if job.kind == ImportJob.Kind.CSV:
        mapping = list(job.mapping if mapping is None else mapping)
        problems = [_(p) for p in mapping_problems(mapping, len(job.header))]
        if "resume" in mapping and not job.resumes:
            problems.append(
                _("A column is mapped to resume file names, but no zip of resumes was uploaded.")
            )
        if problems:
            raise ValidationError({"mapping": problems}, code="invalid")
        if "external_id" in mapping and not job.source_system:
            raise ValidationError(
                {
                    "source_system": _(
                        "Name the system the ids come from (e.g. Bullhorn), so they "
                        "are not mistaken for another system's ids."
                    )
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
    from outhire.candidates.imports.tasks import run_import
    from outhire.lib.tasks import enqueue

    # Taking the file over in one UPDATE: a double click starts one import, not two.
    taken = (
        ImportJob.objects.filter(pk=job.pk, dry_run=True, status=ImportJob.Status.DONE)
        .exclude(file="")
        .update(file="", resumes="")
    )
    if not taken:
        raise ValidationError(
            _(
                "This dry run can no longer be imported: it was imported already, or its upload "
                "was deleted (uploads are kept for a day). Upload the file again."
            ),
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
        delete_files(job)
        fields = ["file", "resumes"]
        if job.status == ImportJob.Status.DRAFT:
            job.status = ImportJob.Status.FAILED
            job.message = "Never started: its columns were not confirmed within a day."
            job.finished_at = timezone.now()
            fields += ["status", "message", "finished_at"]
        job.save(update_fields=fields)
        count += 1
    return count


def delete_files(job: ImportJob) -> None:
    """Delete the job's upload and zip of resumes from storage (saving the job is the caller's)."""
    for stored in (job.file, job.resumes):
        if stored:
            stored.delete(save=False)


def import_preview_rows(job: ImportJob, rows: int = 5) -> list[list[str]]:
    """The first rows of a draft CSV import, for the mapping page."""
    with job.file.open("rb") as handle:
        head = handle.read(PREVIEW_BYTES * 4)
    text = decode_as(head, job.encoding)
    return sample_rows(text, job.delimiter, len(job.header), rows)
