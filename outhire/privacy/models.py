"""The data-protection records: self-identification, subject requests, holds, retention rules,
processing agreements and breaches.

Self-ID answers are encrypted at rest and read only by the bias audit (screening.bias);
they are never shown on a candidate's profile, an application or to anyone who decides.
Everything else here is the provider's (its data protection officer's) except the processing
agreement, which belongs to the client whose engagement it governs.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet, ProviderOwnedQuerySet
from outhire.lib.crypto import EncryptedTextField
from outhire.screening.bias import RACES, SEXES

DECLINED = "Declined"
SEX_CHOICES = [(s, s) for s in SEXES] + [(DECLINED, "I prefer not to say")]
RACE_CHOICES = [(r, r) for r in RACES] + [(DECLINED, "I prefer not to say")]

# GDPR Art. 12(3): one month, extendable by two further months where necessary.
RESPONSE_DAYS = 30
MAX_EXTENSION_DAYS = 60
# GDPR Art. 33: the supervisory authority is told within 72 hours of becoming aware.
BREACH_REPORT_HOURS = 72


class SelfIdentification(ClientOwned):
    """One applicant's voluntary answers for one application, for the bias audit only."""

    application = models.OneToOneField(
        "pipeline.Application", models.CASCADE, related_name="self_identification"
    )
    # Values from SEX_CHOICES / RACE_CHOICES, or "" when the question was left blank.
    sex = EncryptedTextField(blank=True)
    race_ethnicity = EncryptedTextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Self-identification for application #{self.application_id}"


class DataRequest(models.Model):
    """A data subject request (GDPR Art. 15-21): who owns it, by when, and what was done.

    It outlives the person's data: after an erasure `candidate` is empty and `subject` keeps
    only the record's number, so the log still proves the request was answered in time.
    """

    class Kind(models.TextChoices):
        ACCESS = "access", gettext_lazy("Access (a copy of my data)")
        RECTIFICATION = "rectification", gettext_lazy("Rectification (correct my data)")
        ERASURE = "erasure", gettext_lazy("Erasure (delete my data)")
        RESTRICTION = "restriction", gettext_lazy("Restriction of processing")
        OBJECTION = "objection", gettext_lazy("Objection to processing")
        PORTABILITY = (
            "portability",
            gettext_lazy("Portability (my data in a machine-readable file)"),
        )

    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("Open")
        DONE = "done", gettext_lazy("Done")
        REFUSED = "refused", gettext_lazy("Refused")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn by the person")

    class Channel(models.TextChoices):
        PORTAL = "portal", gettext_lazy("Candidate portal")
        EMAIL = "email", gettext_lazy("E-mail")
        PHONE = "phone", gettext_lazy("Phone")
        LETTER = "letter", gettext_lazy("Letter")
        CLIENT = "client", gettext_lazy("Passed on by a client")
        OTHER = "other", gettext_lazy("Other")

    candidate = models.ForeignKey(
        "candidates.Candidate",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="data_requests",
    )
    # "Candidate #123": who the request was about, without personal data.
    subject = models.CharField(max_length=60, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    channel = models.CharField(max_length=10, choices=Channel.choices, default=Channel.EMAIL)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    details = models.TextField(
        blank=True, help_text=gettext_lazy("What the person asked for, in their words.")
    )
    received_at = models.DateTimeField(default=timezone.now)
    due_at = models.DateTimeField()
    extended_to = models.DateTimeField(null=True, blank=True)
    extension_reason = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    outcome = models.TextField(blank=True)
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["status", "due_at", "id"]
        indexes = [models.Index(fields=["status", "due_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} request #{self.pk}"

    def save(self, *args, **kwargs) -> None:
        if self.due_at is None:
            self.due_at = self.received_at + timedelta(days=RESPONSE_DAYS)
        if self.candidate_id and not self.subject:
            self.subject = f"Candidate #{self.candidate_id}"
        super().save(*args, **kwargs)

    @property
    def name(self) -> str:
        """The request as pages name it, in the reader's language ("Access ... request #12")."""
        return gettext("%(kind)s request #%(number)s") % {
            "kind": self.get_kind_display(),
            "number": self.pk,
        }

    @property
    def deadline(self):
        return self.extended_to or self.due_at

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.deadline < timezone.now()


class LegalHold(models.Model):
    """Keeps a person's data, or a requisition's candidates' data, from retention and erasure
    while a claim or an investigation needs it."""

    candidate = models.ForeignKey(
        "candidates.Candidate", models.CASCADE, null=True, blank=True, related_name="legal_holds"
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="legal_holds",
    )
    reason = models.TextField()
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    placed_at = models.DateTimeField(default=timezone.now)
    released_at = models.DateTimeField(null=True, blank=True)
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-placed_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(candidate__isnull=False, requisition__isnull=True)
                    | models.Q(candidate__isnull=True, requisition__isnull=False)
                ),
                name="legal_hold_on_one_thing",
            )
        ]

    def __str__(self) -> str:
        what = (
            f"candidate #{self.candidate_id}"
            if self.candidate_id
            else f"requisition #{self.requisition_id}"
        )
        return f"Legal hold on {what}"

    @property
    def is_active(self) -> bool:
        return self.released_at is None


class RetentionPolicy(models.Model):
    """How long candidates' data is kept, for one client (or every client) and one country
    (or every country). The most specific policy applies: client and country, then client,
    then country, then the provider's default."""

    client = models.ForeignKey(
        "accounts.Client", models.CASCADE, null=True, blank=True, related_name="+"
    )
    # ISO 3166-1 alpha-2 of the job's country (Requisition.country); "" for every country.
    country = models.CharField(max_length=2, blank=True)
    rejected_months = models.PositiveSmallIntegerField(
        default=6,
        help_text=gettext_lazy("Rejected or withdrawn candidates are anonymised this long after."),
    )
    hired_months = models.PositiveSmallIntegerField(
        default=3,
        help_text=gettext_lazy(
            "Hires are removed this long after their start date (handed to the client)."
        ),
    )
    talent_pool_months = models.PositiveSmallIntegerField(
        default=24,
        help_text=gettext_lazy(
            "People with no application in progress and no talent-pool consent are anonymised "
            "this long after their last activity."
        ),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "country"],
                condition=models.Q(client__isnull=False),
                name="one_retention_policy_per_client_and_country",
            ),
            models.UniqueConstraint(
                fields=["country"],
                condition=models.Q(client__isnull=True),
                name="one_default_retention_policy_per_country",
            ),
        ]

    def __str__(self) -> str:
        who = f"client #{self.client_id}" if self.client_id else "every client"
        return f"Retention for {who}, {self.country or 'every country'}"


class RetentionRun(models.Model):
    """One pass of the retention job (or its dry-run preview) and what it did or would do."""

    started_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    dry_run = models.BooleanField(default=False)
    # {"rejected": 3, "hired": 1, "inactive": 0, "held": 2}
    counts = models.JSONField(default=dict)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-id"]

    def __str__(self) -> str:
        return f"Retention {'preview' if self.dry_run else 'run'} #{self.pk}"


class ProcessingAgreement(ClientOwned):
    """The data processing agreement terms of one engagement (GDPR Art. 28)."""

    class ProviderRole(models.TextChoices):
        PROCESSOR = "processor", gettext_lazy("Processor for the client")
        JOINT = "joint", gettext_lazy("Joint controller with the client")
        CONTROLLER = "controller", gettext_lazy("Independent controller")

    engagement = models.OneToOneField(
        "engagements.Engagement", models.CASCADE, related_name="processing_agreement"
    )
    provider_role = models.CharField(
        max_length=12, choices=ProviderRole.choices, default=ProviderRole.PROCESSOR
    )
    signed_on = models.DateField(null=True, blank=True)
    # One sub-processor per line: "Name, what it does, where"
    sub_processors = models.TextField(blank=True)
    transfers = models.TextField(
        blank=True, help_text=gettext_lazy("Transfers outside the EEA and their safeguards.")
    )
    security_measures = models.TextField(blank=True)
    notes = models.TextField(blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ClientOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Processing agreement of engagement #{self.engagement_id}"


class Breach(models.Model):
    """A personal data breach (GDPR Art. 33-34): what happened, who was told and when."""

    discovered_at = models.DateTimeField(default=timezone.now)
    occurred_at = models.DateTimeField(null=True, blank=True)
    summary = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    data_categories = models.TextField(blank=True)
    subjects_affected = models.PositiveIntegerField(null=True, blank=True)
    clients = models.ManyToManyField("accounts.Client", blank=True, related_name="+")
    consequences = models.TextField(blank=True)
    measures = models.TextField(blank=True)
    reported_to_authority_at = models.DateTimeField(null=True, blank=True)
    authority_reference = models.CharField(max_length=100, blank=True)
    not_reported_reason = models.TextField(blank=True)
    subjects_notified_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-discovered_at", "-id"]

    def __str__(self) -> str:
        return self.summary

    @property
    def report_due_at(self):
        return self.discovered_at + timedelta(hours=BREACH_REPORT_HOURS)
