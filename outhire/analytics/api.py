"""The analytics part of the JSON API: a client's KPIs over a period, for BI tools.

The same numbers as the monthly report and `outhire kpi-report` (one row per measure). A
client's own users and tokens and its provider staff may read them; anyone else gets 404.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, datetime, timedelta

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from outhire.accounts import api_auth
from outhire.accounts.models import Client
from outhire.analytics.forms import EARLIEST, LATEST
from outhire.lib.api.fields import IsoDate

MAX_DAYS = 3 * 366


def _client(request: HttpRequest, slug: str) -> Client:
    client = Client.objects.visible_to(request.access).filter(slug=slug, is_active=True).first()
    if client is None:
        raise HttpError(404, _("Not found."))
    return client


def _check_slug(request: HttpRequest) -> None:
    """404 for a client out of reach, before the query is validated."""
    match = getattr(request, "resolver_match", None)
    if match is not None and "slug" in match.kwargs:
        _client(request, match.kwargs["slug"])


router = Router(tags=["analytics"], auth=api_auth.path_checked_auth({}, check=_check_slug))


class PeriodIn(Schema):
    start: IsoDate = Field(
        alias="from", ge=EARLIEST, le=LATEST, description="First day (YYYY-MM-DD)"
    )
    end: IsoDate = Field(
        alias="to", ge=EARLIEST, le=LATEST, description="Last day, included (YYYY-MM-DD)"
    )


class RowOut(Schema):
    section: str
    measure: str
    label: str = Field(description="The measure in people's words, as the report shows it")
    unit: str = Field(description="days, hours, money, percent, score, count, ...")
    value: str
    previous_period: str
    sla_target: str
    sla_met: str


class KpisOut(Schema):
    client: str
    start: date = Field(alias="from")
    end: date = Field(alias="to")
    rows: list[RowOut]


@router.get("/analytics/{slug}/kpis", response=KpisOut, by_alias=True)
def kpis(request: HttpRequest, slug: str, period: Query[PeriodIn]):
    """KPIs, SLA compliance and breaches, funnel, sources and pipeline of one client."""
    from outhire.analytics.reports import report_data, report_records

    client = _client(request, slug)
    if period.end < period.start:
        raise HttpError(422, _("The period ends before it starts."))
    if (period.end - period.start).days > MAX_DAYS:
        raise HttpError(422, _("Ask for at most three years at a time."))
    data = report_data(client, period.start, period.end + timedelta(days=1))
    return {
        "client": client.slug,
        "from": period.start,
        "to": period.end,
        "rows": report_records(data),
    }


# --- Workforce forecast ---------------------------------------------------------------------


class ForecastRowOut(Schema):
    job_family: str
    year: int
    quarter: int
    need_date: date = Field(description="When the hires must start")
    hires_needed: int
    expected_leavers: float
    days_to_fill_p80: float = Field(description="80th percentile of past days to fill")
    days_to_fill_from_history: bool = Field(description="False: a default, too few past fills")
    open_by: date = Field(description="When to open the requisitions to be in time")
    offers_needed: int
    applicants_needed: int


class QuarterOut(Schema):
    year: int
    quarter: int
    hires_needed: int
    recruiters_needed: int


class AssumptionOut(Schema):
    name: str
    value: float
    from_history: bool
    basis: str


class ForecastOut(Schema):
    client: str
    rows: list[ForecastRowOut]
    quarters: list[QuarterOut]
    assumptions: list[AssumptionOut]


@router.get("/analytics/{slug}/forecast", response=ForecastOut)
def workforce_forecast(request: HttpRequest, slug: str):
    """The hiring forecast from the client's workforce plan and its own history, as the
    Workforce plans page shows it (docs/analytics.md)."""
    from outhire.analytics import forecast, planning

    client = _client(request, slug)
    result = forecast.forecast(planning.plan_rows(client.pk), planning.history_for(client.pk))
    return {
        "client": client.slug,
        "rows": result.rows,
        "quarters": result.quarters,
        "assumptions": result.assumptions,
    }


# --- Monthly reports ------------------------------------------------------------------------


class ReportSummaryOut(Schema):
    month: str = Field(description="YYYY-MM")
    commentary: str
    updated_at: datetime
    emailed_at: datetime | None


class ReportOut(Schema):
    month: str = Field(description="YYYY-MM")
    commentary: str
    updated_at: datetime | None = Field(description="When the commentary was last saved")
    emailed_at: datetime | None
    client: str
    rows: list[RowOut]


def _month(value: str) -> date:
    try:
        month = date(int(value[:4]), int(value[5:7]), 1)
    except ValueError:
        month = None
    if month is None or len(value) != 7 or value[4] != "-" or not EARLIEST <= month <= LATEST:
        raise HttpError(422, _("Give the month as YYYY-MM."))
    return month


def _summary(report) -> dict:
    return {
        "month": f"{report.month:%Y-%m}",
        "commentary": report.commentary,
        "updated_at": report.updated_at,
        "emailed_at": report.emailed_at,
    }


@router.get("/analytics/{slug}/reports", response=list[ReportSummaryOut])
def report_list(request: HttpRequest, slug: str):
    """The months with a saved report (commentary written or e-mailed), newest first."""
    from outhire.analytics.models import MonthlyReport

    client = _client(request, slug)
    return [_summary(r) for r in MonthlyReport.objects.filter(client=client).order_by("-month")]


@router.get("/analytics/{slug}/reports/{month}", response=ReportOut)
def report_detail(request: HttpRequest, slug: str, month: str):
    """One month's report: the provider's commentary and the numbers (as /kpis for the month);
    a month without a saved report has its numbers and no commentary."""
    from outhire.analytics.models import MonthlyReport
    from outhire.analytics.reports import month_bounds, report_data, report_records

    client = _client(request, slug)
    first = _month(month)
    saved = MonthlyReport.objects.filter(client=client, month=first).first()
    start, end = month_bounds(first)
    data = report_data(client, start, end)
    summary = (
        _summary(saved)
        if saved
        else {"month": f"{first:%Y-%m}", "commentary": "", "updated_at": None, "emailed_at": None}
    )
    return {**summary, "client": client.slug, "rows": report_records(data)}
