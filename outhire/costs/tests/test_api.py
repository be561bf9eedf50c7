"""Costs in the JSON API: list, totals, create, correct, void, import; scoped like the pages."""

from __future__ import annotations

import json
from decimal import Decimal

from outhire.costs.models import CostEntry
from outhire.testing import bearer

BODY = {
    "client": "acme",
    "category": "advertising",
    "amount": "450.00",
    "currency": "eur",
    "incurred_on": "2026-03-02",
    "channel": "job_board",
    "channel_detail": "indeed",
}


def post(client, url, body, secret):
    return client.post(url, json.dumps(body), content_type="application/json", **_auth(secret))


def _auth(secret):
    return {"HTTP_AUTHORIZATION": bearer(secret)["Authorization"]}


def test_it_creates_lists_and_totals_costs(client, rita, acme, acme_requisition, token_for):
    secret = token_for(rita, acme)
    response = post(client, "/api/v1/costs", {**BODY, "requisition": acme_requisition.pk}, secret)
    assert response.status_code == 201, response.content
    created = response.json()
    assert created["currency"] == "EUR" and created["external"] is True
    assert created["requisition_reference"] == acme_requisition.reference
    post(client, "/api/v1/costs", {**BODY, "category": "recruiter_time", "amount": "50"}, secret)
    post(client, "/api/v1/costs", {**BODY, "currency": "USD", "amount": "10"}, secret)
    listed = client.get("/api/v1/costs?client=acme&currency=EUR", **_auth(secret)).json()
    assert listed["count"] == 2
    totals = client.get("/api/v1/costs/totals?client=acme", **_auth(secret)).json()
    by = {t["currency"]: t for t in totals}
    assert Decimal(by["EUR"]["total"]) == Decimal("500.00")
    assert Decimal(by["EUR"]["external"]) + Decimal(by["EUR"]["internal"]) == Decimal("500.00")
    assert Decimal(by["USD"]["total"]) == Decimal("10.00")


def test_bad_input_answers_422_in_the_error_shape(client, rita, acme, token_for):
    secret = token_for(rita, acme)
    response = post(client, "/api/v1/costs", {**BODY, "currency": "XYZ"}, secret)
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "invalid" and body["errors"][0]["field"] == "currency"
    response = post(client, "/api/v1/costs", {**BODY, "amount": "-1"}, secret)
    assert response.status_code == 422
    assert not CostEntry.objects.exists()


def test_generated_fees_are_voided_through_the_api(client, rita, acme, make_cost, token_for):
    fee = make_cost("5000", category="rpo_fees", origin="fee_model", origin_ref="hire:3")
    secret = token_for(rita, acme)
    patch = client.patch(
        f"/api/v1/costs/{fee.pk}",
        json.dumps({"amount": "1"}),
        content_type="application/json",
        **_auth(secret),
    )
    assert patch.status_code == 409
    response = post(client, f"/api/v1/costs/{fee.pk}/void", {"reason": "Waived"}, secret)
    assert response.status_code == 200 and response.json()["voided_at"]
    assert post(client, f"/api/v1/costs/{fee.pk}/void", {"reason": "x"}, secret).status_code == 409


def test_a_manual_cost_is_corrected_and_deleted(client, carla, acme, make_cost, token_for):
    entry = make_cost("10")
    secret = token_for(carla, acme)
    response = client.patch(
        f"/api/v1/costs/{entry.pk}",
        json.dumps({"amount": "12.5", "description": "Fixed"}),
        content_type="application/json",
        **_auth(secret),
    )
    assert response.status_code == 200 and response.json()["amount"] in ("12.50", 12.5)
    assert client.delete(f"/api/v1/costs/{entry.pk}", **_auth(secret)).status_code == 204
    assert not CostEntry.objects.exists()


def test_import_checks_then_imports_once(client, rita, acme, acme_requisition, token_for):
    secret = token_for(rita, acme)
    text = (
        "date,category,amount,currency,requisition\n"
        f"2026-03-02,advertising,450,EUR,{acme_requisition.reference}\n"
        "2026-03-03,travel,80,EUR,\n"
    )
    body = {"client": "acme", "csv": text, "dry_run": True}
    response = post(client, "/api/v1/costs/import", body, secret)
    assert response.json() == {"dry_run": True, "rows": 2, "added": 2, "skipped": 0}
    assert not CostEntry.objects.exists()
    body["dry_run"] = False
    assert post(client, "/api/v1/costs/import", body, secret).json()["added"] == 2
    assert post(client, "/api/v1/costs/import", body, secret).json()["skipped"] == 2
    assert CostEntry.objects.count() == 2
    body["csv"] = text + "2026-03-04,travel,eighty,EUR,\n"
    response = post(client, "/api/v1/costs/import", body, secret)
    assert response.status_code == 422
    error = response.json()["errors"][0]
    assert error["field"] == "amount" and error["message"].startswith("Line 4:")
    assert CostEntry.objects.count() == 2


def test_readers_read_and_outsiders_get_404(client, hank, gina, acme, globex, make_cost, token_for):
    entry = make_cost("10")
    reader = token_for(hank, acme)
    assert client.get(f"/api/v1/costs/{entry.pk}", **_auth(reader)).status_code == 200
    assert post(client, "/api/v1/costs", BODY, reader).status_code == 403
    assert client.delete(f"/api/v1/costs/{entry.pk}", **_auth(reader)).status_code == 403
    outsider = token_for(gina, globex)
    assert client.get(f"/api/v1/costs/{entry.pk}", **_auth(outsider)).status_code == 404
    assert client.get("/api/v1/costs?client=acme", **_auth(outsider)).json()["count"] == 0
    response = post(client, "/api/v1/costs", BODY, outsider)
    assert response.status_code == 422 and response.json()["errors"][0]["field"] == "client"
    response = post(client, f"/api/v1/costs/{entry.pk}/void", {"junk": 1}, outsider)
    assert response.status_code == 404
    read_only = token_for(hank, acme, can_write=False)
    assert client.get("/api/v1/costs/totals", **_auth(read_only)).status_code == 200
