"""Personal data kept apart from the profile: voluntary demographic self-identification.

Self-ID answers are encrypted at rest and read only by the bias audit (screening.bias);
they are never shown on a candidate's profile, an application or to anyone who decides.
"""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.lib.crypto import EncryptedTextField
from outhire.screening.bias import RACES, SEXES

DECLINED = "Declined"
SEX_CHOICES = [(s, s) for s in SEXES] + [(DECLINED, "I prefer not to say")]
RACE_CHOICES = [(r, r) for r in RACES] + [(DECLINED, "I prefer not to say")]


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
