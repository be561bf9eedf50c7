"""The candidate portal's own rows: sign-in requests (for the rate limits), used sign-in links
(each works once) and e-mail changes waiting for the new address to confirm.

None of them holds an address in clear: requests keep blind indexes, used links the hash of
their nonce, and a pending e-mail change its new address encrypted.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from outhire.accounts.tenancy import ProviderOwnedQuerySet
from outhire.lib.crypto import EncryptedTextField


class SignInRequest(models.Model):
    """Someone asked for a sign-in link: counted per typed address and per IP for the limits."""

    email_index = models.CharField(max_length=64, db_index=True)
    ip_index = models.CharField(max_length=64, db_index=True)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ProviderOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Sign-in request #{self.pk}"


class UsedLink(models.Model):
    """A sign-in link that was used: its nonce's hash, so the same link never works twice.

    A row in the database rather than a cache entry, so every web process agrees and a cache
    restart cannot bring a used link back to life.
    """

    nonce_hash = models.CharField(max_length=64, unique=True)
    used_at = models.DateTimeField(default=timezone.now, db_index=True)

    objects = ProviderOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Used link #{self.pk}"


class EmailChange(models.Model):
    """A new e-mail address a candidate asked for, waiting for the link sent to it.

    Deleted when the link is followed, when another change is asked for, and once older than
    the link can be (each request purges those): the address lives here a day at most.
    """

    candidate = models.ForeignKey(
        "candidates.Candidate", models.CASCADE, related_name="portal_email_changes"
    )
    value = EncryptedTextField()
    nonce = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"E-mail change #{self.pk} of candidate #{self.candidate_id}"
