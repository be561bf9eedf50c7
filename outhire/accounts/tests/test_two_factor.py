from __future__ import annotations

import pyotp
from django.urls import reverse

from outhire.accounts.models import AuditEvent, User
from outhire.accounts.views import SETUP_SECRET_KEY
from outhire.testing import PASSWORD, login


def _admin_without_2fa(db):
    return User.objects.create_user(
        "ada@provider.test", PASSWORD, full_name="Ada", provider_role="admin"
    )


def test_it_sends_an_admin_without_2fa_to_set_it_up(client, db):
    login(client, _admin_without_2fa(db))
    for path in ["/", "/clients/", "/audit/", "/staff/"]:
        assert client.get(path).url == reverse("accounts:two_factor_setup"), path


def test_others_may_skip_2fa(client, carla):
    login(client, carla)
    assert client.get("/").status_code == 200


def test_it_sets_up_totp_and_shows_recovery_codes_once(client, db):
    admin = _admin_without_2fa(db)
    login(client, admin)
    page = client.get("/account/two-factor/")
    assert page.status_code == 200
    assert b"<svg" in page.content
    secret = client.session[SETUP_SECRET_KEY]
    response = client.post("/account/two-factor/", {"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 200
    codes = response.context["codes"]
    assert len(codes) == 10 and len(set(codes)) == 10
    admin.refresh_from_db()
    assert admin.has_2fa and admin.totp_secret == secret
    assert admin.recovery_codes.count() == 10
    assert not admin.recovery_codes.filter(code_hash__in=codes).exists(), "codes are hashed"
    assert AuditEvent.objects.filter(action="two_factor.enabled").exists()
    assert client.get("/clients/").status_code == 200


def test_it_keeps_2fa_off_after_a_wrong_code(client, db):
    admin = _admin_without_2fa(db)
    login(client, admin)
    client.get("/account/two-factor/")
    response = client.post("/account/two-factor/", {"code": "123456"})
    assert response.status_code == 400
    assert b"does not match" in response.content
    admin.refresh_from_db()
    assert not admin.has_2fa


def test_the_secret_is_encrypted_at_rest(alice):
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT totp_secret FROM accounts_user WHERE id = %s", [alice.pk])
        stored = cursor.fetchone()[0]
    assert stored != alice.totp_secret and alice.totp_secret not in stored


def test_a_recovery_code_signs_in_once(client, alice):
    from outhire.accounts.two_factor import new_recovery_codes

    codes = new_recovery_codes(alice)
    client.post("/login/", {"email": alice.email, "password": PASSWORD})
    assert client.post("/login/verify/", {"code": codes[0]}).status_code == 302
    client.logout()
    client.post("/login/", {"email": alice.email, "password": PASSWORD})
    assert client.post("/login/verify/", {"code": codes[0]}).status_code == 400
    assert alice.recovery_codes.filter(used_at__isnull=True).count() == 9


def test_an_admin_cannot_turn_2fa_off(client, alice):
    login(client, alice)
    client.post("/account/two-factor/disable/", {"password": PASSWORD})
    alice.refresh_from_db()
    assert alice.has_2fa


def test_others_turn_2fa_off_with_their_password(client, carla):
    carla.totp_secret = pyotp.random_base32()
    carla.totp_confirmed_at = carla.date_joined
    carla.save()
    login(client, carla)
    client.post("/account/two-factor/disable/", {"password": "wrong"})
    carla.refresh_from_db()
    assert carla.has_2fa
    client.post("/account/two-factor/disable/", {"password": PASSWORD})
    carla.refresh_from_db()
    assert not carla.has_2fa and carla.totp_secret == ""


def test_it_renews_recovery_codes_with_the_password(client, alice):
    login(client, alice)
    response = client.post("/account/two-factor/recovery-codes/", {"password": PASSWORD})
    assert len(response.context["codes"]) == 10
    assert alice.recovery_codes.count() == 10
