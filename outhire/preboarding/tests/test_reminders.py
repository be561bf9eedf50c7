"""Daily reminders: each party's items due soon or overdue, once a day per item at most."""

from __future__ import annotations

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from outhire.preboarding import services, tasks
from outhire.preboarding.models import Item
from outhire.preboarding.tests.factories import make_hire


@pytest.fixture
def hire(acme, rita, hank):
    # Starts in 5 days: every item due 3 or more days before is due soon or overdue.
    return make_hire(
        acme,
        rita,
        hank,
        start_date=timezone.localdate() + timedelta(days=5),
        expires_on=timezone.localdate() + timedelta(days=2),
    )


def test_the_new_hire_hears_nothing_before_the_welcome_is_sent(hire, rita, hank):
    mail.outbox.clear()
    assert tasks.send_reminders() == "2 pre-boarding reminders sent"
    assert "ada.lovelace@people.test" not in {to for m in mail.outbox for to in m.to}


def test_each_party_is_reminded_once_a_day(hire, rita, hank):
    services.checklist_welcome(checklist=hire.preboarding, by=rita)
    mail.outbox.clear()
    assert tasks.send_reminders() == "3 pre-boarding reminders sent"
    by_to = {tuple(m.to): m for m in mail.outbox}
    new_hire = by_to[("ada.lovelace@people.test",)]
    assert "Upload a proof of identity" in new_hire.body and "/welcome/" in new_hire.body
    assert "(past that day)" in new_hire.body  # due 14 days before a start in 5 days
    assert "Share the first-day details" in by_to[(hank.email,)].body
    assert "Check the right to work" in by_to[(rita.email,)].body
    # The same day again: nothing more.
    mail.outbox.clear()
    assert tasks.send_reminders() == "0 pre-boarding reminders sent"
    assert mail.outbox == []
    # The next day, the open items again.
    with time_machine.travel(timezone.now() + timedelta(days=1)):
        assert tasks.send_reminders() == "3 pre-boarding reminders sent"


def test_reminders_stop_after_the_hand_over(hire, carla):
    services.checklist_hand_over(checklist=hire.preboarding, by=carla)
    mail.outbox.clear()
    assert tasks.send_reminders() == "0 pre-boarding reminders sent"
    assert not Item.objects.filter(status="open").exists()


def test_the_new_hires_e_mail_uses_their_time_zone(hire, rita):
    services.checklist_welcome(checklist=hire.preboarding, by=rita)
    candidate = hire.application.candidate
    candidate.time_zone = "Pacific/Kiritimati"
    candidate.save(update_fields=["time_zone"])
    mail.outbox.clear()
    tasks.send_reminders()
    assert any("ada.lovelace@people.test" in m.to for m in mail.outbox)
