"""The SLA clocks of every client in reach on one page: breaches and warnings right now.

For provider staff (a provider admin sees every client). It reads the clocks the alert job
checks (`sla.running_clocks`), so the page, the alerts and the provider admin's home page never
disagree about what is late.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from outhire.accounts.models import Client
from outhire.analytics import sla
from outhire.analytics.models import SlaAlert

# Enough for any real morning; the summary table still counts every clock.
ROWS_SHOWN = 300


def late_clocks(now=None) -> list[sla.Clock]:
    """The running clocks at warning or breach, breaches first, the furthest past first."""
    late = [c for c in sla.running_clocks(now) if c.level is not None]
    late.sort(key=lambda c: (c.level != SlaAlert.Level.BREACH, -c.over / (c.target or 1)))
    return late


@login_required
@require_GET
def sla_overview(request: HttpRequest) -> HttpResponse:
    access = request.access
    if not access.is_provider_staff:
        raise PermissionDenied
    clocks = late_clocks()
    clients = list(Client.objects.visible_to(access).filter(is_active=True).order_by("name"))
    summary = {c.pk: {"client": c, "breach": 0, "warning": 0} for c in clients}
    for clock in clocks:
        if clock.client_id in summary:
            summary[clock.client_id][clock.level] += 1
    rows = sorted(summary.values(), key=lambda r: (-r["breach"], -r["warning"], r["client"].name))
    return render(
        request,
        "analytics/sla_overview.html",
        {
            "clocks": clocks[:ROWS_SHOWN],
            "more": max(len(clocks) - ROWS_SHOWN, 0),
            "breaches": sum(r["breach"] for r in rows),
            "warnings": sum(r["warning"] for r in rows),
            "rows": rows,
            "warning_percent": settings.OUTHIRE_SLA_WARNING_PERCENT,
        },
    )
