"""Invoices issued at the same moment get consecutive numbers: no gap, no duplicate.

Real threads, each with its own database connection, released together. The race is
PostgreSQL's (the sequence row is locked with SELECT ... FOR UPDATE, so issuers queue on it);
on SQLite, which runs one writing transaction at a time, the same test checks that waiting
issuers are served in turn.
"""

from __future__ import annotations

import threading
from datetime import date
from decimal import Decimal

import pytest
from django.db import connections

from outhire.accounts.tenancy import unscoped
from outhire.billing import services
from outhire.billing.models import Invoice, InvoiceNumberSequence
from outhire.billing.tests.helpers import billing_account, engagement

# Threads need their own connections to a database that really holds the rows.
pytestmark = pytest.mark.django_db(transaction=True)


def race(count: int, work) -> list:
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(n: int) -> None:
        try:
            with unscoped():  # as a task would: the scope is per thread
                barrier.wait(timeout=30)
                results[n] = work(n)
        except Exception as error:  # noqa: BLE001 - reported to the test as a result
            results[n] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a thread hung"
    return results


def test_concurrent_issues_number_without_gaps_or_duplicates(acme, alice):
    billing_account(acme, country="NL")
    deal = engagement(
        acme, "management_fee", monthly_fee=Decimal("100.00"), starts_on=date(2025, 1, 1)
    )
    drafts = [
        services.invoice_draft_for(
            engagement=deal, period=(date(2025, month, 1), date(2025, month, 28)), by=alice
        )[0]
        for month in range(1, 9)
    ]
    results = race(
        len(drafts),
        lambda n: services.invoice_issue(invoice=drafts[n], by=None, today=date(2026, 5, 1)).number,
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sorted(results) == [f"NWT-2026-{n:05d}" for n in range(1, 9)]
    assert InvoiceNumberSequence.objects.get(year=2026).last == 8


def test_one_draft_issued_twice_at_once_is_issued_once(acme, alice):
    billing_account(acme, country="NL")
    deal = engagement(acme, "project", project_fee=Decimal("100.00"))
    draft, _ = services.invoice_draft_for(
        engagement=deal, period=(date(2026, 3, 1), date(2026, 3, 31)), by=alice
    )
    results = race(4, lambda n: services.invoice_issue(invoice=draft, by=None).number)
    numbers = [r for r in results if isinstance(r, str)]
    conflicts = [r for r in results if isinstance(r, services.InvoiceConflict)]
    assert len(numbers) == 1 and len(conflicts) == 3, results
    assert Invoice.objects.get().number == numbers[0]
    assert InvoiceNumberSequence.objects.get().last == 1


def test_a_guarantee_claim_opened_four_times_at_once_is_opened_once(acme, alice, rita, hank):
    from outhire.billing import guarantee
    from outhire.billing.models import GuaranteeClaim
    from outhire.billing.tests.helpers import hire
    from outhire.offers.models import Hire
    from outhire.requisitions.models import Requisition

    billing_account(acme, country="NL")
    deal = engagement(acme, "per_hire", per_hire_fee=Decimal("4000.00"), guarantee_days=90)
    made = hire(acme, rita, hank, hired_on=date(2026, 2, 20), engagement=deal)
    Hire.objects.filter(pk=made.pk).update(start_date=date(2026, 3, 1), left_on=date(2026, 4, 12))
    results = race(4, lambda n: guarantee.guarantee_claim_open(hire=made, by=None).pk)
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1
    assert GuaranteeClaim.objects.count() == 1
    assert Requisition.objects.filter(is_replacement=True).count() == 1


def test_an_sla_term_evaluated_by_two_drafts_at_once_is_stored_once(acme, alice, rita):
    from outhire.billing import sla_fees
    from outhire.billing.models import SlaTermResult
    from outhire.billing.tests.test_sla_fees import filled_after, term

    deal = engagement(acme, "management_fee", monthly_fee=Decimal("100"), sla_days_to_fill=45)
    filled_after(acme, rita, [20, 60])
    sla = term(deal)
    results = race(
        3,
        lambda n: (
            sla_fees.sla_term_evaluate(
                term=sla, key="2026-Q1", start=date(2026, 1, 1), end=date(2026, 3, 31)
            )[0].pk
        ),
    )
    assert not [r for r in results if isinstance(r, Exception)], results
    assert len(set(results)) == 1 and SlaTermResult.objects.count() == 1
