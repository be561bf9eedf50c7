"""Background work of imports: the run itself, and the periodic clean-up of stalled runs and files.

Registered by `outhire.candidates.tasks` (which the worker imports). Each task keeps the name it
had as `outhire.candidates.tasks.*`, so the beat schedule and runs already queued still run.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="outhire.candidates.tasks.run_import")
def run_import(job_id: int) -> str:
    """Run a queued candidate import (see outhire.candidates.imports.run.import_run)."""
    from outhire.candidates.imports.run import import_run
    from outhire.candidates.models import ImportJob

    job = ImportJob.objects.select_related("created_by").filter(pk=job_id).first()
    if job is None:
        return f"import {job_id} no longer exists"
    import_run(job=job)
    # Counts only: the worker logs this line, and rows hold personal data.
    return f"import {job_id} {job.status}: {job.processed} rows"


@shared_task(name="outhire.candidates.tasks.fail_stale_imports")
def fail_stale_imports() -> str:
    """Mark failed the imports whose worker died mid-run (no heartbeat for half an hour)."""
    from outhire.candidates.imports.run import import_fail_stale

    return f"{import_fail_stale()} stalled import(s) marked failed"


@shared_task(name="outhire.candidates.tasks.purge_import_files")
def purge_import_files() -> str:
    """Delete uploads of dry runs, runs cut off part way and unstarted imports after a day."""
    from outhire.candidates.imports.uploads import import_purge_files

    return f"{import_purge_files()} stale import upload(s) deleted"
