"""Background work of the public apply flow: the confirmation e-mail, resume text, purges.

Registered by `outhire.careers.tasks` (which the worker imports). Each task keeps the name it
had as `outhire.careers.apply_tasks.*`, so the beat schedule and tasks already queued run.
"""

from __future__ import annotations

from urllib.parse import urlencode

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outhire.candidates.models import ContactPoint, Document
from outhire.lib.i18n import candidate_language
from outhire.pipeline.models import Application


@shared_task(
    name="outhire.careers.apply_tasks.send_apply_confirmation",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_apply_confirmation(application_id: int, contact_point_id: int, duplicate: int = 0) -> str:
    """Confirm an application to the address the applicant typed (one of the candidate's).

    `duplicate` when they had already applied to this job: the e-mail says their first
    application stands. Only the owner of the address learns that, never the web page.
    """
    application = (
        Application.objects.select_related("requisition", "client", "candidate")
        .filter(pk=application_id)
        .first()
    )
    point = ContactPoint.objects.filter(pk=contact_point_id, kind=ContactPoint.Kind.EMAIL).first()
    if application is None or point is None or point.candidate_id != application.candidate_id:
        return f"application {application_id}: nothing to confirm"
    client = application.client
    # In the candidate's language: its words, dates and links (the careers site's address in
    # that language).
    with translation.override(candidate_language(application.candidate)):
        context = {
            "first_name": application.candidate.first_name,
            "job_title": application.requisition.title,
            "client_name": client.name,
            "applied_on": application.created_at,
            "duplicate": bool(duplicate),
            "site_url": settings.SITE_URL,
            "careers_url": settings.SITE_URL + reverse("careers:site", args=[client.slug]),
            # The candidate portal, branded as this careers site (the slug is public).
            "portal_url": f"{settings.SITE_URL}{reverse('portal:home')}?"
            + urlencode({"site": client.slug, "lang": translation.get_language()}),
        }
        title = application.requisition.title
        subject = (
            _("We already have your application for %(title)s") % {"title": title}
            if duplicate
            else _("Your application for %(title)s at %(client)s")
            % {"title": title, "client": client.name}
        )
        text = render_to_string("careers/apply_email.txt", context)
        html = render_to_string("careers/apply_email.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [point.value])
    message.attach_alternative(html, "text/html")
    message.send()
    # No address or name here: the worker logs the return value.
    return f"application {application_id}: confirmation sent"


@shared_task(
    name="outhire.careers.apply_tasks.read_resume_text",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def read_resume_text(document_id: int) -> str:
    """Read a resume's text for search, leaving the candidate's profile as it is."""
    from outhire.careers.apply.services import document_read_text

    document = Document.objects.select_related("candidate").filter(pk=document_id).first()
    if document is None:
        return f"document {document_id} is gone"
    document_read_text(document=document)
    return f"document {document_id} read"


@shared_task(name="outhire.careers.apply_tasks.purge_apply_uploads")
def purge_apply_uploads() -> str:
    """Delete resumes uploaded on the apply page whose application was never sent."""
    from outhire.careers.apply.services import uploads_purge

    return f"{uploads_purge()} abandoned apply upload(s) deleted"
