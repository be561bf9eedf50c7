"""Cost test helpers on top of the shared personas in the project's conftest.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def acme_requisition(acme, rita, hank):
    """An open requisition of Acme (its reference is set when it is created)."""
    from outhire.requisitions import services as requisitions

    requisition = requisitions.requisition_create(
        client=acme, by=rita, fields={"title": "Robot Wrangler", "hiring_manager": hank}
    )
    requisitions.requisition_submit(requisition=requisition, by=rita)
    requisition.refresh_from_db()
    return requisition


@pytest.fixture
def make_cost(acme, rita):
    """make_cost(amount, category="advertising", currency="EUR", **fields) -> a CostEntry."""
    from datetime import date
    from decimal import Decimal

    from outhire.costs.services import cost_entry_add

    def make(amount, category="advertising", currency="EUR", **fields):
        fields.setdefault("client", acme)
        fields.setdefault("incurred_on", date(2026, 3, 2))
        fields.setdefault("by", rita)
        return cost_entry_add(
            category=category, amount=Decimal(str(amount)), currency=currency, **fields
        )

    return make
