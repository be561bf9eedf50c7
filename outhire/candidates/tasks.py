"""Celery tasks of the candidates app, found by the worker's autodiscovery (it imports `tasks`).

Imports keep their tasks in imports/tasks.py; importing them here registers them with every
worker, not only with the web processes that queue them.
"""

from __future__ import annotations

from celery import shared_task

from outhire.accounts.models import User
from outhire.candidates.imports.tasks import (  # noqa: F401 (registered by import)
    fail_stale_imports,
    purge_import_files,
    run_import,
)
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
