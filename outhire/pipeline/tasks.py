from __future__ import annotations

from celery import shared_task
from django.core.mail import EmailMultiAlternatives
from django.template.defaultfilters import linebreaks_filter
from django.template.loader import render_to_string
from django.utils import timezone, translation

from outhire.lib.i18n import candidate_language
from outhire.pipeline.communication import senders
from outhire.pipeline.models import Message


@shared_task(bind=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_message(self, message_id: int) -> str:
    """Send a queued message to its candidate; mark it sent, or failed with the error.

    A connection error (OSError, which includes SMTP errors) is retried with backoff; the
    message is marked failed only when the retries are used up.
    """
    message = (
        Message.objects.select_related("application__candidate", "application__requisition__client")
        .filter(pk=message_id)
        .first()
    )
    if message is None or message.status != Message.Status.QUEUED:
        return f"message {message_id} is not queued"
    to = message.application.candidate.email
    try:
        if not to:
            raise ValueError("The candidate has no e-mail address any more.")
        client = message.application.requisition.client
        envelope = senders.envelope_for(
            message, identity=senders.identity_for(client.pk), client_name=client.name
        )
        # The envelope sender is the message's own bounce address (VERP); the From header
        # is the client's sender identity; replies go to the application's reply address.
        email = EmailMultiAlternatives(
            message.subject,
            message.body,
            envelope.envelope_sender,
            [to],
            reply_to=[envelope.reply_to] if envelope.reply_to else None,
            headers={"From": envelope.from_header},
        )
        # The body was rendered with the merge values when queued; the HTML part escapes all
        # of it, so nothing a candidate typed into their name becomes markup.
        body_html = linebreaks_filter(message.body, autoescape=True)
        # The wrapper in the candidate's language (its <html lang>); Celery runs in the default.
        with translation.override(candidate_language(message.application.candidate)):
            html = render_to_string("pipeline/email/message.html", {"body": body_html})
        email.attach_alternative(html, "text/html")
        email.send()
    except OSError as error:
        # Run eagerly (no broker), a retry would hold up the request that moved the candidate.
        if not self.request.is_eager and self.request.retries < self.max_retries:
            raise
        return _failed(message, error)
    except Exception as error:  # noqa: BLE001 - any other error is recorded on the message
        return _failed(message, error)
    message.status = Message.Status.SENT
    message.sent_at = timezone.now()
    message.error = ""
    message.save(update_fields=["status", "sent_at", "error"])
    return f"message {message_id} sent"


def _failed(message: Message, error: Exception) -> str:
    message.status = Message.Status.FAILED
    message.error = f"{type(error).__name__}: {error}"[:300]
    message.save(update_fields=["status", "error"])
    return f"message {message.pk} failed"


@shared_task
def poll_reply_mailbox() -> str:
    """Read candidates' replies from the IMAP mailbox (OUTHIRE_IMAP_*), as `outhire mail-poll`
    does; nothing when no mailbox or reply domain is set. Reading one message twice (two runs
    overlapping) stores it once."""
    from django.conf import settings

    from outhire.pipeline.communication import addresses
    from outhire.pipeline.communication.receivers import imap_poll

    if not addresses.enabled() or not settings.OUTHIRE_IMAP_HOST:
        return "no reply mailbox configured"
    report = imap_poll(
        host=settings.OUTHIRE_IMAP_HOST,
        port=settings.OUTHIRE_IMAP_PORT,
        user=settings.OUTHIRE_IMAP_USER,
        password=settings.OUTHIRE_IMAP_PASSWORD,
        folder=settings.OUTHIRE_IMAP_FOLDER,
        tls=settings.OUTHIRE_IMAP_TLS,
    )
    outcomes = ", ".join(f"{n} {status}" for status, n in sorted(report.outcomes.items()))
    return f"{report.read} read: {outcomes or 'none stored'}; {report.failed} left"
