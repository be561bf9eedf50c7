"""Requisitions, their approval chain, openings, and the pipeline each one runs.

A requisition moves draft -> pending approval -> open <-> on hold -> filled or cancelled; every
transition is a RequisitionEvent (who, when, why), never edited. Each opening keeps when it was
opened and filled, for time to fill. Pipeline templates are copied into a requisition's own
stages when it opens, so a client can change its template without rewriting history.
"""

from __future__ import annotations

from functools import cache
from zoneinfo import available_timezones

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from outhire.accounts.tenancy import ClientOwned, ClientOwnedQuerySet
from outhire.approvals.models import ApprovalRuleBase, ApprovalStepBase


class StageKind(models.TextChoices):
    """The fixed kinds every client's own stages map to (DESIGN.md), in pipeline order."""

    SOURCED = "sourced", gettext_lazy("Sourced")
    APPLIED = "applied", gettext_lazy("Applied")
    SCREEN = "screen", gettext_lazy("Screen")
    SUBMITTED = "submitted", gettext_lazy("Submitted to the client")
    ASSESSMENT = "assessment", gettext_lazy("Assessment")
    INTERVIEW = "interview", gettext_lazy("Interview")
    OFFER = "offer", gettext_lazy("Offer")
    HIRED = "hired", gettext_lazy("Hired")


KIND_ORDER = {kind.value: n for n, kind in enumerate(StageKind)}
# From `submitted` on, the client's hiring team sees the application.
CLIENT_VISIBLE_KINDS = frozenset(k for k, n in KIND_ORDER.items() if n >= KIND_ORDER["submitted"])


@cache
def time_zone_names() -> frozenset[str]:
    """The IANA time zone names this system knows (read once)."""
    return frozenset(available_timezones())


# Codes CLDR names that are not ISO 3166-1 alpha-2 countries: exceptional reservations
# (Ascension, Clipperton, Sark, Diego Garcia, Ceuta and Melilla, Canary Islands, Tristan da
# Cunha), groupings (EU, EZ, UN, QO), pseudo-locales and Kosovo's user-assigned code, unknown.
NOT_ISO_COUNTRIES = frozenset(
    {"AC", "CP", "CQ", "DG", "EA", "IC", "TA", "EU", "EZ", "UN", "QO", "XA", "XB", "XK", "ZZ"}
)


@cache
def country_names() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> English name, sorted by name (from Babel's CLDR data)."""
    from babel import Locale

    names = {
        code: name
        for code, name in Locale("en").territories.items()
        if len(code) == 2 and code.isalpha() and code not in NOT_ISO_COUNTRIES
    }
    return dict(sorted(names.items(), key=lambda item: item[1]))


def check_salary_band(salary_min, salary_max) -> None:
    """Refuse a band upside down (shared by intakes and requisitions)."""
    if salary_min is not None and salary_max is not None and salary_max < salary_min:
        raise ValidationError({"salary_max": _("The top of the band is below its bottom.")})


class RemotePolicy(models.TextChoices):
    ON_SITE = "on_site", gettext_lazy("On site")
    HYBRID = "hybrid", gettext_lazy("Hybrid")
    REMOTE = "remote", gettext_lazy("Remote")


class PipelineTemplate(ClientOwned):
    name = models.CharField(max_length=120)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["-is_default", "name"]

    def __str__(self) -> str:
        return self.name


class TemplateStage(ClientOwned):
    template = models.ForeignKey(PipelineTemplate, models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=StageKind.choices)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]


class ApprovalRule(ApprovalRuleBase):
    """One step of a client's requisition approval chain: `approver` decides at `position`."""

    AUDIT_NAME = "approval_rule"

    class Meta(ApprovalRuleBase.Meta):
        constraints = [
            models.UniqueConstraint(fields=["client", "approver"], name="one_rule_per_approver")
        ]


class RequisitionQuerySet(ClientOwnedQuerySet):
    def open(self) -> RequisitionQuerySet:
        return self.filter(status=Requisition.Status.OPEN)


class Requisition(ClientOwned):
    class Status(models.TextChoices):
        DRAFT = "draft", gettext_lazy("Draft")
        PENDING_APPROVAL = "pending_approval", gettext_lazy("Pending approval")
        OPEN = "open", gettext_lazy("Open")
        ON_HOLD = "on_hold", gettext_lazy("On hold")
        FILLED = "filled", gettext_lazy("Filled")
        CANCELLED = "cancelled", gettext_lazy("Cancelled")

    class EmploymentType(models.TextChoices):
        PERMANENT = "permanent", gettext_lazy("Permanent")
        FIXED_TERM = "fixed_term", gettext_lazy("Fixed term")
        CONTRACT = "contract", gettext_lazy("Contractor")
        PART_TIME = "part_time", gettext_lazy("Part time")
        INTERNSHIP = "internship", gettext_lazy("Internship")

    class Priority(models.TextChoices):
        LOW = "low", gettext_lazy("Low")
        NORMAL = "normal", gettext_lazy("Normal")
        HIGH = "high", gettext_lazy("High")
        CRITICAL = "critical", gettext_lazy("Critical")

    engagement = models.ForeignKey(
        "engagements.Engagement",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="requisitions",
    )
    intake = models.OneToOneField(
        "engagements.Intake",
        models.SET_NULL,
        null=True,
        blank=True,
        related_name="requisition",
    )
    reference = models.CharField(max_length=30, blank=True, db_index=True)
    title = models.CharField(max_length=200)
    department = models.CharField(max_length=120, blank=True)
    location = models.CharField(max_length=200, blank=True)
    # ISO 3166-1 alpha-2 of where the job is: it picks the self-identification questions asked
    # and the retention policy that applies (outhire.privacy).
    country = models.CharField(max_length=2, blank=True)
    remote_policy = models.CharField(
        max_length=10, choices=RemotePolicy.choices, default=RemotePolicy.ON_SITE
    )
    employment_type = models.CharField(
        max_length=12, choices=EmploymentType.choices, default=EmploymentType.PERMANENT
    )
    salary_min = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_max = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    salary_currency = models.CharField(max_length=3, default="EUR")
    openings = models.PositiveSmallIntegerField(default=1, validators=[MinValueValidator(1)])
    priority = models.CharField(max_length=10, choices=Priority.choices, default=Priority.NORMAL)
    hiring_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recruiters = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="+")
    target_start = models.DateField(null=True, blank=True)
    # Where the job is (an IANA name such as "Europe/Berlin"): interviews for it are offered
    # and shown to candidates in this zone by default.
    time_zone = models.CharField(max_length=64, blank=True)
    description = models.TextField(blank=True)
    must_have_skills = models.JSONField(default=list, blank=True)
    nice_to_have_skills = models.JSONField(default=list, blank=True)
    pipeline_template = models.ForeignKey(
        PipelineTemplate, models.SET_NULL, null=True, blank=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    approved_at = models.DateTimeField(null=True, blank=True)
    opened_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    # Raised on every change, so two people editing at once cannot overwrite each other.
    version = models.PositiveIntegerField(default=1)
    # Opened free of charge under the engagement's replacement guarantee: its hire is not
    # invoiced (billing's GuaranteeClaim names the hire it replaces).
    is_replacement = models.BooleanField(gettext_lazy("free replacement"), default=False)

    objects = RequisitionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        check_salary_band(self.salary_min, self.salary_max)
        if self.time_zone and self.time_zone not in time_zone_names():
            raise ValidationError({"time_zone": _("Choose a time zone from the list.")})
        if self.country and self.country not in country_names():
            raise ValidationError(
                {"country": _("Choose a country from the list (an ISO 3166-1 two-letter code).")}
            )

    @property
    def is_closed(self) -> bool:
        return self.status in {self.Status.FILLED, self.Status.CANCELLED}


class RequisitionEvent(ClientOwned):
    """A status change of a requisition. Append-only."""

    requisition = models.ForeignKey(Requisition, models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["at", "id"]


class Approval(ApprovalStepBase):
    """One approver's decision on one round of a requisition's approval."""

    SUBJECT = "requisition"

    requisition = models.ForeignKey(Requisition, models.CASCADE, related_name="approvals")

    class Meta(ApprovalStepBase.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["requisition", "round", "position"], name="one_approval_per_step"
            )
        ]


class Opening(ClientOwned):
    """One seat of a requisition: opened when the requisition opens, filled by a hire."""

    requisition = models.ForeignKey(Requisition, models.CASCADE, related_name="opening_set")
    number = models.PositiveSmallIntegerField()
    opened_at = models.DateTimeField(null=True, blank=True)
    filled_at = models.DateTimeField(null=True, blank=True)
    filled_by = models.OneToOneField(
        "pipeline.Application", models.SET_NULL, null=True, blank=True, related_name="opening"
    )

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["requisition", "number"], name="unique_opening_number")
        ]


class Stage(ClientOwned):
    """A requisition's own stage. Removing one archives it: past events still point at it."""

    requisition = models.ForeignKey(Requisition, models.CASCADE, related_name="stages")
    position = models.PositiveSmallIntegerField()
    name = models.CharField(max_length=80)
    kind = models.CharField(max_length=12, choices=StageKind.choices)
    archived = models.BooleanField(default=False)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def client_visible(self) -> bool:
        return self.kind in CLIENT_VISIBLE_KINDS


class Competency(ClientOwned):
    """A competency on the requisition's scorecard, from the intake."""

    requisition = models.ForeignKey(Requisition, models.CASCADE, related_name="competencies")
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]


class DispositionReason(ClientOwned):
    """Why an application was rejected or withdrawn, from the client's own list."""

    class AppliesTo(models.TextChoices):
        REJECTED = "rejected", gettext_lazy("Rejected by us or the client")
        WITHDRAWN = "withdrawn", gettext_lazy("Withdrawn by the candidate")

    name = models.CharField(max_length=120)
    applies_to = models.CharField(
        max_length=10, choices=AppliesTo.choices, default=AppliesTo.REJECTED
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        # Moved here from pipeline; the table keeps its name (no data to move).
        db_table = "pipeline_dispositionreason"
        ordering = ["applies_to", "position", "name"]

    def __str__(self) -> str:
        return self.name


class ScreeningQuestion(ClientOwned):
    """A question the apply form asks for one requisition.

    A knockout answer flags the application for a person's review; it never rejects anyone
    by itself (see DESIGN.md, "AI in screening").
    """

    class Kind(models.TextChoices):
        YES_NO = "yes_no", gettext_lazy("Yes or no")
        CHOICE = "choice", gettext_lazy("One of several choices")
        NUMBER = "number", gettext_lazy("Number")
        TEXT = "text", gettext_lazy("Free text")

    requisition = models.ForeignKey(Requisition, models.CASCADE, related_name="screening_questions")
    position = models.PositiveSmallIntegerField(default=0)
    text = models.CharField(max_length=300)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    choices = models.JSONField(default=list, blank=True)
    required = models.BooleanField(default=True)
    # Which answers flag for review: {"equals": "no"}, {"in": ["A", "B"]}, {"min": 3}, {"max": 10}.
    knockout = models.JSONField(default=dict, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.text

    def is_knockout(self, answer: str) -> bool:
        """Whether `answer` (as the form gives it, a string) is one that needs a person's look."""
        rule = self.knockout or {}
        answer = (answer or "").strip()
        if "equals" in rule:
            return answer.casefold() == str(rule["equals"]).casefold()
        if "in" in rule:
            return answer.casefold() in {str(v).casefold() for v in rule["in"]}
        if "min" in rule or "max" in rule:
            try:
                number = float(answer)
            except ValueError:
                return False
            if "min" in rule and number < float(rule["min"]):
                return True
            return "max" in rule and number > float(rule["max"])
        return False
