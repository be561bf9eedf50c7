"""Data subject requests: opening one is the same whoever receives it (the candidate portal,
a recruiter taking a call, a client passing a letter on)."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from outhire.accounts import audit
from outhire.privacy.models import DataRequest


def data_request_open(
    *,
    candidate,
    kind: str,
    channel: str,
    details: str = "",
    by=None,
    received_at=None,
) -> DataRequest:
    """Log a request about `candidate`, due one month after it was received.

    A second open request of the same kind for the same person is the same request asked
    again: it is returned, not duplicated (the portal's button can be pressed twice).
    """
    if kind not in DataRequest.Kind.values:
        raise ValueError(f"unknown request kind {kind!r}")
    if channel not in DataRequest.Channel.values:
        raise ValueError(f"unknown channel {channel!r}")
    with transaction.atomic():
        # Lock the person's row so two simultaneous submissions make one request.
        type(candidate).objects.select_for_update().filter(pk=candidate.pk).first()
        existing = (
            DataRequest.objects.filter(
                candidate=candidate, kind=kind, status=DataRequest.Status.OPEN
            )
            .order_by("received_at")
            .first()
        )
        if existing is not None:
            return existing
        request = DataRequest.objects.create(
            candidate=candidate,
            kind=kind,
            channel=channel,
            details=details,
            received_at=received_at or timezone.now(),
            created_by=by,
        )
        audit.record(
            "privacy.request_opened",
            actor=by,
            actor_label="" if by else "the candidate",
            obj=request,
            changes={"kind": kind, "channel": channel},
        )
    return request
