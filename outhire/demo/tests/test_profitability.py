"""The demo shows meaningful profitability: each client has revenue and costs, and they differ."""

from __future__ import annotations

from datetime import date

from outhire.accounts.models import Client
from outhire.demo.billing import seed_billing
from outhire.demo.costs import seed_costs
from outhire.demo.pipeline import seed_hiring
from outhire.testing import login


def test_the_demo_has_revenue_costs_and_margins_per_client(db, client, alice):
    clients = [
        Client.objects.create(name="Borealis Bank", slug="borealis-bank", industry="finance"),
        Client.objects.create(name="Meridian Health", slug="meridian-health"),
    ]
    seed_hiring(clients=clients)
    seed_costs(today=date(2026, 11, 15))
    seed_billing(today=date(2026, 11, 15))
    login(client, alice)
    response = client.get("/profitability/", {"period": "year", "year": "2026"})
    rows = {i["client"].slug: i["row"] for i in response.context["rows"]}
    assert set(rows) == {"borealis-bank", "meridian-health"}
    for row in rows.values():
        assert row.revenue > 0 and row.cost > 0
        assert all(amount > 0 for amount in row.cost_columns[:3])  # time, ads, tools
    assert rows["borealis-bank"].margin != rows["meridian-health"].margin
    assert rows["borealis-bank"].cost != rows["meridian-health"].cost
    engagements = client.get("/profitability/meridian-health/", {"period": "year", "year": "2026"})
    assert engagements.status_code == 200 and engagements.context["rows"]
