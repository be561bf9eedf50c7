"""The analytics part of the JSON API: a client's KPIs over a period, for BI tools.

The same numbers as the monthly report and `outhire kpi-report` (one row per measure). A
client's own users and tokens and its provider staff may read them; anyone else gets 404.
"""

# No `from __future__ import annotations` here: django-ninja builds its models from the
# annotations of the views, which must then be real types, not strings.

from datetime import date, timedelta

from django.http import HttpRequest
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
        raise HttpError(404, "Not found.")
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
        raise HttpError(422, "The period ends before it starts.")
    if (period.end - period.start).days > MAX_DAYS:
        raise HttpError(422, "Ask for at most three years at a time.")
    data = report_data(client, period.start, period.end + timedelta(days=1))
    return {
        "client": client.slug,
        "from": period.start,
        "to": period.end,
        "rows": report_records(data),
    }
