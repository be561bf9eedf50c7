"""The profitability pages: a hand-worked quarter through real invoices, credit notes and costs,
who may see them, the CSV export (audited), bad input, and a constant number of queries."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

import pytest

from outhire.accounts.models import AuditEvent, Client
from outhire.billing import services
from outhire.billing.tests.helpers import billing_account, engagement
from outhire.costs.services import cost_entry_add
from outhire.testing import login

D = Decimal
Q1 = {"period": "q1", "year": "2026"}


def issue(deal, start, end, on, by):
    draft, _ = services.invoice_draft_for(engagement=deal, period=(start, end), by=by)
    return services.invoice_issue(invoice=draft, by=by, today=on)


def cost(client, category, amount, on, currency="EUR", **fields):
    return cost_entry_add(
        client=client,
        category=category,
        amount=D(amount),
        currency=currency,
        incurred_on=on,
        **fields,
    )


@pytest.fixture
def quarter(acme, globex, alice):
    """Acme: a 12,500.00 monthly retainer, January and February invoiced, half of February
    credited; Globex: a 4,000.00 project fee. Costs of each, some not the provider's."""
    billing_account(acme, country="NL")
    billing_account(globex, country="NL")
    retainer = engagement(acme, "management_fee", monthly_fee=D("12500.00"))
    issue(retainer, date(2026, 1, 1), date(2026, 1, 31), date(2026, 2, 1), alice)
    february = issue(retainer, date(2026, 2, 1), date(2026, 2, 28), date(2026, 3, 1), alice)
    services.credit_note_issue(
        invoice=february,
        lines=[(february.lines.get(), D("0.5"))],
        reason="Half of February waived",
        by=alice,
        today=date(2026, 3, 10),
    )
    issue(retainer, date(2026, 3, 1), date(2026, 3, 31), date(2026, 4, 1), alice)  # Q2's
    project = engagement(globex, "project", project_fee=D("4000.00"))
    issue(project, date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 31), alice)
    cost(acme, "recruiter_time", "1056.00", date(2026, 1, 20), description="22 h at 48.00")
    cost(acme, "advertising", "795.00", date(2026, 2, 3), channel="job_board")
    cost(acme, "technology", "1500.00", date(2026, 1, 5))
    cost(acme, "rpo_fees", "12500.00", date(2026, 1, 31))  # the fee itself: not a cost
    cost(acme, "advertising", "300.00", date(2026, 3, 2), currency="USD")
    cost(globex, "recruiter_time", "2400.00", date(2026, 3, 15))
    cost(globex, "assessments", "100.00", date(2025, 12, 31))  # before the quarter
    return {"retainer": retainer, "project": project}


def test_the_quarter_per_client_in_each_currency(client, alice, acme, globex, quarter):
    login(client, alice)
    response = client.get("/profitability/", Q1)
    assert response.status_code == 200
    rows = {(i["client"].slug, i["row"].currency): i["row"] for i in response.context["rows"]}
    assert list(rows) == [("acme", "EUR"), ("acme", "USD"), ("globex", "EUR")]
    acme_eur = rows[("acme", "EUR")]
    # 12,500 + 12,500 - 6,250 = 18,750; 1,056 + 795 + 1,500 = 3,351; 15,399 / 18,750 = 82.13 %.
    assert (acme_eur.revenue, acme_eur.cost, acme_eur.margin, acme_eur.margin_percent) == (
        D("18750.00"),
        D("3351.00"),
        D("15399.00"),
        D("82.1"),
    )
    assert acme_eur.cost_columns == [D("1056.00"), D("795.00"), D("1500.00"), D("0")]
    assert (rows[("acme", "USD")].margin, rows[("acme", "USD")].margin_percent) == (
        D("-300.00"),
        None,
    )
    assert (rows[("globex", "EUR")].margin, rows[("globex", "EUR")].margin_percent) == (
        D("1600.00"),
        D("40.0"),
    )
    totals = {r.currency: r for r in response.context["totals"]}
    assert (totals["EUR"].revenue, totals["EUR"].margin) == (D("22750.00"), D("16999.00"))
    assert totals["USD"].margin == D("-300.00")
    page = response.content.decode()
    for text in ["Q1 2026", "€18,750.00", "€15,399.00", "82.1%", "-US$300.00", "€12,500.00"]:
        assert text in page, text
    assert 'href="/profitability/acme/?period=q1&amp;year=2026"' in page


def test_a_client_opens_per_engagement(client, alice, acme, quarter):
    extra = engagement(acme, "per_hire", per_hire_fee=D("3000.00"), starts_on=date(2026, 3, 1))
    cost(acme, "advertising", "450.00", date(2026, 3, 20))  # in force: the later engagement
    login(client, alice)
    response = client.get("/profitability/acme/", Q1)
    assert response.status_code == 200
    rows = [(i["engagement"], i["row"].currency, i["row"]) for i in response.context["rows"]]
    assert [(e.pk, c) for e, c, _ in rows] == [
        (quarter["retainer"].pk, "EUR"),
        (extra.pk, "EUR"),
        (extra.pk, "USD"),
    ]
    retainer = rows[0][2]
    assert (retainer.invoiced, retainer.credited, retainer.margin) == (
        D("25000.00"),
        D("6250.00"),
        D("15399.00"),
    )
    assert (rows[1][2].revenue, rows[1][2].margin) == (D("0"), D("-450.00"))
    totals = {r.currency: r for r in response.context["totals"]}
    assert totals["EUR"].margin == D("14949.00")
    page = response.content.decode()
    assert "Profitability of Acme" in page and "Globex" not in page


def test_a_month_and_a_year(client, alice, quarter):
    login(client, alice)
    march = client.get("/profitability/", {"period": "m3", "year": "2026"}).context
    rows = {(i["client"].slug, i["row"].currency): i["row"] for i in march["rows"]}
    # In March: February's invoice (1 Mar) and its credit note (10 Mar); April's is Q2's.
    assert rows[("acme", "EUR")].revenue == D("6250.00")
    year = client.get("/profitability/", {"period": "year", "year": "2026"}).context
    totals = {r.currency: r for r in year["totals"]}
    assert totals["EUR"].revenue == D("35250.00")  # with the March invoice issued in April
    empty = client.get("/profitability/", {"period": "year", "year": "2019"})
    assert empty.context["rows"] == [] and "No invoices issued and no costs" in (
        empty.content.decode()
    )


def test_the_export_is_the_engagement_rows_and_is_audited(client, alice, quarter):
    login(client, alice)
    response = client.get("/profitability/export.csv", Q1)
    assert response.status_code == 200
    assert "profitability-2026-01-01-2026-03-31.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(r["client"], r["currency"], r["revenue"], r["margin"]) for r in rows] == [
        ("Acme Robotics", "EUR", "18750.00", "15399.00"),
        ("Acme Robotics", "USD", "0.00", "-300.00"),
        ("Globex Health", "EUR", "4000.00", "1600.00"),
    ]
    assert rows[0]["recruiter_time"] == "1056.00" and rows[0]["margin_percent"] == "82.1"
    assert rows[1]["margin_percent"] == ""
    event = AuditEvent.objects.get(action="profitability.exported")
    assert event.actor == alice and event.changes["rows"] == 3


def test_only_provider_admins_see_it(client, rita, carla, gina, hank, acme, quarter):
    urls = ["/profitability/", "/profitability/acme/", "/profitability/export.csv"]
    for person in (rita, carla, gina, hank):
        login(client, person)
        for url in urls:
            assert client.get(url, Q1).status_code == 404, (person.email, url)
    client.logout()
    assert client.get("/profitability/").status_code == 302
    assert not AuditEvent.objects.filter(action="profitability.exported").exists()


def test_the_menu_and_the_analytics_dashboard_link_it(client, alice, rita, acme):
    login(client, alice)
    assert 'href="/profitability/"' in client.get("/analytics/").content.decode()
    page = client.get("/profitability/").content.decode()
    assert 'href="/profitability/" aria-current="page"' in page
    login(client, rita)
    assert 'href="/profitability/"' not in client.get("/analytics/").content.decode()


def test_bad_input_is_a_form_error_never_a_500(client, alice, acme):
    login(client, alice)
    for query in [
        {"period": "q9", "year": "2026"},
        {"period": "m1", "year": "twenty"},
        {"period": "year", "year": "99999999999999999999"},
        {"year": "1850"},
    ]:
        response = client.get("/profitability/", query)
        assert response.status_code == 400, query
        assert "error-summary" in response.content.decode()
    assert client.get("/profitability/nobody/").status_code == 404
    refused = client.get("/profitability/export.csv", {"period": "x", "year": "2026"})
    assert refused.status_code == 400 and b"Choose a valid period" in refused.content
    assert not AuditEvent.objects.filter(action="profitability.exported").exists()


@pytest.mark.parametrize("extra_clients", [0, 6])
def test_the_pages_cost_the_same_queries_for_more_clients(
    client, alice, quarter, extra_clients, django_assert_num_queries
):
    for n in range(extra_clients):
        other = Client.objects.create(slug=f"client-{n}", name=f"Client {n}")
        billing_account(other, country="NL")
        deal = engagement(other, "project", project_fee=D("1000.00"))
        issue(deal, date(2026, 2, 1), date(2026, 2, 28), date(2026, 2, 28), alice)
        cost(other, "recruiter_time", "100.00", date(2026, 2, 10))
        cost(other, "advertising", "50.00", date(2026, 2, 11), currency="GBP")
    login(client, alice)
    client.get("/profitability/", Q1)  # warm the session and the caches
    with django_assert_num_queries(8):
        response = client.get("/profitability/", Q1)
    assert len(response.context["rows"]) == 3 + 2 * extra_clients
    with django_assert_num_queries(9):
        assert client.get("/profitability/acme/", Q1).status_code == 200
    with django_assert_num_queries(8):
        assert client.get("/profitability/export.csv", Q1).status_code == 200
