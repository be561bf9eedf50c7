"""API error messages in the request's language; codes and keys stay as they are."""

from __future__ import annotations

from outhire.testing import bearer


def test_an_error_message_is_german_for_a_german_user(client, alice, token_for):
    alice.language = "de"
    alice.save(update_fields=["language"])
    headers = {**bearer(token_for(alice)), "Accept-Language": "de"}
    response = client.get("/api/v1/no-such-thing", headers=headers)
    assert response.status_code == 404
    assert response.json() == {"message": "Nicht gefunden.", "code": "not_found"}
    response = client.post(
        "/api/v1/clients", data=b"{oops", content_type="application/json", headers=headers
    )
    assert response.status_code == 400
    assert response.json() == {
        "message": "Der Anfragetext ist kein gültiges JSON.",
        "code": "malformed_json",
    }


def test_an_error_message_stays_english_by_default(client, alice, token_for):
    response = client.get("/api/v1/no-such-thing", headers=bearer(token_for(alice)))
    assert response.json() == {"message": "Not found.", "code": "not_found"}


def test_a_token_of_a_german_user_gets_german_without_accept_language(client, alice, token_for):
    alice.language = "de"
    alice.save(update_fields=["language"])
    headers = bearer(token_for(alice))
    response = client.post(
        "/api/v1/clients", data=b"{oops", content_type="application/json", headers=headers
    )
    assert response.json() == {
        "message": "Der Anfragetext ist kein gültiges JSON.",
        "code": "malformed_json",
    }
    response = client.get("/api/v1/clients/no-such-client", headers=headers)
    assert response.status_code == 404
    assert response.json() == {"message": "Nicht gefunden.", "code": "not_found"}
