"""Two people at the same moment: the last two items done at once, and the last item done
while another hands the checklist over. Real threads with their own connections
(outhire/tests/test_concurrency.py's `race`); on PostgreSQL the checklist's row lock decides,
on SQLite writers take turns. Either way the checklist ends in one state and the webhook goes
out once, never a 500."""

from __future__ import annotations

import pytest
from django.utils import timezone

from outhire.preboarding import services
from outhire.preboarding.models import Checklist, Item, Kind, Party
from outhire.preboarding.tests.factories import make_hire
from outhire.tests.test_concurrency import race
from outhire.webhooks import services as webhooks
from outhire.webhooks.models import Delivery

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def nearly_done(acme, rita, hank, carla):
    """A hire whose checklist has one provider task and one client task left."""
    webhooks.endpoint_create(
        client=acme, url="https://hooks.example.com/hr", events=["preboarding.completed"], by=carla
    )
    hire = make_hire(acme, rita, hank)
    checklist = hire.preboarding
    provider = Item.objects.get(checklist=checklist, party=Party.PROVIDER, kind=Kind.TASK)
    client_item = Item.objects.get(checklist=checklist, party=Party.CLIENT, kind=Kind.EQUIPMENT)
    left = {provider.pk, client_item.pk}
    for item in Item.objects.filter(checklist=checklist).exclude(pk__in=left):
        item.checklist = checklist
        if item.kind == Kind.RIGHT_TO_WORK:
            services.rtw_record(
                item=item,
                by=rita,
                outcome="verified",
                method="online",
                checked_on=timezone.localdate(),
            )
        elif item.kind == Kind.DOCUMENT:
            services.document_upload(
                item=item,
                data=f"Scan {item.pk}".encode(),
                filename="scan.txt",
                max_bytes=2**20,
            )
        else:
            services.item_complete(item=item, by=rita, details="Ready")
    return hire, provider, client_item


def test_the_last_two_items_at_once_complete_the_checklist_once(nearly_done, rita, carla):
    hire, provider, client_item = nearly_done
    work = [(rita, provider), (carla, client_item)]

    def finish(n, client):
        user, item = work[n]
        client.force_login(user)
        return client.post(f"/hires/{hire.pk}/preboarding/items/{item.pk}/", {})

    answers = race(2, finish)
    assert [getattr(a, "status_code", 500) for a in answers] == [302, 302], answers
    checklist = Checklist.objects.get(hire=hire)
    assert checklist.status == "completed"
    assert Delivery.objects.filter(event="preboarding.completed").count() == 1


def test_the_last_item_and_a_hand_over_at_once_end_in_one_state(nearly_done, rita, carla):
    hire, provider, client_item = nearly_done
    Item.objects.filter(pk=client_item.pk).update(status="done", done_at=timezone.now())

    def act(n, client):
        if n == 0:
            client.force_login(rita)
            return client.post(f"/hires/{hire.pk}/preboarding/items/{provider.pk}/", {})
        client.force_login(carla)
        return client.post(f"/hires/{hire.pk}/preboarding/hand-over/", {"confirm": "on"})

    answers = race(2, act)
    codes = [getattr(a, "status_code", 500) for a in answers]
    assert 500 not in codes, answers
    checklist = Checklist.objects.get(hire=hire)
    deliveries = Delivery.objects.filter(event="preboarding.completed")
    assert deliveries.count() == 1
    state = deliveries.get().payload["data"]["preboarding"]
    assert state["status"] == checklist.status
    if checklist.status == "completed":
        assert state["items_done"] == 8 and codes[1] == 400  # the hand-over came second
    else:
        assert checklist.status == "handed_over" and state["items_done"] == 7
        assert Item.objects.get(pk=provider.pk).status == "handed_over"
