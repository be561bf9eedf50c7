"""Recruiting costs of each client (CostEntry) and the cost files imported (CostImport).

The categories are those of ANSI/SHRM 06001.2012 (Cost-Per-Hire). Amounts carry their currency
and are only ever totalled per currency (see `rules` and docs/costs.md).

The tables kept the names they had when costs were part of the engagements app
(`engagements_costentry`, `engagements_costimport`), so moving the models moved no data.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.candidates.models import Candidate, source_detail_label
from outhire.costs.rules import is_currency, totals_by_currency


class CostCategory(models.TextChoices):
    """The cost categories of ANSI/SHRM 06001.2012 (Cost-Per-Hire): external, then internal."""

    # External costs: paid to third parties
    ADVERTISING = "advertising", _("Advertising and job boards")
    AGENCY_FEES = "agency_fees", _("Agency fees")
    RPO_FEES = "rpo_fees", _("RPO fees")
    ASSESSMENTS = "assessments", _("Assessments")
    BACKGROUND_CHECKS = "background_checks", _("Background checks")
    TRAVEL = "travel", _("Travel")
    RELOCATION = "relocation", _("Relocation")
    SIGN_ON_BONUS = "sign_on_bonus", _("Sign-on bonuses")
    REFERRAL_AWARDS = "referral_awards", _("Referral awards")
    OTHER_EXTERNAL = "other_external", _("Other external costs")
    # Internal costs: the organisation's own people and tools
    RECRUITER_TIME = "recruiter_time", _("Recruiter time")
    COORDINATOR_TIME = "coordinator_time", _("Coordinator time")
    HIRING_MANAGER_TIME = "hiring_manager_time", _("Hiring-manager time")
    TECHNOLOGY = "technology", _("Technology")
    OTHER_INTERNAL = "other_internal", _("Other internal costs")


EXTERNAL_CATEGORIES = frozenset(
    {
        CostCategory.ADVERTISING,
        CostCategory.AGENCY_FEES,
        CostCategory.RPO_FEES,
        CostCategory.ASSESSMENTS,
        CostCategory.BACKGROUND_CHECKS,
        CostCategory.TRAVEL,
        CostCategory.RELOCATION,
        CostCategory.SIGN_ON_BONUS,
        CostCategory.REFERRAL_AWARDS,
        CostCategory.OTHER_EXTERNAL,
    }
)
CATEGORY_GROUPS = [
    (_("External costs"), [(c.value, c.label) for c in CostCategory if c in EXTERNAL_CATEGORIES]),
    (
        _("Internal costs"),
        [(c.value, c.label) for c in CostCategory if c not in EXTERNAL_CATEGORIES],
    ),
]


def validate_currency(value: str) -> None:
    if not is_currency(value):
        raise ValidationError(
            _("Not an ISO 4217 currency code; use three capital letters such as EUR, USD or GBP."),
            code="currency",
        )


class CostEntryQuerySet(ClientOwnedQuerySet):
    def counted(self) -> CostEntryQuerySet:
        """The entries that count towards totals: all but the voided ones."""
        return self.filter(voided_at__isnull=True)

    def totals(self):
        """Per currency: external, internal, total and each category (voided entries left out).

        One query, however many entries. Amounts of different currencies are never summed.
        """
        rows = (
            self.counted()
            .order_by()
            .values_list("currency", "category")
            .annotate(total=models.Sum("amount"), entries=models.Count("id"))
        )
        return totals_by_currency(rows, EXTERNAL_CATEGORIES)


class CostImport(ClientOwned):
    """A costs CSV file checked in a dry run, waiting to be imported (or imported)."""

    file_name = models.CharField(max_length=200)
    data = models.TextField(help_text=_("The file, kept until it is imported or abandoned."))
    rows = models.PositiveIntegerField(default=0)
    added = models.PositiveIntegerField(default=0)
    skipped = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    imported_at = models.DateTimeField(null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        db_table = "engagements_costimport"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Cost import {self.file_name}"


class CostEntry(ClientOwned):
    """One recruiting cost of a client, optionally of one requisition and one sourcing channel.

    Amounts carry their currency and are only ever totalled per currency. Entries typed or
    imported by people may be edited and deleted (audited); entries generated from the
    engagement's fee model are voided instead, so the record of what was charged stays.
    """

    class Origin(models.TextChoices):
        MANUAL = "manual", _("Entered by hand")
        IMPORT = "import", _("Imported from a file")
        FEE_MODEL = "fee_model", _("Generated from the engagement's fees")
        REFERRAL = "referral", _("Referral award")

    EDITABLE_ORIGINS = frozenset({Origin.MANUAL, Origin.IMPORT})

    requisition = models.ForeignKey(
        "requisitions.Requisition",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="cost_entries",
    )
    category = models.CharField(max_length=30, choices=CostCategory.choices)
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    currency = models.CharField(max_length=3, validators=[validate_currency])
    incurred_on = models.DateField("incurred on")
    channel = models.CharField(
        max_length=20,
        blank=True,
        choices=Candidate.Source.choices,
        help_text=_("The sourcing channel this cost bought, for cost per source."),
    )
    channel_detail = models.CharField(
        _("board or site"), max_length=100, blank=True, help_text=_("Such as indeed or linkedin.")
    )
    description = models.CharField(max_length=500, blank=True)
    origin = models.CharField(max_length=10, choices=Origin.choices, default=Origin.MANUAL)
    # What generated or imported the entry ("hire:12", "monthly:3:2026-04", "import:<hash>"):
    # at most one entry per reference and client, which makes generation and imports idempotent.
    origin_ref = models.CharField(max_length=100, blank=True)
    cost_import = models.ForeignKey(
        CostImport, models.SET_NULL, null=True, blank=True, related_name="entries"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    voided_at = models.DateTimeField(null=True, blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    void_reason = models.CharField(max_length=300, blank=True)

    objects = CostEntryQuerySet.as_manager()

    class Meta:
        db_table = "engagements_costentry"
        ordering = ["-incurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "origin_ref"],
                condition=~models.Q(origin_ref=""),
                name="one_cost_entry_per_origin_ref",
            )
        ]
        indexes = [models.Index(fields=["client", "incurred_on"])]

    @property
    def channel_detail_label(self) -> str:
        """The board or site in words (`provider_board` -> "Provider's job board")."""
        return source_detail_label(self.channel_detail)

    def __str__(self) -> str:
        return f"{self.get_category_display()} {self.amount} {self.currency}"

    @property
    def is_external(self) -> bool:
        return self.category in EXTERNAL_CATEGORIES

    @property
    def is_voided(self) -> bool:
        return self.voided_at is not None

    @property
    def is_editable(self) -> bool:
        """Typed or imported by a person, so a person may correct or delete it."""
        return self.origin in self.EDITABLE_ORIGINS

    @property
    def is_voidable(self) -> bool:
        return not self.is_editable and not self.is_voided

    def clean(self) -> None:
        errors = {}
        if self.requisition_id is not None and self.requisition.client_id != self.client_id:
            errors["requisition"] = _("This requisition belongs to another client.")
        if self.incurred_on and self.incurred_on.year < 1990:
            errors["incurred_on"] = _("This date is too far in the past.")
        elif self.incurred_on and self.incurred_on > timezone.localdate() + timedelta(days=366):
            errors["incurred_on"] = _("This date is more than a year ahead.")
        if errors:
            raise ValidationError(errors)
