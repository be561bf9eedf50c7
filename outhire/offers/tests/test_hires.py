"""Hires: the hand-off download, early leavers, the post-hire surveys and their answers."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from outhire.accounts.models import AuditEvent
from outhire.offers import hires, services, tasks
from outhire.offers.models import PostHireReview
from outhire.offers.tests.factories import at_offer_stage, open_requisition, sent_offer
from outhire.testing import login


@pytest.fixture
def hire(acme, rita, hank):
    requisition = open_requisition(acme, rita, hank, openings=2)
    offer = sent_offer(at_offer_stage(requisition, rita), rita)
    return services.offer_accept(offer=offer, typed_name="Ada Lovelace", ip="198.51.100.7")


def test_acceptance_makes_the_checkpoints_and_the_handoff(hire):
    assert [r.day for r in hire.reviews.all()] == [30, 90, 365]
    assert hire.reviews.get(day=90).due_on == hire.start_date + timedelta(days=90)
    assert hire.handoff.payload["person"]["phone"] == "+31 20 555 0101"
    assert hire.application.requisition.status == "open"  # one of two openings filled


def test_the_handoff_is_downloaded_by_those_allowed_and_audited(client, hire, carla, hank, rita):
    login(client, hank)
    assert client.get(f"/hires/{hire.pk}/").status_code == 200
    assert client.get(f"/hires/{hire.pk}/handoff.json").status_code == 403
    for user in (carla, rita):
        login(client, user)
        response = client.get(f"/hires/{hire.pk}/handoff.json")
        assert response.status_code == 200 and response.json()["person"]["last_name"] == "Lovelace"
    assert AuditEvent.objects.filter(action="hire.handoff_downloaded").count() == 2


def test_an_early_leaver_closes_later_checkpoints(client, hire, hank):
    login(client, hank)
    today = timezone.localdate()
    future = client.post(
        f"/hires/{hire.pk}/left/", {"left_on": today + timedelta(days=3), "reason": "Moved"}
    )
    assert future.status_code == 400
    with time_machine.travel(timezone.now() + timedelta(days=80)):
        login(client, hank)  # the session from 80 days ago has expired
        left_on = hire.start_date + timedelta(days=40)
        response = client.post(
            f"/hires/{hire.pk}/left/", {"left_on": left_on, "reason": "Resigned"}
        )
        assert response.status_code == 302
    hire.refresh_from_db()
    assert hire.left_on == left_on and hire.leave_reason == "Resigned"
    states = {r.day: (r.closed_at is not None) for r in hire.reviews.all()}
    assert states == {30: False, 90: True, 365: True}


def test_surveys_go_to_the_hiring_manager_when_due_and_take_one_answer(client, hire, hank):
    assert tasks.send_due_reviews() == "0 post-hire surveys sent"
    with time_machine.travel(timezone.now() + timedelta(days=61)):
        mail.outbox.clear()
        assert tasks.send_due_reviews() == "1 post-hire surveys sent"
        assert tasks.send_due_reviews() == "0 post-hire surveys sent"
        (message,) = mail.outbox
        assert message.to == ["hank@acme.test"] and "30-day" in message.subject
        token = re.search(r"/hire-survey/(\S+)/", message.body).group(1)
        assert client.get(f"/hire-survey/{token}/").status_code == 200
        bad = client.post(f"/hire-survey/{token}/", {"still_employed": "yes"})
        assert bad.status_code == 400
        answers = {
            "still_employed": "yes",
            "performance": "4",
            "satisfaction": "5",
            "would_hire_again": "yes",
        }
        assert client.post(f"/hire-survey/{token}/", answers).status_code == 200
        again = client.post(f"/hire-survey/{token}/", answers)
        assert "closed" in again.content.decode()
    review = hire.reviews.get(day=30)
    assert (review.performance, review.satisfaction, review.still_employed) == (4, 5, True)
    assert review.submitted_by == hank
    assert client.get(f"/hire-survey/{token[:-2]}zz/").status_code == 404


def test_the_signed_in_review_form(client, hire, hank, ivy):
    review = hire.reviews.get(day=90)
    login(client, ivy)
    assert client.get(f"/hires/{hire.pk}/reviews/{review.pk}/").status_code == 404
    login(client, hank)
    response = client.post(
        f"/hires/{hire.pk}/reviews/{review.pk}/",
        {"still_employed": "no", "would_hire_again": "no"},
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.still_employed is False and review.performance is None
    with pytest.raises(ValidationError, match="already"):
        hires.review_submit(
            review=review,
            by=hank,
            still_employed=True,
            performance=3,
            satisfaction=3,
            would_hire_again=True,
        )


def test_the_hire_list_holds_its_number_of_queries(
    client, acme, rita, hank, django_assert_max_num_queries
):
    requisition = open_requisition(acme, rita, hank, openings=5, title="Welder")
    for n in range(4):
        offer = sent_offer(at_offer_stage(requisition, rita, first=f"Weld{n}"), rita)
        services.offer_accept(offer=offer, typed_name=f"Weld{n} Lovelace", ip=None)
    PostHireReview.objects.update(due_on=timezone.localdate())
    login(client, hank)
    with django_assert_max_num_queries(14):
        response = client.get("/hires/")
    assert response.status_code == 200 and response.content.decode().count("Weld") >= 8
