"""The contract with each client (Engagement) and the needs assessment behind each opening (Intake).

An engagement says what the provider is accountable for: which recruitment functions it runs, what
the client pays, and the SLA targets the analytics hold it to. An intake is the structured
conversation with the hiring manager; submitting it drafts a requisition.
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet, ProviderOwnedQuerySet
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
        PER_SUBMISSION = "per_submission", "Fee per qualified submission"
        PROJECT = "project", "Project fee"

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
    # A qualified submission is a candidate put in front of the client (the shortlist); a
    # project fee is one fixed amount for the whole engagement, invoiced once (docs/billing.md).
    per_submission_fee = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
    )
    project_fee = models.DecimalField(
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0"))],
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
            self.FeeModel.PER_SUBMISSION: ["per_submission_fee"],
            self.FeeModel.PROJECT: ["project_fee"],
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
