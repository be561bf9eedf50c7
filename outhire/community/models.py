"""Talent communities: people who asked to hear about future roles, and the e-mails they get.

A community belongs to one client or to the provider itself (no client). Joining needs no
resume: a name, an e-mail, interests and consent. Membership counts once the e-mail address is
confirmed (double opt-in), and the consent, recorded as a candidates.Consent with its expiry, is
checked again at the moment each nurture e-mail is sent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class ProviderStaffQuerySet(models.QuerySet):
    """Rows of a client's community (or the provider's): provider staff of that client see them.

    Communities and campaigns hold candidates' personal data, so client users never reach them.
    """

    def visible_to(self, access) -> ProviderStaffQuerySet:
        if not access.is_provider_staff:
            return self.none()
        return self.filter(
            models.Q(client__isnull=True) | models.Q(client_id__in=access.client_ids)
        )


class Community(models.Model):
    client = models.OneToOneField(
        "accounts.Client",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="community",
        help_text="Empty for the provider's own community.",
    )
    name = models.CharField(max_length=200)
    intro = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProviderStaffQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class MemberQuerySet(models.QuerySet):
    def visible_to(self, access) -> MemberQuerySet:
        return self.filter(community__in=Community.objects.visible_to(access))

    def reachable(self, now=None) -> MemberQuerySet:
        """Members who may be e-mailed now: confirmed, subscribed, with consent in force."""
        now = now or timezone.now()
        return self.filter(
            confirmed_at__isnull=False,
            unsubscribed_at__isnull=True,
            consent__isnull=False,
            consent__withdrawn_at__isnull=True,
        ).filter(models.Q(consent__expires_at__isnull=True) | models.Q(consent__expires_at__gt=now))


class Member(models.Model):
    community = models.ForeignKey(Community, models.CASCADE, related_name="members")
    candidate = models.ForeignKey(
        "candidates.Candidate", models.CASCADE, related_name="community_memberships"
    )
    interests = models.CharField(max_length=500, blank=True)
    location = models.CharField(max_length=200, blank=True)
    joined_at = models.DateTimeField(default=timezone.now)
    # Set when the person followed the link in the confirmation e-mail (double opt-in).
    confirmed_at = models.DateTimeField(null=True, blank=True)
    consent = models.ForeignKey(
        "candidates.Consent", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    objects = MemberQuerySet.as_manager()

    class Meta:
        ordering = ["-joined_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["community", "candidate"], name="one_membership")
        ]

    def __str__(self) -> str:
        return f"Member #{self.pk} of {self.community}"

    @property
    def status(self) -> str:
        if self.unsubscribed_at:
            return _("Unsubscribed")
        if self.confirmed_at is None:
            return _("Waiting for confirmation")
        consent = self.consent
        if consent is None or consent.withdrawn_at:
            return _("Consent withdrawn")
        if consent.expires_at and consent.expires_at <= timezone.now():
            return _("Consent expired")
        return _("Active")


class Campaign(models.Model):
    """A nurture e-mail to a segment: a community or a talent pool, optionally filtered."""

    class Status(models.TextChoices):
        SENDING = "sending", gettext_lazy("Sending")
        SENT = "sent", gettext_lazy("Sent")

    client = models.ForeignKey(
        "accounts.Client", models.CASCADE, null=True, blank=True, related_name="+"
    )
    community = models.ForeignKey(
        Community, models.PROTECT, null=True, blank=True, related_name="campaigns"
    )
    pool = models.ForeignKey(
        "candidates.TalentPool", models.PROTECT, null=True, blank=True, related_name="+"
    )
    interest = models.CharField(max_length=200, blank=True)
    location = models.CharField(max_length=200, blank=True)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.SENDING)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    recipients = models.PositiveIntegerField(default=0)
    sent = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)

    objects = ProviderStaffQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.subject

    @property
    def segment(self) -> str:
        name = str(self.community or self.pool or "")
        filters = [f for f in (self.interest, self.location) if f]
        return name + (f" ({', '.join(filters)})" if filters else "")


class Delivery(models.Model):
    """One campaign e-mail to one person: sent, skipped (and why) or failed. At most one."""

    class Status(models.TextChoices):
        SENT = "sent", gettext_lazy("Sent")
        SKIPPED = "skipped", gettext_lazy("Skipped")
        FAILED = "failed", gettext_lazy("Failed")

    campaign = models.ForeignKey(Campaign, models.CASCADE, related_name="deliveries")
    candidate = models.ForeignKey("candidates.Candidate", models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices)
    reason = models.CharField(max_length=200, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["campaign", "candidate"], name="one_delivery")
        ]

    def __str__(self) -> str:
        return f"{self.get_status_display()} #{self.pk} of campaign #{self.campaign_id}"
