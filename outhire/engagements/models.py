"""The contract with each client (Engagement) and the needs assessment behind each opening (Intake).

An engagement says what the provider is accountable for: which recruitment functions it runs, what
the client pays, and the SLA targets the analytics hold it to. An intake is the structured
conversation with the hiring manager; submitting it drafts a requisition.
"""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet, ProviderOwnedQuerySet
from outhire.candidates.models import Candidate
from outhire.requisitions.models import RemotePolicy, check_salary_band


class Function(models.TextChoices):
    """The recruitment functions a client may outsource; a phased engagement adds them over time."""

    WORKFORCE_PLANNING = "workforce_planning", "Workforce planning"
    SOURCING = "sourcing", "Sourcing and attraction"
    SCREENING = "screening", "Screening and assessment"
    INTERVIEW_SCHEDULING = "interview_scheduling", "Interview coordination"
    OFFER_MANAGEMENT = "offer_management", "Offer management"
    ONBOARDING_HANDOFF = "onboarding_handoff", "Hand-off to onboarding"
    EMPLOYER_BRANDING = "employer_branding", "Employer branding"
    REPORTING = "reporting", "Reporting and analytics"


FULL_CYCLE = [f.value for f in Function]


class Engagement(ClientOwned):
    class FeeModel(models.TextChoices):
        MANAGEMENT_FEE = "management_fee", "Monthly management fee"
        PER_HIRE = "per_hire", "Fee per hire"
        PERCENT_SALARY = "percent_salary", "Percentage of first-year salary"
        HYBRID = "hybrid", "Hybrid (management fee plus a fee per hire)"

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ENDED = "ended", "Ended"

    name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    functions = models.JSONField(
        default=list, blank=True, help_text="The recruitment functions outsourced now."
    )
    starts_on = models.DateField()
    ends_on = models.DateField(null=True, blank=True)
    account_lead = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Fees
    fee_model = models.CharField(max_length=20, choices=FeeModel.choices)
    currency = models.CharField(max_length=3, default="EUR")
    monthly_fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    per_hire_fee = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_percent = models.DecimalField(
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    # SLA targets; blank means no target for that measure
    sla_days_to_first_shortlist = models.PositiveSmallIntegerField(null=True, blank=True)
    sla_days_to_fill = models.PositiveSmallIntegerField(null=True, blank=True)
    sla_feedback_hours = models.PositiveSmallIntegerField(null=True, blank=True)
    sla_min_offer_acceptance = models.DecimalField(
        "minimum offer acceptance rate (%)",
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    sla_min_candidate_nps = models.SmallIntegerField(
        "minimum candidate NPS",
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
    )
    sla_min_manager_satisfaction = models.DecimalField(
        "minimum hiring-manager satisfaction (1-5)",
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    notes = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["client__name", "-starts_on"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        unknown = set(self.functions or []) - set(FULL_CYCLE)
        if unknown:
            errors["functions"] = f"Unknown function(s): {', '.join(sorted(unknown))}."
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "The engagement cannot end before it starts."
        needs = {
            self.FeeModel.MANAGEMENT_FEE: ["monthly_fee"],
            self.FeeModel.PER_HIRE: ["per_hire_fee"],
            self.FeeModel.PERCENT_SALARY: ["salary_percent"],
            self.FeeModel.HYBRID: ["monthly_fee", "per_hire_fee"],
        }
        for name in needs.get(self.fee_model, []):
            if getattr(self, name) is None:
                errors[name] = "This fee model needs this amount."
        if errors:
            raise ValidationError(errors)

    @property
    def is_full_cycle(self) -> bool:
        return set(self.current_functions) >= set(FULL_CYCLE)

    def function_labels(self) -> list[str]:
        return [Function(f).label for f in self.current_functions if f in FULL_CYCLE]

    @property
    def current_phase(self) -> EngagementPhase | None:
        """The latest phase that has started (uses prefetched phases when there are)."""
        today = timezone.localdate()
        started = [p for p in self.phases.all() if p.starts_on <= today]
        return max(started, key=lambda p: (p.starts_on, p.pk), default=None)

    @property
    def current_functions(self) -> list[str]:
        """The functions of the latest started phase; without one, those set on the engagement."""
        phase = self.current_phase
        return list(phase.functions) if phase is not None else list(self.functions or [])


class EngagementPhase(ClientOwned):
    """From `starts_on`, the engagement covers `functions` (sourcing only, then screening...)."""

    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="phases")
    starts_on = models.DateField()
    functions = models.JSONField(default=list)
    note = models.CharField(max_length=200, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on"]

    def __str__(self) -> str:
        return f"Phase from {self.starts_on:%Y-%m-%d}"

    def clean(self) -> None:
        unknown = set(self.functions or []) - set(FULL_CYCLE)
        if unknown:
            raise ValidationError(
                {"functions": f"Unknown function(s): {', '.join(sorted(unknown))}."}
            )
        if not self.functions:
            raise ValidationError({"functions": "A phase covers at least one function."})

    def function_labels(self) -> list[str]:
        return [Function(f).label for f in self.functions or [] if f in FULL_CYCLE]


class JobFamily(models.TextChoices):
    ENTRY = "entry", "Entry level"
    PROFESSIONAL = "professional", "Professional"
    SPECIALIST = "specialist", "Specialist / technical"
    MANAGER = "manager", "Manager"
    SENIOR_MANAGER = "senior_manager", "Senior manager / director"
    EXECUTIVE = "executive", "Executive"


class IntakeTemplateQuerySet(ProviderOwnedQuerySet):
    def visible_to(self, access) -> IntakeTemplateQuerySet:
        """Provider staff only; a client's copies only to staff who can see that client."""
        return (
            super()
            .visible_to(access)
            .filter(models.Q(client__isnull=True) | models.Q(client_id__in=access.client_ids))
        )


class IntakeTemplate(models.Model):
    """Questions and defaults for one job family; the provider's own, or one client's copy."""

    client = models.ForeignKey(
        "accounts.Client", models.CASCADE, null=True, blank=True, related_name="+"
    )
    name = models.CharField(max_length=200)
    job_family = models.CharField(max_length=20, choices=JobFamily.choices)
    competencies = models.JSONField(default=list, blank=True)
    interview_plan = models.TextField(blank=True)
    sourcing_channels = models.JSONField(default=list, blank=True)
    questions = models.JSONField(
        default=list, blank=True, help_text="Extra questions to ask the hiring manager."
    )
    created_at = models.DateTimeField(default=timezone.now)

    # Provider templates (client empty) are visible to all provider staff; a client's copies
    # only to staff assigned to that client. Client users never see templates.
    objects = IntakeTemplateQuerySet.as_manager()

    class Meta:
        ordering = ["job_family", "name"]

    def __str__(self) -> str:
        return self.name


class Intake(ClientOwned):
    """The needs assessment for one role, with the client's baseline metrics."""

    # The requisition's own choices: an intake becomes a requisition.
    RemotePolicy = RemotePolicy

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"

    engagement = models.ForeignKey(
        Engagement, models.SET_NULL, null=True, blank=True, related_name="intakes"
    )
    template = models.ForeignKey(
        IntakeTemplate, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    job_title = models.CharField(max_length=200)
    job_family = models.CharField(max_length=20, choices=JobFamily.choices)
    department = models.CharField(max_length=120, blank=True)
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    purpose = models.TextField("purpose of the role")
    must_have_skills = models.JSONField(default=list, blank=True)
    nice_to_have_skills = models.JSONField(default=list, blank=True)
    competencies = models.JSONField(default=list, blank=True)
    motivators = models.TextField(blank=True)
    culture_and_values = models.TextField(blank=True)
    salary_min = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="EUR")
    location = models.CharField(max_length=200, blank=True)
    remote_policy = models.CharField(
        max_length=10, choices=RemotePolicy.choices, default=RemotePolicy.ON_SITE
    )
    headcount = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    target_start = models.DateField(null=True, blank=True)
    interview_plan = models.TextField(blank=True)
    sourcing_channels = models.JSONField(default=list, blank=True)
    answers = models.JSONField(default=dict, blank=True)
    # The client's baseline, before the provider: what the KPIs are compared with
    baseline_days_to_fill = models.PositiveSmallIntegerField(null=True, blank=True)
    baseline_cost_per_hire = models.DecimalField(
        max_digits=12, decimal_places=2, null=True, blank=True
    )
    baseline_yearly_hires = models.PositiveIntegerField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    submitted_at = models.DateTimeField(null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Intake: {self.job_title}"

    def clean(self) -> None:
        check_salary_band(self.salary_min, self.salary_max)


# --- Recruiting costs ------------------------------------------------------------------------


class CostCategory(models.TextChoices):
    """The cost categories of ANSI/SHRM 06001.2012 (Cost-Per-Hire): external, then internal."""

    # External costs: paid to third parties
    ADVERTISING = "advertising", "Advertising and job boards"
    AGENCY_FEES = "agency_fees", "Agency fees"
    RPO_FEES = "rpo_fees", "RPO fees"
    ASSESSMENTS = "assessments", "Assessments"
    BACKGROUND_CHECKS = "background_checks", "Background checks"
    TRAVEL = "travel", "Travel"
    RELOCATION = "relocation", "Relocation"
    SIGN_ON_BONUS = "sign_on_bonus", "Sign-on bonuses"
    REFERRAL_AWARDS = "referral_awards", "Referral awards"
    OTHER_EXTERNAL = "other_external", "Other external costs"
    # Internal costs: the organisation's own people and tools
    RECRUITER_TIME = "recruiter_time", "Recruiter time"
    COORDINATOR_TIME = "coordinator_time", "Coordinator time"
    HIRING_MANAGER_TIME = "hiring_manager_time", "Hiring-manager time"
    TECHNOLOGY = "technology", "Technology"
    OTHER_INTERNAL = "other_internal", "Other internal costs"


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
    ("External costs", [(c.value, c.label) for c in CostCategory if c in EXTERNAL_CATEGORIES]),
    ("Internal costs", [(c.value, c.label) for c in CostCategory if c not in EXTERNAL_CATEGORIES]),
]


def validate_currency(value: str) -> None:
    from outhire.engagements.cost_rules import is_currency

    if not is_currency(value):
        raise ValidationError(
            "Not an ISO 4217 currency code; use three capital letters such as EUR, USD or GBP.",
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
        from outhire.engagements.cost_rules import totals_by_currency

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
    data = models.TextField(help_text="The file, kept until it is imported or abandoned.")
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
        MANUAL = "manual", "Entered by hand"
        IMPORT = "import", "Imported from a file"
        FEE_MODEL = "fee_model", "Generated from the engagement's fees"
        REFERRAL = "referral", "Referral award"

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
        help_text="The sourcing channel this cost bought, for cost per source.",
    )
    channel_detail = models.CharField(
        "board or site", max_length=100, blank=True, help_text="Such as indeed or linkedin."
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
        ordering = ["-incurred_on", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "origin_ref"],
                condition=~models.Q(origin_ref=""),
                name="one_cost_entry_per_origin_ref",
            )
        ]
        indexes = [models.Index(fields=["client", "incurred_on"])]

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
            errors["requisition"] = "This requisition belongs to another client."
        if self.incurred_on and self.incurred_on.year < 1990:
            errors["incurred_on"] = "This date is too far in the past."
        elif self.incurred_on and self.incurred_on > timezone.localdate() + timedelta(days=366):
            errors["incurred_on"] = "This date is more than a year ahead."
        if errors:
            raise ValidationError(errors)
