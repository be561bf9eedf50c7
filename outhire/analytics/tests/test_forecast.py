"""Workforce forecasting and the SVG charts: pure Python, hand-worked examples."""

from __future__ import annotations

from datetime import date

import pytest

from outhire.analytics import charts, forecast
from outhire.analytics.forecast import History, PlanRow

HISTORY = History(
    days_to_fill={"specialist": [10, 20, 30, 40, 50]},
    offer_acceptance=0.75,
    applicant_to_offer=0.08,
    hires_per_recruiter=2,
)


def test_it_forecasts_a_hand_worked_plan():
    plan = [
        PlanRow("specialist", 2027, 2, 12, 10, 0.1),
        PlanRow("manager", 2027, 2, 5, 5, 0.0),
        PlanRow("specialist", 2027, 3, 10, 12, 0.05),
    ]
    result = forecast.forecast(plan, HISTORY)
    first, manager, shrinking = result.rows[1], result.rows[0], result.rows[2]
    # 10 people, 10% leave: 9 stay; 12 wanted -> 3 hires.
    assert (first.job_family, first.hires_needed, first.expected_leavers) == ("specialist", 3, 1.0)
    # p80 of 10..50 by nearest rank is the 4th value, 40 days; 1 April minus 40 days.
    assert first.days_to_fill_p80 == 40 and first.days_to_fill_from_history
    assert first.need_date == date(2027, 4, 1) and first.open_by == date(2027, 2, 20)
    # 3 hires at 75% acceptance -> 4 offers; 8% of applicants reach an offer -> 50 applicants.
    assert (first.offers_needed, first.applicants_needed) == (4, 50)
    # No history for managers: the stated default, flagged; nothing to hire.
    assert manager.hires_needed == 0 and not manager.days_to_fill_from_history
    assert manager.days_to_fill_p80 == forecast.DEFAULT_DAYS_TO_FILL_P80
    assert manager.open_by == date(2027, 2, 15)
    # Shrinking headcount never gives negative hires.
    assert shrinking.hires_needed == 0
    assert [(q.year, q.quarter, q.hires_needed, q.recruiters_needed) for q in result.quarters] == [
        (2027, 2, 3, 2),
        (2027, 3, 0, 0),
    ]
    assert all(a.from_history for a in result.assumptions)


def test_it_does_not_round_a_float_hair_up_to_one_more_hire():
    # 10 x 0.3 is 3.0000000000000004 in floating point: still 5 hires, not 6.
    hires, _ = forecast.hires_needed(PlanRow("entry", 2027, 1, 12, 10, 0.3))
    assert hires == 5


def test_it_uses_and_flags_defaults_without_history():
    result = forecast.forecast([PlanRow("entry", 2027, 1, 20, 0, 0)], History({}))
    row = result.rows[0]
    assert row.offers_needed == 24  # ceil(20 / 0.85)
    assert row.applicants_needed == 480  # 24 / 0.05
    assert [a.from_history for a in result.assumptions] == [False, False, True]


def test_it_refuses_nonsense():
    with pytest.raises(ValueError):
        PlanRow("entry", 2027, 5, 1, 1, 0)
    with pytest.raises(ValueError):
        PlanRow("entry", 2027, 1, 1, 1, 1.5)
    with pytest.raises(ValueError):
        forecast.forecast([], History({}, hires_per_recruiter=0))


def test_charts_label_every_bar_and_escape_labels():
    svg = charts.bar_chart("Funnel", [("Applied <b>", 40), ("Hired", 4), ("Offer", None)])
    assert svg.startswith("<svg") and 'role="img"' in svg and "<title>Funnel</title>" in svg
    assert "Applied &lt;b&gt;" in svg and "<b>" not in svg
    assert ">40<" in svg and ">4<" in svg and ">no data<" in svg
    assert 'fill="url(#hatch)"' in svg  # neighbours differ by pattern, not only colour


def test_histogram_bins_are_half_open_and_the_last_is_open_ended():
    bins = charts.histogram([0, 14.9, 15, 44, 200], [0, 15, 45])
    assert bins == [("0–15 days", 2), ("15–45 days", 2), ("45+ days", 1)]


def test_line_chart_leaves_gaps_for_months_without_answers():
    svg = charts.line_chart("NPS", [("Jan", 10), ("Feb", None), ("Mar", -20)], -100, 100)
    assert svg.count("M") >= 2 and "L" not in svg.split("<path")[1].split("/>")[0]
    assert ">-20<" in svg and ">10<" in svg
