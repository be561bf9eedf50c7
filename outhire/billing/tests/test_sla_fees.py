"""SLA-linked fees, worked by hand: a credit, a bonus, exactly at the threshold, no data.

The common case: a monthly management fee of 12,500.00, so Q1 2026 has 37,500.00 of fees; a
days-to-fill target of 45 days; five requisitions approved on 5 Jan 2026, one opening each,
filled after 20, 30, 40, 50 and 60 days: 3 of 5 (60 %) within the target.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import time_machine

from outhire.analytics import aggregates, dashboard
from outhire.analytics.metrics import Scope
from outhire.billing import amounts, services, sla_fees
from outhire.billing.models import SlaTermResult
from outhire.billing.tests.helpers import billing_account, engagement
from outhire.engagements.models import SlaTerm
from outhire.requisitions import services as requisitions
from outhire.requisitions.models import Opening, Requisition

D = Decimal
APPROVED = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)
MARCH = (date(2026, 3, 1), date(2026, 3, 31))


@pytest.fixture
def acme_nl(acme):
    return billing_account(acme, country="NL")


@pytest.fixture
def deal(acme):
    return engagement(acme, "management_fee", monthly_fee=D("12500.00"), sla_days_to_fill=45)


def filled_after(acme, rita, days: list[int]) -> None:
    """One requisition per entry, approved 5 Jan 2026, its opening filled `days` later."""
    for n, took in enumerate(days):
        with time_machine.travel(APPROVED, tick=False):
            requisition = requisitions.requisition_create(
                client=acme, by=rita, fields={"title": f"Role {n}", "openings": 1}
            )
            requisitions.requisition_submit(requisition=requisition, by=rita)
        Opening.objects.filter(requisition=requisition).update(
            filled_at=APPROVED + timedelta(days=took)
        )
        Requisition.objects.filter(pk=requisition.pk).update(status="filled")
    aggregates.aggregates_rebuild()


def term(deal, **fields) -> SlaTerm:
    values = {
        "metric": "fill",
        "period": "quarter",
        "comparison": "below",
        "threshold": D("80"),
        "adjustment": "credit",
        "amount_kind": "percent",
        "amount": D("5"),
        "starts_on": date(2026, 1, 1),
    } | fields
    made = SlaTerm(client=deal.client, engagement=deal, **values)
    made.full_clean()
    made.save()
    return made


def test_the_rule_in_plain_arithmetic():
    assert amounts.sla_term_applies(D("60"), D("80"), "below")
    assert not amounts.sla_term_applies(D("80"), D("80"), "below")  # at the threshold: met
    assert amounts.sla_term_applies(D("80"), D("80"), "at_least")
    assert not amounts.sla_term_applies(D("79.99"), D("80"), "at_least")
    assert amounts.percent_of(D("37500.00"), D("5")) == D("1875.00")
    with pytest.raises(ValueError, match="Unknown comparison"):
        amounts.sla_term_applies(D("1"), D("1"), "above")


def test_periods_are_calendar_quarters_or_months():
    assert list(sla_fees.periods("quarter", date(2026, 2, 10), date(2026, 7, 1))) == [
        ("2026-Q1", date(2026, 1, 1), date(2026, 3, 31)),
        ("2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q3", date(2026, 7, 1), date(2026, 9, 30)),
    ]
    assert list(sla_fees.periods("month", date(2026, 12, 5), date(2027, 1, 2))) == [
        ("2026-12", date(2026, 12, 1), date(2026, 12, 31)),
        ("2027-01", date(2027, 1, 1), date(2027, 1, 31)),
    ]


def test_a_missed_target_credits_five_percent_of_the_quarters_fees(
    acme, acme_nl, alice, rita, deal
):
    filled_after(acme, rita, [20, 30, 40, 50, 60])
    sla = term(deal)
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    fee, adjustment = invoice.lines.all()
    assert fee.kind == "management_fee"
    # 3 of 5 = 60 % < 80 %: 5 % of 3 x 12,500.00 = 5 % of 37,500.00 = 1,875.00 off.
    assert (adjustment.kind, adjustment.quantity, adjustment.amount) == (
        "sla_adjustment",
        D("-1"),
        D("-1875.00"),
    )
    assert adjustment.source_ref == f"sla:{sla.pk}:2026-Q1"
    assert adjustment.description == (
        "SLA credit: openings filled within the days-to-fill target, Q1 2026"
    )
    assert adjustment.evidence == (
        "3 of 5 openings filled within 45 days of approval (60%) in Q1 2026; "
        "term: credit when < 80% → 5% credit on €37,500.00 fees = €1,875.00."
    )
    # 12,500.00 - 1,875.00 = 10,625.00; VAT 21 % = 2,231.25
    assert (invoice.net_total, invoice.tax_total) == (D("10625.00"), D("2231.25"))
    # Evaluated once, invoiced once.
    again, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert not again.lines.exists()
    assert SlaTermResult.objects.count() == 1


def test_the_measure_is_the_dashboards_own(acme, rita, deal):
    filled_after(acme, rita, [20, 30, 40, 50, 60])
    scope = Scope((acme.pk,), date(2026, 1, 1), date(2026, 4, 1))
    shown = dashboard.sla_compliance(scope, deal)["fill"]
    result, _ = sla_fees.sla_term_evaluate(
        term=term(deal), key="2026-Q1", start=date(2026, 1, 1), end=date(2026, 3, 31)
    )
    assert (result.measured, result.met) == (shown.measured, shown.met) == (5, 3)
    assert result.share == D("60.00")


def test_a_bonus_exactly_at_the_threshold_is_charged(acme, acme_nl, alice, rita, deal):
    filled_after(acme, rita, [20, 30, 40, 44, 60])  # 4 of 5 = 80 %
    term(deal, comparison="at_least", adjustment="bonus", amount_kind="fixed", amount=D("2500"))
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    bonus = invoice.lines.get(kind="sla_adjustment")
    assert (bonus.quantity, bonus.amount) == (D("1"), D("2500.00"))
    assert bonus.description.startswith("SLA bonus:")
    assert bonus.evidence == (
        "4 of 5 openings filled within 45 days of approval (80%) in Q1 2026; "
        "term: bonus when ≥ 80% → bonus of €2,500.00."
    )
    # 12,500.00 + 2,500.00 = 15,000.00
    assert invoice.net_total == D("15000.00")


def test_a_credit_exactly_at_the_threshold_is_not_given(acme, acme_nl, alice, rita, deal):
    filled_after(acme, rita, [20, 30, 40, 44, 60])  # 80 %: the target is met
    term(deal)
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert not invoice.lines.filter(kind="sla_adjustment").exists()
    result = SlaTermResult.objects.get()
    assert not result.applies and result.evidence.endswith(": not met, no adjustment.")


def test_no_data_no_adjustment_and_a_warning_on_the_draft(acme, acme_nl, alice, deal):
    aggregates.aggregates_rebuild()
    sla = term(deal)
    invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert list(invoice.lines.values_list("kind", flat=True)) == ["management_fee"]
    assert invoice.warnings == [
        f"SLA term “{sla.describe()}”: nothing was measured in Q1 2026 (openings filled "
        "within 45 days of approval), so no adjustment."
    ]
    assert not SlaTermResult.objects.exists()  # evaluated again when data comes in


def test_a_quarter_not_over_is_not_evaluated_yet(acme, acme_nl, alice, rita, deal):
    filled_after(acme, rita, [20, 30, 40, 50, 60])
    term(deal)
    with time_machine.travel(datetime(2026, 3, 20, 12, tzinfo=UTC), tick=False):
        invoice, _ = services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert not invoice.lines.filter(kind="sla_adjustment").exists()
    assert "Q1 2026 is not over yet" in invoice.warnings[0]


def test_a_term_needs_the_engagements_target_and_a_sane_amount(acme):
    bare = engagement(acme, "management_fee", monthly_fee=D("100"))
    made = SlaTerm(
        client=acme,
        engagement=bare,
        metric="fill",
        comparison="below",
        threshold=D("80"),
        adjustment="credit",
        amount_kind="percent",
        amount=D("150"),
        starts_on=date(2026, 1, 1),
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        made.full_clean()
    assert "set it first" in str(error.value.message_dict["metric"])
    assert error.value.message_dict["amount"] == ["A percentage of the fees is at most 100."]


def test_an_ended_term_is_not_evaluated_for_periods_that_begin_after_its_end(
    acme, acme_nl, alice, rita, deal
):
    """Renegotiated from April: the term billed for Q1 is ended on 31 March, so Q2 is not
    measured; it cannot end before a period already billed has begun."""
    from django.core.exceptions import ValidationError

    from outhire.engagements import services as engagements

    filled_after(acme, rita, [20, 30, 40, 50, 60])
    sla = term(deal)
    services.invoice_draft_for(engagement=deal, period=MARCH, by=alice)
    assert SlaTermResult.objects.get().period_key == "2026-Q1"
    with pytest.raises(ValidationError) as refused:
        engagements.sla_term_end(term=sla, ends_on=date(2025, 12, 31), by=alice)
    assert "evaluated for an invoice already" in str(refused.value.message_dict["ends_on"])
    engagements.sla_term_end(term=sla, ends_on=date(2026, 3, 31), by=alice)
    sla.refresh_from_db()
    assert sla.ends_on == date(2026, 3, 31)
    assert sla.applies_in(date(2026, 1, 1), date(2026, 3, 31))
    assert not sla.applies_in(date(2026, 4, 1), date(2026, 6, 30))
    june = (date(2026, 6, 1), date(2026, 6, 30))
    with time_machine.travel(datetime(2026, 7, 15, 12, tzinfo=UTC), tick=False):
        invoice, _ = services.invoice_draft_for(engagement=deal, period=june, by=alice)
    assert not invoice.lines.filter(kind="sla_adjustment").exists()
    assert not any("Q2 2026" in warning for warning in invoice.warnings)
    assert SlaTermResult.objects.count() == 1  # Q1 only


def test_a_term_ends_on_or_after_the_day_it_applies_from(acme, alice, deal):
    from django.core.exceptions import ValidationError

    from outhire.engagements import services as engagements

    sla = term(deal, starts_on=date(2026, 4, 1))
    with pytest.raises(ValidationError) as refused:
        engagements.sla_term_end(term=sla, ends_on=date(2026, 3, 31), by=alice)
    assert refused.value.message_dict["ends_on"] == [
        "A term ends on or after the day it applies from."
    ]
    sla.refresh_from_db()
    assert sla.ends_on is None
