"""Offers and their approvals, hires and their hand-off record, and post-hire checkpoints.

An offer moves draft -> pending approval (through the client's offer approval chain, plus the
above-band approver when the pay is above the requisition's band) -> approved -> sent ->
accepted, declined or expired; withdrawn from any open state. Renegotiating makes a new version
linked to the previous one: only the latest version of an application's offer is open. An
accepted offer makes a Hire, its hand-off record for the client's HR system and the post-hire
checkpoints (PostHireReview) at the client's chosen days.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy, gettext_noop, pgettext_lazy

from outhire.accounts.roles import Role
from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.approvals.models import ApprovalRuleBase, ApprovalStepBase
from outhire.lib.crypto import EncryptedTextField

DEFAULT_CHECKPOINT_DAYS = [30, 90, 365]

# The letter of a client that never wrote its own; it is read in the candidate's language
# (offers.services.letter_template_for), so the text is in the catalogues.
DEFAULT_LETTER = gettext_noop("""Dear $candidate_name,

We are delighted to offer you the position of $job_title at $client_name.

Your base pay will be $pay per $pay_period, starting on $start_date.
$bonus_line
$other_terms

This offer is open until $expires_on. To accept it, follow the link in the e-mail that came
with this letter.

Kind regards,
$hiring_manager
$client_name""")

# The merge field $pay_period: the period's word as it reads inside a sentence.
PERIOD_WORDS = {
    "year": pgettext_lazy("pay period in a sentence", "year"),
    "month": pgettext_lazy("pay period in a sentence", "month"),
    "hour": pgettext_lazy("pay period in a sentence", "hour"),
}


class PayPeriod(models.TextChoices):
    YEAR = "year", gettext_lazy("Year")
    MONTH = "month", gettext_lazy("Month")
    HOUR = "hour", gettext_lazy("Hour")


class OfferSettings(ClientOwned):
    """A client's offer set-up: the letter template, the above-band approver, checkpoints."""

    letter_template = models.TextField(default=DEFAULT_LETTER)
    above_band_approver = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    checkpoint_days = models.JSONField(default=list)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["client"], name="one_offer_settings")]

    @classmethod
    def for_client(cls, client) -> OfferSettings:
        found = cls.objects.filter(client_id=client.pk).first()
        return found or cls(client=client, checkpoint_days=list(DEFAULT_CHECKPOINT_DAYS))

    @property
    def days(self) -> list[int]:
        return sorted(set(self.checkpoint_days or DEFAULT_CHECKPOINT_DAYS))


class OfferLetterTranslation(ClientOwned):
    """The offer letter template in one language (a code of settings.LANGUAGES): a candidate
    who reads that language gets this text; without one, the settings' main letter."""

    offer_settings = models.ForeignKey(
        OfferSettings, models.CASCADE, related_name="letter_translations"
    )
    language = models.CharField(max_length=10)
    text = models.TextField()

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["language"]
        constraints = [
            models.UniqueConstraint(
                fields=["offer_settings", "language"], name="one_offer_letter_per_language"
            )
        ]

    def __str__(self) -> str:
        return f"Offer letter ({self.language}) of client #{self.client_id}"


class OfferApprovalRule(ApprovalRuleBase):
    """One step of a client's offer approval chain: `approver` decides at `position`."""

    AUDIT_NAME = "offer_rule"

    class Meta(ApprovalRuleBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["client", "approver"], name="one_offer_rule_per_approver"
            )
        ]


class ReadersQuerySet(ClientOwnedQuerySet):
    def visible_to(self, access) -> ReadersQuerySet:
        """Pay is not for interviewers: everyone else of the client (and its staff) reads."""
        ids = [cid for cid, role in access.roles.items() if role != Role.INTERVIEWER]
        return self.filter(client_id__in=ids)


class OfferQuerySet(ReadersQuerySet):
    def latest_versions(self) -> OfferQuerySet:
        """One offer per renegotiation chain: the newest version (the one the KPIs count)."""
        return self.filter(superseded=False)


class Offer(ClientOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PENDING_APPROVAL = "pending_approval", gettext_lazy("Pending approval")
        APPROVED = "approved", gettext_lazy("Approved")
        SENT = "sent", gettext_lazy("Sent to the candidate")
        ACCEPTED = "accepted", gettext_lazy("Accepted")
        DECLINED = "declined", gettext_lazy("Declined")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn")
        EXPIRED = "expired", gettext_lazy("Expired")

    application = models.ForeignKey("pipeline.Application", models.CASCADE, related_name="offers")
    version = models.PositiveSmallIntegerField(default=1)
    previous = models.OneToOneField(
        "self", models.SET_NULL, null=True, blank=True, related_name="next_version"
    )
    # Set on a version replaced by a renegotiated one; it stays as history.
    superseded = models.BooleanField(default=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    base_salary = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(max_length=3, default="EUR")
    pay_period = models.CharField(max_length=5, choices=PayPeriod.choices, default=PayPeriod.YEAR)
    bonus = models.CharField(max_length=300, blank=True)
    other_terms = models.TextField(blank=True)
    start_date = models.DateField()
    expires_on = models.DateField()
    above_band = models.BooleanField(default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    decline_reason = models.TextField(blank=True)
    # The candidate's answer through the signed link.
    signed_name = models.CharField(max_length=200, blank=True)
    response_ip = models.GenericIPAddressField(null=True, blank=True)
    response_user_agent = models.CharField(max_length=300, blank=True)

    objects = OfferQuerySet.as_manager()

    OPEN = frozenset({"draft", "pending_approval", "approved", "sent"})
    FINAL = frozenset({"accepted", "declined", "withdrawn", "expired"})

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status__in=["draft", "pending_approval", "approved", "sent"]),
                name="one_open_offer_per_application",
            )
        ]
        indexes = [models.Index(fields=["client", "status"])]

    def __str__(self) -> str:
        return f"Offer #{self.pk} v{self.version}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_final(self) -> bool:
        return self.status in self.FINAL

    def is_expired_on(self, day) -> bool:
        return self.expires_on < day

    @property
    def period_word(self) -> str:
        """ "year", "month" or "hour" as it reads after "per" (in the active language)."""
        return str(PERIOD_WORDS.get(self.pay_period, self.pay_period))


class OfferApproval(ApprovalStepBase):
    """One approver's decision on one round of an offer version's approval; `above_band` marks
    the step of the above-band approver."""

    SUBJECT = "offer"
    EXTRA_FLAG = "above_band"

    offer = models.ForeignKey(Offer, models.CASCADE, related_name="approvals")
    above_band = models.BooleanField(default=False)


class Hire(ClientOwned):
    application = models.OneToOneField("pipeline.Application", models.CASCADE, related_name="hire")
    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="hires"
    )
    offer = models.ForeignKey(Offer, models.PROTECT, related_name="+")
    hired_at = models.DateTimeField()
    start_date = models.DateField()
    base_salary = models.DecimalField(max_digits=12, decimal_places=2)
    currency = models.CharField(max_length=3)
    left_on = models.DateField(null=True, blank=True)
    leave_reason = models.TextField(blank=True)

    objects = ReadersQuerySet.as_manager()

    class Meta:
        ordering = ["-hired_at", "-id"]

    def __str__(self) -> str:
        return f"Hire #{self.pk}"


class HandOff(ClientOwned):
    """The new hire's profile for the client's HR system, as sent (JSON, encrypted at rest)."""

    hire = models.OneToOneField(Hire, models.CASCADE, related_name="handoff")
    body = EncryptedTextField()
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    @property
    def payload(self) -> dict:
        return json.loads(self.body)


class PostHireReview(ClientOwned):
    """A checkpoint `day` days after the start: the hiring manager's short survey."""

    hire = models.ForeignKey(Hire, models.CASCADE, related_name="reviews")
    day = models.PositiveSmallIntegerField()
    due_on = models.DateField()
    sent_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Closed without an answer: the hire left before this checkpoint.
    closed_at = models.DateTimeField(null=True, blank=True)
    still_employed = models.BooleanField(null=True, blank=True)
    performance = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    satisfaction = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    would_hire_again = models.BooleanField(null=True, blank=True)
    comment = models.TextField(blank=True)

    objects = ReadersQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["hire", "day"], name="one_review_per_checkpoint")
        ]

    def __str__(self) -> str:
        return f"Day {self.day} review of hire #{self.hire_id}"

    @property
    def is_open(self) -> bool:
        return self.submitted_at is None and self.closed_at is None
