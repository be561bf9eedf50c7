"""The KPIs of a client (or several) over a period, as the dashboards, reports and API show them.

`kpis_from_aggregates` reads the daily aggregates and facts (what pages use, at any size);
`kpis_from_events` computes the event-derived KPIs from the raw stage events through the same
formulas (the reference: a test checks both agree). Both run a fixed number of queries whatever
the data size, and read `values()`, never model instances.

Periods are [start, end) in UTC days. What counts in a period:
- time to fill: openings filled in it; time to hire and hires: hires made in it;
- time to first shortlist: requisitions whose first shortlist happened in it;
- funnel and source mix: applications that entered the pipeline in it;
- offer acceptance: offers resolved in it; cost per hire: costs incurred in it / hires in it;
- retention at 90 days / 1 year and quality of hire: the cohort whose 90-day (or 1-year) mark
  fell in it; candidate NPS and manager satisfaction: answers given in it;
- feedback turnaround: scorecards of interviews that ended in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from django.apps import apps
from django.db.models import BigIntegerField, Count, Func, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from outhire.analytics import kpi
from outhire.analytics.models import (
    ApplicationDay,
    CandidateSurvey,
    HireFact,
    ManagerRating,
    RequisitionFact,
    Rollup,
    StageDay,
)

EXTERNAL_FALLBACK = {
    "advertising",
    "agency_fees",
    "rpo_fees",
    "assessments",
    "background_checks",
    "travel",
    "relocation",
    "sign_on_bonus",
    "referral_awards",
    "other_external",
}


def optional_model(label: str):
    """A model of an app built alongside this one, or None while it does not exist."""
    try:
        return apps.get_model(label)
    except LookupError:
        return None


def moment(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


@dataclass(frozen=True)
class Scope:
    """Whose data and which period: clients, [start, end) days, optional department/recruiter."""

    client_ids: tuple[int, ...]
    start: date
    end: date
    department: str = ""
    recruiter_id: int | None = None

    @property
    def filtered(self) -> bool:
        return bool(self.department or self.recruiter_id)

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    def previous(self) -> Scope:
        length = self.end - self.start
        return Scope(
            self.client_ids, self.start - length, self.start, self.department, self.recruiter_id
        )

    @property
    def start_at(self) -> datetime:
        return moment(self.start)

    @property
    def end_at(self) -> datetime:
        return moment(self.end)

    @property
    def as_of(self) -> datetime:
        return min(self.end_at, timezone.now())

    def requisitions(self):
        from outhire.requisitions.models import Requisition

        qs = Requisition.objects.filter(client_id__in=self.client_ids)
        if self.department:
            qs = qs.filter(department=self.department)
        if self.recruiter_id:
            qs = qs.filter(recruiters=self.recruiter_id)
        return qs.values("id")

    def scoped(self, qs, path: str = "requisition_id"):
        """`qs` of these clients, narrowed to the department/recruiter's requisitions."""
        qs = qs.filter(client_id__in=self.client_ids)
        if self.filtered:
            qs = qs.filter(**{f"{path}__in": self.requisitions()})
        return qs


@dataclass
class Kpis:
    scope: Scope
    time_to_fill: kpi.DurationStats
    fill_days: list[float]
    time_to_hire: kpi.DurationStats
    time_to_first_shortlist: kpi.DurationStats
    hires: int
    funnel: list[kpi.FunnelStep]
    sources: dict[str, kpi.SourceStats]
    cost_per_hire: kpi.CostPerHire | None = None
    offer_acceptance: kpi.Rate | None = None
    quality: kpi.QualityOfHire | None = None
    retention_90: kpi.Rate | None = None
    retention_1y: kpi.Rate | None = None
    nps: kpi.NetPromoterScore | None = None
    manager_satisfaction: kpi.Mean | None = None
    feedback: kpi.FeedbackTurnaround | None = None
    activity: dict[str, int] = field(default_factory=dict)
    currency: str = ""
    # Per client, for the provider's table (from the same rows; aggregates only)
    fill_days_by_client: dict[int, list[float]] = field(default_factory=dict)
    hires_by_client: dict[int, int] = field(default_factory=dict)

    def headline(self) -> dict[str, float | Decimal | None]:
        """The tile numbers by KPI key (what reports and the command print)."""

        def rate(r):
            return None if r is None or r.rate is None else r.rate * 100

        return {
            "time_to_fill_days": self.time_to_fill.median,
            "time_to_hire_days": self.time_to_hire.median,
            "time_to_first_shortlist_days": self.time_to_first_shortlist.median,
            "cost_per_hire": self.cost_per_hire.per_hire if self.cost_per_hire else None,
            "offer_acceptance_pct": rate(self.offer_acceptance),
            "quality_of_hire": self.quality.score if self.quality else None,
            "retention_90_days_pct": rate(self.retention_90),
            "retention_1_year_pct": rate(self.retention_1y),
            "candidate_nps": self.nps.score if self.nps else None,
            "manager_satisfaction": (
                self.manager_satisfaction.mean if self.manager_satisfaction else None
            ),
            "feedback_turnaround_hours": self.feedback.median_hours if self.feedback else None,
            "hires": self.hires,
        }


# --- event-derived KPIs from the aggregates -----------------------------------------------------


def rollup_period(scope: Scope) -> Q:
    """The roll-up rows that make up [start, end): its whole months' MONTH rows and the DAY rows
    of the partial months at either end."""
    first_whole = scope.start if scope.start.day == 1 else _next_month(scope.start)
    after_whole = scope.end.replace(day=1)
    day = Q(grain=Rollup.Grain.DAY)
    if first_whole >= after_whole:
        return day & Q(day__gte=scope.start, day__lt=scope.end)
    return (
        Q(grain=Rollup.Grain.MONTH, day__gte=first_whole, day__lt=after_whole)
        | day & Q(day__gte=scope.start, day__lt=first_whole)
        | day & Q(day__gte=after_whole, day__lt=scope.end)
    )


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _counts(scope: Scope) -> tuple[dict, dict, dict, dict]:
    """Applications by furthest kind, applicants and hires by source, and stage events by kind
    in the period: from the roll-ups (one query) unless a recruiter narrows the scope to some
    requisitions, then from the requisition-level aggregates."""
    furthest: dict[str, int] = {}
    applicants: dict[str, int] = {}
    hired: dict[str, int] = {}
    activity: dict[str, int] = {}
    if not scope.recruiter_id:
        rows = Rollup.objects.filter(client_id__in=scope.client_ids).filter(rollup_period(scope))
        if scope.department:
            rows = rows.filter(department=scope.department)
        into = {
            Rollup.Measure.FUNNEL: furthest,
            Rollup.Measure.SOURCE: applicants,
            Rollup.Measure.ACTIVITY: activity,
        }
        for measure, key, n, h in (
            rows.order_by().values_list("measure", "key").annotate(n=Sum("count"), h=Sum("hires"))
        ):
            into[measure][key] = n
            if measure == Rollup.Measure.SOURCE:
                hired[key] = h
        return furthest, applicants, hired, activity
    days = scope.scoped(
        ApplicationDay.objects.filter(day__gte=scope.start, day__lt=scope.end)
    ).order_by()
    for kind, source, n, h in days.values_list("furthest_kind", "source").annotate(
        n=Sum("applications"), h=Sum("hires")
    ):
        furthest[kind] = furthest.get(kind, 0) + n
        applicants[source] = applicants.get(source, 0) + n
        hired[source] = hired.get(source, 0) + h
    activity = dict(
        scope.scoped(StageDay.objects.filter(day__gte=scope.start, day__lt=scope.end))
        .order_by()
        .values_list("to_kind")
        .annotate(n=Sum("events"))
    )
    return furthest, applicants, hired, activity


class Microseconds(Func):
    """`end - start` in whole microseconds (NULL when either is), computed by the database.

    At dashboard scale, loading two timestamps a row into Python costs far more than the query
    (on PostgreSQL about 10 µs each): one integer a row is cheap. The subtraction is Django's own
    for the backend; PostgreSQL's interval is turned into microseconds.
    """

    output_field = BigIntegerField()
    arity = 2

    @property
    def convert_value(self):
        # The database answers an integer (or NULL) already: nothing to convert a row.
        return self._convert_value_noop

    def as_sql(self, compiler, connection, **extra):
        end, start = (compiler.compile(e) for e in self.get_source_expressions())
        sql, params = connection.ops.subtract_temporals("DateTimeField", end, start)
        if connection.vendor == "postgresql":
            sql = f"(EXTRACT(EPOCH FROM {sql}) * 1000000)::bigint"
        return sql, params

    def as_sqlite(self, compiler, connection, **extra):
        # Django's own subtraction on SQLite is a Python function called per row; this is the
        # same number from SQLite's C functions. Django stores "YYYY-MM-DD HH:MM:SS[.ffffff]"
        # in UTC: whole seconds from strftime('%s') of the first 19 characters (given the
        # fraction, SQLite would round it to milliseconds and carry .9999995 into the next
        # second), microseconds from the six digits after the dot (none written when zero,
        # hence the padding).
        (end, end_params), (start, start_params) = (
            compiler.compile(e) for e in self.get_source_expressions()
        )

        def micros(sql):
            return (
                f"(CAST(strftime('%%s', substr({sql}, 1, 19)) AS INTEGER) * 1000000"
                f" + CAST(substr({sql} || '.000000', 21, 6) AS INTEGER))"
            )

        return (
            f"({micros(end)} - {micros(start)})",
            (*end_params, *end_params, *start_params, *start_params),
        )


def _fill_spans(scope: Scope) -> list[tuple[int, int | None]]:
    """(client, approval to fill in microseconds) of each opening filled in the period."""
    from outhire.requisitions.models import Opening

    return list(
        scope.scoped(
            Opening.objects.filter(filled_at__gte=scope.start_at, filled_at__lt=scope.end_at)
        )
        .annotate(span=Microseconds("filled_at", "requisition__approved_at"))
        .values_list("client_id", "span")
    )


def _days(span: int | None) -> float | None:
    return None if span is None or span < 0 else span / 10**6 / kpi.DAY


def kpis_from_aggregates(scope: Scope, *, engagement_feedback_hours: int | None = None) -> Kpis:
    """All KPIs of `scope` from the aggregates (a constant number of queries)."""
    fills = _fill_spans(scope)
    hires = list(
        scope.scoped(
            HireFact.objects.filter(hired_at__gte=scope.start_at, hired_at__lt=scope.end_at)
        )
        .annotate(span=Microseconds("hired_at", "entered_at"))
        .values_list("client_id", "span")
    )
    fill_days_by_client: dict[int, list[float]] = {}
    for client_id, span in fills:
        days = _days(span)
        if days is not None:
            fill_days_by_client.setdefault(client_id, []).append(days)
    hires_by_client: dict[int, int] = {}
    for client_id, _span in hires:
        hires_by_client[client_id] = hires_by_client.get(client_id, 0) + 1
    shortlists = (
        scope.scoped(
            RequisitionFact.objects.filter(
                first_shortlist_at__gte=scope.start_at, first_shortlist_at__lt=scope.end_at
            )
        )
        .annotate(span=Microseconds("first_shortlist_at", "approved_at"))
        .values_list("span", flat=True)
    )
    furthest, applicants, hired, activity = _counts(scope)
    costs, kpis_currency = _costs(scope) or (None, "")
    kpis = Kpis(
        scope=scope,
        time_to_fill=kpi.spans_in_microseconds((span for _, span in fills), kpi.DAY),
        fill_days=sorted(days for days_list in fill_days_by_client.values() for days in days_list),
        time_to_hire=kpi.spans_in_microseconds((span for _, span in hires), kpi.DAY),
        time_to_first_shortlist=kpi.spans_in_microseconds(shortlists, kpi.DAY),
        hires=len(hires),
        funnel=kpi.funnel_from_counts(furthest),
        sources=kpi.source_effectiveness_from_counts(applicants, hired, costs or ()),
        activity={kind: activity.get(kind, 0) for kind in kpi.KINDS},
        currency=kpis_currency,
        fill_days_by_client=fill_days_by_client,
        hires_by_client=hires_by_client,
    )
    _add_outcomes(kpis, costs, engagement_feedback_hours)
    return kpis


# --- the same from raw events (the reference) -----------------------------------------------------


def kpis_from_events(scope: Scope, *, engagement_feedback_hours: int | None = None) -> Kpis:
    """All KPIs of `scope` with the event-derived ones computed from raw stage events."""
    from outhire.pipeline.models import Application, StageEvent
    from outhire.requisitions.models import Opening, Requisition

    openings = [
        kpi.OpeningFacts(approved, filled)
        for approved, filled in scope.scoped(
            Opening.objects.filter(filled_at__gte=scope.start_at, filled_at__lt=scope.end_at)
        ).values_list("requisition__approved_at", "filled_at")
    ]
    hire_events = scope.scoped(
        StageEvent.objects.filter(to_status="hired"), "application__requisition_id"
    ).values_list("application_id", "at")
    last_hire: dict[int, datetime] = {}
    for application_id, at in hire_events:
        last_hire[application_id] = max(at, last_hire.get(application_id, at))
    hired_apps = dict(
        scope.scoped(Application.objects.filter(status="hired")).values_list("id", "created_at")
    )
    hire_facts = [
        kpi.ApplicationFacts(entered_at=hired_apps[a], hired_at=at)
        for a, at in last_hire.items()
        if a in hired_apps and scope.start_at <= at < scope.end_at
    ]
    # Time to first shortlist: requisitions with their applications' moves.
    requisitions = dict(
        Requisition.objects.filter(pk__in=scope.requisitions()).values_list("id", "approved_at")
    )
    moves: dict[int, list] = {}
    for requisition_id, at, from_kind, to_kind, to_status in scope.scoped(
        StageEvent.objects.all(), "application__requisition_id"
    ).values_list("application__requisition_id", "at", "from_kind", "to_kind", "to_status"):
        moves.setdefault(requisition_id, []).append(kpi.Move(at, from_kind, to_kind, to_status))
    shortlisted = []
    for pk, approved in requisitions.items():
        facts = kpi.RequisitionFacts(
            approved, [kpi.ApplicationFacts(entered_at=approved, events=moves.get(pk, []))]
        )
        first = kpi.first_shortlist_at(facts)
        if first is not None and scope.start_at <= first < scope.end_at:
            shortlisted.append(facts)
    # Funnel and sources: applications that entered in the period, with their moves.
    entered = scope.scoped(
        Application.objects.filter(created_at__gte=scope.start_at, created_at__lt=scope.end_at)
    )
    app_moves: dict[int, list] = {}
    for application_id, at, from_kind, to_kind, to_status in StageEvent.objects.filter(
        application__in=entered.values("id")
    ).values_list("application_id", "at", "from_kind", "to_kind", "to_status"):
        app_moves.setdefault(application_id, []).append(kpi.Move(at, from_kind, to_kind, to_status))
    applications = [
        kpi.ApplicationFacts(
            entered_at=created,
            hired_at=created if status == "hired" else None,
            source=source,
            events=app_moves.get(pk, []),
        )
        for pk, created, status, source in entered.values_list(
            "id", "created_at", "status", "source"
        )
    ]
    activity: dict[str, int] = {kind: 0 for kind in kpi.KINDS}
    for kind in scope.scoped(
        StageEvent.objects.filter(at__gte=scope.start_at, at__lt=scope.end_at),
        "application__requisition_id",
    ).values_list("to_kind", flat=True):
        activity[kind] = activity.get(kind, 0) + 1
    costs, kpis_currency = _costs(scope) or (None, "")
    kpis = Kpis(
        scope=scope,
        time_to_fill=kpi.time_to_fill(openings),
        fill_days=sorted(
            kpi.days_between(o.approved_at, o.filled_at)
            for o in openings
            if o.approved_at and o.filled_at and o.filled_at >= o.approved_at
        ),
        time_to_hire=kpi.time_to_hire(hire_facts),
        time_to_first_shortlist=kpi.time_to_first_shortlist(shortlisted),
        hires=len(hire_facts),
        funnel=kpi.funnel_conversion(applications),
        sources=kpi.source_effectiveness(applications, costs or ()),
        activity=activity,
        currency=kpis_currency,
    )
    _add_outcomes(kpis, costs, engagement_feedback_hours)
    return kpis


# --- outcomes that are not stage events (shared by both paths) ----------------------------


def _costs(scope: Scope) -> tuple[list[kpi.CostEntry], str] | None:
    """The period's costs in one currency (the one most entries use: amounts of different
    currencies are never summed), and that currency; None while the costs app is absent."""
    CostEntry = optional_model("costs.CostEntry")
    if CostEntry is None:
        return None
    try:
        from outhire.costs.models import EXTERNAL_CATEGORIES as external
    except ImportError:
        external = EXTERNAL_FALLBACK
    qs = CostEntry.objects.filter(
        client_id__in=scope.client_ids, incurred_on__gte=scope.start, incurred_on__lt=scope.end
    )
    if hasattr(qs, "counted"):
        qs = qs.counted()
    if scope.filtered:
        qs = qs.filter(requisition_id__in=scope.requisitions())
    rows = list(qs.values_list("amount", "category", "channel", "currency"))
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[3]] = counts.get(row[3], 0) + 1
    currency = max(sorted(counts), key=counts.__getitem__, default="")
    entries = [
        kpi.CostEntry(
            amount=amount,
            category=category,
            external=category in external,
            source=channel or None,
        )
        for amount, category, channel, cur in rows
        if cur == currency
    ]
    return entries, currency


def _add_outcomes(kpis: Kpis, costs, feedback_hours: int | None) -> None:
    scope = kpis.scope
    if costs is not None:
        kpis.cost_per_hire = kpi.cost_per_hire(costs, kpis.hires)
    Offer = optional_model("offers.Offer")
    if Offer is not None:
        rows = scope.scoped(
            Offer.objects.filter(
                Q(resolved_at__gte=scope.start_at, resolved_at__lt=scope.end_at)
                | Q(resolved_at__isnull=True, created_at__lt=scope.end_at)
                & ~Q(status__in=["accepted", "declined", "withdrawn", "expired"])
            ),
            "application__requisition_id",
        ).values_list("status", flat=True)
        kpis.offer_acceptance = kpi.offer_acceptance_rate(
            kpi.Offer(
                resolved=s in {"accepted", "declined", "withdrawn", "expired"},
                accepted=s == "accepted",
            )
            for s in rows
        )
    _add_hire_outcomes(kpis)
    answers = scope.scoped(
        CandidateSurvey.objects.filter(
            responded_at__gte=scope.start_at, responded_at__lt=scope.end_at
        ),
        "application__requisition_id",
    ).values_list("score", flat=True)
    kpis.nps = kpi.candidate_nps(kpi.SurveyAnswer(s) for s in answers if s is not None)
    ratings = scope.scoped(
        ManagerRating.objects.filter(
            responded_at__gte=scope.start_at, responded_at__lt=scope.end_at
        )
    ).values_list("rating", flat=True)
    kpis.manager_satisfaction = kpi.hiring_manager_satisfaction(r for r in ratings if r is not None)
    Scorecard = optional_model("interviews.Scorecard")
    if Scorecard is not None:
        rows = scope.scoped(
            Scorecard.objects.filter(
                interview__ends_at__gte=scope.start_at, interview__ends_at__lt=scope.end_at
            ).exclude(interview__status="cancelled"),
            "interview__application__requisition_id",
        ).values_list("interview__ends_at", "submitted_at")
        kpis.feedback = kpi.feedback_turnaround(
            (kpi.Feedback(ended, submitted) for ended, submitted in rows),
            sla_hours=feedback_hours or 24,
            as_of=scope.as_of,
        )


def _add_hire_outcomes(kpis: Kpis) -> None:
    """Quality of hire and retention, from the offers app's hires and post-hire reviews."""
    Hire = optional_model("offers.Hire")
    if Hire is None:
        return
    scope = kpis.scope
    earliest = scope.start_at - timedelta(days=kpi.RETENTION_1_YEAR)
    rows = list(
        scope.scoped(
            Hire.objects.filter(hired_at__gte=earliest, hired_at__lt=scope.end_at)
        ).values_list("id", "hired_at", "left_on")
    )
    reviews: dict[int, tuple] = {}
    PostHireReview = optional_model("offers.PostHireReview")
    if PostHireReview is not None:
        for hire_id, performance, satisfaction in (
            PostHireReview.objects.filter(
                hire_id__in=[r[0] for r in rows], submitted_at__isnull=False
            )
            .order_by("submitted_at", "id")
            .values_list("hire_id", "performance", "satisfaction")
        ):
            old = reviews.get(hire_id, (None, None))
            reviews[hire_id] = (
                performance if performance is not None else old[0],
                satisfaction if satisfaction is not None else old[1],
            )

    def hire(row):
        pk, hired_at, left_on = row
        performance, satisfaction = reviews.get(pk, (None, None))
        left = moment(left_on) if left_on else None
        return kpi.Hire(hired_at, left, performance, satisfaction)

    def cohort(days: int):
        low = scope.start_at - timedelta(days=days)
        high = scope.end_at - timedelta(days=days)
        return [hire(r) for r in rows if low <= r[1] < high]

    as_of = scope.end_at
    kpis.quality = kpi.quality_of_hire(cohort(kpi.RETENTION_90_DAYS), as_of)
    kpis.retention_90 = kpi.retention_at_90_days(cohort(kpi.RETENTION_90_DAYS), as_of)
    kpis.retention_1y = kpi.retention_at_1_year(cohort(kpi.RETENTION_1_YEAR), as_of)


# --- trends and lists for the pages ---------------------------------------------------------------


def nps_trend(scope: Scope, months: int = 6) -> list[dict]:
    """Candidate NPS per calendar month, for the `months` months ending with the period's end."""
    first = scope.end.replace(day=1)
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
    rows = (
        scope.scoped(
            CandidateSurvey.objects.filter(
                responded_at__gte=moment(first), responded_at__lt=scope.end_at
            ),
            "application__requisition_id",
        )
        .annotate(month=TruncMonth("responded_at", tzinfo=UTC))
        .order_by()
        .values("month")
        .annotate(
            n=Count("id"),
            promoters=Count("id", filter=Q(score__gte=9)),
            detractors=Count("id", filter=Q(score__lte=6)),
        )
    )
    found = {
        (row["month"].date() if isinstance(row["month"], datetime) else row["month"]): row
        for row in rows
    }
    trend, month = [], first
    for _ in range(months):
        row = found.get(month, {"n": 0, "promoters": 0, "detractors": 0})
        score = (row["promoters"] - row["detractors"]) * 100 / row["n"] if row["n"] else None
        trend.append({"month": month, "n": row["n"], "score": score})
        month = (month + timedelta(days=32)).replace(day=1)
    return trend


def workload(scope: Scope) -> dict:
    """Open requisitions and their active applications, per recruiter (from the facts)."""
    from outhire.requisitions.models import Requisition

    Through = Requisition.recruiters.through
    facts = dict(
        scope.scoped(RequisitionFact.objects.filter(status="open")).values_list(
            "requisition_id", "active_applications"
        )
    )
    assigned: dict[int, list[str]] = {}
    for requisition_id, name in Through.objects.filter(requisition_id__in=list(facts)).values_list(
        "requisition_id", "user__full_name"
    ):
        assigned.setdefault(requisition_id, []).append(name)
    loads = [
        kpi.RequisitionLoad(recruiter, True, active)
        for requisition_id, active in facts.items()
        for recruiter in assigned.get(requisition_id, [None])
    ]
    return kpi.recruiter_workload(loads)
