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

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.screening.matcher import Weights

WEIGHT_NAMES = tuple(f.name for f in fields(Weights))


class ScreeningSettings(models.Model):
    client = models.OneToOneField(
        "accounts.Client", models.CASCADE, related_name="screening_settings"
    )
    ai_ranking_enabled = models.BooleanField(default=True)
    # Overrides of the matcher's Weights fields, e.g. {"location": 0.2}
    weights = models.JSONField(default=dict, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Screening settings of client #{self.client_id}"

    def clean(self) -> None:
        if not isinstance(self.weights, dict):
            raise ValidationError({"weights": "Weights must be a mapping of name to number."})
        for name, value in self.weights.items():
            if name not in WEIGHT_NAMES:
                raise ValidationError({"weights": f"Unknown weight “{name}”."})
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValidationError({"weights": f"Weight “{name}” must be a number >= 0."})

    def matcher_weights(self) -> Weights:
        return Weights(**{k: float(v) for k, v in self.weights.items() if k in WEIGHT_NAMES})

    @classmethod
    def for_client(cls, client_id: int) -> ScreeningSettings:
        """The stored settings, or unsaved defaults (ranking on, default weights)."""
        return cls.objects.filter(client_id=client_id).first() or cls(client_id=client_id)


class ScoreLog(ClientOwned):
    class Decision(models.TextChoices):
        NONE = "", "No decision yet"
        ADDED_TO_PIPELINE = "added_to_pipeline", "Added to the pipeline"
        ADVANCED = "advanced", "Advanced"
        REJECTED = "rejected", "Rejected"

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
