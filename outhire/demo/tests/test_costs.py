"""The demo's costs: ads per channel, time and fees for each demo client, added once."""

from __future__ import annotations

from outhire.accounts.models import Client
from outhire.costs.models import CostEntry
from outhire.demo.costs import seed_costs
from outhire.demo.pipeline import seed_hiring


def test_the_demo_seeds_costs_once(db, alice):
    clients = [
        Client.objects.create(name="Borealis Bank", slug="borealis-bank", industry="finance"),
        Client.objects.create(name="Harbor Logistics", slug="harbor-logistics"),
    ]
    seed_hiring(clients=clients)
    report = seed_costs()
    assert "monthly fees" in report
    entries = CostEntry.objects.all()
    assert entries.filter(category="advertising", channel="job_board").exists()
    assert entries.filter(category="recruiter_time").exists()
    # Borealis pays a monthly management fee since its engagement started, 200 days ago.
    fees = entries.filter(client=clients[0], category="rpo_fees", origin="fee_model")
    assert fees.count() >= 7
    count = entries.count()
    seed_costs()
    assert CostEntry.objects.count() == count
