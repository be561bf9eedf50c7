"""The profitability arithmetic (margins.py): the worked example of docs/billing.md, periods,
attribution, and property tests (margin = revenue - cost; totals = sum of rows, per currency)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outhire.billing.margins import (
    GROUP_OF_CATEGORY,
    NOT_PROVIDER_COSTS,
    Attribution,
    Contract,
    Cost,
    Document,
    margin_percent,
    period_containing,
    period_of,
    profitability,
)

D = Decimal
ACME, GLOBEX = 1, 2
RETAINER, PROJECT, PER_HIRE = 10, 11, 20
Q1 = period_of("quarter", 2026, 1)


def worked_example():
    """docs/billing.md, "A worked example": Q1 2026, two clients, three engagements."""
    documents = [
        Document(ACME, RETAINER, "EUR", date(2026, 2, 1), D("12500.00")),  # January's fee
        Document(ACME, RETAINER, "EUR", date(2026, 3, 1), D("12500.00")),  # February's fee
        Document(ACME, RETAINER, "EUR", date(2026, 3, 10), D("6250.00"), is_credit_note=True),
        Document(ACME, RETAINER, "EUR", date(2026, 4, 1), D("12500.00")),  # March's: Q2
        Document(ACME, PROJECT, "EUR", date(2026, 2, 15), D("30000.00")),
        Document(GLOBEX, PER_HIRE, "EUR", date(2026, 3, 31), D("4000.00")),
    ]
    costs = [
        Cost(ACME, RETAINER, "EUR", date(2026, 1, 20), "recruiter_time", D("1056.00")),
        Cost(ACME, RETAINER, "EUR", date(2026, 1, 20), "coordinator_time", D("210.00")),
        Cost(ACME, RETAINER, "EUR", date(2026, 2, 3), "advertising", D("795.00")),
        Cost(ACME, RETAINER, "EUR", date(2026, 1, 5), "technology", D("1500.00")),
        Cost(ACME, PROJECT, "EUR", date(2026, 2, 20), "advertising", D("450.00")),
        Cost(ACME, PROJECT, "EUR", date(2026, 2, 20), "assessments", D("65.00")),
        Cost(ACME, PROJECT, "USD", date(2026, 3, 2), "advertising", D("300.00")),
        Cost(ACME, RETAINER, "EUR", date(2026, 1, 31), "rpo_fees", D("12500.00")),
        Cost(ACME, RETAINER, "EUR", date(2026, 1, 31), "hiring_manager_time", D("425.00")),
        Cost(GLOBEX, PER_HIRE, "EUR", date(2026, 3, 15), "recruiter_time", D("2400.00")),
        Cost(GLOBEX, PER_HIRE, "EUR", date(2025, 12, 15), "recruiter_time", D("999.00")),
    ]
    return profitability(Q1, documents, costs)


def flat(row):
    return (
        row.revenue,
        row.cost_columns,
        row.cost,
        row.margin,
        row.margin_percent,
    )


def test_the_worked_example_per_engagement():
    report = worked_example()
    rows = {(r.client_id, r.engagement_id, r.currency): r for r in report.engagements}
    assert list(rows) == [
        (ACME, RETAINER, "EUR"),
        (ACME, PROJECT, "EUR"),
        (ACME, PROJECT, "USD"),
        (GLOBEX, PER_HIRE, "EUR"),
    ]
    retainer = rows[(ACME, RETAINER, "EUR")]
    # 12,500 + 12,500 invoiced, 6,250 credited; the April invoice is Q2's.
    assert (retainer.invoiced, retainer.credited) == (D("25000.00"), D("6250.00"))
    # Time 1,056 + 210; ads 795; tools 1,500. 15,189 / 18,750 = 81.008 %.
    assert flat(retainer) == (
        D("18750.00"),
        [D("1266.00"), D("795.00"), D("1500.00"), D("0.00")],
        D("3561.00"),
        D("15189.00"),
        D("81.0"),
    )
    assert flat(rows[(ACME, PROJECT, "EUR")]) == (
        D("30000.00"),
        [D("0.00"), D("450.00"), D("0.00"), D("65.00")],
        D("515.00"),
        D("29485.00"),
        D("98.3"),  # 29,485 / 30,000 = 98.283 %
    )
    # A cost in dollars is never added to euros: a row of its own, no revenue, no percentage.
    assert flat(rows[(ACME, PROJECT, "USD")]) == (
        D("0.00"),
        [D("0.00"), D("300.00"), D("0.00"), D("0.00")],
        D("300.00"),
        D("-300.00"),
        None,
    )
    # December's 999.00 is outside the quarter.
    assert flat(rows[(GLOBEX, PER_HIRE, "EUR")])[2:] == (D("2400.00"), D("1600.00"), D("40.0"))


def test_the_worked_example_per_client_and_in_total():
    report = worked_example()
    clients = {(r.client_id, r.currency): flat(r) for r in report.clients}
    # 48,750 - 4,076 = 44,674; 44,674 / 48,750 = 91.639 %.
    assert clients[(ACME, "EUR")] == (
        D("48750.00"),
        [D("1266.00"), D("1245.00"), D("1500.00"), D("65.00")],
        D("4076.00"),
        D("44674.00"),
        D("91.6"),
    )
    assert clients[(ACME, "USD")][3] == D("-300.00")
    totals = {r.currency: flat(r) for r in report.totals}
    # 52,750 - 6,476 = 46,274; 46,274 / 52,750 = 87.723 %.
    assert totals["EUR"][0] == D("52750.00")
    assert totals["EUR"][2:] == (D("6476.00"), D("46274.00"), D("87.7"))
    assert totals["USD"][3] == D("-300.00")
    # The RPO fee and the hiring manager's time are not the provider's costs.
    assert report.excluded == {"EUR": D("12925.00")}


def test_a_period_with_more_credited_than_invoiced_has_no_percentage():
    documents = [
        Document(ACME, RETAINER, "EUR", date(2026, 5, 2), D("1000.00"), is_credit_note=True)
    ]
    report = profitability(period_of("month", 2026, 5), documents, [])
    (row,) = report.engagements
    assert (row.revenue, row.margin, row.margin_percent) == (
        D("-1000.00"),
        D("-1000.00"),
        None,
    )


def test_margin_percent_rounds_half_up_to_a_tenth():
    assert margin_percent(D("3"), D("1")) == D("33.3")
    assert margin_percent(D("2000"), D("1")) == D("0.1")  # 0.05 -> 0.1
    assert margin_percent(D("100"), D("-250")) == D("-250.0")
    assert margin_percent(D("0"), D("-5")) is None


def test_periods():
    assert (Q1.start, Q1.end, Q1.label) == (date(2026, 1, 1), date(2026, 3, 31), "Q1 2026")
    feb = period_of("month", 2028, 2)
    assert (feb.end, feb.label) == (date(2028, 2, 29), "February 2028")
    year = period_of("year", 2026)
    assert (year.start, year.end, year.label) == (date(2026, 1, 1), date(2026, 12, 31), "2026")
    assert period_containing("quarter", date(2026, 11, 5)) == period_of("quarter", 2026, 4)
    for kind, part in [("quarter", 5), ("month", 0), ("week", 1)]:
        with pytest.raises(ValueError):
            period_of(kind, 2026, part)


def test_a_cost_belongs_to_its_requisitions_engagement_else_the_one_in_force():
    attribution = Attribution(
        [
            Contract(1, ACME, date(2025, 1, 1), None),
            Contract(2, ACME, date(2026, 2, 1), date(2026, 6, 30)),
            Contract(3, ACME, date(2026, 1, 1), None, is_draft=True),
            Contract(4, GLOBEX, date(2020, 1, 1), None),
        ]
    )

    def of(requisition_engagement, day, client=ACME):
        return attribution.engagement_of(
            client_id=client, requisition_engagement_id=requisition_engagement, day=day
        )

    assert of(1, date(2026, 3, 1)) == 1  # the requisition's own, though 2 started later
    assert of(None, date(2026, 3, 1)) == 2  # the latest started in force
    assert of(None, date(2026, 1, 15)) == 1
    assert of(None, date(2026, 7, 1)) == 1  # 2 has ended
    assert of(3, date(2026, 1, 15)) == 1  # a draft is not an engagement yet
    assert of(4, date(2026, 3, 1)) == 2  # another client's engagement is not this cost's
    assert of(None, date(2024, 6, 1)) is None


def test_categories_are_either_grouped_or_left_out():
    from outhire.costs.models import CostCategory

    codes = {c.value for c in CostCategory}
    assert codes == set(GROUP_OF_CATEGORY) | NOT_PROVIDER_COSTS
    assert not set(GROUP_OF_CATEGORY) & NOT_PROVIDER_COSTS


# --- Properties -------------------------------------------------------------------------------

money = st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2)
days = st.dates(min_value=date(2025, 11, 1), max_value=date(2026, 5, 31))
currencies = st.sampled_from(["EUR", "USD", "GBP"])
documents = st.builds(
    Document,
    client_id=st.integers(1, 3),
    engagement_id=st.integers(1, 4),
    currency=currencies,
    issued_on=days,
    net=money,
    is_credit_note=st.booleans(),
)
costs = st.builds(
    Cost,
    client_id=st.integers(1, 3),
    engagement_id=st.none() | st.integers(1, 4),
    currency=currencies,
    incurred_on=days,
    category=st.sampled_from(sorted(set(GROUP_OF_CATEGORY) | NOT_PROVIDER_COSTS)),
    amount=money,
)


@settings(max_examples=150, deadline=None)
@given(st.lists(documents, max_size=25), st.lists(costs, max_size=25))
def test_margins_add_up_per_currency_and_never_across(docs, entries):
    report = profitability(Q1, docs, entries)
    for row in report.engagements + report.clients + report.totals:
        assert row.margin == row.revenue - row.cost
        assert row.cost == sum(row.cost_columns, D("0"))
    for level in (report.engagements, report.clients):
        for total in report.totals:
            mine = [r for r in level if r.currency == total.currency]
            assert total.revenue == sum((r.revenue for r in mine), D("0"))
            assert total.cost == sum((r.cost for r in mine), D("0"))
            assert total.margin == sum((r.margin for r in mine), D("0"))
    for client in report.clients:
        mine = [
            r
            for r in report.engagements
            if (r.client_id, r.currency) == (client.client_id, client.currency)
        ]
        assert client.cost_columns == [
            sum(c, D("0")) for c in zip(*(r.cost_columns for r in mine), strict=True)
        ]
    # Each currency's total is exactly that currency's facts in the period: never converted.
    for total in report.totals:
        in_q1 = [
            d for d in docs if d.currency == total.currency and Q1.start <= d.issued_on <= Q1.end
        ]
        expected = sum((-d.net if d.is_credit_note else d.net for d in in_q1), D("0"))
        assert total.revenue == expected
        spent = sum(
            (
                c.amount
                for c in entries
                if c.currency == total.currency
                and Q1.start <= c.incurred_on <= Q1.end
                and c.category not in NOT_PROVIDER_COSTS
            ),
            D("0"),
        )
        assert total.cost == spent
