"""Offers, hires, reviews and webhooks in the JSON API."""

from __future__ import annotations

from decimal import Decimal

import pytest

from outhire.accounts.services import api_token_create
from outhire.offers import services
from outhire.offers.models import OfferApprovalRule
from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer, terms

API = "/api/v1"


@pytest.fixture
def call(client):
    def make(user, acme=None, *, can_write=True):
        _, secret = api_token_create(name="t", client=acme, can_write=can_write, by=user)
        headers = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}

        def request(method, path, body=None):
            if method == "get":
                return client.get(API + path, body or {}, **headers)
            return getattr(client, method)(
                API + path, body or {}, content_type="application/json", **headers
            )

        return request

    return make


def _json_terms(**overrides):
    return {k: str(v) for k, v in terms(**overrides).items()}


def test_an_offer_through_the_api(call, acme, rita, hank):
    requisition = open_requisition(acme, rita, hank)
    application = at_offer_stage(requisition, rita)
    OfferApprovalRule.objects.create(client=acme, position=1, approver=hank)
    as_rita = call(rita)
    bad = as_rita("post", f"/applications/{application.pk}/offers", {"base_salary": "-1"})
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    created = as_rita("post", f"/applications/{application.pk}/offers", _json_terms())
    assert created.status_code == 201, created.json()
    offer_id = created.json()["id"]
    assert created.json()["status"] == "draft" and created.json()["candidate"] == "Ada Lovelace"
    assert as_rita("post", f"/offers/{offer_id}/submit").json()["status"] == "pending_approval"
    assert as_rita("post", f"/offers/{offer_id}/approve", {}).status_code == 403
    as_hank = call(hank, acme)
    approved = as_hank("post", f"/offers/{offer_id}/approve", {"comment": "Fine"})
    assert approved.status_code == 200 and approved.json()["status"] == "approved"
    assert approved.json()["approvals"][0]["approver"] == "hank@acme.test"
    assert as_rita("post", f"/offers/{offer_id}/send").json()["status"] == "sent"
    listed = as_rita("get", f"/applications/{application.pk}/offers").json()
    assert [o["id"] for o in listed] == [offer_id]
    again = as_rita(
        "post", f"/offers/{offer_id}/renegotiate", _json_terms(base_salary=Decimal("75000"))
    )
    assert again.status_code == 201 and again.json()["version"] == 2
    assert as_rita("get", "/offers").json()["count"] == 1
    assert as_rita("get", "/offers", {"latest": "false"}).json()["count"] == 2


def test_hires_reviews_and_the_handoff_through_the_api(call, acme, rita, hank, carla, gina):
    requisition = open_requisition(acme, rita, hank)
    offer = sent_offer(at_offer_stage(requisition, rita), rita)
    hire = services.offer_accept(offer=offer, typed_name="Ada Lovelace", ip=None)
    as_carla = call(carla, acme)
    hires = as_carla("get", "/hires").json()
    assert hires["count"] == 1 and len(hires["items"][0]["reviews"]) == 3
    handoff = as_carla("get", f"/hires/{hire.pk}/handoff")
    assert handoff.status_code == 200 and handoff.json()["job"]["title"] == "Robotics Engineer"
    assert call(hank, acme)("get", f"/hires/{hire.pk}/handoff").status_code == 403
    assert call(gina)("get", f"/hires/{hire.pk}").status_code == 404
    review = hire.reviews.get(day=30)
    as_hank = call(hank, acme)
    bad = as_hank("post", f"/reviews/{review.pk}", {"still_employed": True, "performance": 9})
    assert bad.status_code == 422
    answer = as_hank(
        "post",
        f"/reviews/{review.pk}",
        {"still_employed": True, "performance": 4, "satisfaction": 4, "would_hire_again": True},
    )
    assert answer.status_code == 200 and answer.json()["performance"] == 4
    assert as_hank("get", "/reviews", {"open": "true"}).json()["count"] == 2


def test_webhook_endpoints_through_the_api(call, acme, carla, hank, gina):
    as_carla = call(carla, acme)
    created = as_carla(
        "post",
        "/webhooks/endpoints",
        {"client": "acme", "url": "https://hr.acme.test/hook", "events": ["hire.created"]},
    )
    assert created.status_code == 201 and created.json()["secret"].startswith("whsec_")
    endpoint_id = created.json()["id"]
    listed = as_carla("get", "/webhooks/endpoints").json()
    assert listed["count"] == 1 and "secret" not in listed["items"][0]
    bad = as_carla(
        "post", "/webhooks/endpoints", {"client": "acme", "url": "ftp://x", "events": []}
    )
    assert bad.status_code == 422
    assert as_carla("get", f"/webhooks/endpoints/{endpoint_id}/deliveries").json()["count"] == 0
    assert call(hank, acme)("get", f"/webhooks/endpoints/{endpoint_id}").status_code == 403
    assert call(gina)("get", f"/webhooks/endpoints/{endpoint_id}").status_code == 404
    assert as_carla("delete", f"/webhooks/endpoints/{endpoint_id}").status_code == 204
