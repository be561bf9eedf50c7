"""Sending webhook deliveries, with retries and exponential backoff.

On a worker (a broker is configured) a failed attempt is retried by Celery itself:
`self.retry(countdown=...)` with the delay from `signing.backoff_seconds` (30 s, 1 min, 2 min,
... capped at 6 h) until OUTHIRE_WEBHOOK_MAX_ATTEMPTS attempts. Without a broker tasks run in
the request, where waiting is not an option: the failed delivery keeps its `next_attempt_at`
and the periodic job `deliver_due` (Celery beat or `outhire tick`) sends it when that time
comes. The periodic job also rescues deliveries whose worker died, and those never tried
LOST_AFTER after they were made (their message was lost: the broker was down when it was sent).

Running `deliver` twice for one delivery is safe (Celery acknowledges late, so a task whose
worker dies is run again): the row is locked for the attempt, and a run that finds it no longer
pending, or retried for later, does nothing. A worker killed in the middle of the request rolls
its attempt back, so the re-run sends the same body under the same delivery id once more; the
receiver drops the repeat by that id (docs/webhooks.md).
"""

from __future__ import annotations

from datetime import timedelta

from celery import shared_task
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from outhire.webhooks import signing
from outhire.webhooks.models import Delivery
from outhire.webhooks.services import delivery_attempt

# How many due deliveries one run of the periodic job sends.
DUE_BATCH = 200
# A Celery retry may run a little before its countdown ends.
EARLY = timedelta(seconds=5)
# A delivery never tried this long after it was made has lost its task message.
LOST_AFTER = timedelta(minutes=5)


@shared_task(bind=True, max_retries=None)
def deliver(self, delivery_id: int) -> str:
    """Make one attempt at a pending delivery; on failure, retry later with backoff."""
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, status=Delivery.Status.PENDING)
            .first()
        )
        if delivery is None:
            return f"delivery {delivery_id} is not pending"
        due = delivery.next_attempt_at
        if due is not None and due > timezone.now() + EARLY:
            # Another run (the periodic job, or a redelivery) has already tried and set a
            # later time; that one's retry owns the delivery now.
            return f"delivery {delivery_id} is not due yet"
        attempt = delivery_attempt(delivery=delivery)
    if delivery.status == Delivery.Status.PENDING and not self.request.is_eager:
        raise self.retry(countdown=signing.backoff_seconds(delivery.attempts))
    return f"delivery {delivery_id}: attempt {attempt.number} -> {delivery.status}"


@shared_task
def deliver_due() -> str:
    """Send the pending deliveries whose next attempt is due (see the module docstring)."""
    now = timezone.now()
    lost = Q(next_attempt_at__isnull=True, created_at__lte=now - LOST_AFTER)
    due = list(
        Delivery.objects.filter(Q(next_attempt_at__lte=now) | lost, status=Delivery.Status.PENDING)
        .order_by("next_attempt_at", "created_at")
        .values_list("pk", flat=True)[:DUE_BATCH]
    )
    for pk in due:
        deliver.apply(args=[pk])
    return f"{len(due)} due deliveries attempted"
