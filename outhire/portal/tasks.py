"""E-mails of the portal: the sign-in link and the link confirming a new address.

The links are made here, on the worker, so no secret travels through the task queue: a task
gets only ids.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from outhire.accounts.models import Client
from outhire.candidates.models import ContactPoint
from outhire.lib.i18n import candidate_language
from outhire.portal import tokens
from outhire.portal.models import EmailChange


def _send(subject: str, template: str, context: dict, to: str) -> None:
    """Called in the candidate's language (translation.override)."""
    text = render_to_string(f"portal/{template}.txt", context)
    html = render_to_string(f"portal/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


@shared_task(
    name="outhire.portal.send_sign_in_link",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_sign_in_link(contact_point_id: int, client_id: int = 0) -> str:
    point = (
        ContactPoint.objects.select_related("candidate")
        .filter(pk=contact_point_id, kind=ContactPoint.Kind.EMAIL)
        .first()
    )
    if point is None:
        return f"contact point {contact_point_id} is gone"
    client = Client.objects.filter(pk=client_id, is_active=True).first() if client_id else None
    token = tokens.sign_in_token(point.candidate_id, site=client.slug if client else "")
    context = {
        "first_name": point.candidate.first_name,
        "link": settings.SITE_URL + reverse("portal:link", args=[token]),
        "minutes": settings.OUTHIRE_PORTAL_LINK_MINUTES,
        "sender": client.name if client else settings.OUTHIRE_PROVIDER_NAME,
    }
    with translation.override(candidate_language(point.candidate)):
        _send(_("Your link to sign in"), "sign_in_email", context, point.value)
    # No address or name here: the worker logs the return value.
    return f"contact point {contact_point_id}: sign-in link sent"


@shared_task(
    name="outhire.portal.send_email_change_link",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=3,
)
def send_email_change_link(change_id: int) -> str:
    change = EmailChange.objects.select_related("candidate").filter(pk=change_id).first()
    if change is None:
        return f"e-mail change {change_id}: nothing to send"
    context = {
        "first_name": change.candidate.first_name,
        "link": settings.SITE_URL
        + reverse("portal:email_confirm", args=[tokens.email_change_token(change)]),
        "sender": settings.OUTHIRE_PROVIDER_NAME,
    }
    with translation.override(candidate_language(change.candidate)):
        _send(
            _("Please confirm your new e-mail address"),
            "email_change_email",
            context,
            change.value,
        )
    return f"e-mail change {change_id}: confirmation sent"
