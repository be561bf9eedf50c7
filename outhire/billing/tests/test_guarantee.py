"""The replacement guarantee, worked by hand: credit in full, pro rata, withhold, outside.

The common case: a fee of 4,000.00 per hire, a 90-day guarantee, a hire made on 20 Feb 2026
who starts on 1 Mar 2026 and leaves on 12 Apr 2026: 42 days worked, inside the guarantee.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from outhire.accounts.models import AuditEvent
from outhire.billing import amounts, guarantee, services
from outhire.billing.models import GuaranteeClaim, Invoice
from outhire.billing.tests.helpers import billing_account, engagement, hire
from outhire.offers.hires import hire_record_leaving
from outhire.offers.models import Hire
from outhire.requisitions.models import Requisition

D = Decimal
FEBRUARY = (date(2026, 2, 1), date(2026, 2, 28))
APRIL = (date(2026, 4, 1), date(2026, 4, 30))


@pytest.fixture
def acme_nl(acme):
    return billing_account(acme, country="NL")


def deal_with(acme, **terms):
    values = {"guarantee_days": 90, "guarantee_remedy": "credit_full"} | terms
    return engagement(acme, "per_hire", per_hire_fee=D("4000.00"), **values)


def leaver(acme, rita, hank, deal, *, left_on=date(2026, 4, 12), start=date(2026, 3, 1)):
    """Hired 20 Feb, started `start`, left `left_on` (recorded directly, no signal)."""
    made = hire(acme, rita, hank, hired_on=date(2026, 2, 20), engagement=deal)
    Hire.objects.filter(pk=made.pk).update(start_date=start, left_on=left_on)
    made.refresh_from_db()
    return made


def issue(invoice):
    return services.invoice_issue(invoice=invoice, by=None, today=date(2026, 3, 2))


def test_days_worked_and_the_boundary_of_the_period():
    assert amounts.guarantee_days_worked(date(2026, 3, 1), date(2026, 4, 12)) == 42
    assert amounts.within_guarantee(42, 90)
    assert amounts.within_guarantee(89, 90)
    assert not amounts.within_guarantee(90, 90)
    assert not amounts.within_guarantee(0, 0)  # no guarantee at all
    # 4,000.00 x (90 - 42) / 90 = 2,133.333... -> 2,133.33
    assert amounts.prorata_credit(D("4000.00"), guarantee_days=90, days_worked=42) == D("2133.33")
    assert amounts.prorata_credit(D("4000.00"), guarantee_days=90, days_worked=0) == D("4000.00")


def test_full_credit_of_an_invoiced_fee_goes_on_the_next_draft_once(
    acme, acme_nl, alice, rita, hank
):
    deal = deal_with(acme)
    made = leaver(acme, rita, hank, deal)
    february, _ = services.invoice_draft_for(engagement=deal, period=FEBRUARY, by=alice)
    assert [line.source_ref for line in february.lines.all()] == [f"hire:{made.pk}"]
    issue(february)

    claim = guarantee.guarantee_claim_open(hire=made, by=alice)

    assert claim.outcome == "credit" and claim.days_worked == 42
    assert (claim.fee_amount, claim.credit_amount, claim.withheld_amount) == (
        D("4000.00"),
        D("4000.00"),
        D("0.00"),
    )
    april, _ = services.invoice_draft_for(engagement=deal, period=APRIL, by=alice)
    line = april.lines.get()
    assert (line.kind, line.quantity, line.unit_price, line.amount) == (
        "credit",
        D("-1"),
        D("4000.00"),
        D("-4000.00"),
    )
    assert line.source_ref == f"guarantee:{claim.pk}"
    reference = made.requisition.reference
    assert line.evidence == (
        f"Hire #{made.pk}, {reference}: started 1 Mar 2026, left 12 Apr 2026 "
        "(42 days; guarantee 90 days). Full fee of €4,000.00 credited."
    )
    assert "Ada" not in line.evidence and "Lovelace" not in line.evidence
    # 4,000.00 credited; VAT 21 % of -4,000.00 = -840.00
    assert (april.net_total, april.tax_total) == (D("-4000.00"), D("-840.00"))
    again, _ = services.invoice_draft_for(engagement=deal, period=APRIL, by=alice)
    assert not again.lines.exists()
    assert AuditEvent.objects.filter(action="guarantee.claim_opened").count() == 1


def test_pro_rata_credit_for_the_days_not_worked(acme, acme_nl, alice, rita, hank):
    deal = deal_with(acme, guarantee_remedy="credit_prorata")
    made = leaver(acme, rita, hank, deal)
    issue(services.invoice_draft_for(engagement=deal, period=FEBRUARY, by=alice)[0])

    claim = guarantee.guarantee_claim_open(hire=made, by=alice)

    assert claim.credit_amount == D("2133.33")
    april, _ = services.invoice_draft_for(engagement=deal, period=APRIL, by=alice)
    line = april.lines.get()
    assert line.amount == D("-2133.33")
    assert line.evidence.endswith(
        "Pro rata: 48 of 90 days not worked x €4,000.00 = €2,133.33 credited."
    )


def test_a_credit_waits_until_the_fee_is_invoiced_then_sits_next_to_it(
    acme, acme_nl, alice, rita, hank
):
    deal = deal_with(acme)
    made = leaver(acme, rita, hank, deal)
    claim = guarantee.guarantee_claim_open(hire=made, by=alice)
    april, _ = services.invoice_draft_for(engagement=deal, period=APRIL, by=alice)
    assert not april.lines.exists()
    assert april.warnings == [
        f"Guarantee credit for hire #{made.pk} waits until the hire's fee is invoiced "
        "(draft the month of the hire)."
    ]
    both, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 2, 1), date(2026, 4, 30)), by=alice
    )
    assert [(line.source_ref, line.amount) for line in both.lines.all()] == [
        (f"hire:{made.pk}", D("4000.00")),
        (f"guarantee:{claim.pk}", D("-4000.00")),
    ]
    assert both.gross_total == D("0.00")


def test_withhold_an_unbilled_fee_keeps_it_off_every_draft(acme, acme_nl, alice, rita, hank):
    deal = deal_with(acme, guarantee_remedy="withhold")
    made = leaver(acme, rita, hank, deal)
    draft, _ = services.invoice_draft_for(engagement=deal, period=FEBRUARY, by=alice)
    assert draft.gross_total == D("4840.00")  # the fee is on a draft, not issued yet

    claim = guarantee.guarantee_claim_open(hire=made, by=alice)

    assert claim.outcome == "withheld"
    assert (claim.credit_amount, claim.withheld_amount) == (D("0.00"), D("4000.00"))
    draft.refresh_from_db()
    assert not draft.lines.exists() and draft.gross_total == D("0.00")  # taken off the draft
    again, skipped = services.invoice_draft_for(engagement=deal, period=FEBRUARY, by=alice)
    assert not again.lines.exists()
    assert [s.source_ref for s in skipped] == [f"hire:{made.pk}"]
    assert f"the fee is withheld under the guarantee (claim #{claim.pk})" in again.warnings[0]
    # Nothing to credit later either.
    assert not services.invoice_draft_for(engagement=deal, period=APRIL, by=alice)[0].lines.exists()


def test_withhold_an_issued_fee_credits_it_in_full(acme, acme_nl, alice, rita, hank):
    deal = deal_with(acme, guarantee_remedy="withhold")
    made = leaver(acme, rita, hank, deal)
    issue(services.invoice_draft_for(engagement=deal, period=FEBRUARY, by=alice)[0])
    claim = guarantee.guarantee_claim_open(hire=made, by=alice)
    assert (claim.outcome, claim.credit_amount) == ("credit", D("4000.00"))
    assert "already invoiced, so credited" in claim.evidence


def test_leaving_outside_the_period_opens_nothing(acme, acme_nl, alice, rita, hank):
    deal = deal_with(acme)
    # 1 Mar + 90 days = 30 May: 90 days worked, outside; 29 May: 89 days, inside.
    outside = leaver(acme, rita, hank, deal, left_on=date(2026, 5, 30))
    assert guarantee.guarantee_claim_open(hire=outside, by=alice) is None
    Hire.objects.filter(pk=outside.pk).update(left_on=date(2026, 5, 29))
    inside = guarantee.guarantee_claim_open(hire=outside, by=alice)
    assert inside is not None and inside.days_worked == 89
    no_guarantee = deal_with(acme, guarantee_days=0)
    other = leaver(acme, rita, hank, no_guarantee)
    assert guarantee.guarantee_claim_open(hire=other, by=alice) is None
    assert GuaranteeClaim.objects.count() == 1


def test_the_replacement_is_a_free_copy_and_its_hire_is_not_charged(
    acme, acme_nl, alice, rita, hank
):
    deal = deal_with(acme)
    made = leaver(acme, rita, hank, deal)
    original = made.requisition
    claim = guarantee.guarantee_claim_open(hire=made, by=alice)
    replacement = claim.replacement
    assert replacement.is_replacement and replacement.status == "draft"
    assert (replacement.title, replacement.department, replacement.engagement_id) == (
        original.title,
        original.department,
        deal.pk,
    )
    assert replacement.openings == 1
    assert replacement.hiring_manager_id == hank.pk
    assert f"hire #{made.pk} on {original.reference}" in replacement.description
    # Its hire: no fee, with the reason; and it is not guaranteed again.
    from outhire.requisitions import services as requisitions

    requisitions.requisition_submit(requisition=replacement, by=rita)
    second = _hire_on(replacement, rita, hire_day=date(2026, 5, 4))
    invoice, skipped = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 5, 1), date(2026, 5, 31)), by=alice
    )
    assert not invoice.lines.filter(kind="per_hire").exists()
    assert "free replacement under the guarantee: no fee" in skipped[0].reason
    Hire.objects.filter(pk=second.pk).update(start_date=date(2026, 5, 5), left_on=date(2026, 5, 9))
    assert guarantee.guarantee_claim_open(hire=second, by=alice) is None


def _hire_on(requisition, recruiter, *, hire_day):
    from outhire.billing.tests.helpers import at
    from outhire.offers import services as offers
    from outhire.offers.tests.factories import at_offer_stage, sent_offer

    application = at_offer_stage(requisition, recruiter, first="Bea")
    offer = sent_offer(application, recruiter)
    offers.offer_accept(offer=offer, typed_name="Bea Lovelace", ip="198.51.100.7")
    made = Hire.objects.get(offer=offer)
    Hire.objects.filter(pk=made.pk).update(hired_at=at(hire_day))
    made.refresh_from_db()
    return made


def test_no_replacement_when_the_terms_say_so(acme, acme_nl, alice, rita, hank):
    deal = deal_with(acme, guarantee_replacement=False)
    claim = guarantee.guarantee_claim_open(hire=leaver(acme, rita, hank, deal), by=alice)
    assert claim.replacement is None
    assert not Requisition.objects.filter(is_replacement=True).exists()


def test_opening_twice_gives_the_same_claim_and_one_replacement(acme, acme_nl, alice, rita, hank):
    deal = deal_with(acme)
    made = leaver(acme, rita, hank, deal)
    first = guarantee.guarantee_claim_open(hire=made, by=alice)
    second = guarantee.guarantee_claim_open(hire=made, by=alice)
    assert first.pk == second.pk
    assert Requisition.objects.filter(is_replacement=True).count() == 1


def test_recording_the_departure_opens_the_claim(
    acme, acme_nl, alice, rita, hank, django_capture_on_commit_callbacks
):
    deal = deal_with(acme)
    made = hire(acme, rita, hank, hired_on=date(2026, 2, 20), engagement=deal)
    Hire.objects.filter(pk=made.pk).update(start_date=date(2026, 3, 1))
    made.refresh_from_db()
    with (
        time_machine.travel(date(2026, 4, 13), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hire_record_leaving(hire=made, left_on=date(2026, 4, 12), reason="Resigned", by=alice)
    claim = GuaranteeClaim.objects.get(hire=made)
    assert (claim.days_worked, claim.outcome, claim.created_by) == (42, "credit", alice)


def test_a_failing_claim_does_not_undo_the_departure(
    acme, acme_nl, alice, rita, hank, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    deal = deal_with(acme)
    made = hire(acme, rita, hank, hired_on=date(2026, 2, 20), engagement=deal)

    def broken(**kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(guarantee, "guarantee_claim_open", broken)
    with (
        time_machine.travel(date(2026, 4, 13), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        hire_record_leaving(hire=made, left_on=date(2026, 4, 12), reason="Resigned", by=alice)
    made.refresh_from_db()
    assert made.left_on == date(2026, 4, 12)
    assert "Could not open the guarantee claim" in caplog.text
    assert Invoice.objects.count() == 0


def test_the_hiring_manager_records_it_and_the_fee_leaves_the_providers_draft(
    client, acme, acme_nl, alice, rita, hank, django_capture_on_commit_callbacks
):
    from outhire.testing import login

    deal = deal_with(acme, guarantee_remedy="withhold")
    made = hire(acme, rita, hank, hired_on=date(2026, 2, 20), engagement=deal)
    Hire.objects.filter(pk=made.pk).update(start_date=date(2026, 3, 1))
    draft, _ = services.invoice_draft_for(engagement=deal, period=FEBRUARY, by=alice)
    login(client, hank)
    with (
        time_machine.travel(date(2026, 4, 13), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            f"/hires/{made.pk}/left/", {"left_on": "2026-04-12", "reason": "Resigned"}
        )
    assert response.status_code == 302
    claim = GuaranteeClaim.objects.get(hire=made)
    assert (claim.outcome, claim.created_by, claim.replacement.created_by) == (
        "withheld",
        hank,
        hank,
    )
    assert not draft.lines.exists()  # a hiring manager never sees drafts; the claim does
