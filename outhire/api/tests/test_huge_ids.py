"""Integers past what the database holds (2^63 and up), in every API path and query filter.

SQLite raises OverflowError ("Python int too large to convert to SQLite INTEGER") and
PostgreSQL a DataError ("bigint out of range") for such a value in a query: the API must
answer 404 for an id that cannot exist and 422 for a filter that cannot match, never 500.
"""

from __future__ import annotations

import re

import pytest

from outhire.api.api import api
from outhire.testing import bearer

HUGE = 2**64
SCHEMA = api.get_openapi_schema(path_prefix="/api/v1/")


def _operations():
    for path, operations in SCHEMA["paths"].items():
        for method, operation in operations.items():
            yield path, method, operation


def _is_integer(schema: dict) -> bool:
    if schema.get("type") == "integer":
        return True
    if schema.get("type") == "array":
        return _is_integer(schema.get("items", {}))
    return any(_is_integer(option) for option in schema.get("anyOf", []))


PATH_CASES = [
    (method, path, parameter["name"])
    for path, method, operation in _operations()
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "path" and _is_integer(parameter["schema"])
]
QUERY_CASES = [
    (path, parameter["name"])
    for path, method, operation in _operations()
    if method == "get"
    for parameter in operation.get("parameters", [])
    if parameter["in"] == "query" and _is_integer(parameter["schema"])
]


@pytest.fixture
def admin_headers(alice, token_for):
    return bearer(token_for(alice))


@pytest.fixture
def real_ids(acme, alice, rita) -> dict[str, object]:
    """Real objects for the paths whose query filters are swept (the object must exist)."""
    from outhire.candidates import services as candidates
    from outhire.requisitions import services as requisitions
    from outhire.webhooks.models import Endpoint

    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Platform engineer"}
    )
    candidate = candidates.candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    pool = candidates.pool_save(fields={"name": "Engineers"}, by=rita)
    endpoint = Endpoint.objects.create(
        client=acme, url="https://hooks.example.com/outhire", events=["application.moved"]
    )
    return {
        "slug": acme.slug,
        "requisition_id": requisition.pk,
        "candidate_id": candidate.pk,
        "pool_id": pool.pk,
        "endpoint_id": endpoint.pk,
    }


def _url(path: str, values: dict[str, object], huge: str | None = None) -> str:
    def fill(match: re.Match) -> str:
        name = match.group(1)
        if name == huge:
            return str(HUGE)
        return str(values.get(name, 1))

    return re.sub(r"{(\w+)}", fill, path)


@pytest.mark.parametrize(("method", "path", "name"), PATH_CASES)
def test_it_answers_404_for_an_id_beyond_the_database_range(
    client, acme, admin_headers, method, path, name
):
    response = client.generic(
        method.upper(),
        _url(path, {"slug": acme.slug}, huge=name),
        data=b"{}",
        content_type="application/json",
        headers=admin_headers,
    )
    # A write whose body is incomplete may be refused for its body first (422)
    expected = {404} if method in ("get", "delete") else {404, 422}
    assert response.status_code in expected, response.content


@pytest.mark.parametrize(("path", "name"), QUERY_CASES)
def test_it_answers_422_for_a_filter_beyond_the_database_range(
    client, admin_headers, real_ids, path, name
):
    if path.startswith("/api/v1/candidates/imports/"):
        from outhire.accounts.models import User
        from outhire.candidates.imports.uploads import import_create

        job = import_create(
            by=User.objects.get(email="rita@provider.test"),
            data=b"First Name,Last Name\nAda,Lovelace\n",
            file_name="people.csv",
        )
        real_ids = {**real_ids, "job_id": job.pk}
    response = client.get(_url(path, real_ids), {name: HUGE}, headers=admin_headers)
    assert response.status_code == 422, response.content
    assert name in response.json()["errors"][0]["field"].split(".")
