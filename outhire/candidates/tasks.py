from __future__ import annotations

from celery import shared_task

from outhire.accounts.models import User
from outhire.candidates.models import Document


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def parse_document(document_id: int, user_id: int | None = None) -> None:
    """Extract a document's text and, for a resume, fill the candidate's profile from it."""
    from outhire.candidates.services import document_parse

    document = Document.objects.select_related("candidate").filter(pk=document_id).first()
    if document is None or document.candidate.merged_into_id:
        return
    by = User.objects.filter(pk=user_id).first() if user_id else None
    document_parse(document=document, by=by)
