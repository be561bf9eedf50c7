"""A client's webhook endpoints, and every delivery made to them with each attempt's outcome.

The secret and the payloads are stored encrypted: a hand-off carries the new hire's contact
data. Attempts are append-only; a delivery's status sums them up.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.lib.crypto import EncryptedTextField


class Event(models.TextChoices):
    # docs/webhooks.md describes each event's `data`, with examples.
    APPLICATION_CREATED = "application.created", _("A candidate enters a requisition's pipeline")
    APPLICATION_MOVED = "application.moved", _("An application moves to another stage")
    APPLICATION_REJECTED = "application.rejected", _("An application is rejected")
    APPLICATION_WITHDRAWN = "application.withdrawn", _("A candidate withdraws an application")
    REQUISITION_SUBMITTED = "requisition.submitted", _("A requisition is sent for approval")
    REQUISITION_APPROVED = "requisition.approved", _("A requisition's approval chain approves it")
    REQUISITION_OPENED = "requisition.opened", _("A requisition opens (or opens again)")
    REQUISITION_ON_HOLD = "requisition.on_hold", _("A requisition is put on hold")
    REQUISITION_FILLED = "requisition.filled", _("A requisition's last opening is filled")
    REQUISITION_CANCELLED = "requisition.cancelled", _("A requisition is cancelled")
    INTERVIEW_SCHEDULED = "interview.scheduled", _("An interview is booked")
    INTERVIEW_MOVED = "interview.moved", _("A booked interview moves to another time")
    INTERVIEW_CANCELLED = "interview.cancelled", _("An interview is called off")
    SCORECARD_SUBMITTED = "scorecard.submitted", _("An interviewer submits a scorecard")
    OFFER_CREATED = "offer.created", _("An offer is drafted")
    OFFER_APPROVED = "offer.approved", _("An offer is fully approved")
    OFFER_ACCEPTED = "offer.accepted", _("A candidate accepts an offer")
    OFFER_DECLINED = "offer.declined", _("A candidate declines an offer")
    HIRE_CREATED = "hire.created", _("A hire is made")
    HANDOFF_CREATED = "handoff.created", _("The new hire's hand-off record (for the HR system)")
    PREBOARDING_COMPLETED = (
        "preboarding.completed",
        _("Pre-boarding is complete, or handed over to the HR system"),
    )
    MESSAGE_RECEIVED = "message.received", _("A candidate's e-mail reply arrives on an application")
    CANDIDATE_ERASED = "candidate.erased", _("A candidate's personal data is erased (erase yours)")


EVENTS = [e.value for e in Event]


class Endpoint(ClientOwned):
    url = models.URLField(max_length=500)
    description = models.CharField(max_length=200, blank=True)
    secret = EncryptedTextField()
    events = models.JSONField(default=list)
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.description or self.url

    @property
    def event_labels(self) -> list[tuple[str, str]]:
        """(label, technical name) of each event subscribed to, for the staff pages."""
        labels = dict(Event.choices)
        return [(labels.get(event, event), event) for event in self.events or []]

    def subscribes_to(self, event: str) -> bool:
        return self.is_active and event in (self.events or [])


class Delivery(ClientOwned):
    """One event sent (or to be sent) to one endpoint; retried until it succeeds or gives up."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Delivered")
        FAILED = "failed", _("Failed (gave up)")

    endpoint = models.ForeignKey(Endpoint, models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=40, choices=Event.choices)
    # The JSON body, kept byte for byte so a redelivery sends (and signs) the same thing.
    body = EncryptedTextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(null=True, blank=True, db_index=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


class Attempt(ClientOwned):
    """One HTTP request of a delivery. Append-only."""

    delivery = models.ForeignKey(Delivery, models.CASCADE, related_name="attempt_set")
    number = models.PositiveSmallIntegerField()
    at = models.DateTimeField(default=timezone.now)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["number", "id"]

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
