from __future__ import annotations

from celery import shared_task

from outhire.accounts.models import User
from outhire.candidates.models import Document


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def parse_document(document_id: int, user_id: int | None = None, reread: bool = False) -> None:
    """Fill the candidate's profile from a resume's text; `reread` reads the file again."""
    from outhire.candidates.services import document_parse

    document = Document.objects.select_related("candidate").filter(pk=document_id).first()
    if document is None or document.candidate.merged_into_id:
        return
    by = User.objects.filter(pk=user_id).first() if user_id else None
    document_parse(document=document, by=by, reread=reread)


@shared_task
def run_import(job_id: int) -> str:
    """Run a queued candidate import (see outhire.candidates.imports.import_run)."""
    from outhire.candidates.imports import import_run
    from outhire.candidates.models import ImportJob

    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        return f"import {job_id} no longer exists"
    import_run(job=job)
    # Counts only: the worker logs this line, and rows hold personal data.
    return f"import {job_id} {job.status}: {job.processed} rows"


@shared_task
def fail_stale_imports() -> str:
    """Mark failed the imports whose worker died mid-run (no heartbeat for half an hour)."""
    from outhire.candidates.imports import import_fail_stale

    return f"{import_fail_stale()} stalled import(s) marked failed"


@shared_task
def purge_import_files() -> str:
    """Delete uploads of dry runs, runs cut off part way and unstarted imports after a day."""
    from outhire.candidates.imports import import_purge_files

    return f"{import_purge_files()} stale import upload(s) deleted"
