"""Fees per qualified submission and project fees become cost entries, as per-hire fees do:
once per submission or project, the same amounts the invoice charges, by the hourly job."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from outhire.billing import services as billing
from outhire.billing.tests.helpers import billing_account, engagement, submission
from outhire.costs.models import CostEntry
from outhire.costs.services import fee_entries_generate, project_fee_add, submission_fees_add
from outhire.costs.tasks import generate_fee_entries

D = Decimal
TODAY = date(2026, 4, 15)


@pytest.fixture
def per_submission(acme, rita, hank):
    from outhire.offers.tests.factories import open_requisition

    deal = engagement(acme, "per_submission", per_submission_fee=D("350.00"))
    requisition = open_requisition(acme, rita, hank)
    requisition.engagement = deal
    requisition.save(update_fields=["engagement"])
    return deal, requisition


def test_each_submission_is_a_fee_once(per_submission, rita, alice):
    deal, requisition = per_submission
    grace = submission(requisition, rita, on=date(2026, 3, 2), first="Grace")
    linus = submission(requisition, rita, on=date(2026, 3, 30), first="Linus")
    assert submission_fees_add(engagement=deal, today=TODAY) == 2
    assert submission_fees_add(engagement=deal, today=TODAY) == 0  # run twice: nothing more
    fees = {e.origin_ref: e for e in CostEntry.objects.all()}
    assert set(fees) == {f"submission:{grace.pk}", f"submission:{linus.pk}"}
    fee = fees[f"submission:{grace.pk}"]
    assert (fee.category, fee.amount, fee.currency, fee.incurred_on) == (
        "rpo_fees",
        D("350.00"),
        "EUR",
        date(2026, 3, 2),
    )
    assert fee.origin == "fee_model" and fee.requisition == requisition
    assert requisition.reference in fee.description and "Grace" not in fee.description
    # The same charges as March's invoice: 2 x 350.00.
    billing_account(deal.client, country="NL")
    invoice, _ = billing.invoice_draft_for(
        engagement=deal, period=(date(2026, 3, 1), date(2026, 3, 31)), by=alice
    )
    assert {line.source_ref for line in invoice.lines.all()} == set(fees)
    assert invoice.net_total == sum((e.amount for e in fees.values()), D("0"))


def test_a_voided_submission_fee_is_not_added_again(per_submission, rita):
    from outhire.costs.services import cost_entry_void

    deal, requisition = per_submission
    submission(requisition, rita, on=date(2026, 3, 2))
    submission_fees_add(engagement=deal, today=TODAY)
    cost_entry_void(entry=CostEntry.objects.get(), by=rita, reason="Agreed as free")
    assert submission_fees_add(engagement=deal, today=TODAY) == 0
    assert CostEntry.objects.counted().count() == 0


def test_submissions_of_another_engagement_or_before_the_start_are_not_its(
    acme, per_submission, rita, hank
):
    from outhire.offers.tests.factories import open_requisition

    deal, requisition = per_submission
    retainer = engagement(acme, "management_fee", monthly_fee=D("1000"))
    other = open_requisition(acme, rita, hank, title="Another role")
    other.engagement = retainer
    other.save(update_fields=["engagement"])
    submission(other, rita, on=date(2026, 3, 2), first="Other")
    submission(requisition, rita, on=date(2025, 12, 30), first="Early")  # before the start
    submission(requisition, rita, on=date(2026, 4, 20), first="Later")  # after today
    assert submission_fees_add(engagement=deal, today=TODAY) == 0
    assert submission_fees_add(engagement=retainer, today=TODAY) == 0  # not its fee model


def test_the_project_fee_once_when_the_project_starts(acme, globex):
    project = engagement(acme, "project", project_fee=D("30000"), starts_on=date(2026, 2, 1))
    later = engagement(globex, "project", project_fee=D("9000"), starts_on=date(2026, 5, 1))
    assert project_fee_add(engagement=later, today=TODAY) is None  # not started yet
    fee = project_fee_add(engagement=project, today=TODAY)
    assert (fee.category, fee.amount, fee.incurred_on, fee.origin_ref) == (
        "rpo_fees",
        D("30000.00"),
        date(2026, 2, 1),
        f"project:{project.pk}",
    )
    assert project_fee_add(engagement=project, today=TODAY) == fee
    assert CostEntry.objects.count() == 1


def test_the_hourly_job_adds_them_and_says_so(per_submission, acme, rita):
    import time_machine as machine

    deal, requisition = per_submission
    submission(requisition, rita, on=date(2026, 3, 2))
    engagement(acme, "project", project_fee=D("5000"), starts_on=date(2026, 1, 1))
    draft = engagement(acme, "project", project_fee=D("5000"), status="draft")
    result = fee_entries_generate(today=TODAY)
    assert (result["submissions"], result["projects"], result["failed"]) == (1, 1, 0)
    assert not CostEntry.objects.filter(origin_ref=f"project:{draft.pk}").exists()
    with machine.travel(date(2026, 4, 16), tick=False):
        assert "0 submission fee(s) and 0 project fee(s) added" in generate_fee_entries()
