"""Demo invoices: billing details for each demo client and three months of invoices.

The oldest month is issued and paid, the next issued and (by now) overdue, the last a draft;
one invoice has a credit note. A month in which the fee model charged nothing gets a
fixed-price line, so each client has invoices. Issued in date order, so the numbers follow
the dates.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from outhire.billing import services
from outhire.billing.models import BillingAccount, Invoice
from outhire.costs.rules import add_months, first_of_month, last_day_of_month
from outhire.engagements.models import Engagement

# slug -> billing details. Meridian is billed at home (NL, 21% VAT), Acme across an EU
# border with a VAT id (reverse charge), Borealis and Harbor outside the EU (no VAT).
ACCOUNTS = {
    "meridian-health": {
        "legal_name": "Meridian Health B.V.",
        "street": "Stationsplein 45",
        "postcode": "3013 AK",
        "city": "Rotterdam",
        "country": "NL",
        "vat_id": "NL001234567B01",
        "billing_email": "accounts.payable@meridian.demo",
        "po_number": "MH-PO-2026-118",
    },
    "acme-robotics": {
        "legal_name": "Acme Robotics GmbH",
        "street": "Invalidenstraße 117",
        "postcode": "10115",
        "city": "Berlin",
        "country": "DE",
        "vat_id": "DE123456789",
        "billing_email": "kreditoren@acme.demo",
    },
    "borealis-bank": {
        "legal_name": "Borealis Bank plc",
        "street": "1 Threadneedle Street",
        "postcode": "EC2R 8AH",
        "city": "London",
        "country": "GB",
        "vat_id": "GB123456789",
        "billing_email": "invoices@borealis.demo",
        "payment_days": 45,
    },
    "harbor-logistics": {
        "legal_name": "Harbor Logistics Inc.",
        "street": "200 Seaport Boulevard",
        "postcode": "02210",
        "city": "Boston",
        "country": "US",
        "billing_email": "ap@harbor.demo",
    },
}


# A fixed-price piece of work for a month whose fee model charged nothing (no hire that
# month), so every demo client has invoices to look at.
SOURCING_SPRINT = ("Talent mapping sprint (fixed price)", Decimal("3200.00"))


def seed_billing(*, today=None) -> str:
    """Billing details and invoices for each demo engagement; a second run adds nothing."""
    today = today or timezone.localdate()
    engagements = list(
        Engagement.objects.filter(
            name__endswith="RPO programme", client__slug__in=ACCOUNTS
        ).select_related("client")
    )
    for engagement in engagements:
        if not BillingAccount.objects.filter(client=engagement.client).exists():
            BillingAccount.objects.create(
                client=engagement.client, **ACCOUNTS[engagement.client.slug]
            )
    without_invoices = [e for e in engagements if not Invoice.objects.filter(engagement=e).exists()]
    issued = paid = drafts = credited = 0
    this_month = first_of_month(today)
    for back in (3, 2, 1):
        start = add_months(this_month, -back)
        end = last_day_of_month(start)
        for engagement in without_invoices:
            invoice, _skipped = services.invoice_draft_for(
                engagement=engagement, period=(start, end), by=None
            )
            if not invoice.lines.exists():
                description, price = SOURCING_SPRINT
                services.invoice_line_add(
                    invoice=invoice,
                    kind="other",
                    description=f"{description}, {start:%B %Y}",
                    quantity=Decimal("1"),
                    unit_price=price,
                    currency=invoice.currency,
                    by=None,
                )
            if back == 1:
                drafts += 1
                continue
            issue_day = min(today, end + timedelta(days=1))
            services.invoice_issue(invoice=invoice, by=None, today=issue_day)
            issued += 1
            if back == 3:
                services.invoice_mark_paid(
                    invoice=invoice,
                    paid_on=min(today, issue_day + timedelta(days=21)),
                    reference=f"Bank transfer {invoice.number}",
                    by=None,
                )
                paid += 1
            elif credited == 0:
                first = invoice.lines.order_by("position").first()
                services.credit_note_issue(
                    invoice=invoice,
                    lines=[(first, Decimal("0.5") * first.quantity)],
                    reason="SLA: two of four shortlists came after the agreed ten days.",
                    by=None,
                    today=issue_day,
                )
                credited += 1
    return f"{issued} invoice(s) issued ({paid} paid), {credited} credit note(s), {drafts} draft(s)"
