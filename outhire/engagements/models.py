"""The contract with each client (Engagement) and the needs assessment behind each opening (Intake).

An engagement says what the provider is accountable for: which recruitment functions it runs, what
the client pays, and the SLA targets the analytics hold it to. An intake is the structured
conversation with the hiring manager; submitting it drafts a requisition.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet, ProviderOwnedQuerySet
from outhire.lib import formatting
from outhire.requisitions.models import RemotePolicy, check_salary_band


class Function(models.TextChoices):
    """The recruitment functions a client may outsource; a phased engagement adds them over time."""

    WORKFORCE_PLANNING = "workforce_planning", _("Workforce planning")
    SOURCING = "sourcing", _("Sourcing and attraction")
    SCREENING = "screening", _("Screening and assessment")
    INTERVIEW_SCHEDULING = "interview_scheduling", _("Interview coordination")
    OFFER_MANAGEMENT = "offer_management", _("Offer management")
    ONBOARDING_HANDOFF = "onboarding_handoff", _("Hand-off to onboarding")
    EMPLOYER_BRANDING = "employer_branding", _("Employer branding")
    REPORTING = "reporting", _("Reporting and analytics")


FULL_CYCLE = [f.value for f in Function]


class GuaranteeRemedy(models.TextChoices):
    """What happens to the fee of a hire who leaves inside the guarantee period."""

    CREDIT_FULL = "credit_full", _("Credit the whole fee")
    CREDIT_PRORATA = (
        "credit_prorata",
        _("Credit the fee pro rata for the guarantee days not worked"),
    )
    WITHHOLD = "withhold", _("Withhold the fee if not yet invoiced (else credit it in full)")


class Engagement(ClientOwned):
    GuaranteeRemedy = GuaranteeRemedy

    class FeeModel(models.TextChoices):
        MANAGEMENT_FEE = "management_fee", _("Monthly management fee")
        PER_HIRE = "per_hire", _("Fee per hire")
        PERCENT_SALARY = "percent_salary", _("Percentage of first-year salary")
        HYBRID = "hybrid", _("Hybrid (management fee plus a fee per hire)")
        PER_SUBMISSION = "per_submission", _("Fee per qualified submission")
        PROJECT = "project", _("Project fee")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ACTIVE = "active", _("Active")
        ENDED = "ended", _("Ended")

    name = models.CharField(max_length=200)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)
    functions = models.JSONField(
        default=list, blank=True, help_text=_("The recruitment functions outsourced now.")
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
        _("minimum offer acceptance rate (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    sla_min_candidate_nps = models.SmallIntegerField(
        _("minimum candidate NPS"),
        null=True,
        blank=True,
        validators=[MinValueValidator(-100), MaxValueValidator(100)],
    )
    sla_min_manager_satisfaction = models.DecimalField(
        _("minimum hiring-manager satisfaction (1-5)"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("5"))],
    )
    # Replacement guarantee (docs/billing.md): a hire who leaves within `guarantee_days` of the
    # start date gets the fee credited (in full or pro rata) or withheld, and may be replaced
    # free of charge.
    guarantee_days = models.PositiveSmallIntegerField(
        _("guarantee period (days)"),
        default=0,
        validators=[MaxValueValidator(730)],
        help_text=_("0 for no guarantee. Counted in calendar days from the hire's start date."),
    )
    guarantee_remedy = models.CharField(
        _("if a hire leaves within it"),
        max_length=20,
        choices=GuaranteeRemedy.choices,
        default=GuaranteeRemedy.CREDIT_FULL,
    )
    guarantee_replacement = models.BooleanField(
        _("open a free replacement requisition"),
        default=True,
        help_text=_("A copy of the hire's requisition, flagged free: its hire is not charged."),
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
            errors["functions"] = _("Unknown function(s): %(functions)s.") % {
                "functions": ", ".join(sorted(unknown))
            }
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The engagement cannot end before it starts.")
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
                errors[name] = _("This fee model needs this amount.")
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


class SlaTerm(ClientOwned):
    """A credit or bonus the engagement ties to an SLA result over a quarter or month.

    "5 % credit if fewer than 80 % of openings are filled within the days-to-fill target in a
    quarter": metric `fill`, period `quarter`, comparison `below`, threshold 80, adjustment
    `credit`, 5 % of the period's fees. The measure comes from the dashboards' own SLA code
    (outhire.analytics); billing evaluates each term once per period (docs/billing.md).
    """

    class Metric(models.TextChoices):
        FILL = "fill", _("Openings filled within the days-to-fill target (%)")
        SHORTLIST = "shortlist", _("Requisitions first shortlisted within the target (%)")
        OFFER_ACCEPTANCE = "offer_acceptance_pct", _("Offer acceptance rate (%)")

    class Period(models.TextChoices):
        QUARTER = "quarter", _("Calendar quarter")
        MONTH = "month", _("Calendar month")

    class Comparison(models.TextChoices):
        BELOW = "below", _("is below the threshold")
        AT_LEAST = "at_least", _("is at or above the threshold")

    class Adjustment(models.TextChoices):
        CREDIT = "credit", _("Credit (money off)")
        BONUS = "bonus", _("Bonus (charged)")

    class AmountKind(models.TextChoices):
        PERCENT = "percent", _("% of the period's fees")
        FIXED = "fixed", _("Fixed amount")

    # The engagement's SLA target each metric needs (None: the metric has no target of its own).
    TARGET_FIELD = {
        Metric.FILL: "sla_days_to_fill",
        Metric.SHORTLIST: "sla_days_to_first_shortlist",
        Metric.OFFER_ACCEPTANCE: None,
    }

    engagement = models.ForeignKey(Engagement, models.CASCADE, related_name="sla_terms")
    metric = models.CharField(max_length=30, choices=Metric.choices)
    period = models.CharField(max_length=10, choices=Period.choices, default=Period.QUARTER)
    comparison = models.CharField(
        _("applies when the result"), max_length=10, choices=Comparison.choices
    )
    threshold = models.DecimalField(
        _("threshold (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    adjustment = models.CharField(max_length=10, choices=Adjustment.choices)
    amount_kind = models.CharField(
        _("amount is"), max_length=10, choices=AmountKind.choices, default=AmountKind.PERCENT
    )
    amount = models.DecimalField(
        max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    starts_on = models.DateField(
        _("applies from"),
        help_text=_("Periods that end on or after this day are evaluated."),
    )
    # Set when the term is ended (renegotiated, or the engagement's terms changed): periods that
    # begin after it are not evaluated. An evaluated term is never removed, only ended.
    ends_on = models.DateField(
        _("applies until"),
        null=True,
        blank=True,
        help_text=_("Periods that begin after this day are not evaluated."),
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"SLA term #{self.pk}"

    def clean(self) -> None:
        errors = {}
        if (
            self.amount_kind == self.AmountKind.PERCENT
            and self.amount is not None
            and self.amount > 100
        ):
            errors["amount"] = _("A percentage of the fees is at most 100.")
        field = self.TARGET_FIELD.get(self.metric)
        if field and self.engagement_id and getattr(self.engagement, field) is None:
            label = Engagement._meta.get_field(field).verbose_name
            errors["metric"] = _(
                "This measure needs the engagement's SLA target (%(target)s): set it first."
            ) % {"target": label}
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "A term ends on or after the day it applies from."
        if errors:
            raise ValidationError(errors)

    def applies_in(self, first: date, last: date) -> bool:
        """Whether the period `first`..`last` is one of the term's."""
        return last >= self.starts_on and (self.ends_on is None or first <= self.ends_on)

    def describe(self) -> str:
        """The term in words, as the engagement page lists it."""
        amount = (
            f"{formatting.percent(self.amount)} of the period's fees"
            if self.amount_kind == self.AmountKind.PERCENT
            else formatting.money(self.amount, self.engagement.currency)
        )
        return (
            f"{self.get_adjustment_display().split(' ')[0]} of {amount} when "
            f"{self.get_metric_display().removesuffix(' (%)').lower()} "
            f"{self.get_comparison_display().replace('the threshold', '')}"
            f"{formatting.percent(self.threshold)} in a calendar {self.period}"
        )


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
                {
                    "functions": _("Unknown function(s): %(functions)s.")
                    % {"functions": ", ".join(sorted(unknown))}
                }
            )
        if not self.functions:
            raise ValidationError({"functions": _("A phase covers at least one function.")})

    def function_labels(self) -> list[str]:
        return [Function(f).label for f in self.functions or [] if f in FULL_CYCLE]


class JobFamily(models.TextChoices):
    ENTRY = "entry", _("Entry level")
    PROFESSIONAL = "professional", _("Professional")
    SPECIALIST = "specialist", _("Specialist / technical")
    MANAGER = "manager", _("Manager")
    SENIOR_MANAGER = "senior_manager", _("Senior manager / director")
    EXECUTIVE = "executive", _("Executive")


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
        default=list, blank=True, help_text=_("Extra questions to ask the hiring manager.")
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
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

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
        return gettext("Intake: %(title)s") % {"title": self.job_title}

    def clean(self) -> None:
        check_salary_band(self.salary_min, self.salary_max)
