"""Client A's invoices for the isolation sweep (outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

PARAMS = {"invoice_id": "invoice", "line_id": "invoice_line"}


def world(base: dict) -> dict:
    from outhire.billing import services
    from outhire.billing.models import BillingAccount
    from outhire.costs.services import cost_entry_add

    acme = base["client"]
    BillingAccount.objects.create(
        client=acme,
        legal_name="Billing marker 5521 B.V.",
        street="Marker Street 1",
        city="Rotterdam",
        country="NL",
        billing_email="ap-marker@acme.test",
        po_number="PO-MARKER-3390",
    )
    engagement = base["engagement"]
    period = (date(2026, 3, 1), date(2026, 3, 31))
    invoice, _ = services.invoice_draft_for(engagement=engagement, period=period, by=None)
    services.invoice_line_add(
        invoice=invoice,
        kind="other",
        description="Invoice line marker 7730",
        quantity=Decimal("1"),
        unit_price=Decimal("987.65"),
        currency=invoice.currency,
        by=None,
    )
    services.invoice_issue(invoice=invoice, by=None, today=date(2026, 4, 1))
    draft, _ = services.invoice_draft_for(
        engagement=engagement, period=(date(2026, 4, 1), date(2026, 4, 30)), by=None
    )
    services.invoice_line_add(
        invoice=draft,
        kind="other",
        description="Draft line marker 2284",
        quantity=Decimal("1"),
        unit_price=Decimal("10"),
        currency=draft.currency,
        by=None,
    )
    # A cost the profitability pages (/profitability/...) count: its amount is a marker.
    cost_entry_add(
        client=acme,
        category="technology",
        amount=Decimal("4321.09"),
        currency=invoice.currency,
        incurred_on=date(2026, 4, 2),
    )
    return {
        "invoice": invoice,
        "invoice_line": invoice.lines.get(description="Invoice line marker 7730"),
        "draft_invoice": draft,
        "markers": [
            "Billing marker 5521",
            "Invoice line marker 7730",
            "Draft line marker 2284",
            "PO-MARKER-3390",
            "4,321.09",
        ],
    }
