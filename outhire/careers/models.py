"""A client's careers site, and the postings that advertise its requisitions (docs/careers.md).

The client itself keeps its colours, logo, hero text and about (the client portal uses them
too); the site adds what only job seekers read: values and culture, benefits, and whom to ask
for adjustments or for a person to review an application. A JobPosting puts one requisition on
one channel (the careers site, the provider's board, Indeed, LinkedIn...) for a while.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.lib.i18n import supported
from outhire.requisitions.models import Requisition


def _lines(text: str) -> list[str]:
    return [line.strip(" -•\t") for line in (text or "").splitlines() if line.strip(" -•\t")]


class CareerSite(ClientOwned):
    client = models.OneToOneField("accounts.Client", models.CASCADE, related_name="career_site")
    culture = models.TextField(
        _("Values and culture"),
        blank=True,
        help_text=_("A few paragraphs on how the team works and what it cares about."),
    )
    values = models.TextField(
        _("Values"), blank=True, help_text=_("One value per line, shown as a list.")
    )
    benefits = models.TextField(
        _("Benefits"), blank=True, help_text=_("One benefit per line, shown as a list.")
    )
    contact_email = models.EmailField(
        _("Contact e-mail for candidates"),
        blank=True,
        help_text=_(
            "A team address (not a person's) for adjustments, accessibility needs and requests "
            "for a person to review an application. Also the job poster e-mail of the "
            "LinkedIn feed."
        ),
    )
    contact_phone = models.CharField(_("Contact telephone"), max_length=40, blank=True)
    # The languages the site is offered in, the first its default (outhire/lib/i18n.py); empty:
    # the default language only.
    languages = models.JSONField(default=list, blank=True)
    linkedin_company_id = models.CharField(
        _("LinkedIn company ID"),
        max_length=20,
        blank=True,
        validators=[RegexValidator(r"^[0-9]+$", _("Enter the digits of the company ID only."))],
        help_text=_("The number of the client's LinkedIn company page, for the LinkedIn feed."),
    )
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = ClientOwnedQuerySet.as_manager()

    def __str__(self) -> str:
        return f"Careers site of {self.client}"

    @property
    def language_codes(self) -> list[str]:
        """The site's languages, the default first: those of `languages` Outhire speaks."""
        codes = [supported(code) for code in self.languages or []]
        return list(dict.fromkeys(code for code in codes if code)) or [settings.LANGUAGE_CODE]

    @property
    def value_list(self) -> list[str]:
        return _lines(self.values)

    @property
    def benefit_list(self) -> list[str]:
        return _lines(self.benefits)


class JobPostingQuerySet(ClientOwnedQuerySet):
    def live(self, *, channel: str | None = None, now=None) -> JobPostingQuerySet:
        """Postings a job seeker may see now: published, within their dates, requisition open.

        The one definition of "open, published job" used by the careers sites, the apply flow
        and every feed, so a job disappears from all of them at the same moment.
        """
        now = now or timezone.now()
        live = self.filter(
            status=JobPosting.Status.PUBLISHED,
            publish_at__lte=now,
            requisition__status=Requisition.Status.OPEN,
            client__is_active=True,
        ).filter(models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now))
        return live.filter(channel=channel) if channel else live


class JobPosting(ClientOwned):
    """A requisition advertised on one channel, between a publish date and an optional expiry."""

    class Channel(models.TextChoices):
        CAREERS = "careers", _("Careers site")
        PROVIDER_BOARD = "provider_board", _("Provider's job board")
        INDEED = "indeed", _("Indeed")
        LINKEDIN = "linkedin", _("LinkedIn")
        SOCIAL = "social", _("Social media")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    requisition = models.ForeignKey(Requisition, models.CASCADE, related_name="postings")
    channel = models.CharField(max_length=20, choices=Channel.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    publish_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = JobPostingQuerySet.as_manager()

    class Meta:
        # Moved here from requisitions; the table keeps its name (no data to move).
        db_table = "requisitions_jobposting"
        ordering = ["requisition_id", "channel"]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "channel"], name="one_posting_per_channel"
            )
        ]
        indexes = [models.Index(fields=["client", "channel", "status"])]

    def __str__(self) -> str:
        return f"{self.requisition} on {self.get_channel_display()}"

    def clean(self) -> None:
        if self.expires_at and self.publish_at and self.expires_at <= self.publish_at:
            raise ValidationError({"expires_at": _("The expiry must come after the publish date.")})
