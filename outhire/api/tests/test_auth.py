from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from outhire.accounts.models import ApiToken, User
from outhire.testing import PASSWORD, bearer, login


def test_it_authenticates_with_a_bearer_token(client, alice, token_for):
    response = client.get("/api/v1/me", headers=bearer(token_for(alice)))
    assert response.status_code == 200
    assert response.json()["email"] == "alice@provider.test"


def test_it_requires_authentication(client, acme):
    response = client.get("/api/v1/clients")
    assert response.status_code == 401
    assert response.json() == {"message": "Authentication required.", "code": "unauthenticated"}
    assert response["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "secret",
    ["oh_forged", "not-even-the-prefix", ""],
)
def test_it_rejects_a_forged_token(client, alice, token_for, secret):
    token_for(alice)
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 401
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["code"] == "unauthenticated"


def test_it_rejects_the_stored_hash_used_as_a_token(client, alice, token_for):
    token_for(alice)
    stored = ApiToken.objects.get().token_hash
    response = client.get("/api/v1/me", headers=bearer(stored))
    assert response.status_code == 401


def test_it_rejects_a_revoked_token(client, alice, token_for):
    secret = token_for(alice)
    ApiToken.objects.update(revoked_at=timezone.now())
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 401
    assert response.json() == {
        "message": "Invalid or revoked API token.",
        "code": "unauthenticated",
    }


def test_it_rejects_the_token_of_an_inactive_user(client, carla, token_for):
    secret = token_for(carla)
    User.objects.filter(pk=carla.pk).update(is_active=False)
    response = client.get("/api/v1/me", headers=bearer(secret))
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


def test_it_does_not_fall_back_to_the_session_for_a_bad_token(client, carla):
    login(client, carla)
    response = client.get("/api/v1/me", headers=bearer("oh_forged"))
    assert response.status_code == 401


def test_it_updates_last_used_at(client, alice, token_for):
    secret = token_for(alice)
    assert ApiToken.objects.get().last_used_at is None
    client.get("/api/v1/me", headers=bearer(secret))
    last_used_at = ApiToken.objects.get().last_used_at
    assert last_used_at is not None
    assert timezone.now() - last_used_at < timedelta(seconds=10)


def test_it_updates_last_used_at_at_most_once_a_minute(client, alice, token_for):
    secret = token_for(alice)
    recently = timezone.now() - timedelta(seconds=30)
    ApiToken.objects.update(last_used_at=recently)
    client.get("/api/v1/me", headers=bearer(secret))
    assert ApiToken.objects.get().last_used_at == recently

    a_while_ago = timezone.now() - timedelta(minutes=2)
    ApiToken.objects.update(last_used_at=a_while_ago)
    client.get("/api/v1/me", headers=bearer(secret))
    assert ApiToken.objects.get().last_used_at > a_while_ago


def test_it_accepts_a_session(client, carla):
    login(client, carla)
    response = client.get("/api/v1/me")
    assert response.status_code == 200
    assert response.json()["email"] == "carla@acme.test"
    assert response.json()["token"] is None


def test_it_checks_csrf_for_a_session_write(acme, carla):
    from django.test import Client as TestClient

    browser = TestClient(enforce_csrf_checks=True)
    login(browser, carla)
    response = browser.patch(
        "/api/v1/clients/acme", data={"hero_text": "Hijacked"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["code"] == "forbidden"
    acme.refresh_from_db()
    assert acme.hero_text == "Build robots with Acme"


def test_it_does_not_check_csrf_for_a_token_write(acme, carla, token_for):
    from django.test import Client as TestClient

    caller = TestClient(enforce_csrf_checks=True)
    response = caller.patch(
        "/api/v1/clients/acme",
        data={"hero_text": "Welcome"},
        content_type="application/json",
        headers=bearer(token_for(carla)),
    )
    assert response.status_code == 200


def test_it_refuses_the_session_of_an_admin_without_2fa(client, db):
    admin = User.objects.create_user(
        "new-admin@provider.test", PASSWORD, full_name="New Admin", provider_role="admin"
    )
    login(client, admin)
    response = client.get("/api/v1/me")
    assert response.status_code == 401


def test_it_gives_a_token_no_more_than_its_creator(client, rita, globex, token_for):
    # A provider-wide token of a recruiter assigned to Acme reaches Acme only
    secret = token_for(rita)
    response = client.get("/api/v1/clients", headers=bearer(secret))
    assert [c["slug"] for c in response.json()["items"]] == ["acme"]
    assert client.get("/api/v1/clients/globex", headers=bearer(secret)).status_code == 404
