"""Client A's recruiting costs for the isolation sweep (outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

PARAMS = {"cost_entry_id": "cost_entry", "cost_import_id": "cost_import"}

CSV = b"date,category,amount,currency,description\n2026-03-02,advertising,10,EUR,Ad\n"


def world(base: dict) -> dict:
    from outhire.costs.imports import cost_import_create
    from outhire.costs.services import cost_entry_add

    acme = base["client"]
    entry = cost_entry_add(
        client=acme,
        category="advertising",
        amount=Decimal("321.45"),
        currency="EUR",
        incurred_on=date(2026, 3, 2),
        requisition=base["requisition"],
        channel="job_board",
        channel_detail="indeed",
        description="Cost marker 6120",
        by=base["staff_user"],
    )
    fee = cost_entry_add(
        client=acme,
        category="rpo_fees",
        amount=Decimal("5000"),
        currency="EUR",
        incurred_on=date(2026, 3, 5),
        description="Fee marker 8841",
        origin="fee_model",
        origin_ref="hire:sweep",
    )
    record, _check = cost_import_create(
        client=acme, data=CSV, file_name="costs-marker-4471.csv", by=base["staff_user"]
    )
    return {
        "cost_entry": entry,
        "fee_entry": fee,
        "cost_import": record,
        "markers": ["Cost marker 6120", "Fee marker 8841", "costs-marker-4471.csv"],
    }
