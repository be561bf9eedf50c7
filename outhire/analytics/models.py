"""Analytics: daily aggregates and facts the dashboards read, SLA alerts, surveys, reports, plans.

Dashboards never scan raw stage events. A periodic job (`aggregates.aggregates_refresh`) keeps
the aggregate tables below in step with the events written since its last run; `outhire
analytics-rebuild` rebuilds them from scratch. The KPI formulas are in `kpi.py` (pure Python).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.engagements.models import JobFamily

# --- aggregates and facts (derived data: rebuilt at will) -----------------------------------------


class ApplicationDay(ClientOwned):
    """Applications that entered a requisition's pipeline on `day`, by source and furthest kind.

    `furthest_kind` is the latest stage kind (in pipeline order) the application ever reached,
    so the funnel is a sum over these rows; `hires` counts those hired.
    """

    day = models.DateField()
    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="+", db_constraint=False
    )
    source = models.CharField(max_length=20, blank=True)
    furthest_kind = models.CharField(max_length=12, blank=True)
    applications = models.PositiveIntegerField(default=0)
    hires = models.PositiveIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["client", "day"]),
            models.Index(fields=["requisition", "day"]),
        ]


class StageDay(ClientOwned):
    """Stage events of a requisition on `day`, by the kind and status they moved to."""

    day = models.DateField()
    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="+", db_constraint=False
    )
    to_kind = models.CharField(max_length=12)
    to_status = models.CharField(max_length=10)
    events = models.PositiveIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["client", "day"]),
            models.Index(fields=["requisition", "day"]),
        ]


class RequisitionFact(ClientOwned):
    """One requisition's dates for the duration KPIs and SLA clocks, computed from its events."""

    requisition = models.OneToOneField(
        "requisitions.Requisition", models.CASCADE, related_name="analytics_fact"
    )
    department = models.CharField(max_length=120, blank=True)
    job_family = models.CharField(max_length=20, blank=True)
    status = models.CharField(max_length=20)
    approved_at = models.DateTimeField(null=True)
    first_shortlist_at = models.DateTimeField(null=True)
    active_applications = models.PositiveIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["client", "first_shortlist_at"])]


class HireFact(ClientOwned):
    """One hired application: entry into the pipeline and the hire, for time to hire."""

    application = models.OneToOneField(
        "pipeline.Application", models.CASCADE, related_name="analytics_hire"
    )
    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="+", db_constraint=False
    )
    source = models.CharField(max_length=20, blank=True)
    entered_at = models.DateTimeField()
    hired_at = models.DateTimeField()

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["client", "hired_at"])]


class Rollup(ClientOwned):
    """The requisition-level aggregates summed per client and department, by day and by month.

    What the dashboards read when no recruiter filter narrows them to some requisitions: a year
    of ten clients is a few thousand month rows instead of millions of event-days. A period is
    its whole months' MONTH rows plus the DAY rows of its partial months at either end. Rows are
    kept by the same periodic job as the tables they sum (`aggregates.py`).
    """

    class Grain(models.TextChoices):
        DAY = "day"
        MONTH = "month"  # `day` is the month's first day

    class Measure(models.TextChoices):
        FUNNEL = "funnel"  # key: furthest stage kind; count: applications that entered
        SOURCE = "source"  # key: source; count: applications that entered; hires: of those
        ACTIVITY = "activity"  # key: stage kind moved to; count: stage events

    grain = models.CharField(max_length=5, choices=Grain.choices)
    day = models.DateField()
    department = models.CharField(max_length=120, blank=True)
    measure = models.CharField(max_length=8, choices=Measure.choices)
    key = models.CharField(max_length=20, blank=True)
    count = models.PositiveIntegerField(default=0)
    hires = models.PositiveIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["client", "grain", "day"])]


class AggregateRun(models.Model):
    """Where the incremental refresh stopped: the last stage and requisition events it saw."""

    name = models.CharField(max_length=40, unique=True)
    last_stage_event_id = models.BigIntegerField(default=0)
    last_requisition_event_id = models.BigIntegerField(default=0)
    finished_at = models.DateTimeField(null=True)
    cells = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return self.name


# --- SLA clocks ---------------------------------------------------------------------------------


class SlaAlert(ClientOwned):
    """A warning or breach notice sent once for one clock (requisition target or scorecard)."""

    class Level(models.TextChoices):
        WARNING = "warning", gettext_lazy("Warning")
        BREACH = "breach", gettext_lazy("Breach")

    class Measure(models.TextChoices):
        FIRST_SHORTLIST = "first_shortlist", gettext_lazy("Days to first shortlist")
        FILL = "fill", gettext_lazy("Days to fill")
        FEEDBACK = "feedback", gettext_lazy("Interview feedback")

    measure = models.CharField(max_length=20, choices=Measure.choices)
    level = models.CharField(max_length=10, choices=Level.choices)
    # "requisition:12" or "scorecard:34": what the clock runs for
    subject = models.CharField(max_length=60)
    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, null=True, related_name="+"
    )
    target = models.DecimalField(max_digits=8, decimal_places=2)
    elapsed = models.DecimalField(max_digits=10, decimal_places=2)
    sent_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["measure", "subject", "level"], name="one_sla_alert_per_level"
            )
        ]


# --- surveys ------------------------------------------------------------------------------------


class SurveySettings(ClientOwned):
    """Which moments a client's candidates are asked how likely they are to recommend it."""

    after_applying = models.BooleanField(default=False)
    after_interview = models.BooleanField(default=True)
    after_rejection = models.BooleanField(default=True)
    after_hire = models.BooleanField(default=True)
    manager_rating = models.BooleanField(
        "ask hiring managers to rate each filled requisition", default=True
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client"], name="one_survey_settings_per_client")
        ]


class SurveyOptOut(models.Model):
    """A candidate who asked for no more surveys (from any client)."""

    candidate = models.OneToOneField(
        "candidates.Candidate", models.CASCADE, related_name="survey_opt_out"
    )
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Survey opt-out #{self.pk}"


class CandidateSurvey(ClientOwned):
    """One survey sent to a candidate about one application, at one moment; answered once."""

    class Moment(models.TextChoices):
        APPLIED = "applied", gettext_lazy("After applying")
        INTERVIEW = "interview", gettext_lazy("After an interview")
        REJECTED = "rejected", gettext_lazy("After rejection")
        HIRED = "hired", gettext_lazy("After hire")

    application = models.ForeignKey("pipeline.Application", models.CASCADE, related_name="surveys")
    moment = models.CharField(max_length=10, choices=Moment.choices)
    # What triggered it ("event:12", "interview:7"): one survey per trigger.
    trigger = models.CharField(max_length=40, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    score = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(10)]
    )
    comment = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["client", "responded_at"])]


class ManagerRating(ClientOwned):
    """A hiring manager's 1-5 satisfaction with one filled requisition; answered once."""

    requisition = models.ForeignKey(
        "requisitions.Requisition", models.CASCADE, related_name="manager_ratings"
    )
    manager = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(5)]
    )
    comment = models.TextField(blank=True)
    responded_at = models.DateTimeField(null=True, blank=True, db_index=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "manager"], name="one_rating_per_requisition_manager"
            )
        ]


# --- reports ------------------------------------------------------------------------------------


class MonthlyReport(ClientOwned):
    """A client's report for one month: the numbers are computed on demand, the commentary kept."""

    month = models.DateField(help_text="The first day of the month reported on.")
    commentary = models.TextField(blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    emailed_at = models.DateTimeField(null=True, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["client", "month"], name="one_report_per_month")
        ]

    def __str__(self) -> str:
        return f"Report {self.month:%B %Y}"


# --- workforce planning -------------------------------------------------------------------------


class WorkforcePlan(ClientOwned):
    """Headcount wanted for one role family at the end of one quarter."""

    job_family = models.CharField("role family", max_length=20, choices=JobFamily.choices)
    year = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    quarter = models.PositiveSmallIntegerField(
        validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    target_headcount = models.PositiveIntegerField()
    current_headcount = models.PositiveIntegerField()
    attrition_rate = models.DecimalField(
        "expected attrition per quarter (%)",
        max_digits=5,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["year", "quarter", "job_family"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "job_family", "year", "quarter"], name="one_plan_row_per_quarter"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_job_family_display()} {self.year} Q{self.quarter}"


class PlanningSettings(ClientOwned):
    """Per-client planning assumptions (the default comes from ANALYTICS_HIRES_PER_RECRUITER)."""

    hires_per_recruiter_per_quarter = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1)]
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["client"], name="one_planning_settings_per_client")
        ]
