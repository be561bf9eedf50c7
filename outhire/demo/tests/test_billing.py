"""The demo's invoices: billing details, three months per client, numbered in date order, once."""

from __future__ import annotations

from datetime import date

from outhire.accounts.models import Client
from outhire.billing.models import BillingAccount, Invoice
from outhire.demo.billing import seed_billing
from outhire.demo.pipeline import seed_hiring


def test_the_demo_seeds_invoices_once(db, alice):
    clients = [
        Client.objects.create(name="Borealis Bank", slug="borealis-bank", industry="finance"),
        Client.objects.create(name="Meridian Health", slug="meridian-health"),
        Client.objects.create(name="Acme Robotics", slug="acme-robotics"),
    ]
    seed_hiring(clients=clients)
    report = seed_billing(today=date(2026, 11, 15))
    assert report == "6 invoice(s) issued (3 paid), 1 credit note(s), 3 draft(s)"
    assert BillingAccount.objects.get(client=clients[0]).country == "GB"
    documents = list(Invoice.objects.exclude(status="draft").order_by("number"))
    # One gapless series for invoices and credit notes, numbered in date order.
    assert [d.number for d in documents] == [f"NWT-2026-{n:05d}" for n in range(1, 8)]
    assert [d.issue_date for d in documents] == sorted(d.issue_date for d in documents)
    assert [d.kind for d in documents].count("credit_note") == 1
    borealis = Invoice.objects.filter(client=clients[0], kind="invoice").exclude(status="draft")
    assert {i.tax_category for i in borealis} == {"O"}  # a UK client of an NL provider
    meridian = Invoice.objects.filter(client=clients[1], kind="invoice").exclude(status="draft")
    assert {i.tax_category for i in meridian} == {"S"}
    acme = Invoice.objects.filter(client=clients[2], kind="invoice").exclude(status="draft")
    assert {i.tax_category for i in acme} == {"AE"}  # a German client with a VAT id
    count = Invoice.objects.count()
    seed_billing(today=date(2026, 11, 15))
    assert Invoice.objects.count() == count
