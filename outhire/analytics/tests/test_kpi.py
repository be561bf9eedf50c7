"""The KPI formulas on numbers worked out by hand, their edge cases, and their invariants."""

from __future__ import annotations

import ast
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from outhire.analytics import kpi
from outhire.analytics.kpi import (
    ApplicationFacts,
    CostEntry,
    Feedback,
    Hire,
    Move,
    Offer,
    OpeningFacts,
    RequisitionFacts,
    RequisitionLoad,
    SurveyAnswer,
)

JAN_1 = datetime(2026, 1, 1)
SOME = settings(max_examples=80, deadline=None, database=None)


def day(n: float, hour: float = 0) -> datetime:
    """Midnight of 2026-01-`n`, plus `hour` hours."""
    return JAN_1 + timedelta(days=n - 1, hours=hour)


def path(*steps, source=""):
    """An application from (at, to_kind[, to_status]) steps; the first step is its creation."""
    moves, previous = [], ""
    for step in steps:
        at, kind, status = (*step, "active") if len(step) == 2 else step
        moves.append(Move(at, previous, kind, status))
        previous = kind
    hired = next((m.at for m in moves if m.to_status == "hired"), None)
    return ApplicationFacts(entered_at=moves[0].at, hired_at=hired, source=source, events=moves)


# --- the module itself ---------------------------------------------------------------------------


def test_it_imports_neither_django_nor_the_apps():
    tree = ast.parse(Path(kpi.__file__).read_text())
    imported = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            imported.append(node.module or "")
    assert "statistics" in imported
    assert not [m for m in imported if m.split(".")[0] in ("django", "outhire")]


def test_its_kinds_follow_the_pipeline_order_of_stage_kind():
    from outhire.requisitions.models import StageKind

    assert tuple(kind.value for kind in StageKind) == kpi.KINDS


def test_an_unknown_stage_kind_is_refused():
    with pytest.raises(ValueError, match="Unknown stage kind"):
        Move(JAN_1, "", "lunch")


# --- durations -----------------------------------------------------------------------------------


def test_nearest_rank_p90():
    # 1..10: rank ceil(0.9 * 10) = 9 -> 9. 1..11: rank ceil(9.9) = 10 -> 10. One value: itself.
    assert kpi.nearest_rank(list(range(1, 11)), 90) == 9
    assert kpi.nearest_rank(list(range(11, 0, -1)), 90) == 10
    assert kpi.nearest_rank([4.5], 90) == 4.5
    assert kpi.nearest_rank([], 90) is None


def test_time_to_fill_per_opening_filled():
    # Approved Jan 1; filled after 10, 20, 30.5 and 40 days. Sorted: 10, 20, 30.5, 40.
    # Median (20 + 30.5) / 2 = 25.25; mean 100.5 / 4 = 25.125; p90 rank ceil(3.6) = 4 -> 40.
    # Not filled yet, and no approval date: excluded (2).
    openings = [
        OpeningFacts(JAN_1, day(11)),
        OpeningFacts(JAN_1, day(21)),
        OpeningFacts(JAN_1, day(31, 12)),
        OpeningFacts(JAN_1, day(41)),
        OpeningFacts(JAN_1, None),
        OpeningFacts(None, day(5)),
    ]
    stats = kpi.time_to_fill(openings)
    assert (stats.n, stats.median, stats.mean, stats.p90) == (4, 25.25, 25.125, 40)
    assert (stats.minimum, stats.maximum, stats.excluded) == (10, 40, 2)


def test_time_to_fill_with_nothing_filled_is_undefined():
    assert kpi.time_to_fill([]) == kpi.DurationStats(0, None, None, None, None, None, 0)
    stats = kpi.time_to_fill([OpeningFacts(JAN_1)])
    assert (stats.n, stats.median, stats.excluded) == (0, None, 1)


def test_time_to_fill_of_a_single_opening_and_of_bad_data():
    stats = kpi.time_to_fill([OpeningFacts(JAN_1, day(8)), OpeningFacts(day(8), JAN_1)])
    # 7 days; filled before approval is bad data: left out and counted.
    assert (stats.n, stats.median, stats.mean, stats.p90, stats.excluded) == (1, 7, 7, 7, 1)


def test_time_to_hire_from_entry_to_offer_accepted():
    # Entered Jan 1 09:00, hired Jan 15 21:00: 14.5 days. Entered Jan 1, hired Jan 2: 1 day.
    # Median = mean = 7.75; p90 rank ceil(1.8) = 2 -> 14.5. The one not hired is excluded.
    applications = [
        ApplicationFacts(day(1, 9), day(15, 21)),
        ApplicationFacts(day(1), day(2)),
        ApplicationFacts(day(1)),
    ]
    stats = kpi.time_to_hire(applications)
    assert (stats.n, stats.median, stats.mean, stats.p90, stats.excluded) == (
        2,
        7.75,
        7.75,
        14.5,
        1,
    )
    assert kpi.time_to_hire([]).median is None


def test_time_to_first_shortlist():
    # Requisition 1, approved Jan 1: A reaches `submitted` Jan 6; B skips it and goes straight
    # to `interview` on Jan 5, which counts: 4 days. Requisition 2 has no shortlist: excluded.
    # Requisition 3, approved Feb 1, first submitted Feb 3 at noon: 2.5 days. Median 3.25.
    a = path((day(2), "sourced"), (day(3), "screen"), (day(6), "submitted"))
    b = path((day(2), "applied"), (day(5), "interview"))
    c = path((day(2), "applied"), (day(3), "screen"))
    d = path((day(32), "applied"), (day(34, 12), "submitted"))
    requisitions = [
        RequisitionFacts(JAN_1, [a, b]),
        RequisitionFacts(JAN_1, [c]),
        RequisitionFacts(day(32), [d]),
    ]
    assert kpi.first_shortlist_at(requisitions[0]) == day(5)
    stats = kpi.time_to_first_shortlist(requisitions)
    assert (stats.n, stats.median, stats.mean, stats.excluded) == (2, 3.25, 3.25, 1)
    assert kpi.time_to_first_shortlist([RequisitionFacts(JAN_1)]).n == 0


# --- cost per hire -------------------------------------------------------------------------------

COSTS = [
    CostEntry(Decimal("1000.00"), "advertising", external=True, source="linkedin"),
    CostEntry(Decimal("8000.00"), "agency fees", external=True),
    CostEntry(Decimal("250.00"), "background checks", external=True),
    CostEntry(Decimal("250.00"), "background checks", external=True),
    CostEntry(Decimal("3000.00"), "recruiter time", external=False),
    CostEntry(Decimal("500.00"), "technology", external=False),
]


def test_cost_per_hire_per_ansi_shrm():
    # External 1000 + 8000 + 250 + 250 = 9500; internal 3000 + 500 = 3500; total 13000.
    # 4 hires: 13000 / 4 = 3250; external 2375; internal 875; background checks 500 / 4 = 125.
    result = kpi.cost_per_hire(COSTS, hires=4)
    assert (result.total, result.external, result.internal) == (13000, 9500, 3500)
    assert result.per_hire == Decimal("3250")
    assert (result.external_per_hire, result.internal_per_hire) == (2375, 875)
    assert result.by_category["background checks"] == 500
    assert result.category_per_hire("background checks") == 125
    assert result.category_per_hire("relocation") == 0
    assert result.entries == 6


def test_cost_per_hire_with_zero_hires_keeps_the_totals_only():
    result = kpi.cost_per_hire(COSTS, hires=0)
    assert result.total == 13000
    assert result.per_hire is None and result.external_per_hire is None
    assert result.category_per_hire("technology") is None
    empty = kpi.cost_per_hire([], hires=3)
    assert (empty.total, empty.per_hire) == (0, 0)
    with pytest.raises(ValueError):
        kpi.cost_per_hire([], hires=-1)


def test_money_must_not_be_a_float():
    with pytest.raises(TypeError, match="Decimal"):
        CostEntry(0.1, "advertising", external=True)
    assert CostEntry(12, "advertising", external=True).amount == Decimal(12)


# --- offers, quality, retention ------------------------------------------------------------------


def test_offer_acceptance_rate_over_resolved_offers():
    # 3 accepted, 1 declined, 1 still open: 3 / 4 = 0.75, the open one counted apart.
    offers = [Offer(True, True)] * 3 + [Offer(True, False), Offer(False)]
    assert kpi.offer_acceptance_rate(offers) == kpi.Rate(3, 4, 0.75, 1)


def test_offer_acceptance_rate_without_resolved_offers_is_undefined():
    assert kpi.offer_acceptance_rate([]) == kpi.Rate(0, 0, None, 0)
    assert kpi.offer_acceptance_rate([Offer(False), Offer(False)]) == kpi.Rate(0, 0, None, 2)
    assert kpi.offer_acceptance_rate([Offer(True, False)]).rate == 0
    with pytest.raises(ValueError, match="accepted offer is resolved"):
        Offer(resolved=False, accepted=True)


def test_quality_of_hire_averages_normalised_indicators_per_hire():
    # As of 2026-06-01 (ratings r -> (r - 1) / 4 * 100):
    # A: performance 4 -> 75, retained past Apr 1 -> 100, satisfaction 5 -> 100: 275 / 3.
    # B: left Feb 1, before the mark -> 0, satisfaction 2 -> 25: 12.5.
    # C: hired May 15, mark not passed; performance 3 -> 50: 50.
    # D: hired May 20, nothing known: excluded.
    # Score (91.667 + 12.5 + 50) / 3 = 51.389; performance (75 + 50) / 2 = 62.5;
    # retained (100 + 0) / 2 = 50; satisfaction (100 + 25) / 2 = 62.5.
    hires = [
        Hire(date(2026, 1, 1), performance=4, manager_satisfaction=5),
        Hire(date(2026, 1, 1), left_at=date(2026, 2, 1), manager_satisfaction=2),
        Hire(date(2026, 5, 15), performance=3),
        Hire(date(2026, 5, 20)),
    ]
    result = kpi.quality_of_hire(hires, as_of=date(2026, 6, 1))
    assert (result.n, result.excluded) == (3, 1)
    assert result.score == pytest.approx((275 / 3 + 12.5 + 50) / 3)
    assert result.score == pytest.approx(51.389, abs=1e-3)
    assert (result.performance, result.retained_90_days, result.manager_satisfaction) == (
        62.5,
        50,
        62.5,
    )


def test_quality_of_hire_without_indicators_is_undefined():
    assert kpi.quality_of_hire([], as_of=date(2026, 1, 1)).score is None
    result = kpi.quality_of_hire([Hire(date(2026, 1, 1))], as_of=date(2026, 1, 2))
    assert (result.n, result.score, result.excluded) == (0, None, 1)
    with pytest.raises(ValueError, match="between 1 and 5"):
        Hire(date(2026, 1, 1), performance=0)


def test_retention_counts_only_hires_past_the_mark():
    # As of 2027-01-15:
    # H1 hired 2026-01-01, still here: retained at 90 days and at 1 year (mark 2027-01-01).
    # H2 hired 2026-01-01, left 2026-03-01 (day 59): lost at both marks.
    # H3 hired 2026-03-01, left 2026-12-01: retained at 90 days; 1-year mark ahead: excluded.
    # H4 hired 2026-12-01: both marks ahead: excluded.
    # 90 days: 2 / 3, 1 excluded. One year: 1 / 2, 2 excluded.
    hires = [
        Hire(date(2026, 1, 1)),
        Hire(date(2026, 1, 1), left_at=date(2026, 3, 1)),
        Hire(date(2026, 3, 1), left_at=date(2026, 12, 1)),
        Hire(date(2026, 12, 1)),
    ]
    as_of = date(2027, 1, 15)
    assert kpi.retention_at_90_days(hires, as_of) == kpi.Rate(2, 3, 2 / 3, 1)
    assert kpi.retention_at_1_year(hires, as_of) == kpi.Rate(1, 2, 0.5, 2)


def test_retention_edge_cases():
    as_of = date(2026, 6, 1)
    assert kpi.retention_at_90_days([], as_of) == kpi.Rate(0, 0, None, 0)
    # Hired May 1: the 90-day mark is ahead, so nobody is in the cohort yet.
    assert kpi.retention_at_90_days([Hire(date(2026, 5, 1))], as_of).rate is None
    # Leaving on the day of the mark is still being employed at it (day 90 of 90).
    hire = Hire(date(2026, 1, 1), left_at=date(2026, 4, 1))
    assert kpi.retention_at_90_days([hire], as_of).rate == 1


# --- surveys -------------------------------------------------------------------------------------


def test_candidate_nps():
    # Promoters 10, 10, 9, 9, 9 (5); passives 8, 7 (2); detractors 6, 2, 0 (3).
    # 50% - 30% = 20.
    answers = [SurveyAnswer(s) for s in (10, 10, 9, 9, 9, 8, 7, 6, 2, 0)]
    assert kpi.candidate_nps(answers) == kpi.NetPromoterScore(10, 5, 2, 3, 20)


def test_candidate_nps_edges():
    assert kpi.candidate_nps([]).score is None
    assert kpi.candidate_nps([SurveyAnswer(9)]).score == 100
    assert kpi.candidate_nps([SurveyAnswer(0), SurveyAnswer(6)]).score == -100
    assert kpi.candidate_nps([SurveyAnswer(7), SurveyAnswer(8)]).score == 0
    for bad in (11, -1, 7.5):
        with pytest.raises(ValueError, match="0 to 10"):
            SurveyAnswer(bad)


def test_hiring_manager_satisfaction():
    # (5 + 4 + 4 + 3) / 4 = 4.
    assert kpi.hiring_manager_satisfaction([5, 4, 4, 3]) == kpi.Mean(4, 4.0)
    assert kpi.hiring_manager_satisfaction([]) == kpi.Mean(0, None)
    with pytest.raises(ValueError):
        kpi.hiring_manager_satisfaction([4, 6])


# --- funnel and stages ---------------------------------------------------------------------------


def test_funnel_conversion_by_furthest_kind_reached():
    # Furthest kinds: A hired, B submitted (then rejected), C screen (rejected), D sourced.
    # E has no moves and is not in the funnel. A skipped `applied` but counts there.
    # Reached: sourced 4, applied 3, screen 3, submitted 2, assessment 1, interview 1,
    # offer 1, hired 1. Conversions: 3/4, 3/3, 2/3, 1/2, 1, 1, 1, then none after hired.
    apps = [
        path(
            (day(1), "sourced"),
            (day(2), "screen"),
            (day(3), "submitted"),
            (day(4), "interview"),
            (day(5), "offer"),
            (day(6), "hired", "hired"),
        ),
        path(
            (day(1), "applied"),
            (day(2), "screen"),
            (day(3), "submitted"),
            (day(4), "submitted", "rejected"),
        ),
        path((day(1), "applied"), (day(2), "screen", "rejected")),
        path((day(1), "sourced")),
        ApplicationFacts(day(1)),
    ]
    steps = kpi.funnel_conversion(apps)
    assert [s.kind for s in steps] == list(kpi.KINDS)
    assert [s.reached for s in steps] == [4, 3, 3, 2, 1, 1, 1, 1]
    assert [s.conversion for s in steps] == pytest.approx([0.75, 1, 2 / 3, 0.5, 1, 1, 1, None])
    assert steps[-1].next_kind is None and steps[0].next_kind == "applied"


def test_funnel_conversion_of_nothing():
    steps = kpi.funnel_conversion([])
    assert all(s.reached == 0 and s.conversion is None for s in steps)


def _stage_apps():
    # A: sourced Jan 1 -> screen Jan 3 (sourced 2 d) -> submitted Jan 3 noon (screen 0.5 d)
    #    -> rejected at submitted Jan 5 noon (submitted 2 d) -> reopened Jan 10
    #    -> interview Jan 11 (submitted again, 1 d) -> still in interview.
    # B: applied Jan 1 -> screen Jan 2 (applied 1 d) -> screen again Jan 3 (same kind: the
    #    stint goes on) -> submitted Jan 4 (screen 2 d) -> offer Jan 6 (submitted 2 d)
    #    -> hired Jan 8 (offer 2 d). Events given out of order are sorted by time.
    a = path(
        (day(1), "sourced"),
        (day(3), "screen"),
        (day(3, 12), "submitted"),
        (day(5, 12), "submitted", "rejected"),
        (day(10), "submitted"),
        (day(11), "interview"),
    )
    b = path(
        (day(1), "applied"),
        (day(2), "screen"),
        (day(3), "screen"),
        (day(4), "submitted"),
        (day(6), "offer"),
        (day(8), "hired", "hired"),
    )
    return [a, ApplicationFacts(b.entered_at, b.hired_at, events=list(reversed(b.events)))]


def test_time_in_stage_counts_finished_stints_by_default():
    # sourced [2]; applied [1]; screen [0.5, 2] -> median 1.25; submitted [2, 1, 2] -> median
    # 2, mean 5/3; offer [2]; interview: none finished, A still there (excluded 1).
    stats = kpi.time_in_stage(_stage_apps())
    assert list(stats) == list(kpi.KINDS)
    assert (stats["sourced"].n, stats["sourced"].median) == (1, 2)
    assert (stats["applied"].n, stats["applied"].median) == (1, 1)
    assert (stats["screen"].median, stats["screen"].mean) == (1.25, 1.25)
    assert (stats["submitted"].n, stats["submitted"].median) == (3, 2)
    assert stats["submitted"].mean == pytest.approx(5 / 3)
    assert (stats["offer"].n, stats["offer"].median) == (1, 2)
    assert (stats["interview"].n, stats["interview"].excluded) == (0, 1)
    assert (stats["hired"].n, stats["assessment"].n) == (0, 0)


def test_time_in_stage_can_count_the_current_stint_up_to_as_of():
    # A entered interview on Jan 11; as of Jan 13 that is 2 days.
    stats = kpi.time_in_stage(_stage_apps(), as_of=day(13))
    assert (stats["interview"].n, stats["interview"].median, stats["interview"].excluded) == (
        1,
        2,
        0,
    )
    assert kpi.time_in_stage([])["screen"].median is None


# --- sources, feedback, workload, SLA ------------------------------------------------------------


def test_source_effectiveness():
    # linkedin: 4 applicants, 1 hire (0.25), 1200 tagged -> 1200 per hire.
    # referral: 2 applicants, 2 hires (1.0), 2 awards of 500 -> 500 per hire.
    # blank source -> "unknown": 1 applicant, no hire, no cost.
    # job_fair: 300 spent, no applicants: rate and cost per hire undefined.
    # The untagged 5000 belongs to no source.
    apps = [
        *[ApplicationFacts(JAN_1, source="linkedin")] * 3,
        ApplicationFacts(JAN_1, day(30), source="linkedin"),
        *[ApplicationFacts(JAN_1, day(25), source="referral")] * 2,
        ApplicationFacts(JAN_1),
    ]
    costs = [
        CostEntry(Decimal(1200), "advertising", True, "linkedin"),
        CostEntry(Decimal(500), "referral awards", False, "referral"),
        CostEntry(Decimal(500), "referral awards", False, "referral"),
        CostEntry(Decimal(300), "job fairs", True, "job_fair"),
        CostEntry(Decimal(5000), "technology", False),
    ]
    result = kpi.source_effectiveness(apps, costs)
    assert list(result) == ["job_fair", "linkedin", "referral", "unknown"]
    assert result["linkedin"] == kpi.SourceStats("linkedin", 4, 1, 0.25, 1200, 1200)
    assert result["referral"] == kpi.SourceStats("referral", 2, 2, 1.0, 1000, 500)
    assert result["unknown"] == kpi.SourceStats("unknown", 1, 0, 0.0, 0, None)
    assert result["job_fair"] == kpi.SourceStats("job_fair", 0, 0, None, 300, None)
    assert kpi.source_effectiveness([]) == {}


def test_feedback_turnaround():
    # Interviews end Jan 5 10:00; scorecards after 2, 20, 30 and 48 hours: median (20 + 30) / 2
    # = 25, mean 100 / 4 = 25; 2 within 24 hours. As of Jan 7 00:00, one pending since Jan 5
    # 10:00 (38 h, overdue) and one since Jan 6 20:00 (4 h, not yet). Share 2 / (4 + 1) = 0.4;
    # without `as_of` nothing is overdue: 2 / 4.
    end = day(5, 10)
    feedback = [Feedback(end, end + timedelta(hours=h)) for h in (2, 20, 30, 48)]
    feedback += [Feedback(end), Feedback(day(6, 20))]
    result = kpi.feedback_turnaround(feedback, sla_hours=24, as_of=day(7))
    assert (result.n, result.median_hours, result.mean_hours) == (4, 25, 25)
    assert (result.within_sla, result.overdue, result.pending) == (2, 1, 2)
    assert result.within_sla_share == 0.4
    assert kpi.feedback_turnaround(feedback, sla_hours=24).within_sla_share == 0.5
    empty = kpi.feedback_turnaround([])
    assert (empty.n, empty.median_hours, empty.within_sla_share) == (0, None, None)


def test_recruiter_workload():
    # Alice: two open requisitions with 3 + 5 active applications (the closed one is not
    # counted); Bob one open with none; one open requisition without a recruiter.
    loads = [
        RequisitionLoad("bob", True, 0),
        RequisitionLoad("alice", True, 3),
        RequisitionLoad("alice", True, 5),
        RequisitionLoad("alice", False, 2),
        RequisitionLoad(None, True, 4),
    ]
    result = kpi.recruiter_workload(loads)
    assert list(result) == ["alice", "bob", None]
    assert result["alice"] == kpi.Workload("alice", 2, 8)
    assert result["bob"] == kpi.Workload("bob", 1, 0)
    assert result[None] == kpi.Workload(None, 1, 4)
    assert kpi.recruiter_workload([]) == {}


def test_sla_check():
    # Shortlist within 5 days: 7 misses by 2; exactly 5 is met. Acceptance at least 0.8:
    # 0.75 misses by 0.05. Cost per hire at most 4000: 3500 is met.
    assert kpi.sla_check(5, 7) == kpi.SlaResult(5, 7, False, False, 2)
    assert kpi.sla_check(5, 5).met is True and kpi.sla_check(5, 5).breach == 0
    late = kpi.sla_check(0.8, 0.75, higher_is_better=True)
    assert late.met is False and late.breach == pytest.approx(0.05)
    cheap = kpi.sla_check(Decimal(4000), Decimal(3500))
    assert cheap.met is True and cheap.breach == Decimal(0)
    assert kpi.sla_check(5, None) == kpi.SlaResult(5, None, False, None, None)


def test_sla_compliance_lists_the_breaches():
    # R1 3 and R2 5 meet a 5-day target; R3 misses by 4.5; R4 is not measured. 2 / 3 met.
    result = kpi.sla_compliance(5, {"R1": 3, "R2": 5, "R3": 9.5, "R4": None})
    assert (result.measured, result.met, result.unmeasured) == (3, 2, 1)
    assert result.share == pytest.approx(2 / 3)
    assert list(result.breaches) == ["R3"] and result.breaches["R3"].breach == 4.5
    assert kpi.sla_compliance(5, {}).share is None


# --- invariants ----------------------------------------------------------------------------------

moves = st.lists(
    st.builds(
        Move,
        at=st.integers(0, 2000).map(lambda h: JAN_1 + timedelta(hours=h)),
        from_kind=st.just(""),
        to_kind=st.sampled_from(kpi.KINDS),
        to_status=st.sampled_from(["active", "active", "rejected", "withdrawn", "hired"]),
    ),
    max_size=8,
)
applications = st.lists(
    st.builds(
        ApplicationFacts,
        entered_at=st.just(JAN_1),
        hired_at=st.one_of(st.none(), st.integers(0, 2000).map(lambda h: day(1, h))),
        source=st.sampled_from(["", "linkedin", "referral", "agency"]),
        events=moves,
    ),
    max_size=30,
)
durations = st.lists(st.floats(0, 1e5, allow_nan=False), max_size=50)
cents = st.integers(0, 10**9).map(lambda c: Decimal(c) / 100)


@SOME
@given(durations)
def test_stats_lie_between_the_extremes(values):
    stats = kpi.duration_stats(values)
    assert stats.n == len(values)
    if values:
        assert stats.minimum <= stats.median <= stats.maximum
        assert stats.minimum <= stats.p90 <= stats.maximum and stats.p90 in values
        assert stats.minimum - 1e-6 <= stats.mean <= stats.maximum + 1e-6
        assert stats.median <= stats.p90 or len(values) == 1
    else:
        assert stats.median is stats.mean is stats.p90 is None


@SOME
@given(
    st.lists(
        st.tuples(st.booleans(), st.booleans()).map(lambda rb: Offer(rb[0], rb[0] and rb[1])),
        max_size=40,
    )
)
def test_offer_acceptance_is_a_share(offers):
    result = kpi.offer_acceptance_rate(offers)
    assert result.whole + result.excluded == len(offers)
    assert result.rate is None or 0 <= result.rate <= 1


@SOME
@given(st.lists(st.integers(0, 10).map(SurveyAnswer), max_size=60))
def test_nps_stays_within_bounds(answers):
    result = kpi.candidate_nps(answers)
    assert result.promoters + result.passives + result.detractors == result.n == len(answers)
    assert result.score is None or -100 <= result.score <= 100


@SOME
@given(
    st.lists(
        st.builds(
            Hire,
            hired_at=st.integers(0, 800).map(lambda d: date(2025, 1, 1) + timedelta(days=d)),
            left_at=st.one_of(
                st.none(), st.integers(0, 900).map(lambda d: date(2025, 1, 1) + timedelta(days=d))
            ),
            performance=st.one_of(st.none(), st.integers(1, 5)),
            manager_satisfaction=st.one_of(st.none(), st.floats(1, 5)),
        ),
        max_size=30,
    )
)
def test_quality_and_retention_stay_within_bounds(hires):
    as_of = date(2026, 6, 1)
    quality = kpi.quality_of_hire(hires, as_of)
    assert quality.n + quality.excluded == len(hires)
    assert quality.score is None or -1e-9 <= quality.score <= 100 + 1e-9
    for rate in (kpi.retention_at_90_days(hires, as_of), kpi.retention_at_1_year(hires, as_of)):
        assert rate.whole + rate.excluded == len(hires)
        assert rate.rate is None or 0 <= rate.rate <= 1
    # Nobody can be in the one-year cohort without being in the 90-day one.
    assert (
        kpi.retention_at_1_year(hires, as_of).whole <= kpi.retention_at_90_days(hires, as_of).whole
    )


@SOME
@given(applications)
def test_funnel_counts_never_increase_along_the_pipeline(apps):
    steps = kpi.funnel_conversion(apps)
    counts = [s.reached for s in steps]
    assert counts == sorted(counts, reverse=True)
    assert counts[0] == sum(1 for a in apps if a.events)
    assert all(s.conversion is None or 0 <= s.conversion <= 1 for s in steps)


@SOME
@given(applications)
def test_time_in_stage_is_never_negative(apps):
    for stats in kpi.time_in_stage(apps, as_of=day(200)).values():
        assert stats.minimum is None or stats.minimum >= 0
        assert stats.excluded == 0  # with `as_of` after every move, every stint is counted


@SOME
@given(
    applications,
    st.lists(
        st.builds(
            CostEntry,
            cents,
            st.just("ads"),
            st.booleans(),
            st.sampled_from([None, "linkedin", "referral"]),
        ),
        max_size=10,
    ),
)
def test_source_rates_are_shares(apps, costs):
    result = kpi.source_effectiveness(apps, costs)
    assert sum(s.applicants for s in result.values()) == len(apps)
    for stats in result.values():
        assert stats.hires <= stats.applicants
        assert stats.hire_rate is None or 0 <= stats.hire_rate <= 1
        if stats.cost_per_hire is not None:
            assert (stats.cost_per_hire * stats.hires).quantize(Decimal("0.01")) == stats.cost


@SOME
@given(
    st.lists(
        st.builds(
            CostEntry,
            cents,
            st.sampled_from(["advertising", "agency fees", "recruiter time"]),
            st.booleans(),
        ),
        max_size=20,
    ),
    st.integers(0, 500),
)
def test_cost_per_hire_times_hires_is_the_total(costs, hires):
    result = kpi.cost_per_hire(costs, hires)
    assert result.external + result.internal == result.total == sum(c.amount for c in costs)
    assert sum(result.by_category.values(), Decimal(0)) == result.total
    if hires:
        assert (result.per_hire * hires).quantize(Decimal("0.01")) == result.total
    else:
        assert result.per_hire is None


@SOME
@given(
    st.lists(
        st.builds(
            Feedback,
            st.just(JAN_1),
            st.one_of(st.none(), st.integers(0, 200).map(lambda h: day(1, h))),
        ),
        max_size=30,
    ),
    st.integers(1, 72),
)
def test_feedback_share_is_a_share(feedback, sla):
    result = kpi.feedback_turnaround(feedback, sla_hours=sla, as_of=day(5))
    assert result.n + result.pending == len(feedback)
    assert result.within_sla_share is None or 0 <= result.within_sla_share <= 1


@SOME
@given(st.floats(-1e6, 1e6), st.floats(-1e6, 1e6), st.booleans())
def test_an_sla_is_met_exactly_when_there_is_no_breach(target, actual, higher):
    result = kpi.sla_check(target, actual, higher)
    assert result.breach >= 0
    assert result.met == (result.breach == 0)


@given(
    st.lists(
        st.tuples(
            st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)),
            st.none() | st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1)),
        ),
        max_size=40,
    )
)
def test_spans_measured_in_microseconds_equal_spans_of_timestamps(pairs):
    # What the dashboards read (the database's end - start in microseconds) gives exactly the
    # numbers of the reference computed from the two timestamps.
    spans = [
        None if end is None else (end - start) // timedelta(microseconds=1) for start, end in pairs
    ]
    assert kpi.spans_in_microseconds(spans, kpi.DAY) == kpi._spans(pairs, kpi.DAY)
