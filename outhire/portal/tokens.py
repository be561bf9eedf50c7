"""The portal's signed links: signing in, and confirming a new e-mail address.

A sign-in link carries the candidate's id, a random nonce and, when the person came from a
client's careers site, that site's slug (for its branding): nothing personal. It is signed
with the secret key and a salt of its own, works for `OUTHIRE_PORTAL_LINK_MINUTES`, and once:
using it stores the hash of its nonce (`UsedLink`).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from outhire.portal.models import UsedLink

SIGN_IN_SALT = "outhire.portal.sign_in"
EMAIL_SALT = "outhire.portal.email_change"
EMAIL_LINK_AGE = timedelta(hours=24)


@dataclass(frozen=True)
class SignInLink:
    candidate_id: int
    nonce: str
    site: str = ""


def link_age() -> timedelta:
    return timedelta(minutes=settings.OUTHIRE_PORTAL_LINK_MINUTES)


def sign_in_token(candidate_id: int, *, site: str = "") -> str:
    data = {"c": candidate_id, "n": secrets.token_urlsafe(16)}
    if site:
        data["s"] = site
    return signing.dumps(data, salt=SIGN_IN_SALT, compress=True)


def sign_in_link_from(token: str) -> SignInLink | None:
    """What a sign-in token says, or None when it is forged, damaged or expired."""
    try:
        data = signing.loads(token, salt=SIGN_IN_SALT, max_age=link_age())
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    candidate_id, nonce, site = data.get("c"), data.get("n"), data.get("s", "")
    if not isinstance(candidate_id, int) or not isinstance(nonce, str) or not nonce:
        return None
    return SignInLink(candidate_id, nonce, site if isinstance(site, str) else "")


def _nonce_hash(nonce: str) -> str:
    return hashlib.sha256(f"{SIGN_IN_SALT}:{nonce}".encode()).hexdigest()


def link_is_used(link: SignInLink) -> bool:
    return UsedLink.objects.filter(nonce_hash=_nonce_hash(link.nonce)).exists()


def link_use(link: SignInLink) -> bool:
    """Mark the link used; False when it already was (a second click, a replay).

    The unique nonce hash decides between two requests at the same moment: one insert wins.
    """
    try:
        with transaction.atomic():
            UsedLink.objects.create(nonce_hash=_nonce_hash(link.nonce))
    except IntegrityError:
        return False
    # A used link is dead anyway once it is older than any link can be: forget it.
    UsedLink.objects.filter(used_at__lt=timezone.now() - link_age() - timedelta(days=1)).delete()
    return True


def email_change_token(change) -> str:
    return signing.dumps({"e": change.pk, "n": change.nonce}, salt=EMAIL_SALT, compress=True)


def email_change_from(token: str) -> tuple[int, str] | None:
    """(change id, nonce) in `token`, or None when forged or older than a day."""
    try:
        data = signing.loads(token, salt=EMAIL_SALT, max_age=EMAIL_LINK_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict):
        return None
    change_id, nonce = data.get("e"), data.get("n")
    if not isinstance(change_id, int) or not isinstance(nonce, str):
        return None
    return change_id, nonce
