"""A `deliver` task run again (Celery redelivers a task whose worker died: late acknowledgement)
makes no second delivery record and no second successful attempt; a worker killed in the middle
of the request re-sends under the same delivery id, for the receiver to drop."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from django.utils import timezone

from outhire.webhooks import addresses, services, tasks
from outhire.webhooks.models import Attempt, Delivery
from outhire.webhooks.tests.receiver import Receiver


class WorkerKilled(BaseException):
    """Stands for SIGKILL: nothing after it runs, the open transaction is rolled back."""


def _emit(acme, carla, receiver, capture) -> Delivery:
    endpoint, receiver.secret = services.endpoint_create(
        client=acme, url=receiver.url, events=["hire.created"], by=carla
    )
    # Queued but not sent: the test runs the task itself, as a worker would.
    with mock.patch.object(tasks.deliver, "delay"), capture(execute=True):
        (delivery,) = services.event_emit(client=acme, event="hire.created", payload={"id": 3})
    return delivery


def test_running_the_task_twice_sends_once(acme, carla, django_capture_on_commit_callbacks):
    with Receiver() as receiver:
        delivery = _emit(acme, carla, receiver, django_capture_on_commit_callbacks)
        first = tasks.deliver.apply(args=[delivery.pk]).get()
        second = tasks.deliver.apply(args=[delivery.pk]).get()
    assert first.endswith("-> succeeded")
    assert second == f"delivery {delivery.pk} is not pending"
    assert len(receiver.requests) == 1
    assert Delivery.objects.filter(event="hire.created").count() == 1
    assert Attempt.objects.filter(delivery=delivery).count() == 1


def test_a_worker_killed_mid_request_resends_under_the_same_id(
    acme, carla, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        delivery = _emit(acme, carla, receiver, django_capture_on_commit_callbacks)
        real_opener = addresses.pinned_opener

        def dies_after_sending(target):
            opener = real_opener(target)

            class Dying:
                def open(self, request, timeout):
                    with opener.open(request, timeout=timeout):
                        raise WorkerKilled

            return Dying()

        with (
            mock.patch.object(addresses, "pinned_opener", dies_after_sending),
            pytest.raises(WorkerKilled),
        ):
            tasks.deliver.run(delivery.pk)
        # The receiver had the request, but its attempt died with the worker's transaction.
        assert len(receiver.requests) == 1
        delivery.refresh_from_db()
        assert delivery.status == "pending" and delivery.attempts == 0
        tasks.deliver.apply(args=[delivery.pk]).get()  # the redelivered message
    ids = [r["headers"]["x-outhire-delivery"] for r in receiver.requests]
    assert ids == [str(delivery.pk), str(delivery.pk)]
    assert receiver.requests[0]["body"] == receiver.requests[1]["body"]
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert list(delivery.attempt_set.values_list("number", "status_code")) == [(1, 200)]
    assert Delivery.objects.count() == 1


def test_a_delivery_whose_message_was_lost_is_sent_by_the_periodic_job(
    acme, carla, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        delivery = _emit(acme, carla, receiver, django_capture_on_commit_callbacks)
        # Never tried, and not yet overdue: the queued message may still come.
        assert tasks.deliver_due() == "0 due deliveries attempted"
        with time_machine.travel(timezone.now() + tasks.LOST_AFTER + timedelta(seconds=1)):
            assert tasks.deliver_due() == "1 due deliveries attempted"
            assert tasks.deliver_due() == "0 due deliveries attempted"
    assert len(receiver.requests) == 1
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
