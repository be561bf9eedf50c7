"""The invoice pages: who sees what, drafting, lines, issuing, 409s, paying, crediting, files."""

from __future__ import annotations

import csv
import io
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.billing import services
from outhire.billing.models import BillingAccount, Invoice
from outhire.billing.tests.helpers import billing_account, engagement
from outhire.testing import login

D = Decimal
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def deal(acme):
    billing_account(acme, country="NL")
    return engagement(acme, "management_fee", monthly_fee=D("12500.00"))


@pytest.fixture
def draft(deal, alice):
    return services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)[0]


@pytest.fixture
def issued(draft, alice):
    return services.invoice_issue(invoice=draft, by=alice, today=date(2026, 4, 1))


def test_alice_drafts_edits_issues_and_pays(client, alice, deal):
    login(client, alice)
    page = client.get("/invoices/new/")
    assert page.status_code == 200 and 'for="id_period_start"' in page.content.decode()
    response = client.post(
        "/invoices/new/",
        {"engagement": deal.pk, "period_start": "2026-03-01", "period_end": "2026-03-31"},
    )
    invoice = Invoice.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/invoices/{invoice.pk}/"
    page = client.get(f"/invoices/{invoice.pk}/").content.decode()
    assert "Management fee, March 2026" in page and "€15,125.00" in page
    client.post(
        f"/invoices/{invoice.pk}/lines/",
        {
            "kind": "other",
            "description": "Career fair stand",
            "quantity": "1",
            "unit_price": "800",
            "currency": "eur",
        },
    )
    client.post(f"/invoices/{invoice.pk}/po/", {"po_number": "PO-88"})
    confirm = client.get(f"/invoices/{invoice.pk}/issue/").content.decode()
    assert "cannot be changed or deleted" in confirm and "€16,093.00" in confirm
    response = client.post(f"/invoices/{invoice.pk}/issue/")
    invoice.refresh_from_db()
    assert response.status_code == 302 and invoice.number == "NWT-2026-00001"
    assert (invoice.po_number, invoice.gross_total) == ("PO-88", D("16093.00"))
    today = timezone.localdate()
    response = client.post(
        f"/invoices/{invoice.pk}/paid/", {"paid_on": today.isoformat(), "reference": "Bank 1"}
    )
    invoice.refresh_from_db()
    assert response.status_code == 302 and invoice.status == "paid"


def test_bad_input_is_a_form_error_never_a_500(client, alice, deal, draft):
    login(client, alice)
    response = client.post(
        "/invoices/new/",
        {"engagement": deal.pk, "period_start": "2026-03-31", "period_end": "2026-03-01"},
    )
    assert response.status_code == 200
    assert "The period ends before it starts." in response.content.decode()
    response = client.post(
        f"/invoices/{draft.pk}/lines/",
        {
            "kind": "other",
            "description": "Ads",
            "quantity": "1",
            "unit_price": "10",
            "currency": "usd",
        },
    )
    assert response.status_code == 400
    assert "never converted" in response.content.decode()
    response = client.post(
        f"/invoices/{draft.pk}/lines/", {"kind": "credit", "description": "x", "quantity": "1"}
    )
    assert response.status_code == 400 and "This field is required." in response.content.decode()
    response = client.post("/clients/acme/billing/", {"legal_name": "Acme", "country": "D1"})
    assert response.status_code == 400 and "two-letter ISO 3166" in response.content.decode()


def test_no_billing_details_is_said_on_the_form(client, alice, acme):
    deal = engagement(acme, "project", project_fee=D("100"))
    login(client, alice)
    response = client.post(
        "/invoices/new/",
        {"engagement": deal.pk, "period_start": "2026-03-01", "period_end": "2026-03-31"},
    )
    assert response.status_code == 200 and "billing details" in response.content.decode()
    assert not Invoice.objects.exists()


def test_billing_details_are_saved_and_audited(client, alice, acme):
    login(client, alice)
    response = client.post(
        "/clients/acme/billing/",
        {
            "legal_name": "Acme Robotics GmbH",
            "street": "Hauptstr. 1",
            "postcode": "10115",
            "city": "Berlin",
            "country": "de",
            "vat_id": "de 123456789",
            "billing_email": "ap@acme.test",
            "payment_days": "14",
        },
    )
    assert response.status_code == 302
    account = BillingAccount.objects.get(client=acme)
    assert (account.country, account.vat_id, account.payment_days) == ("DE", "DE123456789", 14)
    assert AuditEvent.objects.filter(action="billing.account_saved").exists()


def test_changing_an_issued_invoice_is_a_409(client, alice, issued):
    login(client, alice)
    line = issued.lines.get()
    for url, data in [
        (f"/invoices/{issued.pk}/lines/", {"description": "x"}),
        (f"/invoices/{issued.pk}/lines/{line.pk}/delete/", {}),
        (f"/invoices/{issued.pk}/po/", {"po_number": "PO-1"}),
        (f"/invoices/{issued.pk}/issue/", {}),
        (f"/invoices/{issued.pk}/delete/", {}),
    ]:
        response = client.post(url, data)
        assert response.status_code == 409, url
    issued.refresh_from_db()
    assert (issued.po_number, issued.gross_total, issued.lines.count()) == ("", D("15125.00"), 1)


def test_crediting_from_the_page(client, alice, issued):
    login(client, alice)
    line = issued.lines.get()
    page = client.get(f"/invoices/{issued.pk}/credit/")
    assert page.status_code == 200 and f'name="line_{line.pk}"' in page.content.decode()
    response = client.post(f"/invoices/{issued.pk}/credit/", {"reason": "", f"line_{line.pk}": "2"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "This field is required." in body and "less than or equal to 1" in body
    response = client.post(
        f"/invoices/{issued.pk}/credit/", {"reason": "Duplicate month", f"line_{line.pk}": "1"}
    )
    note = Invoice.objects.get(kind="credit_note")
    assert response.status_code == 302 and response["Location"] == f"/invoices/{note.pk}/"
    assert note.number == "NWT-2026-00002" and note.gross_total == D("15125.00")
    assert client.get(f"/invoices/{issued.pk}/credit/").status_code == 409


def test_downloads(client, alice, issued, draft):
    login(client, alice)
    pdf = client.get(f"/invoices/{issued.pk}/invoice.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Content-Disposition"] == 'attachment; filename="NWT-2026-00001.pdf"'
    xml = client.get(f"/invoices/{issued.pk}/invoice.xml")
    assert xml.status_code == 200 and b"<cbc:ID>NWT-2026-00001</cbc:ID>" in xml.content
    text = client.get(f"/invoices/{issued.pk}/invoice.csv").content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [(r["number"], r["gross"], r["line_amount"]) for r in rows] == [
        ("NWT-2026-00001", "15125.00", "12500.00")
    ]
    assert AuditEvent.objects.filter(action="invoice.downloaded").count() == 3
    # A draft has no number: nothing to download yet.
    another, _ = services.invoice_draft_for(
        engagement=issued.engagement, period=(date(2026, 4, 1), date(2026, 4, 30)), by=alice
    )
    assert client.get(f"/invoices/{another.pk}/invoice.pdf").status_code == 409


def test_a_client_admin_reads_only_their_issued_invoices(client, carla, gina, rita, issued, alice):
    draft, _ = services.invoice_draft_for(
        engagement=issued.engagement, period=(date(2026, 4, 1), date(2026, 4, 30)), by=alice
    )
    login(client, carla)
    listing = client.get("/invoices/").content.decode()
    assert "NWT-2026-00001" in listing and f"Draft #{draft.pk}" not in listing
    assert "Draft an invoice" not in listing
    assert client.get(f"/invoices/{issued.pk}/").status_code == 200
    assert client.get(f"/invoices/{issued.pk}/invoice.pdf").status_code == 200
    assert client.get(f"/invoices/{draft.pk}/").status_code == 404
    assert client.post(f"/invoices/{issued.pk}/paid/", {"paid_on": "2026-04-02"}).status_code == 403
    assert client.get("/invoices/new/").status_code == 403
    login(client, gina)  # another client's admin
    assert client.get(f"/invoices/{issued.pk}/").status_code == 404
    assert "NWT-2026-00001" not in client.get("/invoices/").content.decode()
    login(client, rita)  # provider staff but not an admin: invoices are the admins' work
    assert client.get("/invoices/").status_code == 404
    assert client.get(f"/invoices/{issued.pk}/").status_code == 404


def test_the_list_filters_and_totals_per_currency(client, alice, acme, globex, issued):
    billing_account(globex, country="US")
    usd = engagement(globex, "project", project_fee=D("2000.00"), currency="USD")
    draft, _ = services.invoice_draft_for(engagement=usd, period=MARCH, by=alice)
    services.invoice_issue(invoice=draft, by=alice, today=timezone.localdate() - timedelta(days=60))
    services.invoice_mark_paid(invoice=issued, paid_on=date(2026, 4, 20), by=alice)
    login(client, alice)
    response = client.get("/invoices/")
    totals = {t["currency"]: t for t in response.context["totals"]}
    assert totals["EUR"]["invoiced"] == D("15125.00")
    assert (totals["EUR"]["open"], totals["EUR"]["overdue"]) == (D("0.00"), D("0.00"))
    assert totals["USD"]["invoiced"] == D("2000.00") and totals["USD"]["overdue"] == D("2000.00")
    # Half of the overdue USD invoice credited: half is still unpaid and overdue.
    usd_invoice = Invoice.objects.get(currency="USD")
    services.credit_note_issue(
        invoice=usd_invoice,
        lines=[(usd_invoice.lines.get(), D("0.5"))],
        reason="Half the project was cancelled",
        by=alice,
    )
    totals = {t["currency"]: t for t in client.get("/invoices/").context["totals"]}
    assert (totals["USD"]["credited"], totals["USD"]["open"], totals["USD"]["overdue"]) == (
        D("1000.00"),
        D("1000.00"),
        D("1000.00"),
    )
    overdue = client.get("/invoices/", {"state": "overdue"})
    assert [i.number for i in overdue.context["page"]] == [usd_invoice.number]
    assert "Overdue" in overdue.content.decode()
    acme_only = client.get("/invoices/", {"client": "acme"})
    assert [i.client for i in acme_only.context["page"]] == [acme]
    exported = client.get("/invoices/export.csv", {"client": "globex"}).content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(exported)))
    assert [(r["kind"], r["currency"], r["line_amount"]) for r in rows] == [
        ("invoice", "USD", "2000.00"),
        ("credit_note", "USD", "1000.00"),
    ]


@pytest.mark.parametrize("invoices", [2, 12])
def test_the_list_costs_the_same_queries_for_more_invoices(
    client, alice, deal, invoices, django_assert_max_num_queries
):
    for month in range(1, invoices + 1):
        day = date(2025 + month // 13, (month - 1) % 12 + 1, 1)
        services.invoice_draft_for(engagement=deal, period=(day, day), by=alice)
    login(client, alice)
    client.get("/invoices/")
    with django_assert_max_num_queries(12):
        response = client.get("/invoices/", {"state": ""})
    assert response.status_code == 200 and response.context["page"].paginator.count == invoices
    invoice = Invoice.objects.first()
    with django_assert_max_num_queries(14):
        assert client.get(f"/invoices/{invoice.pk}/").status_code == 200


def test_the_api_reads_issues_credits_and_settles(client, alice, carla, draft, token_for):
    from outhire.testing import bearer

    login(client, alice)
    response = client.post(f"/api/v1/invoices/{draft.pk}/issue")
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["number"], body["status"], body["gross_total"]) == (
        "NWT-2026-00001",
        "issued",
        "15125.00",
    )
    assert client.post(f"/api/v1/invoices/{draft.pk}/issue").status_code == 409
    ubl_file = client.get(f"/api/v1/invoices/{draft.pk}/ubl")
    assert ubl_file.status_code == 200 and b"NWT-2026-00001" in ubl_file.content
    response = client.post(
        f"/api/v1/invoices/{draft.pk}/credit", {"reason": "Wrong month"}, "application/json"
    )
    assert response.status_code == 201 and response.json()["credits"] == "NWT-2026-00001"
    # A client admin's token reads its client's issued documents and changes nothing.
    client.logout()
    headers = bearer(token_for(carla))
    listed = client.get("/api/v1/invoices", headers=headers).json()
    assert sorted(i["number"] for i in listed["items"]) == ["NWT-2026-00001", "NWT-2026-00002"]
    response = client.post(
        f"/api/v1/invoices/{draft.pk}/paid",
        {"paid_on": "2026-04-20"},
        "application/json",
        headers=headers,
    )
    assert response.status_code == 403


def test_an_invoice_credited_in_full_is_not_overdue(client, alice, carla, deal, token_for):
    """Issued, unpaid and past its due date, but settled by credit notes: not overdue in the
    list's filter, its state, the export or the API; a partly credited one still is."""
    settled, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    long_ago = timezone.localdate() - timedelta(days=90)
    services.invoice_issue(invoice=settled, by=alice, today=long_ago)
    line = settled.lines.get()
    # Credited in two notes: half, then the other half.
    for _half in range(2):
        services.credit_note_issue(
            invoice=settled, lines=[(line, D("0.5"))], reason="Waived", by=alice
        )
    partly, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 4, 1), date(2026, 4, 30)), by=alice
    )
    services.invoice_issue(invoice=partly, by=alice, today=long_ago)
    services.credit_note_issue(
        invoice=partly, lines=[(partly.lines.get(), D("0.5"))], reason="Half", by=alice
    )
    settled.refresh_from_db()
    partly.refresh_from_db()
    assert not settled.is_overdue() and settled.credited_gross_total() == settled.gross_total
    assert partly.is_overdue()
    login(client, alice)
    overdue = client.get("/invoices/", {"state": "overdue"})
    assert [i.number for i in overdue.context["page"]] == [partly.number]
    states = {i.number: i.state_label for i in client.get("/invoices/").context["page"]}
    assert (states[settled.number], states[partly.number]) == ("Issued", "Overdue")
    totals = {t["currency"]: t for t in overdue.context["totals"]}
    assert totals["EUR"]["overdue"] == partly.gross_total / 2
    exported = client.get("/invoices/export.csv").content.decode("utf-8-sig")
    rows = {r["number"]: r["status"] for r in csv.DictReader(io.StringIO(exported))}
    assert (rows[settled.number], rows[partly.number]) == ("issued", "overdue")
    from outhire.testing import bearer

    api = client.get("/api/v1/invoices", **bearer(token_for(alice)))
    flags = {i["number"]: i["overdue"] for i in api.json()["items"]}
    assert (flags[settled.number], flags[partly.number]) == (False, True)
