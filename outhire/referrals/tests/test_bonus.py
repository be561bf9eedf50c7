from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse

from outhire.accounts.models import Notification
from outhire.pipeline.services import application_move
from outhire.referrals import bonus
from outhire.referrals.models import BonusPolicy, Referral
from outhire.referrals.services import bonuses_notify_eligible
from outhire.referrals.tasks import notify_eligible_bonuses
from outhire.testing import login

HIRED_AT = datetime(2026, 3, 2, 10, 0, tzinfo=UTC)


def test_the_rule_by_itself():
    hired = date(2026, 3, 2)
    state = bonus.bonus_state(hired_on=None, days_required=90, today=hired)
    assert state.state == bonus.NOT_ELIGIBLE
    state = bonus.bonus_state(hired_on=hired, days_required=None, today=hired)
    assert state.state == bonus.NOT_ELIGIBLE
    state = bonus.bonus_state(hired_on=hired, days_required=90, today=date(2026, 5, 30))
    assert (state.state, state.eligible_on) == (bonus.PENDING, date(2026, 5, 31))
    assert state.label == "Pending until 31 May 2026"
    state = bonus.bonus_state(hired_on=hired, days_required=90, today=date(2026, 5, 31))
    assert state.state == bonus.ELIGIBLE
    left = bonus.bonus_state(
        hired_on=hired, days_required=90, today=date(2026, 9, 1), left_on=date(2026, 4, 1)
    )
    assert left.state == bonus.NOT_ELIGIBLE
    paid = bonus.bonus_state(hired_on=hired, days_required=90, today=hired, paid=True)
    assert paid.state == bonus.PAID


@pytest.mark.parametrize(
    ("kind", "status", "expected"),
    [
        ("sourced", "active", "Received"),
        ("applied", "active", "Received"),
        ("screen", "active", "In review"),
        ("submitted", "active", "In review"),
        ("assessment", "active", "In review"),
        ("interview", "active", "Interviewing"),
        ("offer", "active", "Offer"),
        ("hired", "hired", "Hired"),
        ("interview", "rejected", "Not selected"),
        ("offer", "withdrawn", "Not selected"),
    ],
)
def test_plain_status(kind, status, expected):
    assert bonus.plain_status(stage_kind=kind, status=status) == expected


@pytest.fixture
def hired_referral(time_machine, acme, carla, rita, make_application, stage):
    time_machine.move_to(HIRED_AT, tick=False)
    application = make_application("Hal")
    application_move(application=application, to_stage=stage("hired"), by=rita)
    BonusPolicy.objects.create(client=acme, amount=Decimal("1500"), currency="EUR")
    return Referral.objects.create(
        client=acme, application=application, referrer=carla, via="form", referred_name="Hal"
    )


def state_of(referral):
    referral = Referral.objects.select_related("application__stage").get(pk=referral.pk)
    return referral.bonus_state(BonusPolicy.objects.get(client_id=referral.client_id))


def test_a_hired_referral_is_pending_then_eligible_after_the_period(hired_referral, time_machine):
    due = date(2026, 5, 31)  # 2 March + 90 days
    state = state_of(hired_referral)
    assert (state.state, state.eligible_on) == (bonus.PENDING, due)
    time_machine.move_to(datetime(2026, 5, 30, 23, 0, tzinfo=UTC), tick=False)
    assert state_of(hired_referral).state == bonus.PENDING
    time_machine.move_to(datetime(2026, 5, 31, 0, 30, tzinfo=UTC), tick=False)
    assert state_of(hired_referral).state == bonus.ELIGIBLE


def test_the_policy_period_is_configurable(hired_referral, time_machine, acme):
    BonusPolicy.objects.filter(client=acme).update(eligible_after_days=30)
    time_machine.move_to(HIRED_AT + timedelta(days=30), tick=False)
    assert state_of(hired_referral).state == bonus.ELIGIBLE


def test_recruiters_are_told_once_when_a_bonus_becomes_due(
    hired_referral, time_machine, rita, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert bonuses_notify_eligible() == 0
    time_machine.move_to(HIRED_AT + timedelta(days=91), tick=False)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        notify_eligible_bonuses.delay()
    notes = Notification.objects.filter(user=rita)
    assert notes.count() == 1 and "referral bonus is due" in notes.get().text
    assert [m.to for m in mail.outbox] == [[rita.email]]
    with django_capture_on_commit_callbacks(execute=True):
        assert bonuses_notify_eligible() == 0
    assert Notification.objects.filter(user=rita).count() == 1


def test_staff_mark_an_eligible_bonus_paid_with_a_cost_entry(
    client, hired_referral, time_machine, rita, acme
):
    from outhire.costs.models import CostEntry

    url = reverse("referrals:bonus_pay", args=[hired_referral.pk])
    login(client, rita)
    client.post(url)  # too early: refused
    hired_referral.refresh_from_db()
    assert hired_referral.bonus_paid_at is None and not CostEntry.objects.exists()
    time_machine.move_to(HIRED_AT + timedelta(days=95), tick=False)
    login(client, rita)  # the earlier sign-in has expired by now
    response = client.post(url, follow=True)
    assert "bonus marked paid" in response.content.decode()
    hired_referral.refresh_from_db()
    assert hired_referral.bonus_paid_by == rita
    assert hired_referral.bonus_amount == Decimal("1500")
    entry = CostEntry.objects.get()
    assert entry.pk == hired_referral.cost_entry_id
    assert (entry.category, entry.amount, entry.channel) == ("referral_awards", 1500, "referral")
    assert entry.requisition_id == hired_referral.application.requisition_id
    assert state_of(hired_referral).state == bonus.PAID
    client.post(url)  # twice: nothing more
    assert CostEntry.objects.count() == 1


def test_client_users_cannot_mark_bonuses_paid(client, hired_referral, carla, time_machine):
    time_machine.move_to(HIRED_AT + timedelta(days=95), tick=False)
    login(client, carla)
    response = client.post(reverse("referrals:bonus_pay", args=[hired_referral.pk]))
    assert response.status_code == 404
    hired_referral.refresh_from_db()
    assert hired_referral.bonus_paid_at is None


def test_staff_set_the_policy_and_bad_input_is_a_form_error(client, rita, acme):
    login(client, rita)
    url = reverse("referrals:policy_save", args=[acme.slug])
    response = client.post(url, {"amount": "-5", "currency": "E", "eligible_after_days": "x"})
    assert response.status_code == 400
    assert not BonusPolicy.objects.exists()
    response = client.post(
        url, {"amount": "750", "currency": "gbp", "eligible_after_days": "60", "is_active": "on"}
    )
    assert response.status_code == 302
    policy = BonusPolicy.objects.get(client=acme)
    assert (policy.amount, policy.currency, policy.eligible_after_days) == (750, "GBP", 60)


def test_the_clock_starts_on_the_first_day_of_employment_when_the_offer_says(
    acme, carla, rita, hank, time_machine, django_capture_on_commit_callbacks
):
    from outhire.offers import services as offers
    from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer

    time_machine.move_to(HIRED_AT, tick=False)
    requisition = open_requisition(acme, rita, hank)
    with django_capture_on_commit_callbacks(execute=True):
        offer = sent_offer(at_offer_stage(requisition, rita), rita, start_date=date(2026, 4, 1))
        hire = offers.offer_accept(offer=offer, typed_name="Ada Lovelace", ip=None)
    BonusPolicy.objects.create(client=acme, amount=Decimal("500"), eligible_after_days=90)
    referral = Referral.objects.create(
        client=acme, application=hire.application, referrer=carla, via="form"
    )
    state = state_of(referral)
    assert (state.state, state.eligible_on) == (bonus.PENDING, date(2026, 6, 30))
    type(hire).objects.filter(pk=hire.pk).update(left_on=date(2026, 5, 1))
    time_machine.move_to(datetime(2026, 7, 1, tzinfo=UTC), tick=False)
    assert state_of(referral).state == bonus.NOT_ELIGIBLE


def test_the_recruiters_list_runs_a_constant_number_of_queries(
    client, acme, carla, rita, make_application, stage, django_assert_max_num_queries
):
    BonusPolicy.objects.create(client=acme, amount=Decimal("500"))
    login(client, rita)
    url = reverse("referrals:client_referrals", args=[acme.slug])

    def refer(name):
        application = make_application(name)
        Referral.objects.create(client=acme, application=application, referrer=carla, via="form")
        return application

    refer("R0")
    client.get(url)
    with django_assert_max_num_queries(20) as few:
        client.get(url)
    for n in range(1, 8):
        application = refer(f"R{n}")
        if n % 3 == 0:
            application_move(application=application, to_stage=stage("hired"), by=rita)
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(url)
    assert response.content.decode().count("Referral form") >= 8
