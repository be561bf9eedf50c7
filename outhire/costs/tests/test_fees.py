"""Fee entries from the engagement's fee model: once per hire, once per month, catching up."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
import time_machine

from outhire.costs.models import CostEntry
from outhire.costs.services import fee_entries_generate, monthly_fees_add
from outhire.costs.tasks import generate_fee_entries, purge_cost_imports
from outhire.engagements.models import Engagement
from outhire.offers.signals import hire_created


def a_hire(requisition, pk=41, **fields):
    values = {
        "pk": pk,
        "id": pk,
        "client_id": requisition.client_id,
        "client": requisition.client,
        "requisition": requisition,
        "base_salary": Decimal("60000"),
        "currency": "EUR",
        "hired_at": datetime(2026, 3, 10, 9, 30, tzinfo=UTC),
        "offer": SimpleNamespace(pay_period="year"),
    }
    return SimpleNamespace(**{**values, **fields})


@pytest.fixture
def per_hire(acme, acme_requisition):
    engagement = Engagement.objects.create(
        client=acme,
        name="Acme per hire",
        starts_on=date(2026, 1, 1),
        fee_model="per_hire",
        per_hire_fee=Decimal("4000"),
        currency="GBP",
    )
    acme_requisition.engagement = engagement
    acme_requisition.save(update_fields=["engagement"])
    return engagement


def test_a_hire_adds_the_fee_per_hire_once(per_hire, acme_requisition):
    hire = a_hire(acme_requisition)
    hire_created.send(sender=None, hire=hire)
    hire_created.send(sender=None, hire=hire)  # sent twice: still one fee
    fee = CostEntry.objects.get()
    assert (fee.category, fee.amount, fee.currency) == ("rpo_fees", Decimal("4000.00"), "GBP")
    assert fee.origin == "fee_model" and fee.origin_ref == "hire:41"
    assert fee.requisition == acme_requisition and fee.incurred_on == date(2026, 3, 10)
    assert acme_requisition.reference in fee.description


def test_a_free_replacement_hire_adds_no_fee(per_hire, acme_requisition):
    acme_requisition.is_replacement = True
    acme_requisition.save(update_fields=["is_replacement"])
    hire_created.send(sender=None, hire=a_hire(acme_requisition))
    assert not CostEntry.objects.exists()


def test_a_percentage_of_a_monthly_salary_is_annualised(acme, acme_requisition):
    Engagement.objects.create(
        client=acme,
        name="Acme percent",
        starts_on=date(2026, 1, 1),
        fee_model="percent_salary",
        salary_percent=Decimal("15"),
    )
    hire = a_hire(
        acme_requisition,
        base_salary=Decimal("4500"),
        currency="USD",
        offer=SimpleNamespace(pay_period="month"),
    )
    hire_created.send(sender=None, hire=hire)
    fee = CostEntry.objects.get()
    assert (fee.amount, fee.currency) == (Decimal("8100.00"), "USD")  # 4500 x 12 x 15%


def test_no_fee_without_an_engagement_or_under_a_management_fee(acme, acme_requisition):
    hire_created.send(sender=None, hire=a_hire(acme_requisition))
    assert not CostEntry.objects.exists()
    Engagement.objects.create(
        client=acme,
        name="Acme managed",
        starts_on=date(2026, 1, 1),
        fee_model="management_fee",
        monthly_fee=Decimal("9000"),
    )
    hire_created.send(sender=None, hire=a_hire(acme_requisition))
    assert not CostEntry.objects.filter(origin_ref__startswith="hire:").exists()


def test_a_failing_fee_does_not_break_the_hire(per_hire, acme_requisition, caplog):
    per_hire.currency = "XYZ"  # not a currency: the fee entry cannot be valid
    per_hire.save(update_fields=["currency"])
    hire_created.send(sender=None, hire=a_hire(acme_requisition))
    assert not CostEntry.objects.exists()
    assert "periodic job will retry" in caplog.text


def test_a_voided_fee_is_not_generated_again(per_hire, acme_requisition, rita):
    from outhire.costs.services import cost_entry_void

    hire = a_hire(acme_requisition)
    hire_created.send(sender=None, hire=hire)
    cost_entry_void(entry=CostEntry.objects.get(), by=rita, reason="Waived")
    hire_created.send(sender=None, hire=hire)
    assert CostEntry.objects.count() == 1


@pytest.fixture
def managed(acme):
    return Engagement.objects.create(
        client=acme,
        name="Acme managed",
        starts_on=date(2026, 1, 20),
        fee_model="hybrid",
        monthly_fee=Decimal("18000"),
        per_hire_fee=Decimal("2500"),
    )


def test_the_monthly_job_adds_each_month_once(managed):
    with time_machine.travel(datetime(2026, 3, 5, 6, 0, tzinfo=UTC), tick=False):
        assert "3 monthly fee(s)" in generate_fee_entries()
        assert "0 monthly fee(s)" in generate_fee_entries()
    fees = list(CostEntry.objects.order_by("incurred_on"))
    assert [f.incurred_on for f in fees] == [date(2026, 1, 20), date(2026, 2, 1), date(2026, 3, 1)]
    assert {f.amount for f in fees} == {Decimal("18000.00")}
    assert [f.origin_ref for f in fees] == [
        f"monthly:{managed.pk}:2026-01",
        f"monthly:{managed.pk}:2026-02",
        f"monthly:{managed.pk}:2026-03",
    ]


def test_months_missed_while_the_job_did_not_run_are_caught_up(managed):
    with time_machine.travel(datetime(2026, 2, 1, 0, 30, tzinfo=UTC), tick=False):
        fee_entries_generate()
    assert CostEntry.objects.count() == 2
    # The job stops for three months; when it runs again, every missed month is added.
    with time_machine.travel(datetime(2026, 5, 15, 12, 0, tzinfo=UTC), tick=False):
        result = fee_entries_generate()
    assert result["monthly"] == 3
    months = sorted(CostEntry.objects.values_list("incurred_on", flat=True))
    assert months[-3:] == [date(2026, 3, 1), date(2026, 4, 1), date(2026, 5, 1)]


def test_an_ended_engagement_stops_and_a_draft_never_starts(managed, acme):
    managed.ends_on = date(2026, 2, 10)
    managed.status = Engagement.Status.ENDED
    managed.save()
    Engagement.objects.create(
        client=acme,
        name="Not signed",
        status=Engagement.Status.DRAFT,
        starts_on=date(2026, 1, 1),
        fee_model="management_fee",
        monthly_fee=Decimal("1000"),
    )
    assert monthly_fees_add(engagement=managed, today=date(2026, 6, 1)) == 2
    assert fee_entries_generate(today=date(2026, 6, 1))["monthly"] == 0
    assert CostEntry.objects.count() == 2


def test_the_job_is_in_the_beat_schedule(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "outhire.engagements.tasks.generate_fee_entries" in tasks
    assert "outhire.engagements.tasks.purge_cost_imports" in tasks
    # Named when costs were part of engagements: queued tasks and the schedule still find them.
    assert generate_fee_entries.name == "outhire.engagements.tasks.generate_fee_entries"
    assert purge_cost_imports.name == "outhire.engagements.tasks.purge_cost_imports"


def _accepted_hire(acme, rita, hank):
    from outhire.offers import services
    from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer

    requisition = open_requisition(acme, rita, hank)
    offer = sent_offer(
        at_offer_stage(requisition, rita),
        rita,
        base_salary=Decimal("5000"),
        pay_period="month",
        currency="EUR",
    )
    return services.offer_accept(offer=offer, typed_name="Ada Lovelace", ip="198.51.100.7")


def test_an_accepted_offer_adds_the_fee_after_commit(
    acme, rita, hank, django_capture_on_commit_callbacks
):
    Engagement.objects.create(
        client=acme,
        name="Acme percent",
        starts_on=date(2020, 1, 1),
        fee_model="percent_salary",
        salary_percent=Decimal("20"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        hire = _accepted_hire(acme, rita, hank)
    fee = CostEntry.objects.get(origin_ref=f"hire:{hire.pk}")
    assert (fee.amount, fee.currency) == (Decimal("12000.00"), "EUR")  # 5000 x 12 x 20%
    assert fee.requisition_id == hire.requisition_id


def test_the_job_adds_the_fee_of_a_hire_whose_signal_was_missed(acme, rita, hank):
    Engagement.objects.create(
        client=acme,
        name="Acme per hire",
        starts_on=date(2020, 1, 1),
        fee_model="per_hire",
        per_hire_fee=Decimal("3000"),
    )
    hire = _accepted_hire(acme, rita, hank)  # its on-commit signal never runs in this test
    assert not CostEntry.objects.exists()
    assert fee_entries_generate()["hires"] == 1
    assert fee_entries_generate()["hires"] == 0
    assert CostEntry.objects.get().origin_ref == f"hire:{hire.pk}"
