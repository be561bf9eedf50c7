"""Profitability pages of the provider's admins: every client in a period, one client's
engagements, and the CSV export (audited). Anyone else gets a 404, as for invoices.

The arithmetic is `margins` (plain Python), the reading `profitability` (four queries).
"""

from __future__ import annotations

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from outhire.accounts import audit
from outhire.accounts.models import Client
from outhire.accounts.tenancy import get_visible_or_404
from outhire.billing import margins
from outhire.billing.profitability import profitability_for, reads_profitability
from outhire.lib.spreadsheet_csv import csv_writer

MONTHS = [
    gettext_lazy("January"),
    gettext_lazy("February"),
    gettext_lazy("March"),
    gettext_lazy("April"),
    gettext_lazy("May"),
    gettext_lazy("June"),
    gettext_lazy("July"),
    gettext_lazy("August"),
    gettext_lazy("September"),
    gettext_lazy("October"),
    gettext_lazy("November"),
    gettext_lazy("December"),
]
# Translators: the months of a quarter in the period menu, "Q1 (Jan–Mar)".
QUARTERS = [
    gettext_lazy("Q1 (Jan–Mar)"),
    gettext_lazy("Q2 (Apr–Jun)"),
    gettext_lazy("Q3 (Jul–Sep)"),
    gettext_lazy("Q4 (Oct–Dec)"),
]
PERIOD_CHOICES = [
    ("year", gettext_lazy("Whole year")),
    (
        gettext_lazy("Quarters"),
        [(f"q{n}", QUARTERS[n - 1]) for n in range(1, 5)],
    ),
    (gettext_lazy("Months"), [(f"m{n}", name) for n, name in enumerate(MONTHS, start=1)]),
]
CSV_COLUMNS = [
    "period_start",
    "period_end",
    "client",
    "engagement",
    "currency",
    "invoiced",
    "credited",
    "revenue",
    *(group for group, _label in margins.GROUPS),
    "cost",
    "margin",
    "margin_percent",
]


class PeriodForm(forms.Form):
    """A calendar month, quarter or year: "Period" (year, q1-q4, m1-m12) and "Year"."""

    period = forms.ChoiceField(label=gettext_lazy("Period"), choices=PERIOD_CHOICES, initial="year")
    year = forms.IntegerField(label=gettext_lazy("Year"), min_value=2000, max_value=2100)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["year"].initial = today.year
        self.fields["year"].widget.attrs.update({"inputmode": "numeric", "class": "year"})

    def chosen(self) -> margins.Period:
        """The period asked for; the current year when the form is unbound or invalid."""
        if not self.is_bound or not self.is_valid():
            return margins.period_of("year", timezone.localdate().year)
        code, year = self.cleaned_data["period"], self.cleaned_data["year"]
        if code == "year":
            return margins.period_of("year", year)
        kind = "quarter" if code.startswith("q") else "month"
        return margins.period_of(kind, year, int(code[1:]))


def _period(request: HttpRequest) -> tuple[PeriodForm, margins.Period]:
    if not reads_profitability(request.access):
        raise Http404
    form = PeriodForm(request.GET if "period" in request.GET or "year" in request.GET else None)
    return form, form.chosen()


def _named(result, rows: list[margins.Row]) -> list[dict]:
    return [
        {
            "client": result.clients.get(row.client_id),
            "engagement": result.engagements.get(row.engagement_id),
            "row": row,
        }
        for row in rows
    ]


def _status(form: PeriodForm) -> int:
    return 400 if form.is_bound and form.errors else 200


@login_required
@require_GET
def profitability(request: HttpRequest) -> HttpResponse:
    """Every client's revenue, cost and margin in the period, per currency, with the totals."""
    form, period = _period(request)
    result = profitability_for(access=request.access, period=period)
    return render(
        request,
        "billing/profitability.html",
        {
            "form": form,
            "period": period,
            "result": result,
            "rows": _named(result, result.client_rows()),
            "totals": result.report.totals,
            "excluded": result.report.excluded,
            "groups": margins.GROUPS,
            "query": request.GET.urlencode(),
        },
        status=_status(form),
    )


@login_required
@require_GET
def profitability_client(request: HttpRequest, slug: str) -> HttpResponse:
    """One client's engagements: revenue, cost by group and margin, per currency."""
    form, period = _period(request)
    client = get_visible_or_404(request.access, Client, slug=slug)
    result = profitability_for(access=request.access, period=period, client=client)
    return render(
        request,
        "billing/profitability_client.html",
        {
            "form": form,
            "period": period,
            "client": client,
            "result": result,
            "rows": _named(result, result.engagement_rows(client.pk)),
            "totals": result.client_rows(),
            "excluded": result.report.excluded,
            "groups": margins.GROUPS,
            "query": request.GET.urlencode(),
        },
        status=_status(form),
    )


@login_required
@require_GET
def profitability_export(request: HttpRequest) -> HttpResponse:
    """The period's rows per engagement and currency as CSV (audited)."""
    form, period = _period(request)
    if form.is_bound and form.errors:
        # Never a file of another period than the one asked for.
        problems = "; ".join(
            f"{form[name].label}: {' '.join(e)}" for name, e in form.errors.items()
        )
        return HttpResponse(
            _("Choose a valid period. %(problems)s") % {"problems": problems},
            status=400,
            content_type="text/plain",
        )
    result = profitability_for(access=request.access, period=period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"profitability-{period.start:%Y-%m-%d}-{period.end:%Y-%m-%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response.write("\ufeff")
    writer = csv_writer(response)
    writer.writerow(CSV_COLUMNS)
    rows = result.engagement_rows()
    for row in rows:
        client = result.clients.get(row.client_id)
        engagement = result.engagements.get(row.engagement_id)
        writer.writerow(
            [
                period.start.isoformat(),
                period.end.isoformat(),
                client.name if client else "",
                engagement.name if engagement else "",
                row.currency,
                row.invoiced,
                row.credited,
                row.revenue,
                *row.cost_columns,
                row.cost,
                row.margin,
                "" if row.margin_percent is None else row.margin_percent,
            ]
        )
    audit.record(
        "profitability.exported",
        request=request,
        changes={"from": period.start.isoformat(), "to": period.end.isoformat(), "rows": len(rows)},
    )
    return response
