"""Client A's webhook endpoint and a delivery with its attempt, for the isolation sweep."""

from __future__ import annotations

from outhire.webhooks import services
from outhire.webhooks.models import Attempt, Delivery

PARAMS = {"endpoint_id": "sweep_endpoint", "delivery_id": "sweep_delivery"}


def world(base: dict) -> dict:
    acme = base["client"]
    endpoint, secret = services.endpoint_create(
        client=acme,
        url="https://hr.acme.test/endpoint-marker-5511",
        events=["handoff.created", "hire.created"],
        description="Endpoint marker 4471",
        by=base["client_user"],
    )
    delivery = Delivery.objects.create(
        client=acme,
        endpoint=endpoint,
        event="handoff.created",
        body='{"data": {"note": "Delivery body marker 9034"}}',
    )
    Attempt.objects.create(
        client=acme, delivery=delivery, number=1, status_code=500, error="Attempt marker 6620"
    )
    return {
        "sweep_endpoint": endpoint,
        "sweep_delivery": delivery,
        "markers": [
            "endpoint-marker-5511",
            "Endpoint marker 4471",
            "Delivery body marker 9034",
            "Attempt marker 6620",
            secret,
        ],
    }
