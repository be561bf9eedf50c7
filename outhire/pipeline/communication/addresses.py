"""Signed reply and bounce addresses: which application a reply is about, which message bounced.

A message to a candidate goes out with `Reply-To: reply+a<application>-<sig>@REPLY_DOMAIN` and
the envelope sender (Return-Path) `reply+b<message>-<sig>@REPLY_DOMAIN` (VERP: each message its
own bounce address, so a bounce names the exact message). `<sig>` is a truncated HMAC-SHA256 of
the kind and id under SECRET_KEY; addresses signed with a key in SECRET_KEY_FALLBACKS still
verify while the key is rotated. Anyone may write to a reply address they were given, but no one
can make up the address of another application: the receiver refuses an unsigned or forged one.

Lowercase hex only, so a mail server that lowercases local parts keeps the address valid.
"""

from __future__ import annotations

import hmac
import re
from dataclasses import dataclass

from django.conf import settings
from django.utils.crypto import salted_hmac

SALT = "outhire.pipeline.reply-address"
SIGNATURE_CHARS = 16
REPLY = "a"  # about an application
BOUNCE = "b"  # the bounce of one message


@dataclass(frozen=True)
class Recipient:
    kind: str  # REPLY or BOUNCE
    id: int


def enabled() -> bool:
    """Whether replies come back into Outhire (a reply domain is set)."""
    return bool(settings.OUTHIRE_REPLY_DOMAIN)


def _signature(kind: str, object_id: int, key: str) -> str:
    value = f"{kind}{object_id}"
    digest = salted_hmac(SALT, value, secret=key, algorithm="sha256").hexdigest()
    return digest[:SIGNATURE_CHARS]


def _address(kind: str, object_id: int) -> str:
    signature = _signature(kind, object_id, settings.SECRET_KEY)
    local = settings.OUTHIRE_REPLY_LOCAL_PART
    return f"{local}+{kind}{object_id}-{signature}@{settings.OUTHIRE_REPLY_DOMAIN}"


def reply_address(application_id: int) -> str:
    """Where the candidate's reply about application `application_id` goes."""
    return _address(REPLY, application_id)


def bounce_address(message_id: int) -> str:
    """The envelope sender of message `message_id`: where its bounce goes."""
    return _address(BOUNCE, message_id)


_LOCAL_RE = re.compile(
    r"^(?P<base>[a-z0-9.-]+)\+(?P<kind>[ab])(?P<id>[0-9]{1,12})-(?P<sig>[0-9a-f]+)$"
)


def parse(address: str) -> Recipient | None:
    """The application or message a recipient address stands for; None for any address that is
    not one of ours with a valid signature (another domain, unsigned, forged, malformed)."""
    if not enabled() or not isinstance(address, str) or len(address) > 254:
        return None
    address = address.strip().strip("<>").lower()
    local, at, domain = address.rpartition("@")
    if not at or domain != settings.OUTHIRE_REPLY_DOMAIN:
        return None
    match = _LOCAL_RE.match(local)
    if match is None or match["base"] != settings.OUTHIRE_REPLY_LOCAL_PART:
        return None
    kind, object_id, given = match["kind"], int(match["id"]), match["sig"]
    if len(given) != SIGNATURE_CHARS:
        return None
    for key in [settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS]:
        if hmac.compare_digest(given, _signature(kind, object_id, key)):
            return Recipient(kind, object_id)
    return None


def is_ours(address: str) -> bool:
    """Whether `address` is at the reply domain (signed or not): the receiver takes mail for
    that domain only, and relays nothing."""
    if not enabled() or not isinstance(address, str):
        return False
    return address.strip().strip("<>").lower().rpartition("@")[2] == settings.OUTHIRE_REPLY_DOMAIN
