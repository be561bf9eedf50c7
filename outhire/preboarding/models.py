"""Pre-boarding: the checklist shared by the provider, the client and the new hire between an
accepted offer and the first day (docs/preboarding.md).

A client's template (`TemplateItem`, or the provider's default `DEFAULT_TEMPLATE` while the
client has none) is copied into a `Checklist` of `Item`s when the hire is made; each item has
an owner party, a kind and a due date counted from the start date. Right-to-work checks keep
the outcome, the method, who checked and when in clear, and the document's type and expiry
encrypted; never a document number.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from outhire.accounts.tenancy import ClientOwned
from outhire.lib.crypto import EncryptedTextField
from outhire.offers.models import ReadersQuerySet


class Party(models.TextChoices):
    PROVIDER = "provider", gettext_lazy("Provider")
    CLIENT = "client", gettext_lazy("Client")
    NEW_HIRE = "new_hire", gettext_lazy("New hire")


class Kind(models.TextChoices):
    DOCUMENT = "document", gettext_lazy("Document to upload")
    RIGHT_TO_WORK = "right_to_work", gettext_lazy("Right-to-work check")
    EQUIPMENT = "equipment", gettext_lazy("Equipment")
    FIRST_DAY = "first_day", gettext_lazy("First-day details")
    BUDDY = "buddy", gettext_lazy("Buddy")
    TASK = "task", gettext_lazy("Task")


# The provider's default checklist: (party, kind, title, days from the start date, description).
DEFAULT_TEMPLATE = [
    (Party.NEW_HIRE, Kind.DOCUMENT, "Upload a proof of identity", -14, "A passport or ID card."),
    (Party.PROVIDER, Kind.RIGHT_TO_WORK, "Check the right to work", -10, ""),
    (Party.NEW_HIRE, Kind.DOCUMENT, "Upload the signed contract", -10, "Signed on every page."),
    (
        Party.CLIENT,
        Kind.FIRST_DAY,
        "Share the first-day details",
        -7,
        "Time, place, who to ask for.",
    ),
    (Party.CLIENT, Kind.BUDDY, "Choose a buddy", -7, "A colleague the new hire can ask anything."),
    (Party.CLIENT, Kind.EQUIPMENT, "Prepare the laptop and accounts", -3, ""),
    (Party.PROVIDER, Kind.TASK, "Welcome call with the new hire", -3, ""),
    (
        Party.NEW_HIRE,
        Kind.TASK,
        "Read the first-day details",
        -1,
        "Confirm once you have read them.",
    ),
]

OFFSET_LIMIT = 365


class TemplateItem(ClientOwned):
    """One item of a client's pre-boarding template (the client's admins and the provider's
    staff who write for it edit it); new checklists copy it."""

    title = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.TASK)
    party = models.CharField(max_length=10, choices=Party.choices)
    offset_days = models.SmallIntegerField(
        validators=[MinValueValidator(-OFFSET_LIMIT), MaxValueValidator(OFFSET_LIMIT)]
    )
    position = models.PositiveSmallIntegerField(default=0)

    objects = ReadersQuerySet.as_manager()

    class Meta:
        ordering = ["offset_days", "position", "id"]

    def __str__(self) -> str:
        return self.title


class Checklist(ClientOwned):
    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("In progress")
        COMPLETED = "completed", gettext_lazy("Complete")
        HANDED_OVER = "handed_over", gettext_lazy("Handed over to the client's HR system")

    hire = models.OneToOneField("offers.Hire", models.CASCADE, related_name="preboarding")
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    completed_at = models.DateTimeField(null=True, blank=True)
    handed_over_at = models.DateTimeField(null=True, blank=True)
    handed_over_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # When someone of the provider sent the new hire their welcome e-mail, having read it on
    # the checklist page: nothing reaches the new hire (welcome or reminder) before that.
    welcomed_at = models.DateTimeField(null=True, blank=True)

    objects = ReadersQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Pre-boarding of hire #{self.hire_id}"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Item(ClientOwned):
    class Status(models.TextChoices):
        OPEN = "open", gettext_lazy("To do")
        DONE = "done", gettext_lazy("Done")
        # Still open when the client's HR system took over: frozen, no more reminders.
        HANDED_OVER = "handed_over", gettext_lazy("Left to the client's HR system")

    checklist = models.ForeignKey(Checklist, models.CASCADE, related_name="items")
    title = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    party = models.CharField(max_length=10, choices=Party.choices)
    offset_days = models.SmallIntegerField()
    due_on = models.DateField()
    position = models.PositiveSmallIntegerField(default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.OPEN)
    # First-day details, the buddy, what equipment: written by the item's party, read by the
    # new hire once the item is done.
    details = models.TextField(blank=True)
    document = models.ForeignKey(
        "candidates.Document", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The last day a reminder went out for this item: at most one a day.
    reminded_on = models.DateField(null=True, blank=True)

    objects = ReadersQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "position", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    @property
    def shows_details(self) -> bool:
        return self.kind in {Kind.FIRST_DAY, Kind.BUDDY, Kind.EQUIPMENT, Kind.TASK}


class RightToWorkCheck(ClientOwned):
    """One right-to-work check of a new hire; the latest one counts. No document number."""

    class Outcome(models.TextChoices):
        VERIFIED = "verified", gettext_lazy("Verified: may work")
        TIME_LIMITED = (
            "time_limited",
            gettext_lazy("Verified, time-limited: check again before expiry"),
        )
        NOT_VERIFIED = "not_verified", gettext_lazy("Not verified")

    class Method(models.TextChoices):
        DOCUMENT = "document", gettext_lazy("Original document seen")
        ONLINE = "online", gettext_lazy("Online check (share code)")
        IDSP = "idsp", gettext_lazy("Identity service provider")

    item = models.ForeignKey(Item, models.CASCADE, related_name="checks")
    outcome = models.CharField(max_length=12, choices=Outcome.choices)
    method = models.CharField(max_length=10, choices=Method.choices)
    # Encrypted: they say something of the person's nationality or status.
    document_type = EncryptedTextField(blank=True)
    document_expires = EncryptedTextField(blank=True)
    checked_on = models.DateField()
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = ReadersQuerySet.as_manager()

    class Meta:
        ordering = ["-recorded_at", "-id"]

    def __str__(self) -> str:
        return f"Right-to-work check #{self.pk}"

    @property
    def expires_on(self) -> date | None:
        return date.fromisoformat(self.document_expires) if self.document_expires else None

    @property
    def passes(self) -> bool:
        return self.outcome in {self.Outcome.VERIFIED, self.Outcome.TIME_LIMITED}
