from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from outhire.accounts.models import AuditEvent, Client
from outhire.testing import bearer


@pytest.fixture
def admin_headers(alice, token_for):
    return bearer(token_for(alice))


def _counts() -> tuple[int, int]:
    return Client.objects.count(), AuditEvent.objects.count()


@pytest.mark.parametrize("body", [b'{"name": "Initech", "slug": ', b"\xff\xfe{}", b"name=x"])
def test_it_answers_a_malformed_body_with_400(client, acme, admin_headers, body):
    before = _counts()
    response = client.post(
        "/api/v1/clients", data=body, content_type="application/json", headers=admin_headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "The request body is not valid JSON.",
        "code": "malformed_json",
    }
    assert _counts() == before


def test_it_answers_a_malformed_patch_with_400(client, carla, acme, token_for):
    response = client.patch(
        "/api/v1/clients/acme",
        data=b"{oops",
        content_type="application/json",
        headers=bearer(token_for(carla)),
    )
    assert response.status_code == 400
    acme.refresh_from_db()
    assert acme.hero_text == "Build robots with Acme"


def test_it_answers_a_wrong_type_with_422(client, admin_headers):
    before = _counts()
    response = client.post(
        "/api/v1/clients",
        data={"name": 42, "slug": "initech"},
        content_type="application/json",
        headers=admin_headers,
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid"
    assert body["message"] == "name: Input should be a valid string"
    assert body["errors"] == [
        {"field": "name", "message": "Input should be a valid string", "code": "string_type"}
    ]
    assert _counts() == before


def test_it_answers_a_missing_field_with_422(client, admin_headers):
    response = client.post(
        "/api/v1/clients",
        data={"name": "Initech"},
        content_type="application/json",
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "slug", "message": "Field required", "code": "missing"}
    ]


def test_it_answers_an_unknown_choice_with_422(client, admin_headers):
    response = client.post(
        "/api/v1/clients",
        data={"name": "Initech", "slug": "initech", "industry": "piracy"},
        content_type="application/json",
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "industry"


def test_it_answers_a_bad_query_parameter_with_422(client, admin_headers):
    response = client.get("/api/v1/clients?offset=minus-one", headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "offset"


def test_it_answers_an_unknown_url_with_json_404(client, admin_headers):
    response = client.get("/api/v1/no/such/thing", headers=admin_headers)
    assert response.status_code == 404
    assert response.json() == {"message": "Not found.", "code": "not_found"}


def test_it_answers_a_wrong_method_with_json_405(client, acme, admin_headers):
    response = client.delete("/api/v1/clients/acme", headers=admin_headers)
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
    assert "PATCH" in response["Allow"]
    assert Client.objects.filter(slug="acme").exists()


def test_it_writes_nothing_when_a_service_fails_half_way(client, admin_headers, monkeypatch):
    # The client row is saved before the audit event; a failure there must undo the save
    def fail(*args, **kwargs):
        raise ValidationError("The audit trail is unavailable.")

    monkeypatch.setattr("outhire.accounts.services.audit.record", fail)
    before = _counts()
    response = client.post(
        "/api/v1/clients",
        data={"name": "Initech", "slug": "initech"},
        content_type="application/json",
        headers=admin_headers,
    )
    assert response.status_code == 422
    assert response.json()["message"] == "The audit trail is unavailable."
    assert response.json()["errors"][0]["field"] is None
    assert _counts() == before


def test_it_answers_a_duplicate_that_slips_past_validation_with_409(
    client, acme, admin_headers, monkeypatch
):
    # Two requests racing for one slug both pass full_clean(); the database has the last word
    monkeypatch.setattr(Client, "full_clean", lambda self, *a, **kw: None)
    before = _counts()
    response = client.post(
        "/api/v1/clients",
        data={"name": "Acme Again", "slug": "acme"},
        content_type="application/json",
        headers=admin_headers,
    )
    assert response.status_code == 409
    assert response.json()["code"] == "conflict"
    assert _counts() == before


@pytest.mark.parametrize("size", [10, 5000])
def test_it_answers_a_form_sent_to_a_json_endpoint_with_400(
    client, acme, admin_headers, settings, size
):
    """Small or past DATA_UPLOAD_MAX_MEMORY_SIZE (then parsed from the stream), a multipart
    form where JSON is expected is a malformed body, not a 500."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    before = _counts()
    response = client.post(
        "/api/v1/clients",
        {"name": "Initech", "file": SimpleUploadedFile("a.txt", b"x" * size)},
        headers=admin_headers,
    )
    assert response.status_code == 400
    assert response.json()["code"] == "malformed_json"
    assert _counts() == before
