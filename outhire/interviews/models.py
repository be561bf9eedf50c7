"""Interview plans (the kit), interviews, interviewers' availability and scorecards.

An interview plan belongs to a requisition's stage: what kind of interview, how long, with
whom, probing which competencies with which questions. An Interview is one such meeting for an
application; each of its interviewers has a Scorecard (created with the interview, due once it
is booked), which is also how the interview knows its interviewers. Availability is a person's
own (working hours, time zone, busy times), used for every client they interview for.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy, pgettext_lazy

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.interviews import slots
from outhire.lib.crypto import EncryptedTextField

DEFAULT_FEEDBACK_HOURS = 48


class Kind(models.TextChoices):
    PHONE_SCREEN = "phone_screen", gettext_lazy("Phone screen")
    VIDEO = "video", gettext_lazy("Video interview")
    ONSITE = "onsite", gettext_lazy("On-site interview")
    PANEL = "panel", gettext_lazy("Panel interview")


# The kind as it reads inside a sentence ("..., 45 minutes (video interview).").
KIND_WORDS = {
    "phone_screen": pgettext_lazy("interview kind in a sentence", "phone screen"),
    "video": pgettext_lazy("interview kind in a sentence", "video interview"),
    "onsite": pgettext_lazy("interview kind in a sentence", "on-site interview"),
    "panel": pgettext_lazy("interview kind in a sentence", "panel interview"),
}

RATING_ANCHORS = {
    1: gettext_lazy("Strong concern: clear evidence against"),
    2: gettext_lazy("Some concern: little or mixed evidence"),
    3: gettext_lazy("Meets the bar: solid evidence"),
    4: gettext_lazy("Exceeds the bar: outstanding evidence"),
}


class Recommendation(models.TextChoices):
    STRONG_NO = "strong_no", gettext_lazy("Strong no")
    NO = "no", gettext_lazy("No")
    YES = "yes", gettext_lazy("Yes")
    STRONG_YES = "strong_yes", gettext_lazy("Strong yes")


def _new_nonce() -> str:
    return secrets.token_urlsafe(16)


class InterviewPlan(ClientOwned):
    """One interview of a stage's plan, with its kit: competencies to probe and questions."""

    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="interview_plans"
    )
    stage = models.ForeignKey("requisitions.Stage", models.CASCADE, related_name="interview_plans")
    position = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.VIDEO)
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    interviewers = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    competencies = models.ManyToManyField(
        "requisitions.Competency", blank=True, related_name="interview_plans"
    )
    questions = models.JSONField(default=list, blank=True)
    location = models.CharField(max_length=300, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    instructions = models.TextField(blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["stage__position", "position", "id"]

    def __str__(self) -> str:
        return self.name


class InterviewQuerySet(ClientOwnedQuerySet):
    def visible_to(self, access) -> InterviewQuerySet:
        """Provider staff see their clients' interviews; a client's people only their own.

        A client user sees an interview they sit on, of an application shown to the client
        (the same rule as Application.objects.visible_to), and nothing else.
        """
        provider_ids = [cid for cid, role in access.roles.items() if role.is_provider]
        client_ids = [cid for cid, role in access.roles.items() if not role.is_provider]
        own = models.Q(pk__in=[])
        if client_ids and access.is_authenticated:
            own = models.Q(
                client_id__in=client_ids,
                application__reached_client_at__isnull=False,
                pk__in=Scorecard.objects.filter(interviewer=access.user).values("interview_id"),
            )
        return self.filter(models.Q(client_id__in=provider_ids) | own)


class Interview(ClientOwned):
    class Status(models.TextChoices):
        PLANNED = "planned", gettext_lazy("Planned")
        PROPOSED = "proposed", gettext_lazy("Waiting for the candidate to book")
        SCHEDULED = "scheduled", gettext_lazy("Scheduled")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")
        COMPLETED = "completed", gettext_lazy("Completed")

    application = models.ForeignKey(
        "pipeline.Application", models.CASCADE, related_name="interviews"
    )
    plan = models.ForeignKey(
        InterviewPlan, models.SET_NULL, null=True, blank=True, related_name="interviews"
    )
    title = models.CharField(max_length=120)
    kind = models.CharField(max_length=12, choices=Kind.choices, default=Kind.VIDEO)
    duration_minutes = models.PositiveSmallIntegerField(
        default=45, validators=[MinValueValidator(10), MaxValueValidator(480)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PLANNED)
    starts_at = models.DateTimeField(null=True, blank=True, db_index=True)
    ends_at = models.DateTimeField(null=True, blank=True)
    # The zone the candidate is shown times in by default (they may pick another).
    time_zone = models.CharField(max_length=64, default="UTC")
    location = models.CharField(max_length=300, blank=True)
    video_url = models.URLField(max_length=500, blank=True)
    # RFC 5545: the same UID for every version of the invitation, SEQUENCE raised at each change.
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    sequence = models.PositiveIntegerField(default=0)
    # Part of the self-scheduling link; replaced to revoke every link sent before.
    link_nonce = models.CharField(max_length=40, default=_new_nonce)
    link_sent_at = models.DateTimeField(null=True, blank=True)
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    reminded_hour_at = models.DateTimeField(null=True, blank=True)
    cancel_reason = models.CharField(max_length=300, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["status", "starts_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def duration(self) -> timedelta:
        return timedelta(minutes=self.duration_minutes)

    @property
    def kind_word(self) -> str:
        """The kind as it reads inside a sentence, in the active language."""
        return str(KIND_WORDS.get(self.kind, self.get_kind_display()))

    @property
    def is_open(self) -> bool:
        """May still be booked, rescheduled or cancelled."""
        return self.status in {self.Status.PLANNED, self.Status.PROPOSED, self.Status.SCHEDULED}

    @property
    def ical_uid(self) -> str:
        return f"interview-{self.uid}@outhire"


class Scorecard(ClientOwned):
    """One interviewer's feedback on one interview: ratings per competency, notes, verdict."""

    interview = models.ForeignKey(Interview, models.CASCADE, related_name="scorecards")
    interviewer = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    due_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    recommendation = models.CharField(max_length=10, choices=Recommendation.choices, blank=True)
    notes = models.TextField(blank=True)
    chased_at = models.DateTimeField(null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["interview_id", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["interview", "interviewer"], name="one_scorecard_per_interviewer"
            )
        ]
        indexes = [models.Index(fields=["submitted_at", "due_at"])]

    def is_overdue(self, at=None) -> bool:
        at = at or timezone.now()
        return self.submitted_at is None and self.due_at is not None and self.due_at < at


class Rating(ClientOwned):
    scorecard = models.ForeignKey(Scorecard, models.CASCADE, related_name="ratings")
    competency = models.ForeignKey("requisitions.Competency", models.CASCADE, related_name="+")
    score = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    note = models.TextField(blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["competency__position", "competency_id"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "competency"], name="one_rating_each")
        ]


class Availability(models.Model):
    """A person's working week, time zone and calendar feed; theirs, whichever client asks.

    Its row is also what a booking locks (select_for_update) so that two bookings cannot give
    the same interviewer two interviews at once.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="availability"
    )
    time_zone = models.CharField(max_length=64, default="UTC")
    hours = models.JSONField(default=dict, blank=True)
    buffer_minutes = models.PositiveSmallIntegerField(
        default=10, validators=[MaxValueValidator(240)]
    )
    # A private calendar link lets anyone who has it read the person's calendar: encrypted.
    calendar_url = EncryptedTextField(blank=True)
    calendar_fetched_at = models.DateTimeField(null=True, blank=True)
    calendar_error = models.CharField(max_length=300, blank=True)
    # What the last read left out (a recurring event that could not be expanded), if anything
    calendar_warning = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Availability of user #{self.user_id}"

    def working_hours(self) -> dict:
        if not self.hours:
            return slots.DEFAULT_HOURS
        return slots.hours_from_json(self.hours)


class CalendarConnection(models.Model):
    """A person's own calendar, connected so Outhire reads their busy times from it and writes
    their interviews into it (docs/interviews.md#connected-calendars).

    CalDAV today (Nextcloud, Fastmail, iCloud, Radicale, SOGo...). Google Calendar and Microsoft
    365 would be further providers: an OAuth token in place of the password, their own API in
    place of outhire/interviews/caldav.py, the same three calls (busy times, write, remove).
    """

    class Provider(models.TextChoices):
        CALDAV = "caldav", gettext_lazy("CalDAV")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="calendar_connection"
    )
    provider = models.CharField(max_length=20, choices=Provider.choices, default=Provider.CALDAV)
    # Addresses and credentials open the person's calendar: encrypted.
    server_url = EncryptedTextField()
    username = EncryptedTextField()
    password = EncryptedTextField()
    calendar_url = EncryptedTextField()
    calendar_name = models.CharField(max_length=200, blank=True)
    connected_at = models.DateTimeField(default=timezone.now)
    synced_at = models.DateTimeField(null=True, blank=True)
    error = models.CharField(max_length=300, blank=True)
    warning = models.CharField(max_length=300, blank=True)

    def __str__(self) -> str:
        return f"Calendar of user #{self.user_id}"


class BusyTime(models.Model):
    """A time a person cannot interview: entered by hand or imported from a calendar."""

    class Source(models.TextChoices):
        MANUAL = "manual", gettext_lazy("Entered by hand")
        FILE = "file", gettext_lazy("Imported from a file")
        URL = "url", gettext_lazy("From the calendar link")
        CALENDAR = "calendar", gettext_lazy("From the connected calendar")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="busy_times")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.MANUAL)
    note = models.CharField(max_length=120, blank=True)

    class Meta:
        ordering = ["starts_at", "id"]
        indexes = [models.Index(fields=["user", "ends_at"])]

    def __str__(self) -> str:
        return f"Busy {self.starts_at:%Y-%m-%d %H:%M} to {self.ends_at:%Y-%m-%d %H:%M}"
