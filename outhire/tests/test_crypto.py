from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import FieldError, ImproperlyConfigured
from django.core.management import call_command
from django.db import connection

from outhire.accounts.models import AuditEvent, Invitation, User
from outhire.lib.crypto import blind_index, decrypt, encrypt


def _raw(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608
        return cursor.fetchone()[0]


def test_it_round_trips_and_randomises():
    assert decrypt(encrypt("+44 20 7946 0000")) == "+44 20 7946 0000"
    assert encrypt("same") != encrypt("same")


def test_blind_index_is_keyed_and_normalised(settings):
    assert blind_index(" Ann@Example.com ") == blind_index("ann@example.com")
    before = blind_index("ann@example.com")
    settings.OUTHIRE_BLIND_INDEX_KEY = "another key"
    assert blind_index("ann@example.com") != before


def test_equality_lookups_on_ciphertext_fail_loudly(db):
    with pytest.raises(FieldError):
        list(Invitation.objects.filter(email="a@b.c"))


def test_a_missing_key_is_a_clear_error(settings, alice):
    settings.OUTHIRE_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]
    with pytest.raises(ImproperlyConfigured, match="cannot be decrypted"):
        User.objects.get(pk=alice.pk)


def test_rotate_keys_reencrypts_under_the_newest_key(settings, alice, acme, carla):
    from outhire.accounts.services import invitation_create

    invitation = invitation_create(email="x@acme.test", role="interviewer", client=acme, by=carla)
    old_key = settings.OUTHIRE_ENCRYPTION_KEYS[0]
    old_raw = _raw("accounts_user", "totp_secret", alice.pk)
    new_key = Fernet.generate_key().decode()
    settings.OUTHIRE_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate-keys", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _raw("accounts_user", "totp_secret", alice.pk) != old_raw
    settings.OUTHIRE_ENCRYPTION_KEYS = [new_key]  # the old key is gone now
    assert User.objects.get(pk=alice.pk).totp_secret == alice.totp_secret
    assert Invitation.objects.get(pk=invitation.pk).email == "x@acme.test"
    event = AuditEvent.objects.get(action="keys.rotated")
    assert event.changes["accounts.User"] == 1 and event.changes["accounts.Invitation"] == 1
