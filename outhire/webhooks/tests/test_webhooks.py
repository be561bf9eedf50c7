"""Webhooks: signed deliveries to a real local endpoint, retries with backoff, the attempt log,
refused addresses, the pages and who may use them."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest
import time_machine
from celery.exceptions import Retry
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone

from outhire.testing import login
from outhire.webhooks import addresses, services, signing, tasks
from outhire.webhooks.models import Attempt, Delivery, Endpoint
from outhire.webhooks.tests.receiver import Receiver


def _endpoint(client_, user, url, events=("hire.created",)):
    endpoint, secret = services.endpoint_create(
        client=client_, url=url, events=list(events), by=user
    )
    return endpoint, secret


def _delivery(acme, endpoint) -> Delivery:
    return Delivery.objects.create(client=acme, endpoint=endpoint, event="hire.created", body="{}")


def test_a_delivery_is_signed_and_verified_by_a_real_endpoint(
    acme, carla, django_capture_on_commit_callbacks
):
    with Receiver() as receiver:
        endpoint, secret = _endpoint(acme, carla, receiver.url)
        receiver.secret = secret
        with django_capture_on_commit_callbacks(execute=True):
            (delivery,) = services.event_emit(
                client=acme, event="hire.created", payload={"id": 7, "name": "Ada"}
            )
            assert services.event_emit(client=acme, event="offer.created", payload={}) == []
    (request,) = receiver.requests
    assert request["valid"]
    assert request["headers"]["x-outhire-event"] == "hire.created"
    assert request["headers"]["x-outhire-delivery"] == str(delivery.pk)
    assert request["headers"]["x-outhire-signature"].startswith("sha256=")
    assert request["body"]["data"] == {"id": 7, "name": "Ada"}
    assert request["body"]["client"] == "acme"
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.attempts == 1
    attempt = delivery.attempt_set.get()
    assert attempt.status_code == 200 and attempt.error == "" and attempt.duration_ms >= 0


def test_a_failing_endpoint_is_retried_with_backoff_until_it_succeeds(
    acme, carla, django_capture_on_commit_callbacks
):
    with Receiver(fail_first=2) as receiver:
        endpoint, receiver.secret = _endpoint(acme, carla, receiver.url)
        with django_capture_on_commit_callbacks(execute=True):
            (delivery,) = services.event_emit(client=acme, event="hire.created", payload={})
        delivery.refresh_from_db()
        # Run in-process (no broker), the task records the failure and a time for the next try.
        assert delivery.status == "pending" and delivery.attempts == 1
        first_wait = delivery.next_attempt_at - delivery.attempt_set.get().at
        assert first_wait == timedelta(seconds=30)
        assert tasks.deliver_due() == "0 due deliveries attempted"  # not due yet
        assert tasks.deliver.delay(delivery.pk).get() == f"delivery {delivery.pk} is not due yet"
        with time_machine.travel(timezone.now() + timedelta(seconds=31)):
            tasks.deliver_due()
            delivery.refresh_from_db()
            assert delivery.attempts == 2 and delivery.status == "pending"
            second = delivery.attempt_set.order_by("-number").first()
            assert delivery.next_attempt_at - second.at == timedelta(seconds=60)
        with time_machine.travel(timezone.now() + timedelta(seconds=200)):
            assert tasks.deliver_due() == "1 due deliveries attempted"
    delivery.refresh_from_db()
    assert delivery.status == "succeeded" and delivery.delivered_at is not None
    assert [a.status_code for a in delivery.attempt_set.all()] == [500, 500, 200]
    assert len(receiver.requests) == 3 and all(r["valid"] for r in receiver.requests)
    # The same bytes each time: a receiver can de-duplicate on X-Outhire-Delivery.
    assert len({str(r["body"]) for r in receiver.requests}) == 1


def test_on_a_worker_a_failure_is_retried_by_celery_with_the_backoff(acme, carla, settings):
    endpoint, _ = _endpoint(acme, carla, "http://127.0.0.1:9/closed")
    delivery = Delivery.objects.create(
        client=acme, endpoint=endpoint, event="hire.created", body="{}"
    )
    # Called outside eager mode (as a worker runs it), a failure asks Celery for a retry.
    with (
        mock.patch.object(tasks.deliver, "retry", side_effect=Retry("later")) as retry,
        pytest.raises(Retry),
    ):
        tasks.deliver.run(delivery.pk)
    retry.assert_called_once_with(countdown=30)
    delivery.refresh_from_db()
    assert delivery.attempts == 1 and delivery.attempt_set.get().error  # connection refused


def test_it_gives_up_after_the_maximum_attempts(acme, carla, settings):
    settings.OUTHIRE_WEBHOOK_MAX_ATTEMPTS = 2
    endpoint, _ = _endpoint(acme, carla, "http://127.0.0.1:9/closed")
    delivery = Delivery.objects.create(
        client=acme, endpoint=endpoint, event="hire.created", body="{}"
    )
    services.delivery_attempt(delivery=delivery)
    services.delivery_attempt(delivery=delivery)
    delivery.refresh_from_db()
    assert delivery.status == "failed" and delivery.next_attempt_at is None
    assert delivery.attempt_set.count() == 2


def test_signatures_and_backoff():
    body = b'{"a":1}'
    signature = signing.sign("s3cret", 1700000000, body)
    assert signing.verify("s3cret", "1700000000", body, signature, now=1700000100)
    assert not signing.verify("s3cret", "1700000000", body + b" ", signature, now=1700000100)
    assert not signing.verify("other", "1700000000", body, signature, now=1700000100)
    assert not signing.verify("s3cret", "1700000000", body, signature, now=1700009999)
    assert not signing.verify("s3cret", "nope", body, signature)
    assert [signing.backoff_seconds(n) for n in (1, 2, 3, 4)] == [30, 60, 120, 240]
    assert signing.backoff_seconds(50) == 6 * 3600


def test_it_refuses_other_schemes_and_private_addresses(acme, carla, settings):
    for url in ("ftp://example.com/x", "file:///etc/passwd", "gopher://x", "http://u:p@x.test/"):
        with pytest.raises(ValidationError):
            services.endpoint_create(client=acme, url=url, events=["hire.created"], by=carla)
    settings.OUTHIRE_WEBHOOK_ALLOW_PRIVATE = False
    for url in ("http://127.0.0.1:8000/", "http://10.1.2.3/", "http://[::1]/", "http://localhost/"):
        with pytest.raises(ValidationError, match="private or local"):
            services.endpoint_create(client=acme, url=url, events=["hire.created"], by=carla)
    with pytest.raises(addresses.RefusedAddress):
        addresses.check_url("http://169.254.169.254/latest/meta-data", allow_private=False)
    addresses.check_url("https://93.184.216.34/hook", allow_private=False)


def test_an_endpoint_that_became_private_is_refused_at_delivery(acme, carla, settings):
    endpoint, _ = _endpoint(acme, carla, "http://127.0.0.1:9/x")
    settings.OUTHIRE_WEBHOOK_ALLOW_PRIVATE = False
    delivery = Delivery.objects.create(
        client=acme, endpoint=endpoint, event="hire.created", body="{}"
    )
    attempt = services.delivery_attempt(delivery=delivery)
    assert attempt.status_code is None and "private or local" in attempt.error


def test_the_secret_is_shown_once_and_stored_encrypted(client, acme, carla):
    login(client, carla)
    response = client.post(
        f"/webhooks/{acme.slug}/",
        {"url": "https://hr.acme.test/hook", "events": ["handoff.created"], "is_active": "on"},
    )
    assert response.status_code == 200
    endpoint = Endpoint.objects.get()
    assert endpoint.secret in response.content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM webhooks_endpoint WHERE id = %s", [endpoint.pk])
        (stored,) = cursor.fetchone()
    assert endpoint.secret not in stored
    assert endpoint.secret not in client.get(f"/webhooks/endpoints/{endpoint.pk}/").content.decode()
    bad = client.post(f"/webhooks/{acme.slug}/", {"url": "ftp://x", "events": []})
    assert bad.status_code == 400


def test_only_those_who_manage_the_client_reach_webhooks(client, acme, carla, hank, rita, gina):
    endpoint, _ = _endpoint(acme, carla, "https://hr.acme.test/hook")
    for user in (hank, rita):
        login(client, user)
        assert client.get(f"/webhooks/{acme.slug}/").status_code == 403
        assert client.get(f"/webhooks/endpoints/{endpoint.pk}/").status_code == 403
    login(client, gina)
    assert client.get(f"/webhooks/endpoints/{endpoint.pk}/").status_code == 404


def test_the_deliveries_page_holds_its_queries_and_redelivers(
    client, acme, carla, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    endpoint, _ = _endpoint(acme, carla, "http://127.0.0.1:9/closed")
    for n in range(8):
        delivery = Delivery.objects.create(
            client=acme, endpoint=endpoint, event="hire.created", body=f'{{"n":{n}}}'
        )
        Attempt.objects.create(client=acme, delivery=delivery, number=1, status_code=500)
    login(client, carla)
    with django_assert_max_num_queries(12):
        response = client.get(f"/webhooks/endpoints/{endpoint.pk}/")
    assert response.status_code == 200 and response.content.decode().count("hire.created") >= 8
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/webhooks/deliveries/{delivery.pk}/redeliver/")
    assert response.status_code == 302
    page = client.get(f"/webhooks/deliveries/{delivery.pk}/").content.decode()
    assert "Connection" in page or "Errno" in page
    assert delivery.attempt_set.count() == 2
    assert list(delivery.attempt_set.values_list("number", flat=True)) == [1, 2]
