"""A client's careers site: the employer brand shown beside the jobs (see docs/careers.md).

The client itself keeps its colours, logo, hero text and about (the client portal uses them
too); the site adds what only job seekers read: values and culture, benefits, and whom to ask
for adjustments or for a person to review an application.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class CareerSite(ClientOwned):
    client = models.OneToOneField("accounts.Client", models.CASCADE, related_name="career_site")
    culture = models.TextField(
        "Values and culture",
        blank=True,
        help_text="A few paragraphs on how the team works and what it cares about.",
    )
    values = models.TextField(
        "Values", blank=True, help_text="One value per line, shown as a list."
    )
    benefits = models.TextField(
        "Benefits", blank=True, help_text="One benefit per line, shown as a list."
    )
    contact_email = models.EmailField(
        "Contact e-mail for candidates",
        blank=True,
        help_text=(
            "A team address (not a person's) for adjustments, accessibility needs and requests "
            "for a person to review an application. Also the job poster e-mail of the "
            "LinkedIn feed."
        ),
    )
    contact_phone = models.CharField("Contact telephone", max_length=40, blank=True)
    linkedin_company_id = models.CharField(
        "LinkedIn company ID",
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9]+$", "Enter the digits of the company ID only.")],
        help_text="The number of the client's LinkedIn company page, for the LinkedIn feed.",
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ClientOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Careers site of {self.client}"

    @property
    def value_list(self) -> list[str]:
        return _lines(self.values)

    @property
    def benefit_list(self) -> list[str]:
        return _lines(self.benefits)
