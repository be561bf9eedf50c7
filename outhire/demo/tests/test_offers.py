from __future__ import annotations

import io

from django.core import mail
from django.core.management import call_command

from outhire.offers.models import Hire, Offer, PostHireReview
from outhire.webhooks.models import Delivery


def test_seed_demo_adds_offers_in_several_states_and_a_hire_once(
    db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed-demo", candidates=40, stdout=io.StringIO())
    statuses = set(Offer.objects.values_list("status", flat=True))
    # With only 40 candidates some clients have four people to make offers to (no draft then).
    assert {"pending_approval", "sent", "declined", "accepted"} <= statuses
    hire = Hire.objects.first()
    assert hire is not None and hire.application.status == "hired"
    answered = PostHireReview.objects.filter(hire=hire, submitted_at__isnull=False)
    assert sorted(answered.values_list("day", flat=True)) == [30, 90]
    assert Delivery.objects.filter(event="handoff.created").exists()
    assert not [m for m in mail.outbox if "offer" in m.subject.lower()]
    count = Offer.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("seed-demo", candidates=40, stdout=io.StringIO())
    assert Offer.objects.count() == count
