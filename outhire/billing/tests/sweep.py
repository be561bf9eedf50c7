"""Client A's invoices for the isolation sweep (outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

PARAMS = {"invoice_id": "invoice", "line_id": "invoice_line", "sla_term_id": "sla_term"}


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
    claim, term = _guarantee_and_sla(base)
    return {
        "sla_term": term,
        "guarantee_claim": claim,
        "invoice": invoice,
        "invoice_line": invoice.lines.get(description="Invoice line marker 7730"),
        "draft_invoice": draft,
        "markers": [
            "Billing marker 5521",
            "Invoice line marker 7730",
            "Draft line marker 2284",
            "PO-MARKER-3390",
            "4,321.09",
            claim.requisition.reference,
        ],
    }


def _guarantee_and_sla(base: dict):
    """A hire who left inside the engagement's guarantee (its claim), and an SLA term."""
    from outhire.billing import guarantee
    from outhire.engagements.models import Engagement, SlaTerm
    from outhire.offers import services as offers
    from outhire.offers.models import Hire
    from outhire.offers.tests.factories import at_offer_stage, sent_offer
    from outhire.requisitions import services as requisitions
    from outhire.requisitions.models import Requisition

    acme, rita = base["client"], base["staff_user"]
    engagement = base["engagement"]
    Engagement.objects.filter(pk=engagement.pk).update(guarantee_days=90, sla_days_to_fill=45)
    requisition = requisitions.requisition_create(
        client=acme,
        by=rita,
        fields={
            "title": "Guarantee requisition marker 6612",
            "hiring_manager": base["membership"].user,
            "engagement": engagement,
        },
    )
    # The default stages (the sweep's own template has only one stage); approved by its chain.
    Requisition.objects.filter(pk=requisition.pk).update(pipeline_template=None)
    requisition.refresh_from_db()
    requisitions.requisition_submit(requisition=requisition, by=rita)
    for step in requisition.approvals.all():
        requisitions.approval_decide(requisition=requisition, by=step.approver, approve=True)
    requisition.refresh_from_db()
    offer = sent_offer(at_offer_stage(requisition, rita, first="Leaver", last="Sweep"), rita)
    offers.offer_accept(offer=offer, typed_name="Leaver Sweep", ip="198.51.100.7")
    hire = Hire.objects.get(offer=offer)
    Hire.objects.filter(pk=hire.pk).update(
        start_date=date(2026, 3, 1),
        left_on=date(2026, 3, 20),
        hired_at=datetime(2026, 2, 20, 10, tzinfo=UTC),
    )
    claim = guarantee.guarantee_claim_open(hire=hire, by=rita)
    term = SlaTerm.objects.create(
        client=acme,
        engagement=engagement,
        metric="fill",
        comparison="below",
        threshold=Decimal("80"),
        adjustment="credit",
        amount=Decimal("5"),
        starts_on=date(2026, 1, 1),
    )
    return claim, term
