"""Inbound e-mail: a candidate's reply threaded onto their application, and bounces.

`receive` is the one entry point of both receivers (`outhire mail-in`, SMTP, and `outhire
mail-poll`, IMAP): raw bytes and the recipient addresses in, an `Outcome` out. It acts for the
provider as a whole (no request, no user), so it reads unscoped, and finds its application only
through a signed recipient address (`addresses`): an address no one signed reaches nothing.

- A reply (or an automatic answer, kept but announced to no one) becomes an inbound `Message`
  on the application, an entry on the candidate's timeline, a notification to the application's
  owner (or, without one, the requisition's recruiters), and a `message.received` webhook.
  Its attachments go through the same bounded checks and reading as an uploaded resume
  (`candidates.services.document_add`: type by content, size cap, zip bombs, a child process
  with time and memory limits) and become the candidate's documents; a refused one is listed
  on the message with the reason.
- A bounce (to a message's own bounce address, or a delivery report sent to a reply address)
  marks the outbound message bounced and flags the candidate's address on their page.

Every e-mail is stored once: its Message-ID is unique per application (a database constraint,
so an SMTP retry or a mailbox read twice, even at the same moment, adds nothing). Log lines name
ids and outcomes, never an address or a subject.
"""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.notifications import notify
from outhire.candidates import services as candidate_services
from outhire.candidates.models import ContactPoint, Document
from outhire.candidates.services import timeline_add
from outhire.lib.i18n import user_language
from outhire.lib.scopes import unscoped
from outhire.pipeline.communication import addresses
from outhire.pipeline.communication.mailparse import MailError, Parsed, parse
from outhire.pipeline.models import Application, Message
from outhire.requisitions.notices import requisition_staff
from outhire.webhooks.services import event_emit

logger = logging.getLogger(__name__)

TOO_MANY = "Not kept: too many attachments in one e-mail, or empty."


def _notify_each(users, text, *, url: str, client) -> None:
    """Tell each of `users` (once) that a candidate wrote, in the reader's own language: the
    notification is stored as text. `text`: makes the sentence in the active language."""
    seen = set()
    for user in users:
        if user is None or user.pk in seen:
            continue
        seen.add(user.pk)
        with translation.override(user_language(user)):
            notify([user], kind="candidate_replied", text=text(), url=url, client=client)


@dataclass(frozen=True)
class Outcome:
    # stored, auto_reply, duplicate, bounced, ignored (nothing of ours to attach it to),
    # refused (no signed recipient), unreadable, too_large
    status: str
    message_id: int | None = None

    @property
    def accepted(self) -> bool:
        """Whether the sender should be told it was delivered (everything but a refusal)."""
        return self.status not in {"refused", "too_large"}


def max_bytes() -> int:
    return settings.OUTHIRE_MAIL_MAX_MB * 1024 * 1024


def target_of(recipients: list[str]) -> addresses.Recipient | None:
    """The first recipient that is a signed address of ours."""
    for address in recipients:
        found = addresses.parse(address)
        if found is not None:
            return found
    return None


def receive(*, raw: bytes, recipients: list[str]) -> Outcome:
    """Store the e-mail `raw`, delivered to `recipients`; see the module's docstring."""
    if len(raw) > max_bytes():
        logger.info("inbound e-mail refused: %d bytes is over the limit", len(raw))
        return Outcome("too_large")
    target = target_of(recipients)
    if target is None:
        logger.info("inbound e-mail refused: no signed reply or bounce address among recipients")
        return Outcome("refused")
    try:
        parsed = parse(raw, max_attachments=settings.OUTHIRE_MAIL_MAX_ATTACHMENTS)
    except MailError as error:
        logger.info("inbound e-mail for %s%d unreadable: %s", target.kind, target.id, error)
        return Outcome("unreadable")
    with unscoped():
        if target.kind == addresses.BOUNCE:
            outcome = _bounce_to_message(target.id, parsed)
        else:
            outcome = _to_application(target.id, parsed, raw)
    logger.info(
        "inbound e-mail for %s%d: %s (message %s)",
        target.kind,
        target.id,
        outcome.status,
        outcome.message_id,
    )
    return outcome


def _to_application(application_id: int, parsed: Parsed, raw: bytes) -> Outcome:
    application = (
        Application.objects.select_related("candidate", "requisition__client", "owner")
        .filter(pk=application_id)
        .first()
    )
    if application is None:
        return Outcome("ignored")
    if parsed.bounce is not None and parsed.bounce.is_failure:
        # A mail server that sent the report to the Reply-To instead of the Return-Path.
        last = (
            Message.objects.filter(application=application, direction=Message.Direction.OUTBOUND)
            .order_by("-created_at", "-id")
            .values_list("pk", flat=True)
            .first()
        )
        return _bounce_to_message(last, parsed) if last else Outcome("ignored")
    return _store_reply(application, parsed, raw)


def _store_reply(application: Application, parsed: Parsed, raw: bytes) -> Outcome:
    # Without a Message-ID (rare, and against RFC 5322), the bytes themselves identify the
    # e-mail, so a retried delivery of it is still stored once.
    message_id = parsed.message_id or f"sha256:{hashlib.sha256(raw).hexdigest()}"
    status = Message.Status.AUTO_REPLY if parsed.auto_reply else Message.Status.RECEIVED
    requisition = application.requisition
    candidate = application.candidate
    with transaction.atomic():
        try:
            with transaction.atomic():
                message = Message.objects.create(
                    client_id=application.client_id,
                    application=application,
                    direction=Message.Direction.INBOUND,
                    status=status,
                    subject=parsed.subject or "(no subject)",
                    body=parsed.text,
                    excerpt=parsed.excerpt,
                    message_id=message_id,
                    from_address=parsed.from_address,
                    sent_at=timezone.now(),
                )
        except IntegrityError:
            return Outcome("duplicate")
        refused = [{"name": name, "reason": TOO_MANY} for name in parsed.skipped]
        kept: list[Document] = []
        for attachment in parsed.attachments:
            document, reason = _attachment_store(candidate, attachment.filename, attachment.data)
            if document is not None:
                kept.append(document)
            else:
                refused.append({"name": attachment.filename, "reason": reason})
        if kept:
            message.documents.add(*kept)
        if refused:
            message.attachments_refused = refused
            message.save(update_fields=["attachments_refused"])
        what = "Automatic reply" if parsed.auto_reply else "Reply received"
        timeline_add(
            candidate,
            "message",
            f"{what}: “{message.subject}” ({requisition.title})",
            client=requisition.client,
            message_id=message.pk,
        )
        audit.record(
            "message.received",
            obj=message,
            client=requisition.client,
            actor_label="e-mail",
            changes={"application": application.pk, "attachments": len(kept)},
        )
        if not parsed.auto_reply:
            owner = application.owner
            _notify_each(
                [owner] if owner is not None else requisition_staff(requisition),
                lambda: (
                    _("A candidate replied about %(job)s (%(client)s)")
                    % {"job": requisition.title, "client": requisition.client.name}
                ),
                url=reverse("pipeline:application_messages", args=[application.pk]),
                client=requisition.client,
            )
        event_emit(
            client=application.client_id,
            event="message.received",
            payload=lambda: {
                "application_id": application.pk,
                "message_id": message.pk,
                "automatic": parsed.auto_reply,
                "received_at": message.sent_at,
                "documents": [d.pk for d in kept],
            },
        )
    return Outcome("auto_reply" if parsed.auto_reply else "stored", message.pk)


def _attachment_store(candidate, filename: str, data: bytes) -> tuple[Document | None, str]:
    """Keep one attachment as the candidate's document, through the bounded upload path; the
    document (or the one already held with this content), or None and why it was refused."""
    try:
        document = candidate_services.document_add(
            candidate=candidate,
            data=data,
            filename=filename,
            kind=Document.Kind.OTHER,
            by=None,
            max_bytes=settings.OUTHIRE_MAX_UPLOAD_MB * 1024 * 1024,
        )
    except ValidationError as error:
        if any(e.code == "unique" for e in error.error_dict.get("file", [])):
            sha256 = hashlib.sha256(data).hexdigest()
            existing = Document.objects.filter(candidate=candidate, sha256=sha256).first()
            if existing is not None:
                return existing, ""
        return None, " ".join(error.messages)[:300]
    return document, ""


def _bounce_to_message(message_pk: int, parsed: Parsed) -> Outcome:
    if parsed.bounce is None and parsed.auto_reply:
        # A vacation program answering the envelope sender: not a failed delivery.
        return Outcome("ignored")
    bounce = parsed.bounce
    if bounce is not None and not bounce.is_failure:
        return Outcome("ignored")  # "delayed": the server is still trying
    with transaction.atomic():
        message = (
            Message.objects.select_for_update()
            .select_related("application__candidate", "application__requisition__client")
            .filter(pk=message_pk, direction=Message.Direction.OUTBOUND)
            .first()
        )
        if message is None:
            return Outcome("ignored")
        if message.status == Message.Status.BOUNCED:
            return Outcome("duplicate", message.pk)
        if bounce is not None:
            reason = " ".join(p for p in (bounce.status, bounce.diagnostic) if p)
        else:
            reason = parsed.subject
        reason = reason or "The receiving mail server refused the message."
        message.status = Message.Status.BOUNCED
        message.error = f"Bounced: {reason}"[:300]
        message.save(update_fields=["status", "error"])
        application = message.application
        candidate = application.candidate
        bounced = (bounce.recipient if bounce and bounce.recipient else "") or candidate.email
        if bounced:
            ContactPoint.objects.filter(
                candidate=candidate,
                kind=ContactPoint.Kind.EMAIL,
                value_index=ContactPoint.index_of(ContactPoint.Kind.EMAIL, bounced),
            ).update(bounced_at=timezone.now(), bounce_reason=reason[:300])
        requisition = application.requisition
        timeline_add(
            candidate,
            "message",
            f"E-mail “{message.subject}” bounced ({requisition.title})",
            client=requisition.client,
            message_id=message.pk,
        )
        audit.record(
            "message.bounced",
            obj=message,
            client=requisition.client,
            actor_label="e-mail",
            changes={"application": application.pk},
        )
        _notify_each(
            [application.owner] if application.owner_id else requisition_staff(requisition),
            lambda: _("An e-mail to a candidate of %(job)s bounced") % {"job": requisition.title},
            url=reverse("pipeline:application_messages", args=[application.pk]),
            client=requisition.client,
        )
    return Outcome("bounced", message.pk)
