from __future__ import annotations

from outhire.accounts.models import ApiToken, AuditEvent, sha256_hex
from outhire.testing import login


def test_a_client_admin_creates_a_token_shown_once(client, carla, acme):
    login(client, carla)
    response = client.post("/api-tokens/", {"name": "BI", "scope": "acme", "can_write": ""})
    assert response.status_code == 201
    secret = response.context["secret"]
    assert secret.startswith("oh_")
    token = ApiToken.objects.get()
    assert token.client == acme and not token.can_write
    assert token.token_hash == sha256_hex(secret) and secret not in token.token_hash
    assert secret.encode() not in client.get("/api-tokens/").content
    assert AuditEvent.objects.filter(action="api_token.created", client=acme).exists()
    assert secret not in str(AuditEvent.objects.get(action="api_token.created").changes)


def test_a_client_admin_cannot_make_provider_tokens_or_other_clients_tokens(client, carla, globex):
    login(client, carla)
    for scope in ("provider", "globex"):
        response = client.post("/api-tokens/", {"name": "x", "scope": scope})
        assert response.status_code == 400
    assert not ApiToken.objects.exists()


def test_roles_that_manage_nothing_get_403(client, hank, rita):
    for user in (hank, rita):
        login(client, user)
        assert client.get("/api-tokens/").status_code == 403


def test_an_admin_makes_a_provider_token(client, alice):
    login(client, alice)
    response = client.post("/api-tokens/", {"name": "BI", "scope": "provider", "can_write": "on"})
    assert response.status_code == 201
    token = ApiToken.objects.get()
    assert token.client is None and token.can_write


def test_revoking(client, carla, gina, acme):
    from outhire.accounts.services import api_token_create

    token, _ = api_token_create(name="BI", client=acme, can_write=False, by=carla)
    login(client, gina)
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 404
    login(client, carla)
    assert client.post(f"/api-tokens/{token.pk}/revoke/").status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None
