"""Webhook endpoints and deliveries: manage endpoints, emit events, make one delivery attempt.

`event_emit` is what other apps call: it stores one Delivery per endpoint of the client that
subscribes to the event and queues its sending once the transaction commits. Sending is
`delivery_attempt`, run by the `deliver` task (outhire.webhooks.tasks), which retries with
exponential backoff.
"""

from __future__ import annotations

import json
import secrets
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.accounts.models import Client, User
from outhire.webhooks import addresses, signing
from outhire.webhooks.models import EVENTS, Attempt, Delivery, Endpoint

USER_AGENT = "Outhire-Webhooks/1"
# The version of the bodies (docs/webhooks.md#versions): within one version fields are only
# added; removing or changing one makes a new version.
PAYLOAD_VERSION = 1


def _check_url(url: str) -> str:
    url = (url or "").strip()
    try:
        addresses.check_url(url, allow_private=settings.OUTHIRE_WEBHOOK_ALLOW_PRIVATE)
    except addresses.RefusedAddress as error:
        raise ValidationError({"url": str(error)}) from None
    return url


def _check_events(events: list[str]) -> list[str]:
    events = list(dict.fromkeys(events or []))
    unknown = [e for e in events if e not in EVENTS]
    if unknown:
        raise ValidationError(
            {"events": _("Unknown events: %(events)s.") % {"events": ", ".join(unknown)}}
        )
    if not events:
        raise ValidationError({"events": _("Choose at least one event.")})
    return events


def endpoint_create(
    *,
    client,
    url: str,
    events: list[str],
    description: str = "",
    by: User | None,
    request: HttpRequest | None = None,
) -> tuple[Endpoint, str]:
    """A new endpoint and its secret; the secret is shown to the caller this once."""
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint = Endpoint(
        client=client,
        url=_check_url(url),
        events=_check_events(events),
        description=(description or "").strip(),
        secret=secret,
        created_by=by,
    )
    endpoint.full_clean()
    endpoint.save()
    audit.record(
        "webhook_endpoint.created",
        actor=by,
        request=request,
        obj=endpoint,
        changes={"url": endpoint.url, "events": endpoint.events},
    )
    return endpoint, secret


def endpoint_update(
    *,
    endpoint: Endpoint,
    url: str,
    events: list[str],
    description: str,
    is_active: bool,
    by: User | None,
    request: HttpRequest | None = None,
) -> Endpoint:
    before = {
        "url": endpoint.url,
        "events": endpoint.events,
        "description": endpoint.description,
        "is_active": endpoint.is_active,
    }
    endpoint.url = _check_url(url)
    endpoint.events = _check_events(events)
    endpoint.description = (description or "").strip()
    endpoint.is_active = is_active
    endpoint.full_clean()
    endpoint.save(update_fields=["url", "events", "description", "is_active"])
    after = {k: getattr(endpoint, k) for k in before}
    audit.record(
        "webhook_endpoint.updated",
        actor=by,
        request=request,
        obj=endpoint,
        changes=audit.diff(before, after),
    )
    return endpoint


def endpoint_rotate_secret(
    *, endpoint: Endpoint, by: User | None, request: HttpRequest | None = None
) -> str:
    secret = "whsec_" + secrets.token_urlsafe(32)
    endpoint.secret = secret
    endpoint.save(update_fields=["secret"])
    audit.record("webhook_endpoint.secret_rotated", actor=by, request=request, obj=endpoint)
    return secret


def endpoint_delete(
    *, endpoint: Endpoint, by: User | None, request: HttpRequest | None = None
) -> None:
    audit.record(
        "webhook_endpoint.deleted",
        actor=by,
        request=request,
        obj=endpoint,
        changes={"url": endpoint.url},
    )
    endpoint.delete()


def event_emit(*, client, event: str, payload: dict | Callable[[], dict]) -> list[Delivery]:
    """Queue `event` with `payload` to each of `client`'s active endpoints subscribed to it.

    The body is {"event", "version", "id", "created_at", "client", "data": payload}; it is
    fixed now, so every attempt (and a redelivery) sends the same bytes. Sending starts after
    commit. `client` is the client or its id, and `payload` may be a function that makes it:
    a client with no endpoint for the event then costs one query, whatever the payload holds.
    """
    from outhire.webhooks.tasks import deliver

    if event not in EVENTS:
        raise ValueError(f"unknown webhook event {event!r}")
    client_id = client if isinstance(client, int) else client.pk
    endpoints = [
        e
        for e in Endpoint.objects.filter(client_id=client_id, is_active=True)
        if e.subscribes_to(event)
    ]
    if not endpoints:
        return []
    if isinstance(client, int):
        client = Client.objects.get(pk=client_id)
    if callable(payload):
        payload = payload()
    deliveries = []
    for endpoint in endpoints:
        delivery = Delivery.objects.create(
            client_id=client_id, endpoint=endpoint, event=event, body="{}"
        )
        delivery.body = json.dumps(
            {
                "event": event,
                "version": PAYLOAD_VERSION,
                "id": delivery.pk,
                "created_at": delivery.created_at.isoformat(),
                "client": client.slug,
                "data": payload,
            },
            cls=DjangoJSONEncoder,
            separators=(",", ":"),
        )
        delivery.save(update_fields=["body"])
        deliveries.append(delivery)
        transaction.on_commit(lambda pk=delivery.pk: deliver.delay(pk), robust=True)
    return deliveries


def delivery_attempt(*, delivery: Delivery, now=None) -> Attempt:
    """POST the delivery's body to its endpoint once; log the attempt and update the delivery.

    A 2xx answer is a success. Anything else (another status, a refused address, a timeout,
    a connection error) is a failure: the delivery stays pending with `next_attempt_at` set by
    the backoff, until the attempts reach OUTHIRE_WEBHOOK_MAX_ATTEMPTS and it is marked failed.
    """
    endpoint = delivery.endpoint
    tries = delivery.attempts + 1
    # The log numbers attempts across redeliveries; `attempts` counts the current round.
    number = Attempt.objects.filter(delivery=delivery).count() + 1
    body = delivery.body.encode()
    timestamp = int(time.time())
    status_code = None
    error = ""
    started = time.monotonic()
    try:
        # Resolved and checked once; the request goes to that very address (no DNS rebinding)
        target = addresses.resolve_url(
            endpoint.url, allow_private=settings.OUTHIRE_WEBHOOK_ALLOW_PRIVATE
        )
        # resolve_url allowed only http(s) just above.
        outgoing = urllib.request.Request(  # noqa: S310
            endpoint.url,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json",
                "User-Agent": USER_AGENT,
                "X-Outhire-Event": delivery.event,
                "X-Outhire-Version": str(PAYLOAD_VERSION),
                "X-Outhire-Delivery": str(delivery.pk),
                "X-Outhire-Timestamp": str(timestamp),
                "X-Outhire-Signature": signing.sign(endpoint.secret, timestamp, body),
            },
        )
        opener = addresses.pinned_opener(target)
        with opener.open(outgoing, timeout=settings.OUTHIRE_WEBHOOK_TIMEOUT) as response:
            status_code = response.status
            response.read(1024)
    except urllib.error.HTTPError as answer:
        status_code = answer.code
        error = f"HTTP {answer.code}"
    except addresses.RefusedAddress as refused:
        error = str(refused)
    except (OSError, ValueError) as failure:  # URLError, timeouts, resets, bad URLs
        reason = getattr(failure, "reason", failure)
        error = f"{type(failure).__name__}: {reason}"
    duration = int((time.monotonic() - started) * 1000)
    now = now or timezone.now()
    attempt = Attempt.objects.create(
        client_id=delivery.client_id,
        delivery=delivery,
        number=number,
        at=now,
        status_code=status_code,
        error=error[:300],
        duration_ms=duration,
    )
    delivery.attempts = tries
    if attempt.ok:
        delivery.status = Delivery.Status.SUCCEEDED
        delivery.delivered_at = now
        delivery.next_attempt_at = None
    elif tries >= settings.OUTHIRE_WEBHOOK_MAX_ATTEMPTS:
        delivery.status = Delivery.Status.FAILED
        delivery.next_attempt_at = None
    else:
        delivery.status = Delivery.Status.PENDING
        delivery.next_attempt_at = now + timedelta(seconds=signing.backoff_seconds(tries))
    delivery.save(update_fields=["attempts", "status", "delivered_at", "next_attempt_at"])
    return attempt


def delivery_redeliver(
    *, delivery: Delivery, by: User | None, request: HttpRequest | None = None
) -> Delivery:
    """Send a delivery again now (the same body, a fresh signature), whatever its status.

    The attempts start over, so a failed delivery gets the full number of retries again.
    """
    from outhire.webhooks.tasks import deliver

    Delivery.objects.filter(pk=delivery.pk).update(
        status=Delivery.Status.PENDING, attempts=0, next_attempt_at=timezone.now()
    )
    audit.record("webhook_delivery.redelivered", actor=by, request=request, obj=delivery)
    transaction.on_commit(lambda: deliver.delay(delivery.pk), robust=True)
    delivery.refresh_from_db()
    return delivery
