"""/privacy/: the data protection officer's overview, one card per duty, each linking on.

Provider staff only (404 to anyone else: to client users the provider's data protection work
does not exist, as on the other privacy pages). Cards a staff member cannot open are shown
without their link.
"""

from __future__ import annotations

from datetime import timedelta

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from outhire.accounts.models import AuditEvent
from outhire.privacy.models import Breach, DataRequest, LegalHold, RetentionRun

SOON = timedelta(days=7)
RECENT = timedelta(days=30)


def overview(access, now=None) -> dict:
    """The counts of the overview: the same few queries whatever the numbers."""
    now = now or timezone.now()
    open_requests = DataRequest.objects.visible_to(access).filter(status=DataRequest.Status.OPEN)
    deadline = Q(extended_to__isnull=False, extended_to__lt=now) | Q(
        extended_to__isnull=True, due_at__lt=now
    )
    # Due within the week and not yet overdue
    soon = Q(extended_to__isnull=False, extended_to__gte=now, extended_to__lt=now + SOON) | Q(
        extended_to__isnull=True, due_at__gte=now, due_at__lt=now + SOON
    )
    requests = open_requests.aggregate(
        open=Count("pk"), overdue=Count("pk", filter=deadline), soon=Count("pk", filter=soon)
    )
    breaches = (
        Breach.objects.visible_to(access)
        .filter(closed_at__isnull=True)
        .aggregate(
            open=Count("pk"),
            unreported=Count(
                "pk",
                filter=Q(
                    reported_to_authority_at__isnull=True,
                    not_reported_reason="",
                    discovered_at__lt=now - timedelta(hours=72),
                ),
            ),
        )
    )
    erasures = AuditEvent.objects.filter(at__gte=now - RECENT).aggregate(
        erased=Count("pk", filter=Q(action="privacy.erased")),
        verified=Count("pk", filter=Q(action="privacy.erasure_verified")),
        unclean=Count("pk", filter=Q(action="privacy.erasure_verified", changes__clean=False)),
    )
    return {
        "requests": requests,
        "holds": LegalHold.objects.visible_to(access).filter(released_at__isnull=True).count(),
        "last_run": RetentionRun.objects.visible_to(access)
        .filter(dry_run=False, finished_at__isnull=False)
        .order_by("-started_at")
        .first(),
        "breaches": breaches,
        "erasures": erasures,
    }


@login_required
@require_GET
def home(request: HttpRequest) -> HttpResponse:
    access = request.access
    if not access.is_provider_staff:
        raise Http404
    return render(
        request,
        "privacy/home.html",
        {**overview(access), "is_admin": access.can_administer_provider},
    )
