"""Encryption at rest for personal data, and blind indexes for exact look-ups.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256) under a MultiFernet of the keys in
OUTHIRE_ENCRYPTION_KEYS, newest first: new values use the newest key, old values still decrypt, and
`outhire rotate-keys` re-encrypts everything under the newest one. A blind index is a keyed HMAC of
a normalised value, so "is this e-mail already here?" needs no decryption and reveals nothing
without the key.
"""

from __future__ import annotations

import hashlib
import hmac
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("OUTHIRE_ENCRYPTION_KEYS is empty")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as exc:
        raise ImproperlyConfigured(
            "OUTHIRE_ENCRYPTION_KEYS must hold url-safe base64 Fernet keys of 32 bytes"
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.OUTHIRE_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken:
        raise ImproperlyConfigured(
            "A stored value cannot be decrypted with any key in OUTHIRE_ENCRYPTION_KEYS"
        ) from None


def rotate(token: str) -> str:
    return fernet().rotate(token.encode()).decode()


def normalise_email(value: str) -> str:
    return value.strip().lower()


def blind_index(value: str, *, normalise=normalise_email) -> str:
    """Keyed HMAC-SHA256 of the normalised value, hex: equal inputs give equal indexes."""
    key = settings.OUTHIRE_BLIND_INDEX_KEY.encode()
    return hmac.new(key, normalise(value).encode(), hashlib.sha256).hexdigest()


class EncryptedTextField(models.TextField):
    """A text column whose value is stored encrypted; reads give back the plain text.

    Encrypted values cannot be searched or ordered by the database; pair the field with a
    blind index column where exact look-ups are needed.
    """

    def from_db_value(self, value, expression, connection):
        if value is None or value == "":
            return value
        return decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return encrypt(value)

    def get_lookup(self, lookup_name):
        # An equality filter on ciphertext can never match (Fernet tokens are randomised),
        # so refuse it loudly instead of returning nothing.
        if lookup_name not in {"isnull"}:
            return None
        return super().get_lookup(lookup_name)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, and those columns' names."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [
            f.attname for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)
        ]
        if names:
            found.append((model, names))
    return found
