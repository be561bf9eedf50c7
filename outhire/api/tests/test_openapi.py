from __future__ import annotations

import re

from django.contrib.staticfiles import finders


def test_it_serves_the_openapi_schema(client, db):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"]["title"] == "Outhire API"
    assert schema["info"]["version"] == "1"
    assert {"/api/v1/me", "/api/v1/clients", "/api/v1/clients/{slug}"} <= set(schema["paths"])
    assert set(schema["paths"]["/api/v1/clients/{slug}"]) == {"get", "patch"}
    bearer = schema["components"]["securitySchemes"]["TokenAuth"]
    assert bearer["type"] == "http"
    assert bearer["scheme"] == "bearer"
    me = schema["paths"]["/api/v1/me"]["get"]
    assert {"TokenAuth": []} in me["security"]
    assert me["responses"]["4XX"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/ErrorOut"
    }


# A webhook endpoint's signing secret is answered once, to whoever creates the endpoint, and
# never again (stored encrypted): the receiver needs it to verify signatures.
SHOWN_ONCE = {("EndpointCreatedOut", "secret")}


def test_it_keeps_secrets_out_of_the_output_schemas(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    for name, schema in schemas.items():
        for field in schema.get("properties", {}):
            if (name, field) in SHOWN_ONCE:
                continue
            assert not re.search(r"secret|hash|password|totp", field), (name, field)
    assert "secret" not in schemas["EndpointOut"]["properties"]


def test_it_serves_the_docs_page_from_local_files(client, db):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in html
    assert "/static/ninja/swagger-ui.css" in html
    assert "/api/v1/openapi.json" in html
    assert "cdn" not in html.lower()
    # The site's CSP forbids inline scripts: every script is a file or inert JSON data
    for tag in re.findall(r"<script[^>]*>", html):
        assert "src=" in tag or 'type="application/json"' in tag, tag
    assert finders.find("ninja/swagger-ui-bundle.js")
    assert finders.find("ninja/swagger-ui-init.js")


def test_it_points_the_api_root_to_the_docs(client, db):
    response = client.get("/api/v1/")
    assert response.status_code == 200
    assert response.json()["docs"] == "/api/v1/docs"
    assert response.json()["openapi"] == "/api/v1/openapi.json"


def _schema_classes(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_schema_classes(sub))
    return found


def test_it_gives_every_schema_of_the_api_its_own_name():
    """OpenAPI components are keyed by class name: two schemas with one name are one component,
    and the schema then documents the wrong fields for one of them (StageOut of a requisition
    and of an application, ApprovalOut of a requisition and of an offer)."""
    from ninja import Schema

    import outhire.api.api  # noqa: F401 (imports every app's API module)

    by_name: dict[str, set[str]] = {}
    for cls in _schema_classes(Schema):
        if cls.__module__.startswith("outhire."):
            by_name.setdefault(cls.__name__, set()).add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: paths for name, paths in by_name.items() if len(paths) > 1}
    assert shared == {}


def test_it_documents_the_stages_an_application_answers(client, db):
    schemas = client.get("/api/v1/openapi.json").json()["components"]["schemas"]
    stage = schemas["ApplicationOut"]["properties"]["stage"]["$ref"].rsplit("/", 1)[1]
    assert set(schemas[stage]["required"]) == {"id", "name", "kind"}
    approval = schemas["OfferOut"]["properties"]["approvals"]["items"]["$ref"].rsplit("/", 1)[1]
    assert "above_band" in schemas[approval]["required"]
    requisition_approval = schemas["ApprovalOut"]
    assert "above_band" not in requisition_approval["properties"]
