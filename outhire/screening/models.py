"""A client's screening settings, and the log of every match score shown to a person.

Scores assist; people decide. Each score a user saw is kept (with the matcher version and a digest
of its inputs) next to what the person then decided, so an audit can compare the two.
"""

from __future__ import annotations

from dataclasses import fields

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet, ProviderOwnedQuerySet
from outhire.engagements.models import JobFamily
from outhire.screening.matcher import Weights

WEIGHT_NAMES = tuple(f.name for f in fields(Weights))


class ScreeningSettings(models.Model):
    client = models.OneToOneField(
        "accounts.Client", models.CASCADE, related_name="screening_settings"
    )
    ai_ranking_enabled = models.BooleanField(default=True)
    blind_review = models.BooleanField(default=False)
    # Reviewers see names, photos, contact details, age and gender signals from this stage kind on
    blind_until_kind = models.CharField(max_length=12, blank=True)
    # Overrides of the matcher's Weights fields, e.g. {"location": 0.2}
    weights = models.JSONField(default=dict, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Screening settings of client #{self.client_id}"

    def clean(self) -> None:
        if not isinstance(self.weights, dict):
            raise ValidationError({"weights": _("Weights must be a mapping of name to number.")})
        for name, value in self.weights.items():
            if name not in WEIGHT_NAMES:
                raise ValidationError({"weights": _("Unknown weight “%(name)s”.") % {"name": name}})
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValidationError(
                    {"weights": _("Weight “%(name)s” must be a number >= 0.") % {"name": name}}
                )

    def matcher_weights(self) -> Weights:
        return Weights(**{k: float(v) for k, v in self.weights.items() if k in WEIGHT_NAMES})

    @classmethod
    def for_client(cls, client_id: int) -> ScreeningSettings:
        """The stored settings, or unsaved defaults (ranking on, default weights)."""
        return cls.objects.filter(client_id=client_id).first() or cls(client_id=client_id)


class ScoreLog(ClientOwned):
    class Decision(models.TextChoices):
        NONE = "", _("No decision yet")
        ADDED_TO_PIPELINE = "added_to_pipeline", _("Added to the pipeline")
        ADVANCED = "advanced", _("Advanced")
        MOVED_BACK = "moved_back", _("Moved back")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn by the candidate")
        HIRED = "hired", _("Hired")

    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="score_logs"
    )
    candidate = models.ForeignKey("candidates.Candidate", models.CASCADE, related_name="+")
    application = models.ForeignKey(
        "pipeline.Application", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    matcher_version = models.CharField(max_length=20)
    # sha256 of the job text and the candidate's text and profile the score was computed from
    input_digest = models.CharField(max_length=64)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    shown_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    shown_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-shown_at", "-id"]
        indexes = [models.Index(fields=["requisition", "candidate", "-shown_at"])]

    def __str__(self) -> str:
        return f"Score {self.score} of candidate #{self.candidate_id}"


class SimilarityLog(models.Model):
    """Every "similar candidates" score shown to a person, and what they then did with it.

    Similarity is computed across the provider's talent network (no client owns it), so unlike
    ScoreLog this row belongs to the provider and only its staff reach it.
    """

    class Decision(models.TextChoices):
        NONE = "", _("No decision yet")
        ADDED_TO_PIPELINE = "added_to_pipeline", _("Added to a pipeline")

    origin = models.ForeignKey("candidates.Candidate", models.CASCADE, related_name="+")
    candidate = models.ForeignKey("candidates.Candidate", models.CASCADE, related_name="+")
    matcher_version = models.CharField(max_length=20)
    # sha256 of the origin profile used as the job and the candidate's stored features
    input_digest = models.CharField(max_length=64)
    score = models.FloatField()
    reasons = models.JSONField(default=list)
    shown_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    shown_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(max_length=20, choices=Decision.choices, blank=True)
    requisition = models.ForeignKey(
        "requisitions.Requisition", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    application = models.ForeignKey(
        "pipeline.Application", models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    objects = ProviderOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-shown_at", "-id"]
        indexes = [models.Index(fields=["origin", "candidate", "-shown_at"])]

    def __str__(self) -> str:
        return f"Similarity {self.score} of candidate #{self.candidate_id}"


class ScreeningProfile(models.Model):
    """What the matcher needs of one candidate, precomputed: a compact, versioned feature row.

    Ranking reads these rows instead of each candidate's entries and text, so the talent network
    is ranked without rebuilding profiles. A row is marked stale when the candidate or their
    profile changes (receivers in `signals.py`) and rebuilt on the next ranking, by a queued
    refresh, or by `outhire screening-profiles`; a row of an older FEATURES_VERSION is rebuilt
    the same way.
    """

    candidate = models.OneToOneField(
        "candidates.Candidate",
        models.CASCADE,
        primary_key=True,
        related_name="screening_profile",
    )
    version = models.CharField(max_length=20)
    stale = models.BooleanField(default=False)
    # One JSON document, decoded in one call when ranking: {"terms": {stem: count} in order of
    # first occurrence, "title_words", "titles", "skills", "work", "position_words", "years",
    # "location"}. Kept as text rather than a JSONField so thousands decode without per-field work.
    features = models.TextField()
    # sha256 of the candidate's inputs (text, titles, skills, work, years, location)
    input_digest = models.CharField(max_length=64)
    refreshed_at = models.DateTimeField(default=timezone.now)

    objects = ProviderOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Screening profile of candidate #{self.candidate_id}"


class AssessmentArea(models.TextChoices):
    SKILLS = "skills", _("Skills")
    COMPETENCIES = "competencies", _("Competencies")
    MOTIVATORS = "motivators", _("Motivators")
    VALUES = "values", _("Culture and values fit")


class Assessment(ClientOwned):
    """A questionnaire a client's candidates answer: for one requisition, or for a job family
    (then offered on every requisition of the client)."""

    name = models.CharField(max_length=200)
    introduction = models.TextField(
        blank=True, help_text=_("Shown to the candidate above the questions.")
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition",
        models.CASCADE,
        null=True,
        blank=True,
        related_name="assessments",
    )
    job_family = models.CharField(max_length=20, choices=JobFamily.choices, blank=True)
    days_valid = models.PositiveSmallIntegerField(
        default=7, help_text=_("Days the candidate's link stays valid.")
    )
    is_active = models.BooleanField(default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.requisition_id and self.requisition.client_id != self.client_id:
            raise ValidationError({"requisition": _("Choose a requisition of this client.")})
        if not 1 <= (self.days_valid or 0) <= 60:
            raise ValidationError({"days_valid": _("A link is valid for 1 to 60 days.")})

    @property
    def scope_label(self) -> str:
        if self.requisition_id:
            return _("Requisition: %(title)s") % {"title": self.requisition.title}
        if self.job_family:
            return _("Job family: %(family)s") % {"family": self.get_job_family_display()}
        return _("Any requisition of the client")


class AssessmentQuestion(ClientOwned):
    class Kind(models.TextChoices):
        CHOICE = "choice", _("Multiple choice, points per option")
        RATING = "rating", _("Rating scale 1-5 with anchors")
        TEXT = "text", _("Free text, scored by a reviewer against a rubric")

    assessment = models.ForeignKey(Assessment, models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField(default=0)
    area = models.CharField(
        max_length=20, choices=AssessmentArea.choices, default=AssessmentArea.SKILLS
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    prompt = models.TextField()
    # choice: [{"label": str, "points": number, "flag": bool}]
    options = models.JSONField(default=list, blank=True)
    # rating: five anchors, for 1 to 5
    anchors = models.JSONField(default=list, blank=True)
    # rating: an answer at or below this flags the sitting for review (0: never)
    flag_at_or_below = models.PositiveSmallIntegerField(default=0)
    rubric = models.TextField(blank=True)
    # text: the most a reviewer may award; rating: the points of a 5
    max_points = models.PositiveSmallIntegerField(default=5)
    required = models.BooleanField(default=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.prompt[:60]

    def clean(self) -> None:
        errors = {}
        if self.kind == self.Kind.CHOICE:
            labels = [o.get("label") for o in self.options if isinstance(o, dict)]
            if len(labels) < 2 or not all(labels):
                errors["options"] = _("A multiple-choice question needs at least two options.")
        if self.kind == self.Kind.RATING:
            if len(self.anchors) != 5 or not all(str(a).strip() for a in self.anchors):
                errors["anchors"] = _("A rating scale needs five anchors, one for each point.")
            if self.flag_at_or_below > 5:
                errors["flag_at_or_below"] = _("Choose 0 (never) to 5.")
        if self.kind == self.Kind.TEXT and not self.rubric.strip():
            errors["rubric"] = _("Give the reviewer a rubric to score against.")
        if self.kind != self.Kind.CHOICE and not 1 <= (self.max_points or 0) <= 100:
            errors["max_points"] = _("Between 1 and 100 points.")
        if errors:
            raise ValidationError(errors)

    @property
    def possible_points(self) -> float:
        if self.kind == self.Kind.CHOICE:
            return max((float(o.get("points") or 0) for o in self.options), default=0.0)
        return float(self.max_points)


class AssessmentSitting(ClientOwned):
    """One assessment sent to one application's candidate, through a signed, expiring link."""

    class Status(models.TextChoices):
        SENT = "sent", _("Sent")
        STARTED = "started", _("Started")
        SUBMITTED = "submitted", _("Submitted, awaiting review")
        SCORED = "scored", _("Scored")
        EXPIRED = "expired", _("Expired")

    assessment = models.ForeignKey(Assessment, models.PROTECT, related_name="sittings")
    application = models.ForeignKey(
        "pipeline.Application", models.CASCADE, related_name="assessment_sittings"
    )
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    sent_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminders_sent = models.PositiveSmallIntegerField(default=0)
    auto_points = models.FloatField(default=0)
    reviewer_points = models.FloatField(null=True, blank=True)
    possible_points = models.FloatField(default=0)
    needs_review = models.BooleanField(default=False)  # free text awaiting a reviewer
    flagged = models.BooleanField(default=False)  # an answer tripped a flag rule
    flag_reasons = models.JSONField(default=list, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        indexes = [models.Index(fields=["submitted_at", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.assessment} for application #{self.application_id}"

    @property
    def status(self) -> str:
        if self.submitted_at:
            return self.Status.SUBMITTED if self.needs_review else self.Status.SCORED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.STARTED if self.started_at else self.Status.SENT

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def total_points(self) -> float:
        return self.auto_points + (self.reviewer_points or 0)

    @property
    def percent(self) -> int | None:
        if not self.submitted_at or not self.possible_points:
            return None
        return round(100 * self.total_points / self.possible_points)


class AssessmentAnswer(ClientOwned):
    sitting = models.ForeignKey(AssessmentSitting, models.CASCADE, related_name="answers")
    question = models.ForeignKey(AssessmentQuestion, models.CASCADE, related_name="+")
    choice = models.PositiveSmallIntegerField(null=True, blank=True)  # index into options
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    points = models.FloatField(null=True, blank=True)  # automatic, or the reviewer's
    reviewer_note = models.TextField(blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sitting", "question"], name="one_answer_per_question")
        ]
