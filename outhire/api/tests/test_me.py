from __future__ import annotations

from outhire.accounts.models import ApiToken
from outhire.testing import bearer, login


def test_it_shows_the_user_and_their_clients(client, rita, globex):
    login(client, rita)
    body = client.get("/api/v1/me").json()
    assert body["id"] == rita.id
    assert body["email"] == "rita@provider.test"
    assert body["full_name"] == "Rita Recruiter"
    assert body["provider_role"] == "recruiter"
    assert body["clients"] == [
        {
            "slug": "acme",
            "name": "Acme Robotics",
            "role": "recruiter",
            "can_write": True,
            "can_manage": False,
        }
    ]
    assert body["token"] is None


def test_it_shows_no_provider_role_for_a_client_user(client, hank):
    login(client, hank)
    body = client.get("/api/v1/me").json()
    assert body["provider_role"] is None
    assert body["clients"][0]["role"] == "hiring_manager"
    assert body["clients"][0]["can_write"] is False


def test_it_shows_a_provider_tokens_scope(client, alice, acme, globex, token_for):
    body = client.get("/api/v1/me", headers=bearer(token_for(alice))).json()
    assert body["token"] == {"name": "Alice Admin's token", "scope": "provider", "can_write": True}
    assert [c["slug"] for c in body["clients"]] == ["acme", "globex"]


def test_it_shows_a_client_tokens_scope(client, alice, acme, globex, token_for):
    secret = token_for(alice, acme, can_write=False)
    body = client.get("/api/v1/me", headers=bearer(secret)).json()
    assert body["token"]["scope"] == "acme"
    assert body["token"]["can_write"] is False
    assert [c["slug"] for c in body["clients"]] == ["acme"]
    # A read-only token reads even where its creator could write
    assert body["clients"][0]["role"] == "admin"
    assert body["clients"][0]["can_write"] is False
    assert body["clients"][0]["can_manage"] is False


def test_it_never_shows_secrets(client, alice, acme, token_for):
    secret = token_for(alice)
    response = client.get("/api/v1/me", headers=bearer(secret))
    text = response.content.decode()
    token = ApiToken.objects.get()
    for leaked in (secret, token.token_hash, token.hint, alice.password, alice.totp_secret):
        assert leaked not in text
    assert "password" not in text
    assert "totp" not in text
