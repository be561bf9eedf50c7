"""Workforce forecasting (plain Python: no Django, no database).

From a workforce plan (per role family and quarter: target headcount, current headcount,
expected attrition) and the client's history (time to fill per role family, offer acceptance,
funnel conversion), forecast per row:

- hires needed = ceil(max(0, target - current x (1 - attrition))): the seats to reach the
  target plus the leavers expected during the quarter;
- need date = the first day of the quarter (the seats are wanted for the whole quarter);
- latest date to open the requisition = need date - the 80th percentile time to fill of that
  role family (nearest rank, as kpi.nearest_rank), so four in five similar requisitions would
  be filled in time;
- offers needed = ceil(hires / offer acceptance rate);
- applicants needed = ceil(offers needed / share of applicants who reach an offer);
- recruiters needed per quarter = ceil(hires of the quarter / hires per recruiter per quarter).

Where the history has nothing (a new role family, no offers yet), a stated default is used and
flagged, so the page shows which assumptions are the client's own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from outhire.analytics.kpi import nearest_rank
from outhire.lib.pure_i18n import gettext as _

DEFAULT_DAYS_TO_FILL_P80 = 45.0
DEFAULT_OFFER_ACCEPTANCE = 0.85
DEFAULT_APPLICANT_TO_OFFER = 0.05
FILL_PERCENTILE = 80


@dataclass(frozen=True)
class PlanRow:
    job_family: str
    year: int
    quarter: int
    target_headcount: int
    current_headcount: int
    attrition_rate: float  # share per quarter, 0..1

    def __post_init__(self):
        if not 1 <= self.quarter <= 4:
            raise ValueError(f"A quarter is 1 to 4, not {self.quarter!r}.")
        if not 0 <= self.attrition_rate <= 1:
            raise ValueError("The attrition rate is a share between 0 and 1.")
        if self.target_headcount < 0 or self.current_headcount < 0:
            raise ValueError("Headcounts cannot be negative.")


@dataclass(frozen=True)
class History:
    """What the client's past says: days to fill per role family, offers, funnel."""

    days_to_fill: Mapping[str, Sequence[float]]
    offer_acceptance: float | None = None
    applicant_to_offer: float | None = None
    hires_per_recruiter: int = 6


@dataclass(frozen=True)
class Assumption:
    name: str
    value: float
    from_history: bool
    basis: str


@dataclass(frozen=True)
class ForecastRow:
    job_family: str
    year: int
    quarter: int
    need_date: date
    hires_needed: int
    expected_leavers: float
    days_to_fill_p80: float
    days_to_fill_from_history: bool
    open_by: date
    offers_needed: int
    applicants_needed: int


@dataclass(frozen=True)
class QuarterTotal:
    year: int
    quarter: int
    hires_needed: int
    recruiters_needed: int


@dataclass(frozen=True)
class Forecast:
    rows: list[ForecastRow]
    quarters: list[QuarterTotal]
    assumptions: list[Assumption]


def quarter_start(year: int, quarter: int) -> date:
    return date(year, 3 * (quarter - 1) + 1, 1)


def hires_needed(row: PlanRow) -> tuple[int, float]:
    """(hires, expected leavers) for one plan row."""
    leavers = row.current_headcount * row.attrition_rate
    gap = row.target_headcount - (row.current_headcount - leavers)
    # A float product such as 10 x 0.1 can land a hair above a whole number.
    return max(0, math.ceil(round(gap, 9))), leavers


def days_to_fill_p80(history: History, job_family: str) -> tuple[float, bool]:
    values = list(history.days_to_fill.get(job_family, ()))
    if not values:
        return DEFAULT_DAYS_TO_FILL_P80, False
    return float(nearest_rank(values, FILL_PERCENTILE)), True


def forecast(plan: Iterable[PlanRow], history: History) -> Forecast:
    """Hires, latest opening dates, offers and applicants per row; recruiters per quarter."""
    if history.hires_per_recruiter < 1:
        raise ValueError("A recruiter makes at least one hire a quarter.")
    acceptance = history.offer_acceptance
    acceptance_known = bool(acceptance)
    acceptance = acceptance if acceptance_known else DEFAULT_OFFER_ACCEPTANCE
    to_offer = history.applicant_to_offer
    to_offer_known = bool(to_offer)
    to_offer = to_offer if to_offer_known else DEFAULT_APPLICANT_TO_OFFER
    rows = []
    for item in sorted(plan, key=lambda r: (r.year, r.quarter, r.job_family)):
        hires, leavers = hires_needed(item)
        p80, known = days_to_fill_p80(history, item.job_family)
        need = quarter_start(item.year, item.quarter)
        offers = math.ceil(round(hires / acceptance, 9))
        rows.append(
            ForecastRow(
                job_family=item.job_family,
                year=item.year,
                quarter=item.quarter,
                need_date=need,
                hires_needed=hires,
                expected_leavers=leavers,
                days_to_fill_p80=p80,
                days_to_fill_from_history=known,
                open_by=need - timedelta(days=math.ceil(p80)),
                offers_needed=offers,
                applicants_needed=math.ceil(round(offers / to_offer, 9)),
            )
        )
    totals: dict[tuple[int, int], int] = {}
    for row in rows:
        totals[(row.year, row.quarter)] = totals.get((row.year, row.quarter), 0) + row.hires_needed
    quarters = [
        QuarterTotal(y, q, n, math.ceil(n / history.hires_per_recruiter))
        for (y, q), n in sorted(totals.items())
    ]
    assumptions = [
        Assumption(
            _("Offer acceptance rate"),
            acceptance,
            acceptance_known,
            _("accepted / resolved offers of the last year") if acceptance_known else _("default"),
        ),
        Assumption(
            _("Applicants reaching an offer"),
            to_offer,
            to_offer_known,
            _("funnel of the last year: reached offer / entered")
            if to_offer_known
            else _("default"),
        ),
        Assumption(
            _("Hires per recruiter per quarter"),
            history.hires_per_recruiter,
            True,
            _("the client's planning setting or ANALYTICS_HIRES_PER_RECRUITER"),
        ),
    ]
    return Forecast(rows, quarters, assumptions)
