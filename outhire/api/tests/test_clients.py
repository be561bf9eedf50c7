from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from outhire.accounts.models import AuditEvent, Client
from outhire.testing import bearer, login

NEW_CLIENT = {"name": "Initech", "slug": "initech", "industry": "finance"}


def _slugs(response) -> list[str]:
    return [c["slug"] for c in response.json()["items"]]


def test_it_lists_all_clients_to_a_provider_admin(client, alice, acme, globex, token_for):
    response = client.get("/api/v1/clients", headers=bearer(token_for(alice)))
    assert response.status_code == 200
    assert _slugs(response) == ["acme", "globex"]
    assert response.json()["count"] == 2


def test_it_lists_only_the_clients_of_a_client_user(client, gina, acme, token_for):
    response = client.get("/api/v1/clients", headers=bearer(token_for(gina)))
    assert _slugs(response) == ["globex"]


def test_it_limits_a_client_token_to_its_client(client, alice, acme, globex, token_for):
    secret = token_for(alice, acme)
    assert _slugs(client.get("/api/v1/clients", headers=bearer(secret))) == ["acme"]
    assert client.get("/api/v1/clients/globex", headers=bearer(secret)).status_code == 404


def test_it_shows_a_client(client, carla, token_for):
    response = client.get("/api/v1/clients/acme", headers=bearer(token_for(carla)))
    assert response.status_code == 200
    body = response.json()
    assert body["slug"] == "acme"
    assert body["name"] == "Acme Robotics"
    assert body["hero_text"] == "Build robots with Acme"
    assert "logo" not in body
    assert "id" not in body


def test_it_answers_404_for_another_clients_detail(client, gina, acme, token_for):
    response = client.get("/api/v1/clients/acme", headers=bearer(token_for(gina)))
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "code": "not_found"}


def test_it_answers_404_for_a_missing_client(client, alice, token_for):
    response = client.get("/api/v1/clients/nope", headers=bearer(token_for(alice)))
    assert response.status_code == 404


def test_it_paginates(client, alice, acme, globex, token_for):
    response = client.get("/api/v1/clients?limit=1&offset=1", headers=bearer(token_for(alice)))
    assert _slugs(response) == ["globex"]
    assert response.json()["count"] == 2


def test_it_caps_the_page_size(client, alice, token_for):
    response = client.get("/api/v1/clients?limit=100000", headers=bearer(token_for(alice)))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "limit"


@pytest.mark.parametrize("persona", ["alice", "carla"])
def test_it_lists_clients_in_a_constant_number_of_queries(client, request, persona, token_for):
    user = request.getfixturevalue(persona)
    secret = token_for(user)
    client.get("/api/v1/me", headers=bearer(secret))  # last_used_at written now, not below

    def queries_for(total: int) -> int:
        for i in range(Client.objects.count(), total):
            created = Client.objects.create(name=f"Client {i:02}", slug=f"client-{i}")
            if persona == "carla":
                user.memberships.create(client=created, role="client_admin")
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/clients", headers=bearer(secret))
        assert len(response.json()["items"]) == total
        return len(queries)

    assert queries_for(3) == queries_for(30)


def test_it_creates_a_client(client, alice, token_for):
    payload = {**NEW_CLIENT, "website": "https://initech.test", "primary_colour": "#112233"}
    response = client.post(
        "/api/v1/clients",
        data=payload,
        content_type="application/json",
        headers=bearer(token_for(alice)),
    )
    assert response.status_code == 201
    assert response.json()["slug"] == "initech"
    created = Client.objects.get(slug="initech")
    assert created.industry == "finance"
    assert created.primary_colour == "#112233"
    event = AuditEvent.objects.get(action="client.created")
    assert event.actor == alice
    assert event.client == created
    assert event.changes["via"].startswith("API token #")


def test_it_creates_a_client_with_defaults(client, alice, token_for):
    response = client.post(
        "/api/v1/clients",
        data={"name": "Hooli", "slug": "hooli"},
        content_type="application/json",
        headers=bearer(token_for(alice)),
    )
    assert response.status_code == 201
    assert response.json()["industry"] == "other"
    assert response.json()["website"] == ""


@pytest.mark.parametrize("persona", ["rita", "carla"])
def test_it_lets_only_provider_admins_create_clients(client, request, persona, token_for):
    secret = token_for(request.getfixturevalue(persona))
    response = client.post(
        "/api/v1/clients",
        data=NEW_CLIENT,
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 403
    assert response.json() == {
        "message": "You do not have permission to do this.",
        "code": "forbidden",
    }
    assert not Client.objects.filter(slug="initech").exists()


def test_it_forbids_creating_a_client_with_a_read_only_token(client, alice, token_for):
    secret = token_for(alice, can_write=False)
    response = client.post(
        "/api/v1/clients",
        data=NEW_CLIENT,
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 403
    assert not Client.objects.filter(slug="initech").exists()
    assert not AuditEvent.objects.filter(action="client.created").exists()


def test_it_forbids_creating_a_client_with_a_client_token(client, alice, acme, token_for):
    secret = token_for(alice, acme)
    response = client.post(
        "/api/v1/clients",
        data=NEW_CLIENT,
        content_type="application/json",
        headers=bearer(secret),
    )
    assert response.status_code == 403
    assert not Client.objects.filter(slug="initech").exists()


def test_it_rejects_a_duplicate_slug(client, alice, acme, token_for):
    response = client.post(
        "/api/v1/clients",
        data={"name": "Acme Again", "slug": "acme"},
        content_type="application/json",
        headers=bearer(token_for(alice)),
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "conflict"
    assert body["message"] == "slug: Client with this Slug already exists."
    assert body["errors"] == [
        {"field": "slug", "message": "Client with this Slug already exists.", "code": "unique"}
    ]
    assert Client.objects.count() == 1


def test_it_lets_a_client_admin_edit_branding(client, carla, acme, token_for):
    payload = {"hero_text": "Robots need people", "accent_colour": "#00aa00"}
    response = client.patch(
        "/api/v1/clients/acme",
        data=payload,
        content_type="application/json",
        headers=bearer(token_for(carla)),
    )
    assert response.status_code == 200
    assert response.json()["hero_text"] == "Robots need people"
    acme.refresh_from_db()
    assert acme.hero_text == "Robots need people"
    assert acme.accent_colour == "#00aa00"
    assert acme.name == "Acme Robotics"  # left out, so left alone
    event = AuditEvent.objects.get(action="client.updated")
    assert event.actor == carla
    assert event.client == acme
    assert event.changes["hero_text"] == ["Build robots with Acme", "Robots need people"]


def test_it_lets_a_client_admin_edit_in_the_browser(client, carla, acme):
    login(client, carla)
    response = client.patch(
        "/api/v1/clients/acme",
        data={"about": "We build robots."},
        content_type="application/json",
    )
    assert response.status_code == 200
    acme.refresh_from_db()
    assert acme.about == "We build robots."


def test_it_forbids_a_hiring_manager_to_edit(client, hank, acme, token_for):
    response = client.patch(
        "/api/v1/clients/acme",
        data={"hero_text": "Changed"},
        content_type="application/json",
        headers=bearer(token_for(hank)),
    )
    assert response.status_code == 403
    acme.refresh_from_db()
    assert acme.hero_text == "Build robots with Acme"


def test_it_forbids_editing_with_a_read_only_token(client, carla, acme, token_for):
    response = client.patch(
        "/api/v1/clients/acme",
        data={"hero_text": "Changed"},
        content_type="application/json",
        headers=bearer(token_for(carla, can_write=False)),
    )
    assert response.status_code == 403
    acme.refresh_from_db()
    assert acme.hero_text == "Build robots with Acme"
    assert not AuditEvent.objects.filter(action="client.updated").exists()


def test_it_answers_404_to_an_outsider_editing(client, gina, acme, token_for):
    response = client.patch(
        "/api/v1/clients/acme",
        data={"hero_text": "Changed"},
        content_type="application/json",
        headers=bearer(token_for(gina)),
    )
    assert response.status_code == 404
    acme.refresh_from_db()
    assert acme.hero_text == "Build robots with Acme"


def test_it_refuses_fields_other_than_branding(client, carla, acme, token_for):
    response = client.patch(
        "/api/v1/clients/acme",
        data={"slug": "evil", "is_active": False},
        content_type="application/json",
        headers=bearer(token_for(carla)),
    )
    assert response.status_code == 422
    assert {e["field"] for e in response.json()["errors"]} == {"slug", "is_active"}
    acme.refresh_from_db()
    assert acme.slug == "acme"
    assert acme.is_active


def test_it_validates_with_the_model(client, carla, acme, token_for):
    response = client.patch(
        "/api/v1/clients/acme",
        data={"website": "not a url", "hero_text": "Changed"},
        content_type="application/json",
        headers=bearer(token_for(carla)),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["errors"] == [
        {"field": "website", "message": "Enter a valid URL.", "code": "invalid"}
    ]
    acme.refresh_from_db()
    assert acme.hero_text == "Build robots with Acme"


def test_it_refuses_null_for_a_text_field(client, carla, acme, token_for):
    response = client.patch(
        "/api/v1/clients/acme",
        data={"name": None},
        content_type="application/json",
        headers=bearer(token_for(carla)),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "name"
