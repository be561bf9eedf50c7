"""Invoices from each fee model (hand-worked), issuing, immutability, credit notes, reminders."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from outhire.accounts.models import AuditEvent
from outhire.billing import services
from outhire.billing.models import Invoice, InvoiceLine, InvoiceLocked
from outhire.billing.tasks import send_overdue_reminders
from outhire.billing.tests.helpers import billing_account, engagement, hire, submission

D = Decimal
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


def lines_of(invoice):
    return [
        (line.kind, line.quantity, line.unit_price, line.amount) for line in invoice.lines.all()
    ]


@pytest.fixture
def acme_nl(acme):
    """Acme billed in the provider's own country (NL, 21% VAT)."""
    return billing_account(acme, country="NL")


# --- Each fee model, worked by hand ----------------------------------------------------------


def test_management_fee_one_line_per_month_and_never_twice(acme, acme_nl, alice):
    deal = engagement(
        acme, "management_fee", monthly_fee=D("12500.00"), starts_on=date(2026, 2, 15)
    )
    invoice, skipped = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 2, 1), date(2026, 3, 31)), by=alice
    )
    # February (started on the 15th: the full fee, no pro-rating) and March.
    assert lines_of(invoice) == [
        ("management_fee", 1, D("12500.00"), D("12500.00")),
        ("management_fee", 1, D("12500.00"), D("12500.00")),
    ]
    assert [line.source_ref for line in invoice.lines.all()] == [
        f"monthly:{deal.pk}:2026-02",
        f"monthly:{deal.pk}:2026-03",
    ]
    # 25,000.00 net, 21% VAT = 5,250.00, 30,250.00 gross
    assert (invoice.net_total, invoice.tax_total, invoice.gross_total) == (
        D("25000.00"),
        D("5250.00"),
        D("30250.00"),
    )
    assert skipped == []
    again, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert lines_of(again) == []


def test_hybrid_charges_the_month_and_each_hire(acme, acme_nl, alice, rita, hank):
    deal = engagement(acme, "hybrid", monthly_fee=D("2000.00"), per_hire_fee=D("4500.00"))
    hire(acme, rita, hank, hired_on=date(2026, 3, 10), engagement=deal)
    hire(acme, rita, hank, hired_on=date(2026, 4, 2), engagement=deal, first="Bob")
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    # March's fee 2,000.00 + one March hire 4,500.00 = 6,500.00; VAT 1,365.00
    assert [(k, a) for k, _q, _p, a in lines_of(invoice)] == [
        ("management_fee", D("2000.00")),
        ("per_hire", D("4500.00")),
    ]
    assert invoice.gross_total == D("7865.00")


def test_per_hire_only_hires_of_the_period(acme, acme_nl, alice, rita, hank):
    deal = engagement(acme, "per_hire", per_hire_fee=D("4000.00"))
    hire(acme, rita, hank, hired_on=date(2026, 3, 31), engagement=deal)
    hire(acme, rita, hank, hired_on=date(2026, 2, 28), engagement=deal, first="Bob")
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert lines_of(invoice) == [("per_hire", 1, D("4000.00"), D("4000.00"))]
    assert invoice.tax_total == D("840.00")


def test_percent_of_first_year_salary(acme, acme_nl, alice, rita, hank):
    deal = engagement(acme, "percent_salary", salary_percent=D("18.5"))
    # 5,250.00 a month = 63,000.00 a year; 18.5% = 11,655.00
    hire(
        acme,
        rita,
        hank,
        hired_on=date(2026, 3, 3),
        engagement=deal,
        base_salary=D("5250.00"),
        pay_period="month",
    )
    invoice, skipped = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert lines_of(invoice) == [("percent_salary", 1, D("11655.00"), D("11655.00"))]
    assert "18.5% of the first-year salary" in invoice.lines.get().description
    assert skipped == []


def test_a_fee_in_another_currency_is_left_off_with_the_reason(acme, acme_nl, alice, rita, hank):
    deal = engagement(acme, "percent_salary", salary_percent=D("20"))
    made = hire(acme, rita, hank, hired_on=date(2026, 3, 3), engagement=deal)
    type(made).objects.filter(pk=made.pk).update(currency="USD")  # paid 70,000 USD a year
    invoice, skipped = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert lines_of(invoice) == []
    assert len(skipped) == 1
    assert "in USD, the invoice in EUR. Not converted" in skipped[0].reason


def test_per_qualified_submission(acme, acme_nl, alice, rita, hank):
    from outhire.offers.tests.factories import open_requisition

    deal = engagement(acme, "per_submission", per_submission_fee=D("350.00"))
    requisition = open_requisition(acme, rita, hank)
    requisition.engagement = deal
    requisition.save(update_fields=["engagement"])
    submission(requisition, rita, on=date(2026, 3, 2), first="Grace")
    submission(requisition, rita, on=date(2026, 3, 30), first="Linus")
    submission(requisition, rita, on=date(2026, 4, 1), first="Ken")
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    # 2 x 350.00 = 700.00; VAT 147.00; 847.00
    assert [line.amount for line in invoice.lines.all()] == [D("350.00"), D("350.00")]
    assert invoice.gross_total == D("847.00")
    # No candidate's name on an invoice: the application number and the requisition.
    assert "Grace" not in " ".join(invoice.lines.values_list("description", flat=True))


def test_project_fee_once(acme, acme_nl, alice):
    deal = engagement(acme, "project", project_fee=D("30000.00"))
    first, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert lines_of(first) == [("project_fee", 1, D("30000.00"), D("30000.00"))]
    services.invoice_issue(invoice=first, by=alice, today=date(2026, 4, 1))
    second, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 4, 1), date(2026, 4, 30)), by=alice
    )
    assert lines_of(second) == []


def test_the_new_fee_models_need_their_amount(acme):
    from outhire.engagements.models import Engagement

    for model, field in [("per_submission", "per_submission_fee"), ("project", "project_fee")]:
        deal = Engagement(client=acme, name="x", starts_on=date(2026, 1, 1), fee_model=model)
        with pytest.raises(ValidationError) as error:
            deal.full_clean()
        assert field in error.value.message_dict


def test_no_billing_details_no_draft(acme, alice):
    deal = engagement(acme, "project", project_fee=D("1000"))
    with pytest.raises(ValidationError, match="billing details"):
        services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)


# --- Tax per client ----------------------------------------------------------------------------


def test_reverse_charge_for_an_eu_client_abroad_with_a_vat_id(acme, alice):
    billing_account(acme, country="DE", vat_id="de 123 456 789")
    deal = engagement(acme, "project", project_fee=D("10000.00"))
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    invoice = services.invoice_issue(invoice=invoice, by=alice, today=date(2026, 4, 1))
    assert invoice.is_reverse_charge
    assert (invoice.tax_total, invoice.gross_total) == (D("0.00"), D("10000.00"))
    assert invoice.buyer["vat_id"] == "DE123456789"


def test_us_client_with_a_sales_tax_rate(acme, alice):
    billing_account(acme, country="US", sales_tax_rate=D("8.875"))
    deal = engagement(acme, "project", project_fee=D("1000.00"), currency="USD")
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    # 1,000.00 x 8.875% = 88.75
    assert (invoice.currency, invoice.tax_total, invoice.gross_total) == (
        "USD",
        D("88.75"),
        D("1088.75"),
    )


# --- Issuing, numbers, immutability ------------------------------------------------------------


def test_issuing_numbers_gaplessly_per_year_and_freezes_the_parties(acme, acme_nl, alice):
    deal = engagement(acme, "management_fee", monthly_fee=D("1000.00"))
    numbers = []
    for month in (1, 2, 3):
        draft, _ = services.invoice_draft_for(
            engagement=deal, period=(date(2026, month, 1), date(2026, month, 28)), by=alice
        )
        numbers.append(
            services.invoice_issue(invoice=draft, by=alice, today=date(2026, month, 28)).number
        )
    assert numbers == ["NWT-2026-00001", "NWT-2026-00002", "NWT-2026-00003"]
    issued = Invoice.objects.get(number="NWT-2026-00003")
    assert issued.seller["name"] == "Northwind Talent Partners B.V."
    assert issued.buyer["name"] == "Acme Robotics B.V." or issued.buyer["name"].endswith("B.V.")
    assert issued.due_date == date(2026, 4, 27)
    assert AuditEvent.objects.filter(action="invoice.issued").count() == 3
    # A new year starts a new series.
    draft, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 4, 1), date(2026, 4, 30)), by=alice
    )
    assert services.invoice_issue(invoice=draft, by=alice, today=date(2027, 1, 2)).number == (
        "NWT-2027-00001"
    )


def test_an_issued_invoice_cannot_be_changed(acme, acme_nl, alice):
    deal = engagement(acme, "project", project_fee=D("5000.00"))
    draft, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    invoice = services.invoice_issue(invoice=draft, by=alice, today=date(2026, 4, 1))
    invoice.po_number = "PO-CHANGED"
    with pytest.raises(InvoiceLocked):
        invoice.save()
    with pytest.raises(InvoiceLocked):
        invoice.save(update_fields=["po_number"])
    line = invoice.lines.get()
    line.unit_price = D("1")
    with pytest.raises(InvoiceLocked):
        line.save()
    with pytest.raises(InvoiceLocked):
        line.delete()
    with pytest.raises(InvoiceLocked):
        invoice.delete()
    # Bulk writes too: no ORM path changes an issued invoice or its lines.
    with pytest.raises(InvoiceLocked):
        Invoice.objects.filter(pk=invoice.pk).update(po_number="PO-BULK")
    with pytest.raises(InvoiceLocked):
        Invoice.objects.filter(pk=invoice.pk).delete()
    with pytest.raises(InvoiceLocked):
        InvoiceLine.objects.filter(invoice=invoice).update(unit_price=D("1"))
    with pytest.raises(InvoiceLocked):
        invoice.lines.all().delete()
    assert Invoice.objects.filter(pk=invoice.pk).update(last_reminder_on=date(2026, 5, 2)) == 1
    with pytest.raises(services.InvoiceConflict):
        services.invoice_issue(invoice=invoice, by=alice)
    with pytest.raises(services.InvoiceConflict):
        services.invoice_line_add(
            invoice=invoice,
            kind="other",
            description="Extra",
            quantity=D("1"),
            unit_price=D("10"),
            currency="EUR",
            by=alice,
        )
    with pytest.raises(services.InvoiceConflict):
        services.invoice_update(invoice=invoice, po_number="PO-2", by=alice)
    invoice.refresh_from_db()
    assert (invoice.po_number, invoice.gross_total) == ("", D("6050.00"))


def test_draft_lines_in_another_currency_are_refused(acme, acme_nl, alice):
    deal = engagement(acme, "project", project_fee=D("5000.00"))
    draft, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    with pytest.raises(ValidationError) as error:
        services.invoice_line_add(
            invoice=draft,
            kind="other",
            description="Job ads",
            quantity=D("1"),
            unit_price=D("100"),
            currency="USD",
            by=alice,
        )
    assert "never converted" in error.value.message_dict["currency"][0]


def test_an_sla_adjustment_line_takes_money_off_with_its_evidence(acme, acme_nl, alice):
    deal = engagement(acme, "management_fee", monthly_fee=D("10000.00"))
    draft, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    with pytest.raises(ValidationError) as error:
        services.invoice_line_add(
            invoice=draft,
            kind="sla_adjustment",
            description="Missed time-to-shortlist",
            quantity=D("-1"),
            unit_price=D("500"),
            currency="EUR",
            by=alice,
        )
    assert "evidence" in error.value.message_dict
    services.invoice_line_add(
        invoice=draft,
        kind="sla_adjustment",
        description="Missed time-to-shortlist",
        quantity=D("-1"),
        unit_price=D("500"),
        currency="EUR",
        evidence="3 of 5 shortlists later than 10 days in March",
        by=alice,
    )
    draft.refresh_from_db()
    # 10,000.00 - 500.00 = 9,500.00; VAT 1,995.00
    assert (draft.net_total, draft.gross_total) == (D("9500.00"), D("11495.00"))


def test_a_negative_total_is_refused_at_issue(acme, acme_nl, alice):
    deal = engagement(acme, "project", project_fee=D("100.00"))
    draft, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    services.invoice_line_add(
        invoice=draft,
        kind="credit",
        description="Goodwill",
        quantity=D("-1"),
        unit_price=D("200"),
        currency="EUR",
        evidence="Agreed on the phone",
        by=alice,
    )
    with pytest.raises(ValidationError, match="credit note"):
        services.invoice_issue(invoice=draft, by=alice)
    assert Invoice.objects.get(pk=draft.pk).number == ""


def test_missing_provider_details_refuse_issue_and_use_no_number(acme, acme_nl, alice, settings):
    settings.OUTHIRE_BILLING = {**settings.OUTHIRE_BILLING, "NAME": "", "COUNTRY": ""}
    deal = engagement(acme, "project", project_fee=D("100.00"))
    draft, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    with pytest.raises(ValidationError, match="OUTHIRE_BILLING_NAME, OUTHIRE_BILLING_COUNTRY"):
        services.invoice_issue(invoice=draft, by=alice)


# --- Payment, credit notes, reminders ------------------------------------------------------------


@pytest.fixture
def issued(acme, acme_nl, alice):
    deal = engagement(acme, "management_fee", monthly_fee=D("1000.00"))
    draft, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 2, 1), date(2026, 3, 31)), by=alice
    )
    return services.invoice_issue(invoice=draft, by=alice, today=date(2026, 4, 1))


def test_mark_paid_once(issued, alice):
    with pytest.raises(ValidationError):
        services.invoice_mark_paid(invoice=issued, paid_on=date(2026, 3, 1), by=alice)
    paid = services.invoice_mark_paid(
        invoice=issued, paid_on=date(2026, 4, 20), reference="Bank 7781", by=alice
    )
    assert (paid.status, paid.paid_on, paid.payment_reference) == (
        "paid",
        date(2026, 4, 20),
        "Bank 7781",
    )
    with pytest.raises(services.InvoiceConflict):
        services.invoice_mark_paid(invoice=paid, paid_on=date(2026, 4, 20), by=alice)
    assert AuditEvent.objects.filter(action="invoice.paid").count() == 1


def test_credit_in_full_then_nothing_left_and_the_months_billable_again(issued, alice):
    note = services.credit_note_issue(
        invoice=issued, lines=None, reason="Wrong legal entity", by=alice, today=date(2026, 4, 2)
    )
    assert note.kind == "credit_note" and note.credits == issued
    assert note.number == "NWT-2026-00002"  # the same gapless series
    # 2 x 1,000.00 + 21% = 2,420.00, the whole invoice
    assert note.gross_total == issued.gross_total == D("2420.00")
    assert services.balance_due(issued) == 0
    with pytest.raises(ValidationError, match="Nothing is left"):
        services.credit_note_issue(invoice=issued, lines=None, reason="Again", by=alice)
    redraft, _ = services.invoice_draft_for(
        engagement=issued.engagement, period=(date(2026, 2, 1), date(2026, 3, 31)), by=alice
    )
    assert redraft.lines.count() == 2
    assert AuditEvent.objects.filter(action="invoice.credited").count() == 1


def test_partial_credit_of_one_line(issued, alice):
    first = issued.lines.first()
    with pytest.raises(ValidationError, match="at most 1"):
        services.credit_note_issue(
            invoice=issued, lines=[(first, D("2"))], reason="Too much", by=alice
        )
    note = services.credit_note_issue(
        invoice=issued, lines=[(first, D("0.5"))], reason="Half of February", by=alice
    )
    # 0.5 x 1,000.00 = 500.00 + 21% = 605.00
    assert note.gross_total == D("605.00")
    assert services.balance_due(issued) == D("1815.00")
    assert services.creditable(issued) == {first.pk: D("0.5"), issued.lines.last().pk: D("1")}


def test_a_credit_note_or_a_draft_cannot_be_credited(issued, alice, acme):
    note = services.credit_note_issue(invoice=issued, lines=None, reason="x", by=alice)
    with pytest.raises(services.InvoiceConflict):
        services.credit_note_issue(invoice=note, lines=None, reason="y", by=alice)
    with pytest.raises(ValidationError, match="Say why"):
        services.credit_note_issue(invoice=issued, lines=None, reason=" ", by=alice)


def test_overdue_reminders_once_a_day_and_not_when_paid_or_credited(issued, alice, acme):
    assert issued.due_date == date(2026, 5, 1)
    with time_machine.travel(date(2026, 5, 1), tick=False):
        assert send_overdue_reminders() == "0 overdue reminder(s) sent"
    with time_machine.travel(date(2026, 5, 2), tick=False):
        assert Invoice.objects.get(pk=issued.pk).is_overdue()
        assert send_overdue_reminders() == "1 overdue reminder(s) sent"
        assert send_overdue_reminders() == "0 overdue reminder(s) sent"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["accounts-payable@client.test"]
    assert alice.email in message.cc
    assert issued.number in message.subject and "€2,420.00" in message.body
    with time_machine.travel(date(2026, 5, 3), tick=False):
        services.credit_note_issue(invoice=issued, lines=None, reason="Settled", by=alice)
        assert services.overdue_reminders_send() == 0
