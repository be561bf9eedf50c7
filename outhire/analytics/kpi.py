"""Recruiting KPIs as pure formulas (plain Python: no Django, no database).

Callers turn rows (requisitions, openings, stage events, offers, hires, costs, surveys) into the
small frozen dataclasses below and get back small result dataclasses carrying the number AND the
counts it was computed from. A KPI with no data is `None`, never a ZeroDivisionError.

Sources, one per formula (details in each docstring and in docs/kpis.md):

- time to fill: SHRM's definition (calendar days from the approved requisition to the opening
  being filled, i.e. the offer accepted);
- time to hire: the candidate's entry into the pipeline to the offer accepted (SHRM / LinkedIn
  Talent Solutions usage, distinct from time to fill);
- cost per hire: ANSI/SHRM 06001.2012 "Cost-Per-Hire" standard, CPH = (external costs + internal
  costs) / total hires in the period;
- quality of hire: mean of normalised post-hire indicators (LinkedIn Global Recruiting Trends /
  SHRM practice), with the three indicators DESIGN.md names;
- candidate NPS: Bain & Company's Net Promoter Score (Reichheld, "The One Number You Need to
  Grow", HBR 2003): % promoters (9-10) - % detractors (0-6);
- the others (funnel conversion, time in stage, offer acceptance, retention, source
  effectiveness, feedback turnaround, workload, SLA) are plain ratios and durations defined here.

Conventions: durations are fractional calendar days (hours for feedback); the 90th percentile
is the *nearest-rank* percentile (the smallest value with at least 90% of the values at or
below it), so it is always one of the observed values; money is `Decimal` and is never rounded
here (round for display only). Moments may be dates or datetimes, but one kind throughout a
call: Python cannot compare a date with a datetime.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

# The stage kinds in pipeline order, as `outhire.requisitions.models.StageKind` lists them
# (copied, not imported, so this module stays free of Django; a test checks they agree).
KINDS = ("sourced", "applied", "screen", "submitted", "assessment", "interview", "offer", "hired")
KIND_ORDER = {kind: n for n, kind in enumerate(KINDS)}
SHORTLIST_KIND = "submitted"
ACTIVE = "active"
UNKNOWN_SOURCE = "unknown"
RETENTION_90_DAYS = 90
RETENTION_1_YEAR = 365
DAY = 86400.0
HOUR = 3600.0

Moment = datetime | date


# --- inputs -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class OpeningFacts:
    """One seat of a requisition: when the requisition was approved and when the seat was filled."""

    approved_at: Moment | None
    filled_at: Moment | None = None


@dataclass(frozen=True)
class Move:
    """One stage event of an application (StageEvent's `at`, kinds and new status)."""

    at: datetime
    from_kind: str
    to_kind: str
    to_status: str = ACTIVE

    def __post_init__(self):
        if self.to_kind not in KIND_ORDER:
            raise ValueError(f"Unknown stage kind {self.to_kind!r}; expected one of {KINDS}.")


@dataclass(frozen=True)
class ApplicationFacts:
    """One application: entry into the pipeline, hire (offer accepted) if any, source, moves."""

    entered_at: datetime
    hired_at: datetime | None = None
    source: str = ""
    events: Sequence[Move] = ()


@dataclass(frozen=True)
class RequisitionFacts:
    """A requisition's approval and its applications (for time to first shortlist)."""

    approved_at: datetime | None
    applications: Sequence[ApplicationFacts] = ()


@dataclass(frozen=True)
class Offer:
    """An offer: resolved once the candidate accepted or declined (or it was withdrawn/expired)."""

    resolved: bool
    accepted: bool = False

    def __post_init__(self):
        if self.accepted and not self.resolved:
            raise ValueError("An accepted offer is resolved.")


def _check_rating(value, low, high, what):
    if value is not None and not low <= value <= high:
        raise ValueError(f"{what} must be between {low} and {high}, not {value!r}.")


@dataclass(frozen=True)
class Hire:
    """A hire and what is known after it: departure, performance and manager ratings (1-5)."""

    hired_at: Moment
    left_at: Moment | None = None
    performance: float | None = None
    manager_satisfaction: float | None = None

    def __post_init__(self):
        _check_rating(self.performance, 1, 5, "A performance rating")
        _check_rating(self.manager_satisfaction, 1, 5, "A manager satisfaction rating")


@dataclass(frozen=True)
class CostEntry:
    """One recruiting cost of the period; `external` per ANSI/SHRM 06001.2012's split."""

    amount: Decimal
    category: str
    external: bool
    source: str | None = None  # set when the cost belongs to one sourcing channel

    def __post_init__(self):
        # A float cannot hold most cents exactly (0.1 is 0.1000000000000000055...).
        if isinstance(self.amount, float):
            raise TypeError("Give money as a Decimal (or an int), not a float.")
        object.__setattr__(self, "amount", Decimal(self.amount))


@dataclass(frozen=True)
class SurveyAnswer:
    """A candidate's answer to "How likely are you to recommend...?" on the 0-10 scale."""

    score: int

    def __post_init__(self):
        if not (isinstance(self.score, int) and 0 <= self.score <= 10):
            raise ValueError(f"An NPS answer is a whole number from 0 to 10, not {self.score!r}.")


@dataclass(frozen=True)
class Feedback:
    """An interview and its scorecard: when the interview ended and when feedback came in."""

    interview_ended_at: datetime
    submitted_at: datetime | None = None


@dataclass(frozen=True)
class RequisitionLoad:
    """A requisition's recruiter, whether it is open, and how many applications are active."""

    recruiter: str | None
    is_open: bool
    active_applications: int = 0


# --- results ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class DurationStats:
    """Median, mean and nearest-rank 90th percentile of `n` durations; `excluded` were left out."""

    n: int
    median: float | None
    mean: float | None
    p90: float | None
    minimum: float | None
    maximum: float | None
    excluded: int = 0


@dataclass(frozen=True)
class Rate:
    """`part` of `whole` (None when `whole` is 0); `excluded` items did not count."""

    part: int
    whole: int
    rate: float | None
    excluded: int = 0


@dataclass(frozen=True)
class CostPerHire:
    hires: int
    total: Decimal
    external: Decimal
    internal: Decimal
    per_hire: Decimal | None
    external_per_hire: Decimal | None
    internal_per_hire: Decimal | None
    by_category: dict[str, Decimal] = field(default_factory=dict)  # totals, not per hire
    entries: int = 0

    def category_per_hire(self, category: str) -> Decimal | None:
        if not self.hires:
            return None
        return self.by_category.get(category, Decimal(0)) / self.hires


@dataclass(frozen=True)
class QualityOfHire:
    """Mean per-hire score (0-100) over `n` hires; `excluded` had no indicator yet."""

    n: int
    score: float | None
    excluded: int
    performance: float | None  # mean of each normalised indicator, where known
    retained_90_days: float | None
    manager_satisfaction: float | None


@dataclass(frozen=True)
class NetPromoterScore:
    n: int
    promoters: int
    passives: int
    detractors: int
    score: float | None  # -100..100


@dataclass(frozen=True)
class Mean:
    n: int
    mean: float | None


@dataclass(frozen=True)
class FunnelStep:
    kind: str
    reached: int  # applications that reached this kind or a later one
    next_kind: str | None
    conversion: float | None  # reached(next) / reached(this)


@dataclass(frozen=True)
class SourceStats:
    source: str
    applicants: int
    hires: int
    hire_rate: float | None
    cost: Decimal
    cost_per_hire: Decimal | None


@dataclass(frozen=True)
class FeedbackTurnaround:
    n: int  # scorecards submitted
    median_hours: float | None
    mean_hours: float | None
    within_sla: int
    overdue: int  # not submitted and already past the SLA at `as_of`
    pending: int  # not submitted, all of them
    within_sla_share: float | None  # within / (submitted + overdue)


@dataclass(frozen=True)
class Workload:
    recruiter: str | None
    open_requisitions: int
    active_applications: int


@dataclass(frozen=True)
class SlaResult:
    target: float | Decimal
    actual: float | Decimal | None
    higher_is_better: bool
    met: bool | None  # None when nothing was measured
    breach: float | Decimal | None  # how far past the target (0 when met)


@dataclass(frozen=True)
class SlaCompliance:
    """How many measured items meet one target, with each breach listed."""

    target: float | Decimal
    measured: int
    met: int
    share: float | None
    breaches: dict[str, SlaResult]
    unmeasured: int


# --- helpers ------------------------------------------------------------------------------------


def nearest_rank(values: Sequence[float], percentile: float) -> float | None:
    """The nearest-rank percentile: the value at rank ceil(p/100 * n) of the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(percentile / 100 * len(ordered)))
    return ordered[rank - 1]


def duration_stats(values: Iterable[float], excluded: int = 0) -> DurationStats:
    """Median, mean, nearest-rank p90, min and max of durations (all None when there are none)."""
    values = list(values)
    if not values:
        return DurationStats(0, None, None, None, None, None, excluded)
    return DurationStats(
        n=len(values),
        median=statistics.median(values),
        mean=statistics.fmean(values),
        p90=nearest_rank(values, 90),
        minimum=min(values),
        maximum=max(values),
        excluded=excluded,
    )


def days_between(start: Moment, end: Moment) -> float:
    return (end - start).total_seconds() / DAY


def _rate(part: int, whole: int, excluded: int = 0) -> Rate:
    return Rate(part, whole, part / whole if whole else None, excluded)


def _spans(pairs: Iterable[tuple[Moment | None, Moment | None]], unit: float) -> DurationStats:
    # A pair with a missing end (not filled yet) or an end before its start (bad data) is left
    # out and counted, so the report can say how many.
    values, excluded = [], 0
    for start, end in pairs:
        if start is None or end is None or end < start:
            excluded += 1
        else:
            values.append((end - start).total_seconds() / unit)
    return duration_stats(values, excluded)


def spans_in_microseconds(spans: Iterable[int | None], unit: float) -> DurationStats:
    """The same as the pairs' spans when each is already `end - start` in whole microseconds
    (None for a missing end): timedelta.total_seconds() is exactly microseconds / 10**6, so the
    values are identical to the ones computed from the timestamps."""
    spans = list(spans)
    values = [span / 10**6 / unit for span in spans if span is not None and span >= 0]
    return duration_stats(values, len(spans) - len(values))


def _moves(application: ApplicationFacts) -> list[Move]:
    return sorted(application.events, key=lambda m: m.at)


# --- KPIs ---------------------------------------------------------------------------------------


def time_to_fill(openings: Iterable[OpeningFacts]) -> DurationStats:
    """Days from the requisition's approval to the opening being filled, per opening filled.

    Source: SHRM's time-to-fill definition (calendar days from the approved job requisition to
    the offer accepted). Openings not filled yet (or missing an approval date) are `excluded`.
    """
    return _spans(((o.approved_at, o.filled_at) for o in openings), DAY)


def time_to_hire(applications: Iterable[ApplicationFacts]) -> DurationStats:
    """Days from the candidate entering the pipeline to being hired (offer accepted), per hire.

    Source: SHRM / LinkedIn Talent Solutions' time-to-hire (the candidate's side of the
    process, as opposed to time to fill). Applications not hired are `excluded`.
    """
    return _spans(((a.entered_at, a.hired_at) for a in applications), DAY)


def first_shortlist_at(requisition: RequisitionFacts) -> datetime | None:
    """When the first application reached `submitted` (or a later kind, reached directly)."""
    times = [
        move.at
        for application in requisition.applications
        for move in application.events
        if KIND_ORDER[move.to_kind] >= KIND_ORDER[SHORTLIST_KIND]
    ]
    return min(times, default=None)


def time_to_first_shortlist(requisitions: Iterable[RequisitionFacts]) -> DurationStats:
    """Days from the requisition's approval to its first application submitted to the client.

    The provider's speed of response (DESIGN.md). Requisitions with no shortlist yet are
    `excluded`.
    """
    return _spans(((r.approved_at, first_shortlist_at(r)) for r in requisitions), DAY)


def cost_per_hire(costs: Iterable[CostEntry], hires: int) -> CostPerHire:
    """Cost per hire per ANSI/SHRM 06001.2012: (external costs + internal costs) / total hires.

    `costs` and `hires` cover the same period. Also the external-only and internal-only parts
    and totals by category; with no hires every per-hire figure is None.
    """
    if hires < 0:
        raise ValueError("The number of hires cannot be negative.")
    external = internal = Decimal(0)
    by_category: dict[str, Decimal] = {}
    entries = 0
    for cost in costs:
        entries += 1
        amount = cost.amount
        if cost.external:
            external += amount
        else:
            internal += amount
        by_category[cost.category] = by_category.get(cost.category, Decimal(0)) + amount
    total = external + internal
    return CostPerHire(
        hires=hires,
        total=total,
        external=external,
        internal=internal,
        per_hire=total / hires if hires else None,
        external_per_hire=external / hires if hires else None,
        internal_per_hire=internal / hires if hires else None,
        by_category=by_category,
        entries=entries,
    )


def offer_acceptance_rate(offers: Iterable[Offer]) -> Rate:
    """Offers accepted / offers resolved; offers still open are `excluded` (counted apart)."""
    offers = list(offers)
    resolved = [o for o in offers if o.resolved]
    accepted = sum(1 for o in resolved if o.accepted)
    return _rate(accepted, len(resolved), len(offers) - len(resolved))


def _rating_to_100(rating: float) -> float:
    return (rating - 1) / 4 * 100


def _retained(hire: Hire, days: int, as_of: Moment) -> bool | None:
    """Still employed at the mark (True/False), or None when the mark has not passed yet."""
    mark = hire.hired_at + timedelta(days=days)
    if as_of < mark:
        return None
    return hire.left_at is None or hire.left_at >= mark


def quality_of_hire(hires: Iterable[Hire], as_of: Moment) -> QualityOfHire:
    """Mean of normalised post-hire indicators, per hire, then averaged over hires (0-100).

    Source: the quality-of-hire practice of LinkedIn's Global Recruiting Trends and SHRM
    (an average of normalised indicators), with DESIGN.md's three indicators:
    performance rating 1-5 -> 0-100, retained at 90 days -> 0 or 100 (only once the 90-day mark
    has passed at `as_of`), hiring manager satisfaction 1-5 -> 0-100. A hire with no indicator
    yet is left out and counted in `excluded`.
    """
    scores: list[float] = []
    performance: list[float] = []
    retained: list[float] = []
    satisfaction: list[float] = []
    excluded = 0
    for hire in hires:
        indicators = []
        if hire.performance is not None:
            performance.append(_rating_to_100(hire.performance))
            indicators.append(performance[-1])
        kept = _retained(hire, RETENTION_90_DAYS, as_of)
        if kept is not None:
            retained.append(100.0 if kept else 0.0)
            indicators.append(retained[-1])
        if hire.manager_satisfaction is not None:
            satisfaction.append(_rating_to_100(hire.manager_satisfaction))
            indicators.append(satisfaction[-1])
        if indicators:
            scores.append(statistics.fmean(indicators))
        else:
            excluded += 1

    def mean(values):
        return statistics.fmean(values) if values else None

    return QualityOfHire(
        n=len(scores),
        score=mean(scores),
        excluded=excluded,
        performance=mean(performance),
        retained_90_days=mean(retained),
        manager_satisfaction=mean(satisfaction),
    )


def retention(hires: Iterable[Hire], as_of: Moment, days: int) -> Rate:
    """Hires still employed `days` after their start / hires whose mark has passed at `as_of`.

    A hire counts as retained unless they left before the mark. Hires whose mark is still ahead
    are `excluded`, so a young cohort does not look perfectly retained.
    """
    kept = whole = excluded = 0
    for hire in hires:
        outcome = _retained(hire, days, as_of)
        if outcome is None:
            excluded += 1
        else:
            whole += 1
            kept += outcome
    return _rate(kept, whole, excluded)


def retention_at_90_days(hires: Iterable[Hire], as_of: Moment) -> Rate:
    """Retention at 90 days (see `retention`)."""
    return retention(hires, as_of, RETENTION_90_DAYS)


def retention_at_1_year(hires: Iterable[Hire], as_of: Moment) -> Rate:
    """Retention at one year, counted as 365 days (see `retention`)."""
    return retention(hires, as_of, RETENTION_1_YEAR)


def candidate_nps(answers: Iterable[SurveyAnswer]) -> NetPromoterScore:
    """Net Promoter Score: % promoters (9-10) - % detractors (0-6), from -100 to 100.

    Source: Bain & Company's Net Promoter Score (F. Reichheld, "The One Number You Need to
    Grow", Harvard Business Review, December 2003). Passives (7-8) count only in the total.
    """
    scores = [a.score for a in answers]
    promoters = sum(1 for s in scores if s >= 9)
    detractors = sum(1 for s in scores if s <= 6)
    n = len(scores)
    return NetPromoterScore(
        n=n,
        promoters=promoters,
        passives=n - promoters - detractors,
        detractors=detractors,
        score=(promoters - detractors) * 100 / n if n else None,
    )


def hiring_manager_satisfaction(ratings: Iterable[float]) -> Mean:
    """Mean of hiring managers' 1-5 satisfaction ratings."""
    ratings = list(ratings)
    for rating in ratings:
        _check_rating(rating, 1, 5, "A satisfaction rating")
    return Mean(len(ratings), statistics.fmean(ratings) if ratings else None)


def furthest_kind(application: ApplicationFacts) -> str | None:
    """The latest kind in pipeline order the application ever reached (None with no moves)."""
    if not application.events:
        return None
    return max((m.to_kind for m in application.events), key=KIND_ORDER.__getitem__)


def funnel_conversion(applications: Iterable[ApplicationFacts]) -> list[FunnelStep]:
    """For each kind in pipeline order, applications that reached it (or a later kind), and the
    conversion to the next kind: reached(next) / reached(this).

    An application counts at every kind up to the furthest it reached, so a kind skipped on the
    way (sourced straight to screen) still counts, and the counts never increase along the
    pipeline. Applications with no moves are not in the funnel.
    """
    counts: dict[str, int] = {}
    for kind in map(furthest_kind, applications):
        if kind is not None:
            counts[kind] = counts.get(kind, 0) + 1
    return funnel_from_counts(counts)


def funnel_from_counts(furthest: Mapping[str, int]) -> list[FunnelStep]:
    """The funnel of `funnel_conversion` from counts of applications by their furthest kind.

    What daily aggregates keep: {furthest kind: applications}. Unknown or blank kinds (an
    application without moves) are not in the funnel.
    """
    reached = [
        sum(n for kind, n in furthest.items() if KIND_ORDER.get(kind, -1) >= step)
        for step in range(len(KINDS))
    ]
    steps = []
    for n, kind in enumerate(KINDS):
        last = n == len(KINDS) - 1
        steps.append(
            FunnelStep(
                kind=kind,
                reached=reached[n],
                next_kind=None if last else KINDS[n + 1],
                conversion=None if last or not reached[n] else reached[n + 1] / reached[n],
            )
        )
    return steps


def stage_stints(
    application: ApplicationFacts, as_of: datetime | None = None
) -> tuple[list[tuple[str, float]], str | None]:
    """The (kind, days) stints of one application, and the kind it is still in (if any).

    A stint starts when the application enters a kind while active, and ends at the next move to
    another kind or at a move that closes it (rejected, withdrawn, hired). A move within the same
    kind does not end it. The stint it is still in counts up to `as_of` only when `as_of` is given.
    """
    stints: list[tuple[str, float]] = []
    current: tuple[str, datetime] | None = None
    for move in _moves(application):
        if current and (move.to_kind != current[0] or move.to_status != ACTIVE):
            stints.append((current[0], days_between(current[1], move.at)))
            current = None
        if move.to_status == ACTIVE and current is None:
            current = (move.to_kind, move.at)
    if current and as_of is not None and as_of >= current[1]:
        stints.append((current[0], days_between(current[1], as_of)))
        return stints, None
    return stints, current[0] if current else None


def time_in_stage(
    applications: Iterable[ApplicationFacts], as_of: datetime | None = None
) -> dict[str, DurationStats]:
    """Median and mean days applications spent in each stage kind, from consecutive moves.

    By default only finished stints count, and an application still in a stage is `excluded`
    for that kind; pass `as_of` to count that stint up to `as_of` instead. A return to a kind
    (reopened, moved back) is a second stint. Every kind is listed, in pipeline order.
    """
    values: dict[str, list[float]] = {kind: [] for kind in KINDS}
    ongoing: dict[str, int] = {kind: 0 for kind in KINDS}
    for application in applications:
        stints, still_in = stage_stints(application, as_of)
        for kind, days in stints:
            values[kind].append(days)
        if still_in is not None:
            ongoing[still_in] += 1
    return {kind: duration_stats(values[kind], ongoing[kind]) for kind in KINDS}


def source_effectiveness(
    applications: Iterable[ApplicationFacts], costs: Iterable[CostEntry] = ()
) -> dict[str, SourceStats]:
    """Per source: applicants, hires, hire rate (hires / applicants) and cost per hire.

    Cost per hire by source follows ANSI/SHRM 06001.2012's formula on the costs tagged with that
    source only (untagged costs are not spread over sources). A blank source is "unknown".
    """
    applicants: dict[str, int] = {}
    hires: dict[str, int] = {}
    for application in applications:
        source = application.source or UNKNOWN_SOURCE
        applicants[source] = applicants.get(source, 0) + 1
        hires[source] = hires.get(source, 0) + (application.hired_at is not None)
    return source_effectiveness_from_counts(applicants, hires, costs)


def source_effectiveness_from_counts(
    applicants: Mapping[str, int], hires: Mapping[str, int], costs: Iterable[CostEntry] = ()
) -> dict[str, SourceStats]:
    """`source_effectiveness` from counts of applicants and hires by source (daily aggregates)."""
    applicants = _merge_blank(applicants)
    hires = _merge_blank(hires)
    spent: dict[str, Decimal] = {}
    for cost in costs:
        if cost.source is not None:
            source = cost.source or UNKNOWN_SOURCE
            spent[source] = spent.get(source, Decimal(0)) + cost.amount
    result = {}
    for source in sorted(set(applicants) | set(spent)):
        n, hired = applicants.get(source, 0), hires.get(source, 0)
        cost = spent.get(source, Decimal(0))
        result[source] = SourceStats(
            source=source,
            applicants=n,
            hires=hired,
            hire_rate=hired / n if n else None,
            cost=cost,
            cost_per_hire=cost / hired if hired else None,
        )
    return result


def _merge_blank(counts: Mapping[str, int]) -> dict[str, int]:
    merged: dict[str, int] = {}
    for source, n in counts.items():
        key = source or UNKNOWN_SOURCE
        merged[key] = merged.get(key, 0) + n
    return merged


def feedback_turnaround(
    feedback: Iterable[Feedback], sla_hours: float = 24, as_of: datetime | None = None
) -> FeedbackTurnaround:
    """Hours from the end of an interview to its scorecard, and the share within `sla_hours`.

    Scorecards not submitted are `pending`; those already past the SLA at `as_of` are `overdue`
    and count as misses in the share, so waiting does not flatter it. A scorecard dated before
    the interview's end (a clock or data-entry slip) counts as 0 hours.
    """
    hours: list[float] = []
    pending = overdue = 0
    for item in feedback:
        if item.submitted_at is None:
            pending += 1
            waited = (as_of - item.interview_ended_at).total_seconds() / HOUR if as_of else 0
            overdue += waited > sla_hours
        else:
            hours.append(
                max(0.0, (item.submitted_at - item.interview_ended_at).total_seconds() / HOUR)
            )
    within = sum(1 for h in hours if h <= sla_hours)
    judged = len(hours) + overdue
    return FeedbackTurnaround(
        n=len(hours),
        median_hours=statistics.median(hours) if hours else None,
        mean_hours=statistics.fmean(hours) if hours else None,
        within_sla=within,
        overdue=overdue,
        pending=pending,
        within_sla_share=within / judged if judged else None,
    )


def recruiter_workload(requisitions: Iterable[RequisitionLoad]) -> dict[str | None, Workload]:
    """Open requisitions and active applications on them, per recruiter (None: unassigned)."""
    counts: dict[str | None, list[int]] = {}
    for req in requisitions:
        if not req.is_open:
            continue
        row = counts.setdefault(req.recruiter, [0, 0])
        row[0] += 1
        row[1] += req.active_applications
    # Named recruiters alphabetically, the unassigned last.
    order = sorted(counts, key=lambda recruiter: (recruiter is None, recruiter or ""))
    return {recruiter: Workload(recruiter, *counts[recruiter]) for recruiter in order}


def sla_check(target, actual, higher_is_better: bool = False) -> SlaResult:
    """Whether `actual` meets `target`, and by how much it misses (0 when met).

    Lower is better for durations (days to shortlist); higher for rates (offer acceptance).
    Meeting the target exactly counts as met.
    """
    if actual is None:
        return SlaResult(target, None, higher_is_better, None, None)
    gap = target - actual if higher_is_better else actual - target
    met = gap <= 0
    return SlaResult(target, actual, higher_is_better, met, type(gap)(0) if met else gap)


def sla_compliance(
    target, measured: Mapping[str, float | Decimal | None], higher_is_better: bool = False
) -> SlaCompliance:
    """Share of items (requisitions, say) meeting one target, with the breaches listed by label."""
    checks = {label: sla_check(target, v, higher_is_better) for label, v in measured.items()}
    judged = [c for c in checks.values() if c.met is not None]
    met = sum(1 for c in judged if c.met)
    return SlaCompliance(
        target=target,
        measured=len(judged),
        met=met,
        share=met / len(judged) if judged else None,
        breaches={label: c for label, c in checks.items() if c.met is False},
        unmeasured=len(checks) - len(judged),
    )
