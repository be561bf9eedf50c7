"""Dates, booleans and ids are read as the schema says, not as pydantic's lax mode would.

Lax mode took `0` as a date (1970-01-01, a Unix timestamp) and as `false`; the schema says
"format: date" and "boolean", so such input is a 422 naming the field.
"""

from __future__ import annotations

import pytest

from outhire.candidates.models import Candidate
from outhire.testing import bearer


@pytest.fixture
def admin_headers(alice, token_for):
    return bearer(token_for(alice))


@pytest.mark.parametrize("value", ["0", "1700000000", "2026-13-01", "yesterday"])
def test_it_refuses_what_is_not_a_date_in_a_query(client, admin_headers, value):
    response = client.get("/api/v1/candidates", {"active_since": value}, headers=admin_headers)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "active_since"


def test_it_reads_an_iso_date_in_a_query(client, admin_headers):
    response = client.get(
        "/api/v1/candidates", {"active_since": "2026-03-01"}, headers=admin_headers
    )
    assert response.status_code == 200


@pytest.mark.parametrize("value", [0, 1700000000, "0"])
def test_it_refuses_a_number_as_a_date_in_a_body(client, acme, admin_headers, value):
    body = {
        "client": "acme",
        "category": "advertising",
        "amount": "120.00",
        "currency": "EUR",
        "incurred_on": value,
    }
    response = client.post(
        "/api/v1/costs", body, content_type="application/json", headers=admin_headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "incurred_on"


@pytest.mark.parametrize("value", [0, 1, "true", "yes"])
def test_it_refuses_what_is_not_a_boolean_in_a_body(client, admin_headers, value):
    body = {"first_name": "Ada", "last_name": "Lovelace", "allow_duplicate": value}
    response = client.post(
        "/api/v1/candidates", body, content_type="application/json", headers=admin_headers
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "allow_duplicate"
    assert not Candidate.objects.exists()


def test_it_says_the_id_range_in_the_schema(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    merge = schemas["MergeIn"]["properties"]["duplicate_id"]
    assert (merge["minimum"], merge["maximum"]) == (1, 2**63 - 1)
