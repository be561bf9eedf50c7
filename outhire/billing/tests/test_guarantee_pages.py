"""The guarantee report, the draft's warnings, and the SLA terms on the engagement page."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from outhire.accounts.models import AuditEvent
from outhire.billing import guarantee, services
from outhire.billing.models import SlaTermResult
from outhire.billing.tests.helpers import billing_account, engagement, hire
from outhire.engagements.models import SlaTerm
from outhire.offers.models import Hire
from outhire.testing import login

D = Decimal


@pytest.fixture
def deal(acme):
    billing_account(acme, country="NL")
    return engagement(
        acme, "per_hire", per_hire_fee=D("4000.00"), guarantee_days=90, sla_days_to_fill=45
    )


def claim_for(acme, rita, hank, deal, *, first="Ada", left_on=date(2026, 4, 12)):
    made = hire(acme, rita, hank, hired_on=date(2026, 2, 20), engagement=deal, first=first)
    Hire.objects.filter(pk=made.pk).update(start_date=date(2026, 3, 1), left_on=left_on)
    return guarantee.guarantee_claim_open(hire=made, by=None)


def test_staff_and_the_clients_admin_read_the_report_others_do_not(
    client, alice, carla, hank, gina, rita, acme, deal
):
    claim = claim_for(acme, rita, hank, deal)
    issued = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 2, 1), date(2026, 4, 30)), by=alice
    )[0]
    login(client, alice)
    page = client.get(f"/clients/{acme.slug}/guarantee/")
    body = page.content.decode()
    assert page.status_code == 200
    assert f"Hire #{claim.hire_id}" in body and claim.requisition.reference in body
    assert "€4,000.00" in body and f"Draft #{issued.pk}" in body
    assert claim.replacement.reference in body and "Ada" not in body
    login(client, carla)  # the client's admin: no drafts named
    body = client.get(f"/clients/{acme.slug}/guarantee/").content.decode()
    assert f"Hire #{claim.hire_id}" in body and f"Draft #{issued.pk}" not in body
    assert "Next invoice" in body
    for outsider in (hank, gina, rita):
        login(client, outsider)
        assert client.get(f"/clients/{acme.slug}/guarantee/").status_code == 404
        assert client.get(f"/clients/{acme.slug}/guarantee.csv").status_code == 404


def test_the_csv_lists_each_claim_and_is_audited(client, alice, rita, hank, acme, deal):
    claim = claim_for(acme, rita, hank, deal)
    login(client, alice)
    response = client.get(f"/clients/{acme.slug}/guarantee.csv")
    rows = list(csv.reader(io.StringIO(response.content.decode().lstrip("\ufeff"))))
    assert rows[0][:4] == ["claim", "hire", "requisition", "engagement"]
    assert rows[1][:3] == [str(claim.pk), str(claim.hire_id), claim.requisition.reference]
    assert rows[1][9:14] == ["credit", "EUR", "4000.00", "4000.00", "0.00"]
    assert rows[1][15:] == [claim.replacement.reference, "draft"]
    assert AuditEvent.objects.filter(action="guarantee.exported").count() == 1


def test_the_report_costs_the_same_queries_for_more_claims(client, alice, rita, hank, acme, deal):
    claim_for(acme, rita, hank, deal)
    login(client, alice)
    url = f"/clients/{acme.slug}/guarantee/"
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        assert client.get(url).status_code == 200
    claim_for(acme, rita, hank, deal, first="Bob")
    claim_for(acme, rita, hank, deal, first="Cy")
    with CaptureQueriesContext(connection) as three:
        body = client.get(url).content.decode()
    assert body.count("Hire #") == 3
    assert len(three) == len(one)


def test_the_draft_shows_its_warnings_to_the_provider_only(client, alice, acme, deal):
    SlaTerm.objects.create(
        client=acme,
        engagement=deal,
        metric="fill",
        comparison="below",
        threshold=D("80"),
        adjustment="credit",
        amount=D("5"),
        starts_on=date(2026, 1, 1),
    )
    login(client, alice)
    client.post(
        "/invoices/new/",
        {"engagement": deal.pk, "period_start": "2026-03-01", "period_end": "2026-03-31"},
    )
    invoice = deal.invoices.get()
    body = client.get(f"/invoices/{invoice.pk}/").content.decode()
    assert "Check before issuing" in body and "nothing was measured in Q1 2026" in body


def test_adding_and_removing_sla_terms_on_the_engagement_page(client, alice, hank, acme, deal):
    login(client, alice)
    page = client.get(f"/engagements/{deal.pk}/").content.decode()
    assert "Add an SLA-linked credit or bonus" in page and "Replacement guarantee" in page
    bad = client.post(
        f"/engagements/{deal.pk}/sla-terms/",
        {
            "sla-metric": "shortlist",  # the engagement has no shortlist target
            "sla-period": "quarter",
            "sla-comparison": "below",
            "sla-threshold": "180",
            "sla-adjustment": "credit",
            "sla-amount_kind": "percent",
            "sla-amount": "5",
            "sla-starts_on": "2026-01-01",
        },
    )
    body = bad.content.decode()
    assert bad.status_code == 400 and "error-summary" in body
    assert "Ensure this value is less than or equal to 100." in body
    assert not SlaTerm.objects.exists()
    good = client.post(
        f"/engagements/{deal.pk}/sla-terms/",
        {
            "sla-metric": "fill",
            "sla-period": "quarter",
            "sla-comparison": "below",
            "sla-threshold": "80",
            "sla-adjustment": "credit",
            "sla-amount_kind": "percent",
            "sla-amount": "5",
            "sla-starts_on": "2026-01-01",
        },
    )
    assert good.status_code == 302
    term = SlaTerm.objects.get()
    page = client.get(f"/engagements/{deal.pk}/").content.decode()
    assert escape(term.describe()) in page
    assert term.describe() == (
        "Credit of 5% of the period's fees when openings filled within the days-to-fill "
        "target is below 80% in a calendar quarter"
    )
    login(client, hank)  # a hiring manager reads the engagement, not its money terms
    page = client.get(f"/engagements/{deal.pk}/").content.decode()
    assert "SLA-linked fees" not in page and "Replacement guarantee" not in page
    assert client.post(f"/engagements/{deal.pk}/sla-terms/{term.pk}/delete/").status_code == 403
    login(client, alice)
    SlaTermResult.objects.create(
        client=acme,
        term=term,
        period_key="2026-Q1",
        period_start=date(2026, 1, 1),
        period_end=date(2026, 3, 31),
        measured=1,
        met=1,
        share=D("100"),
        applies=False,
        currency="EUR",
        evidence="1 of 1",
    )
    response = client.post(f"/engagements/{deal.pk}/sla-terms/{term.pk}/delete/", follow=True)
    assert "stays on record" in response.content.decode() and SlaTerm.objects.exists()
    # An evaluated term is ended instead: its row offers the date, not "Remove".
    page = client.get(f"/engagements/{deal.pk}/").content.decode()
    assert f'for="id_end-{term.pk}-ends_on">End on</label>' in page
    end_url = f"/engagements/{deal.pk}/sla-terms/{term.pk}/end/"
    field = f"end-{term.pk}-ends_on"
    too_early = client.post(end_url, {field: "2025-12-31"})
    assert too_early.status_code == 400
    assert "has been evaluated for an invoice already" in too_early.content.decode()
    assert client.post(end_url, {field: "not a day"}).status_code == 400
    assert client.post(end_url, {field: "2026-03-31"}).status_code == 302
    term.refresh_from_db()
    assert term.ends_on == date(2026, 3, 31)
    page = client.get(f"/engagements/{deal.pk}/").content.decode()
    assert "1 Jan 2026 to 31 Mar 2026" in page and "Move the end to" in page
    assert AuditEvent.objects.filter(action="engagement.sla_term_ended").count() == 1
    login(client, hank)
    assert client.post(end_url, {field: "2026-06-30"}).status_code == 403
    login(client, alice)
    SlaTermResult.objects.all().delete()
    client.post(f"/engagements/{deal.pk}/sla-terms/{term.pk}/delete/")
    assert not SlaTerm.objects.exists()
    assert AuditEvent.objects.filter(action="engagement.sla_term_removed").count() == 1


def test_the_guarantee_terms_are_set_on_the_engagement_form(client, alice, acme, deal):
    login(client, alice)
    page = client.get(f"/engagements/{deal.pk}/edit/").content.decode()
    assert 'for="id_guarantee_days"' in page and 'for="id_guarantee_remedy"' in page
    data = {
        "name": deal.name,
        "status": "active",
        "starts_on": "2026-01-01",
        "fee_model": "per_hire",
        "currency": "EUR",
        "per_hire_fee": "4000",
        "guarantee_days": "60",
        "guarantee_remedy": "credit_prorata",
        "guarantee_replacement": "on",
    }
    response = client.post(f"/engagements/{deal.pk}/edit/", data)
    assert response.status_code == 302
    deal.refresh_from_db()
    assert (deal.guarantee_days, deal.guarantee_remedy) == (60, "credit_prorata")
    assert (
        client.post(f"/engagements/{deal.pk}/edit/", data | {"guarantee_days": "-3"}).status_code
        == 400
    )


def test_the_api_reads_claims_and_terms(client, alice, carla, hank, gina, rita, acme, deal):
    claim = claim_for(acme, rita, hank, deal)
    term = SlaTerm.objects.create(
        client=acme,
        engagement=deal,
        metric="fill",
        comparison="below",
        threshold=D("80"),
        adjustment="credit",
        amount=D("5"),
        starts_on=date(2026, 1, 1),
    )
    login(client, alice)
    body = client.get("/api/v1/guarantee-claims", {"client": acme.slug}).json()
    assert [item["id"] for item in body["items"]] == [claim.pk]
    item = body["items"][0]
    assert (item["outcome"], item["credit_amount"], item["days_worked"]) == (
        "credit",
        "4000.00",
        42,
    )
    assert item["replacement"] == claim.replacement.reference
    terms = client.get(f"/api/v1/engagements/{deal.pk}/sla-terms").json()
    assert [(t["id"], t["threshold"], t["description"]) for t in terms] == [
        (term.pk, "80.00", term.describe())
    ]
    login(client, carla)  # the client's admin reads its claims, not the engagement's terms
    assert len(client.get("/api/v1/guarantee-claims").json()["items"]) == 1
    assert client.get(f"/api/v1/engagements/{deal.pk}/sla-terms").status_code == 403
    login(client, gina)
    assert client.get("/api/v1/guarantee-claims").json()["items"] == []
    assert client.get(f"/api/v1/engagements/{deal.pk}/sla-terms").status_code == 404
