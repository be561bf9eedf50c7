"""Who a client's e-mails to candidates come from, and where the answers go.

A client's `SenderIdentity` names the From (display name and address) and the Reply-To: by
default the application's signed reply address, so the candidate's answer comes back into
Outhire threaded on the application (when a reply domain is set, docs/email.md), or a mailbox
of the client's. The envelope sender is the message's own signed bounce address, so a bounce
names the message it is about. Without an identity, the client's name and DEFAULT_FROM_EMAIL.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.utils import parseaddr

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from outhire.accounts import audit
from outhire.pipeline.communication import addresses
from outhire.pipeline.models import Message, SenderIdentity


@dataclass(frozen=True)
class Envelope:
    from_header: str  # "Name <address>"
    envelope_sender: str  # SMTP MAIL FROM, where bounces go
    reply_to: str  # "" for none


def _site_address() -> str:
    return parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL


def _format(name: str, address: str) -> str:
    """An RFC 5322 mailbox: the name encoded as the standard says when it is not ASCII."""
    local, _, domain = address.rpartition("@")
    try:
        return str(Address(display_name=name, username=local, domain=domain))
    except (ValueError, IndexError):
        return address


def envelope_for(
    message: Message, *, identity: SenderIdentity | None, client_name: str
) -> Envelope:
    """The From, envelope sender and Reply-To of `message` (its application's client's
    `identity`, or None for the defaults)."""
    from_address = (identity.from_address if identity else "") or _site_address()
    from_name = (identity.from_name if identity else "") or client_name
    reply_to = ""
    tracked = identity is None or identity.reply_to == SenderIdentity.ReplyTo.OUTHIRE
    if identity is not None and not tracked:
        reply_to = identity.reply_to_address
    elif addresses.enabled():
        reply_to = addresses.reply_address(message.application_id)
    sender = addresses.bounce_address(message.pk) if addresses.enabled() else from_address
    return Envelope(_format(from_name, from_address), sender, reply_to)


def identity_save(*, client, data: dict, by, request=None) -> SenderIdentity:
    """Set `client`'s sender identity from `data` (the form's fields); ValidationError when
    it is not one this server can send as. Two people saving at once both find the one row
    (get_or_create on the unique client, then a row lock): the later save wins."""
    with transaction.atomic():
        SenderIdentity.objects.get_or_create(client=client)
        identity = SenderIdentity.objects.select_for_update().get(client=client)
        before = {f: getattr(identity, f) for f in data}
        for field, value in data.items():
            setattr(identity, field, value)
        identity.updated_by = by
        identity.updated_at = timezone.now()
        identity.full_clean()
        identity.save()
        changed = {f: data[f] for f in data if before[f] != data[f]}
        audit.record(
            "sender_identity.updated", actor=by, request=request, obj=identity, changes=changed
        )
    return identity


def identity_for(client_id: int) -> SenderIdentity | None:
    return SenderIdentity.objects.filter(client_id=client_id).first()
