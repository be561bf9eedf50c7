"""The talent network: candidates, their contact points, documents, profile, consents, pools.

Candidates belong to the provider, not to one client: a person may apply to several clients'
jobs over the years. Provider staff reach them through `Candidate.objects.visible_to(access)`;
client users will reach them only through applications to their own requisitions.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from outhire.accounts.tenancy import ProviderOwnedQuerySet
from outhire.candidates.files import MAX_TEXT_CHARS
from outhire.lib.crypto import EncryptedTextField, blind_index
from outhire.lib.formatting import calendar_date
from outhire.lib.zones import validate_time_zone
from outhire.screening import taxonomy


def normalise_phone_digits(value: str) -> str:
    """Digits only, with the leading + kept: the blind index of a phone number."""
    value = value.strip()
    digits = re.sub(r"\D", "", value)
    return ("+" if value.startswith("+") else "") + digits


def linkedin_handle(url: str) -> str:
    """The profile handle of a LinkedIn URL ("in/ada-lovelace"), lower-cased, or ""."""
    match = re.search(r"linkedin\.com/(in|pub)/([^/?#\s]+)", url or "", re.IGNORECASE)
    return f"{match.group(1)}/{match.group(2)}".lower() if match else ""


class Tag(models.Model):
    name = models.CharField(max_length=60, unique=True)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CandidateQuerySet(ProviderOwnedQuerySet):
    def active(self) -> CandidateQuerySet:
        return self.filter(merged_into__isnull=True, anonymised_at__isnull=True)

    def processing_allowed(self) -> CandidateQuerySet:
        """Without the people whose processing is restricted or objected to (GDPR Art. 18, 21)."""
        return self.filter(restricted_at__isnull=True, objected_at__isnull=True)


# The details of a source code writes (the board, the referral's way in), in words; a detail
# someone typed (a board's name, a campaign) is shown as typed.
SOURCE_DETAILS = {
    "provider_board": gettext_lazy("Provider's job board"),
    "talent_community": gettext_lazy("Talent community"),
    "linkedin": "LinkedIn",
    "indeed": "Indeed",
    "glassdoor": "Glassdoor",
    "monster": "Monster",
    "ziprecruiter": "ZipRecruiter",
    "stepstone": "StepStone",
    "facebook": "Facebook",
    "x": "X",
    "instagram": "Instagram",
    "bluesky": "Bluesky",
    "link": gettext_lazy("referral link"),
    "form": gettext_lazy("referral form"),
}


def source_detail_label(detail: str) -> str:
    """`provider_board` -> "Provider's job board"; an unknown `job_fair` -> "job fair"."""
    return str(SOURCE_DETAILS.get(detail, detail.replace("_", " ")))


class Candidate(models.Model):
    class Source(models.TextChoices):
        CAREERS_SITE = "careers_site", gettext_lazy("Careers site")
        JOB_BOARD = "job_board", gettext_lazy("Job board")
        REFERRAL = "referral", gettext_lazy("Referral")
        SOCIAL = "social", gettext_lazy("Social media")
        SOURCED = "sourced", gettext_lazy("Sourced by a recruiter")
        EVENT = "event", gettext_lazy("Event or networking")
        AGENCY = "agency", gettext_lazy("Agency")
        IMPORT = "import", gettext_lazy("Imported")
        OTHER = "other", gettext_lazy("Other")

    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100, blank=True)
    address = EncryptedTextField(blank=True)
    location = models.CharField(max_length=200, blank=True)
    current_title = models.CharField(max_length=200, blank=True)
    current_employer = models.CharField(max_length=200, blank=True)
    linkedin_url = models.URLField(max_length=300, blank=True)
    linkedin = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    github_url = models.URLField(max_length=300, blank=True)
    portfolio_url = models.URLField(max_length=300, blank=True)
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.SOURCED)
    source_detail = models.CharField(max_length=200, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="candidates")
    summary = models.TextField(blank=True)
    years_experience = models.DecimalField(max_digits=4, decimal_places=1, null=True, blank=True)
    # Resume text and profile words, kept for full-text search
    search_text = models.TextField(blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    last_activity_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Not indexed: nothing looks records up by it, and an index here leads SQLite's planner to
    # read every active candidate through it (merged_into IS NULL) instead of walking
    # last_activity_at in order, which made searches at 100,000 candidates several times slower.
    merged_into = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="merged_from",
        db_index=False,
    )
    anonymised_at = models.DateTimeField(null=True, blank=True)
    # GDPR Art. 18 and 21: while set, nothing new is done with the person's data (no ranking,
    # campaigns, moves or messages); outhire.privacy sets and lifts them.
    restricted_at = models.DateTimeField(null=True, blank=True)
    objected_at = models.DateTimeField(null=True, blank=True)
    # The record's id in the system it was imported from, as "system:id" (see ImportJob), so
    # importing the same export again finds the person instead of adding them twice.
    external_ref = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    # The IANA zone the candidate reads times in, chosen on a booking page or in the portal
    # (outhire/lib/zones.py); blank: each interview's own zone.
    time_zone = models.CharField(max_length=64, blank=True, validators=[validate_time_zone])
    # The language the candidate reads us in, chosen on the apply form or in the portal: every
    # later e-mail and page reached by their link uses it (outhire/lib/i18n.py); blank: the
    # default language.
    language = models.CharField(max_length=10, blank=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        ordering = ["-last_activity_at", "-id"]

    def __str__(self) -> str:
        return self.full_name

    def save(self, *args, **kwargs) -> None:
        self.linkedin = linkedin_handle(self.linkedin_url)
        if kwargs.get("update_fields") is not None and "linkedin_url" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "linkedin"}
        super().save(*args, **kwargs)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def processing_stopped(self) -> bool:
        """Restricted (GDPR Art. 18) or objected to (Art. 21): nothing new is done with the
        person's data until the flag is lifted; storing it is all that goes on."""
        return self.restricted_at is not None or self.objected_at is not None

    @property
    def processing_stopped_because(self) -> str:
        """Why processing is stopped, in words ("" when it is not)."""
        if self.restricted_at is not None:
            return gettext(
                "processing of this person's data is restricted (GDPR Art. 18) since %(date)s"
            ) % {"date": calendar_date(self.restricted_at)}
        if self.objected_at is not None:
            return gettext(
                "this person objected to the processing of their data (GDPR Art. 21) on %(date)s"
            ) % {"date": calendar_date(self.objected_at)}
        return ""

    def check_processing_allowed(self, what: str) -> None:
        """Raise ValidationError, saying why, when processing is stopped: the one check every
        service that would process the person (move, message, rank, campaign, import) makes.
        `what` is the action refused, for the message: "moving them to another stage"."""
        if self.processing_stopped:
            because = self.processing_stopped_because
            raise ValidationError(
                gettext(
                    "%(because)s: %(what)s is not allowed until the data protection officer "
                    "lifts it."
                )
                % {"because": f"{because[0].upper()}{because[1:]}", "what": what},
                code="processing_stopped",
            )

    def search_text_from(
        self, *, entries: Iterable = (), tags: Iterable[str] = (), texts: Iterable[str] = ()
    ) -> str:
        """The words full-text search looks at, from this candidate's headline fields and the
        given profile entries, tag names and document texts. No database access, so an import
        can compute it for thousands of unsaved candidates."""
        parts = [
            self.full_name,
            self.current_title,
            self.current_employer,
            self.location,
            self.summary,
        ]
        for entry in entries:
            parts += [entry.name, entry.title, entry.detail, entry.summary]
            if entry.skill and entry.skill.casefold() != entry.name.casefold():
                parts.append(entry.skill)  # "k8s" is found by "kubernetes" too
        parts += list(tags)
        parts += list(texts)
        # Capped like one document's text, so no search ever reads past it (snippets re-read
        # the whole text of every row on the page).
        return "\n".join(p for p in parts if p)[:MAX_TEXT_CHARS]

    def primary(self, kind: str) -> str:
        for point in self.contact_points.all():
            if point.kind == kind and point.is_primary:
                return point.value
        return next((p.value for p in self.contact_points.all() if p.kind == kind), "")

    @property
    def email(self) -> str:
        return self.primary(ContactPoint.Kind.EMAIL)

    @property
    def phone(self) -> str:
        return self.primary(ContactPoint.Kind.PHONE)


class ContactPoint(models.Model):
    """One e-mail address or phone number, encrypted, with a blind index for exact look-ups."""

    class Kind(models.TextChoices):
        EMAIL = "email", gettext_lazy("E-mail")
        PHONE = "phone", gettext_lazy("Phone")

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="contact_points")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    value = EncryptedTextField()
    value_index = models.CharField(max_length=64, db_index=True, editable=False)
    is_primary = models.BooleanField(default=False)
    label = models.CharField(max_length=40, blank=True)
    # An e-mail to this address came back undeliverable (docs/email.md): shown on the
    # candidate's page until the address is replaced.
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(max_length=300, blank=True)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_primary", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} of candidate #{self.candidate_id}"

    def save(self, *args, **kwargs) -> None:
        self.value_index = self.index_of(self.kind, self.value)
        super().save(*args, **kwargs)

    @staticmethod
    def index_of(kind: str, value: str) -> str:
        if kind == ContactPoint.Kind.PHONE:
            return blind_index(value, normalise=normalise_phone_digits)
        return blind_index(value)


class Note(models.Model):
    class Visibility(models.TextChoices):
        PROVIDER = "provider", gettext_lazy("Provider staff only")
        SHARED = "shared", gettext_lazy("Shared with the client's hiring team")

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField()
    visibility = models.CharField(
        max_length=10, choices=Visibility.choices, default=Visibility.PROVIDER
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Note #{self.pk} on candidate #{self.candidate_id}"


class Consent(models.Model):
    """A candidate's consent for one purpose: when and how it was given, until when, withdrawn."""

    class Purpose(models.TextChoices):
        APPLICATION = "application", gettext_lazy("Processing of an application")
        TALENT_POOL = "talent_pool", gettext_lazy("Talent pool for future roles")
        MARKETING = "marketing", gettext_lazy("Marketing and job alerts")

    class Method(models.TextChoices):
        WEB_FORM = "web_form", gettext_lazy("Web form")
        EMAIL = "email", gettext_lazy("E-mail")
        VERBAL = "verbal", gettext_lazy("Verbal, recorded by a recruiter")
        PAPER = "paper", gettext_lazy("Paper form")
        IMPORT = "import", gettext_lazy("Imported from another system")
        API = "api", gettext_lazy("API")

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="consents")
    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    method = models.CharField(max_length=20, choices=Method.choices)
    given_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    evidence = models.CharField(
        max_length=300,
        blank=True,
        help_text=gettext_lazy("What was agreed to, e.g. the text or form version."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-given_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} consent of candidate #{self.candidate_id}"

    @property
    def status(self) -> str:
        if self.withdrawn_at:
            return "withdrawn"
        if self.expires_at and self.expires_at <= timezone.now():
            return "expired"
        return "active"


class TalentPool(models.Model):
    """A provider-level list of candidates kept warm for future roles."""

    name = models.CharField(max_length=120, unique=True)
    description = models.TextField(blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="pools")
    candidates = models.ManyToManyField(Candidate, through="PoolMembership", related_name="pools")
    created_at = models.DateTimeField(default=timezone.now)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PoolMembership(models.Model):
    pool = models.ForeignKey(TalentPool, models.CASCADE, related_name="memberships")
    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="pool_memberships")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    added_at = models.DateTimeField(default=timezone.now)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["pool", "candidate"], name="one_pool_membership")
        ]

    def __str__(self) -> str:
        return f"Candidate #{self.candidate_id} in {self.pool}"


def document_path(instance: Document, filename: str) -> str:
    # The stored name carries no personal data: only the content hash.
    return f"documents/{instance.sha256[:2]}/{instance.sha256}"


class Document(models.Model):
    class Kind(models.TextChoices):
        RESUME = "resume", gettext_lazy("Resume / CV")
        COVER_LETTER = "cover_letter", gettext_lazy("Cover letter")
        CERTIFICATE = "certificate", gettext_lazy("Certificate")
        OTHER = "other", gettext_lazy("Other")

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="documents")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.RESUME)
    file = models.FileField(upload_to=document_path, max_length=200)
    original_name = models.CharField(max_length=255)
    file_type = models.CharField(max_length=10)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64, db_index=True)
    text = models.TextField(blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)
    parsed_at = models.DateTimeField(null=True, blank=True)
    parse_warnings = models.JSONField(default=list, blank=True)
    # The file was kept but its text could not be read: damaged inside, or past the time or
    # memory a document may take (outhire.candidates.reading). The reason is in parse_warnings.
    unreadable = models.BooleanField(default=False)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "sha256"], name="one_copy_per_candidate")
        ]

    def __str__(self) -> str:
        return self.original_name


class ProfileEntry(models.Model):
    """One skill, job or education of a candidate's profile.

    Entries come from a parsed resume or from a recruiter. A recruiter's correction (an edit,
    or hiding a parsed entry) is kept when the resume is parsed again: re-parsing replaces only
    the parsed entries nobody touched.
    """

    class Kind(models.TextChoices):
        SKILL = "skill", gettext_lazy("Skill")
        WORK = "work", gettext_lazy("Work")
        EDUCATION = "education", gettext_lazy("Education")

    class Origin(models.TextChoices):
        PARSED = "parsed", gettext_lazy("From a resume")
        RECRUITER = "recruiter", gettext_lazy("Entered or corrected by a recruiter")

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="profile_entries")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.RECRUITER)
    hidden = models.BooleanField(default=False)
    # skill name / employer / institution, as the resume or the recruiter wrote it
    name = models.CharField(max_length=200)
    # A skill's name in the skills taxonomy ("MS Excel" -> "Microsoft Excel"), which skill
    # search and matching read, so that two spellings of one skill find each other; blank
    # when the taxonomy does not know the skill. `save()` keeps it in step with `name`.
    skill = models.CharField(max_length=200, blank=True, db_index=True, editable=False)
    # position / degree
    title = models.CharField(max_length=200, blank=True)
    # field of study / skill level
    detail = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    summary = models.TextField(blank=True)
    # The parsed values this entry corrects, so a re-parse can recognise it
    parsed_key = models.CharField(max_length=300, blank=True)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-end_date", "-start_date", "name"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.name}"

    def save(self, *args, **kwargs) -> None:
        self.set_skill()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name", "kind"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "skill"}
        super().save(*args, **kwargs)

    def set_skill(self) -> None:
        """`skill` from `name`; `bulk_create` skips `save()`, so its callers call this."""
        is_skill = self.kind == self.Kind.SKILL
        self.skill = (taxonomy.canonical(self.name) or "")[:200] if is_skill else ""

    @property
    def is_current(self) -> bool:
        return self.kind == self.Kind.WORK and self.start_date and self.end_date is None

    @staticmethod
    def key_for(kind: str, name: str, title: str = "", start: date | None = None) -> str:
        return "|".join([kind, name.strip().lower(), title.strip().lower(), str(start or "")])


class TimelineQuerySet(ProviderOwnedQuerySet):
    def visible_to(self, access) -> TimelineQuerySet:
        return (
            super()
            .visible_to(access)
            .filter(models.Q(client__isnull=True) | models.Q(client_id__in=access.client_ids))
        )


class TimelineEvent(models.Model):
    """Append-only history of a candidate: created, documents, notes, consents, merges..."""

    candidate = models.ForeignKey(Candidate, models.CASCADE, related_name="timeline")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=40)
    summary = models.CharField(max_length=300)
    data = models.JSONField(default=dict, blank=True)
    # Set for what happened within one client's hiring (an application, a move): only people
    # who may see that client see the event.
    client = models.ForeignKey(
        "accounts.Client", models.CASCADE, null=True, blank=True, related_name="+"
    )

    objects = TimelineQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.summary}"

    def save(self, *args, **kwargs) -> None:
        # A merge moves events to the surviving candidate with a queryset update; nothing
        # else changes an event once written.
        if self.pk is not None:
            raise TypeError("Timeline events are append-only")
        super().save(*args, **kwargs)

    @property
    def shown_summary(self) -> str:
        """The summary in the reader's language, when it is one the talent network writes."""
        from outhire.candidates.timeline import summary_in_language

        return summary_in_language(self.summary)


def import_file_path(instance: ImportJob, filename: str) -> str:
    # A random name: the uploaded name may hold personal data ("ada-lovelace.json"), and the
    # file is never served, so nobody needs to find it by name.
    return f"imports/{uuid.uuid4().hex}"


class ImportJob(models.Model):
    """One upload of candidates from another system (CSV or JSON Resume), and how its run went.

    A CSV job starts as a draft until someone maps its columns; then it is queued, run in the
    background (`outhire.candidates.imports.run.import_run`) and finishes done or failed. The
    uploaded files are deleted when the run finishes; a dry run keeps them (for a day at most)
    so the same upload can then be imported for real.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Waiting for the column mapping")
        PENDING = "pending", gettext_lazy("Queued")
        RUNNING = "running", gettext_lazy("Running")
        DONE = "done", gettext_lazy("Done")
        FAILED = "failed", gettext_lazy("Failed")

    class Kind(models.TextChoices):
        CSV = "csv", gettext_lazy("CSV")
        JSON_RESUME = "json_resume", gettext_lazy("JSON Resume")

    MAX_ERRORS = 10_000

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    dry_run = models.BooleanField(default=False)
    file = models.FileField(upload_to=import_file_path, max_length=200, blank=True)
    file_name = models.CharField(max_length=255)
    resumes = models.FileField(upload_to=import_file_path, max_length=200, blank=True)
    resumes_name = models.CharField(max_length=255, blank=True)
    # Prefix of the external ids in this file ("bullhorn" -> external_ref "bullhorn:123")
    source_system = models.CharField(max_length=40, blank=True)
    encoding = models.CharField(max_length=20, blank=True)
    delimiter = models.CharField(max_length=1, blank=True)
    header = models.JSONField(default=list, blank=True)
    # One candidate field per column of the header; "" for a column that is ignored
    mapping = models.JSONField(default=list, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    failed = models.PositiveIntegerField(default=0)
    # {"row", "field", "reason"} per problem, the first MAX_ERRORS of them; never a value
    errors = models.JSONField(default=list, blank=True)
    errors_dropped = models.PositiveIntegerField(default=0)
    # {"row", "candidate", "other", "other_row", "reason"} per row that was NOT joined to a person
    # it shares a phone (or e-mail...) with, because their names or ids differ: a possible
    # duplicate for a person to resolve (candidates' "Likely duplicates" and merge pages)
    duplicates = models.JSONField(default=list, blank=True)
    duplicates_dropped = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=500, blank=True)
    # Written by the running worker as it goes; a run whose heartbeat stops was cut off
    # (the worker was killed) and is marked failed by `imports.import_fail_stale`.
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    # How many times a worker took the job up; a worker writes only while it is the latest.
    attempt = models.PositiveSmallIntegerField(default=0)
    repeats = models.ForeignKey(
        "self",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=gettext_lazy("The dry run this import carried out for real."),
    )

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        # No file name: it may name a person, and this text goes into the audit trail.
        return f"Import #{self.pk}"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def is_active(self) -> bool:
        return self.status in {self.Status.PENDING, self.Status.RUNNING}

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return min(100, self.processed * 100 // self.total) if self.total else 0

    @property
    def error_count(self) -> int:
        return len(self.errors) + self.errors_dropped

    @property
    def can_be_applied(self) -> bool:
        """A finished dry run whose upload is still here can be imported for real."""
        return self.dry_run and self.status == self.Status.DONE and bool(self.file)

    @property
    def can_be_continued(self) -> bool:
        """A run cut off part way (its upload is kept a day) can carry on where it stopped."""
        return self.status == self.Status.FAILED and self.started_at is not None and bool(self.file)

    @property
    def duplicate_count(self) -> int:
        return len(self.duplicates) + self.duplicates_dropped
