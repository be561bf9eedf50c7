"""The hourly fee job run twice at the same moment (two workers, or a worker and `outhire tick`)
adds each submission and project fee once: the unique (client, reference) constraint decides,
and the loser returns the winner's entry. Real threads, each with its own connection; the race
is PostgreSQL's (SQLite serialises the writers)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from outhire.billing.tests.helpers import engagement, submission
from outhire.billing.tests.test_concurrency import race
from outhire.costs.models import CostEntry
from outhire.costs.services import fee_entries_generate

pytestmark = pytest.mark.django_db(transaction=True)


def test_two_runs_at_once_add_each_fee_once(acme, rita, hank):
    from outhire.offers.tests.factories import open_requisition

    deal = engagement(acme, "per_submission", per_submission_fee=Decimal("350.00"))
    requisition = open_requisition(acme, rita, hank)
    requisition.engagement = deal
    requisition.save(update_fields=["engagement"])
    for n, name in enumerate(["Grace", "Linus", "Ken"], start=2):
        submission(requisition, rita, on=date(2026, 3, n), first=name)
    engagement(acme, "project", project_fee=Decimal("5000"), starts_on=date(2026, 1, 1))
    results = race(4, lambda n: fee_entries_generate(today=date(2026, 4, 15)))
    assert not [r for r in results if isinstance(r, Exception)], results
    assert sum(r["failed"] for r in results) == 0
    refs = list(CostEntry.objects.values_list("origin_ref", flat=True))
    assert len(refs) == len(set(refs)) == 4  # three submissions and the project
