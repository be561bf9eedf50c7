from __future__ import annotations

import pyotp
import pytest
from django.urls import reverse

from outhire.accounts.models import AuditEvent, LoginFailure
from outhire.accounts.views import PENDING_2FA_KEY
from outhire.testing import PASSWORD

LOGIN = "/login/"


def _post(client, email, password, **extra):
    return client.post(LOGIN, {"email": email, "password": password}, **extra)


def test_it_signs_in_a_user_without_two_factor(client, carla):
    response = _post(client, "carla@acme.test", PASSWORD)
    assert response.status_code == 302
    assert response.url == reverse("work:home")
    assert client.session["_auth_user_id"] == str(carla.pk)
    assert AuditEvent.objects.filter(action="login.succeeded", actor=carla).exists()


def test_it_accepts_the_email_in_any_case(client, carla):
    assert _post(client, "Carla@ACME.test", PASSWORD).status_code == 302


def test_it_rejects_a_wrong_password_with_a_clear_4xx(client, carla):
    response = _post(client, "carla@acme.test", "wrong password")
    assert response.status_code == 400
    assert b"The e-mail address or the password is wrong." in response.content
    assert "_auth_user_id" not in client.session
    event = AuditEvent.objects.get(action="login.failed")
    assert event.actor == carla
    assert "wrong password" not in str(event.changes)


def test_it_does_not_reveal_whether_an_account_exists(client, carla):
    unknown = _post(client, "nobody@acme.test", "whatever")
    known = _post(client, "carla@acme.test", "whatever")
    assert unknown.status_code == known.status_code == 400
    message = b"The e-mail address or the password is wrong."
    assert message in unknown.content and message in known.content


def test_it_locks_an_account_after_repeated_failures(client, carla, settings):
    settings.OUTHIRE_LOGIN_MAX_FAILURES_PER_ACCOUNT = 3
    for _ in range(3):
        assert _post(client, "carla@acme.test", "nope").status_code == 400
    response = _post(client, "carla@acme.test", PASSWORD)
    assert response.status_code == 429
    assert b"Too many failed attempts" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.locked", actor=carla).count() == 1
    assert AuditEvent.objects.filter(action="login.blocked").count() == 1


def test_it_locks_an_ip_that_tries_many_accounts(client, carla, settings):
    settings.OUTHIRE_LOGIN_MAX_FAILURES_PER_IP = 4
    for n in range(4):
        _post(client, f"guess{n}@acme.test", "nope", REMOTE_ADDR="10.9.8.7")
    assert _post(client, "carla@acme.test", PASSWORD, REMOTE_ADDR="10.9.8.7").status_code == 429
    # Another address is not affected
    assert _post(client, "carla@acme.test", PASSWORD, REMOTE_ADDR="10.9.8.8").status_code == 302


def test_the_lock_lifts_after_the_window(client, carla, settings, time_machine):
    settings.OUTHIRE_LOGIN_MAX_FAILURES_PER_ACCOUNT = 2
    time_machine.move_to("2026-11-25 10:00Z")
    _post(client, "carla@acme.test", "nope")
    _post(client, "carla@acme.test", "nope")
    assert _post(client, "carla@acme.test", PASSWORD).status_code == 429
    time_machine.move_to("2026-11-25 10:16Z")
    assert _post(client, "carla@acme.test", PASSWORD).status_code == 302
    assert not LoginFailure.objects.exists(), "a successful login clears the account's failures"


def test_it_stores_failed_emails_only_as_a_blind_index(client, carla):
    _post(client, "carla@acme.test", "nope")
    row = LoginFailure.objects.get()
    assert "carla" not in row.email_index and len(row.email_index) == 64


def test_it_ignores_an_offsite_next(client, carla):
    response = client.post(
        LOGIN + "?next=https://evil.example/", {"email": "carla@acme.test", "password": PASSWORD}
    )
    assert response.url == reverse("work:home")


def test_it_follows_a_local_next(client, carla):
    response = client.post(
        LOGIN, {"email": "carla@acme.test", "password": PASSWORD, "next": "/clients/acme/"}
    )
    assert response.url == "/clients/acme/"


def test_it_asks_for_the_second_factor(client, alice):
    response = _post(client, "alice@provider.test", PASSWORD)
    assert response.url == reverse("accounts:login_verify")
    assert "_auth_user_id" not in client.session
    code = pyotp.TOTP(alice.totp_secret).now()
    response = client.post("/login/verify/", {"code": code})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(alice.pk)
    assert PENDING_2FA_KEY not in client.session


def test_it_refuses_a_wrong_second_factor(client, alice):
    _post(client, "alice@provider.test", PASSWORD)
    response = client.post("/login/verify/", {"code": "000000"})
    assert response.status_code == 400
    assert b"That code is not valid" in response.content
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="login.failed", actor=alice).exists()


def test_it_refuses_a_replayed_code(client, alice):
    code = pyotp.TOTP(alice.totp_secret).now()
    _post(client, "alice@provider.test", PASSWORD)
    assert client.post("/login/verify/", {"code": code}).status_code == 302
    client.logout()
    _post(client, "alice@provider.test", PASSWORD)
    assert client.post("/login/verify/", {"code": code}).status_code == 400


def test_the_verify_step_needs_the_password_step(client, alice):
    response = client.get("/login/verify/")
    assert response.url == reverse("accounts:login")


def test_the_pending_second_factor_expires(client, alice, time_machine):
    time_machine.move_to("2026-11-25 10:00Z")
    _post(client, "alice@provider.test", PASSWORD)
    time_machine.move_to("2026-11-25 10:06Z")
    code = pyotp.TOTP(alice.totp_secret).now()
    assert client.post("/login/verify/", {"code": code}).url == reverse("accounts:login")
    assert "_auth_user_id" not in client.session


def test_logout_needs_post(client, carla):
    client.force_login(carla)
    assert client.get("/logout/").status_code == 405
    assert client.post("/logout/").status_code == 302
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize("path", ["/", "/clients/", "/account/", "/audit/"])
def test_pages_need_a_login(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith("/login/")


def test_an_inactive_user_cannot_sign_in(client, carla):
    carla.is_active = False
    carla.save()
    assert _post(client, "carla@acme.test", PASSWORD).status_code == 400
