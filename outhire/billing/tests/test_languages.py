"""Invoices, credit notes and reminders in the client's language (BillingAccount.language);
staff pages in the reader's. The texts come from the compiled catalogues."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core import mail

from outhire.billing import pdf, services, ubl
from outhire.billing.tests.helpers import billing_account, engagement
from outhire.testing import login

MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def french_invoice(acme, alice):
    billing_account(acme, country="FR", vat_id="FR40303265045", language="fr")
    deal = engagement(acme, "management_fee", monthly_fee=Decimal("12500.00"))
    draft = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)[0]
    return services.invoice_issue(invoice=draft, by=alice, today=date(2026, 4, 1))


def test_an_invoice_of_a_french_client_is_written_in_french(french_invoice):
    invoice = french_invoice
    assert invoice.buyer["language"] == "fr"
    line = invoice.lines.get()
    assert line.description == "Frais de gestion, mars 2026"
    assert invoice.tax_note.startswith("Autoliquidation")
    document = pdf.render(invoice, list(invoice.lines.all()))
    assert document.startswith(b"%PDF") and b"Facture" in document
    xml = ubl.document(invoice, list(invoice.lines.all())).decode()
    assert "Échéance le 2026-05-01" in xml


def test_the_overdue_reminder_of_a_french_client_is_french(french_invoice):
    services.overdue_reminders_send(today=date(2026, 5, 11))
    message = mail.outbox[0]
    assert message.subject == f"Impayé : facture {french_invoice.number}"
    assert "Bonjour," in message.body and "il y a 10 jours" in message.body


def test_a_client_without_a_language_gets_english(acme, alice):
    billing_account(acme, country="NL")
    deal = engagement(acme, "management_fee", monthly_fee=Decimal("100.00"))
    draft = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)[0]
    assert draft.lines.get().description == "Management fee, March 2026"


def test_the_invoice_list_is_german_for_a_german_user(client, alice, french_invoice):
    alice.language = "de"
    alice.save(update_fields=["language"])
    login(client, alice)
    page = client.get("/invoices/").content.decode()
    assert "<h1>Rechnungen</h1>" in page and "Rechnung entwerfen" in page
    detail = client.get(f"/invoices/{french_invoice.pk}/").content.decode()
    assert "Über diese Rechnung" in detail
    # The document keeps the client's language whoever downloads it.
    assert b"Facture" in client.get(f"/invoices/{french_invoice.pk}/invoice.pdf").content


def test_the_billing_details_form_offers_the_languages(client, alice, acme):
    login(client, alice)
    page = client.get(f"/clients/{acme.slug}/billing/").content.decode()
    assert 'name="language"' in page and ">Français</option>" in page
