"""Cost entries: validation, totals that add up per currency, corrections, voids, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from outhire.accounts.models import AuditEvent
from outhire.costs import selectors, services
from outhire.costs.models import CostEntry


def test_it_records_a_cost_with_an_audit_event(make_cost, acme_requisition, rita):
    entry = make_cost("450.00", requisition=acme_requisition, channel="job_board")
    assert entry.is_external and entry.origin == "manual" and entry.created_by == rita
    event = AuditEvent.objects.get(action="cost.added")
    assert event.client_id == entry.client_id and event.changes["amount"] == "450.00"


def test_it_refuses_bad_input_with_field_errors(make_cost, globex, rita):
    from outhire.requisitions import services as requisitions

    other = requisitions.requisition_create(client=globex, by=rita, fields={"title": "Theirs"})
    cases = {
        "currency": {"currency": "EURO"},
        "amount": {"amount": "0"},
        "category": {"category": "coffee"},
        "channel": {"channel": "telepathy"},
        "requisition": {"requisition": other},
        "incurred_on": {"incurred_on": date(1980, 1, 1)},
    }
    for field, change in cases.items():
        values = {"amount": "10", **change}
        amount = values.pop("amount")
        with pytest.raises(ValidationError) as caught:
            make_cost(amount, **values)
        assert field in caught.value.error_dict, field
    assert not CostEntry.objects.exists()


def test_lower_case_currencies_are_stored_upper_case(make_cost):
    assert make_cost("10", currency="usd").currency == "USD"


def test_totals_per_requisition_add_up(make_cost, acme_requisition):
    amounts = [
        ("advertising", "450.10"),
        ("advertising", "120.05"),
        ("rpo_fees", "5000"),
        ("assessments", "65.33"),
        ("recruiter_time", "1056.00"),
        ("hiring_manager_time", "425.5"),
    ]
    for category, amount in amounts:
        make_cost(amount, category=category, requisition=acme_requisition)
    make_cost("999", category="advertising")  # the client's, not the requisition's
    (eur,) = CostEntry.objects.filter(requisition=acme_requisition).totals()
    assert eur.external == Decimal("5635.48")
    assert eur.internal == Decimal("1481.50")
    assert eur.total == eur.external + eur.internal == Decimal("7116.98")
    assert sum(eur.by_category.values()) == eur.total
    assert eur.by_category["advertising"] == Decimal("570.15")
    assert eur.entries == 6


def test_currencies_are_never_mixed(make_cost, acme_requisition):
    make_cost("100", currency="EUR", requisition=acme_requisition)
    make_cost("100", currency="USD", requisition=acme_requisition)
    make_cost("50", category="recruiter_time", currency="USD", requisition=acme_requisition)
    totals = {t.currency: t for t in CostEntry.objects.totals()}
    assert set(totals) == {"EUR", "USD"}
    assert totals["EUR"].total == Decimal("100") and totals["USD"].total == Decimal("150")
    assert totals["USD"].internal == Decimal("50")


def test_a_correction_is_audited_with_what_changed(make_cost, rita, acme_requisition):
    entry = make_cost("10")
    services.cost_entry_update(
        entry=entry,
        by=rita,
        fields={"amount": Decimal("12.50"), "requisition": acme_requisition},
    )
    entry.refresh_from_db()
    assert entry.amount == Decimal("12.50") and entry.requisition == acme_requisition
    event = AuditEvent.objects.get(action="cost.updated")
    assert event.changes["amount"] == ["10.00", "12.50"]
    assert event.changes["requisition_id"] == [None, acme_requisition.pk]


def test_generated_fees_are_voided_not_edited_or_deleted(make_cost, rita):
    fee = make_cost("5000", category="rpo_fees", origin="fee_model", origin_ref="hire:1")
    with pytest.raises(ValidationError):
        services.cost_entry_update(entry=fee, by=rita, fields={"amount": Decimal("1")})
    with pytest.raises(ValidationError):
        services.cost_entry_delete(entry=fee, by=rita)
    with pytest.raises(ValidationError):
        services.cost_entry_void(entry=fee, by=rita, reason="  ")
    services.cost_entry_void(entry=fee, by=rita, reason="Left in the guarantee period")
    fee.refresh_from_db()
    assert fee.voided_at is not None and fee.voided_by == rita
    assert CostEntry.objects.totals() == []
    assert AuditEvent.objects.filter(action="cost.voided").count() == 1
    with pytest.raises(ValidationError):
        services.cost_entry_void(entry=fee, by=rita, reason="Again")
    manual = make_cost("10")
    with pytest.raises(ValidationError):
        services.cost_entry_void(entry=manual, by=rita, reason="Typed by a person")


def test_a_deletion_keeps_the_values_in_the_audit_trail(make_cost, rita):
    entry = make_cost("77.70", description="Career fair stand")
    services.cost_entry_delete(entry=entry, by=rita)
    assert not CostEntry.objects.exists()
    event = AuditEvent.objects.get(action="cost.deleted")
    assert event.changes["amount"] == "77.70"
    assert event.changes["description"] == "Career fair stand"


def test_an_origin_reference_is_added_once(make_cost, acme):
    first = make_cost("250", category="referral_awards", origin="referral", origin_ref="referral:9")
    again = make_cost("250", category="referral_awards", origin="referral", origin_ref="referral:9")
    assert first.pk == again.pk and CostEntry.objects.count() == 1


def test_who_reads_and_writes_costs(acme, rita, carla, hank, ivy, gina, sam, alice):
    from outhire.accounts.tenancy import Access

    assert selectors.can_write_costs(Access(rita), acme.pk)
    assert selectors.can_write_costs(Access(carla), acme.pk)
    assert selectors.can_write_costs(Access(alice), acme.pk)
    assert selectors.can_read_costs(Access(hank), acme.pk)
    assert not selectors.can_write_costs(Access(hank), acme.pk)
    assert not selectors.can_read_costs(Access(ivy))
    assert not selectors.can_read_costs(Access(gina), acme.pk)
    assert not selectors.can_read_costs(Access(sam), acme.pk)


def test_channel_spend_gives_cost_per_source(make_cost):
    from datetime import UTC, datetime

    from outhire.analytics import kpi

    make_cost("1000", channel="job_board", channel_detail="indeed")
    make_cost("300", channel="social", channel_detail="facebook")
    make_cost("5000", category="rpo_fees")  # no channel: not charged to a source
    make_cost("999", channel="job_board", currency="USD")  # another currency: left out
    facts = selectors.cost_facts(CostEntry.objects.all(), currency="EUR")
    assert len(facts) == 3
    day = datetime(2026, 3, 1, tzinfo=UTC)
    applications = [
        kpi.ApplicationFacts(entered_at=day, hired_at=day, source="job_board"),
        kpi.ApplicationFacts(entered_at=day, hired_at=day, source="job_board"),
        kpi.ApplicationFacts(entered_at=day, source="social"),
    ]
    stats = kpi.source_effectiveness(applications, facts)
    assert stats["job_board"].cost_per_hire == Decimal("500")
    assert stats["social"].cost == Decimal("300") and stats["social"].cost_per_hire is None
    assert kpi.cost_per_hire(facts, 2).per_hire == Decimal("3150")
