"""SLA clocks: warn the owners before a target passes, and tell them when it has, once each.

Clocks run for open requisitions (days to first shortlist, days to fill, from the approval)
and for interview scorecards not yet in (until their due time). A warning goes at
OUTHIRE_SLA_WARNING_PERCENT of the allowed time, a breach notice when it is used up; an
SlaAlert row per (clock, level) makes each go once, however often the job runs.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone

from outhire.analytics.aggregates import SHORTLISTED
from outhire.analytics.metrics import optional_model
from outhire.analytics.models import SlaAlert


def level_for(elapsed: float, allowed: float, warning_percent: int) -> str | None:
    """ "breach" once `elapsed` reaches `allowed`, "warning" from `warning_percent` of it."""
    if allowed <= 0 or elapsed >= allowed:
        return SlaAlert.Level.BREACH
    if elapsed >= allowed * warning_percent / 100:
        return SlaAlert.Level.WARNING
    return None


def _alert(*, client_id, measure, subject, level, target, elapsed, requisition_id=None) -> bool:
    """Record the alert; False when it was already sent."""
    try:
        with transaction.atomic():
            SlaAlert.objects.create(
                client_id=client_id,
                measure=measure,
                subject=subject,
                level=level,
                requisition_id=requisition_id,
                target=Decimal(str(round(target, 2))),
                elapsed=Decimal(str(round(elapsed, 2))),
            )
    except IntegrityError:
        return False
    return True


def _notify(users, *, client_id, text: str, url: str) -> None:
    from outhire.accounts.models import Client
    from outhire.accounts.notifications import notification_create

    client = Client.objects.filter(pk=client_id).first()
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        notification_create(user=user, text=text, url=url, client=client)


def check_sla_clocks(now: datetime | None = None) -> int:
    """Check every running clock; the number of alerts sent."""
    from outhire.analytics.dashboard import engagements_by_client
    from outhire.pipeline.models import StageEvent
    from outhire.requisitions.models import Opening, Requisition

    now = now or timezone.now()
    warn = settings.OUTHIRE_SLA_WARNING_PERCENT
    sent = 0
    requisitions = list(
        Requisition.objects.filter(status="open", approved_at__isnull=False)
        .select_related("client")
        .prefetch_related("recruiters")
    )
    engagements = engagements_by_client({r.client_id for r in requisitions})
    ids = [r.pk for r in requisitions]
    shortlisted = set(
        StageEvent.objects.filter(
            application__requisition_id__in=ids, to_kind__in=SHORTLISTED
        ).values_list("application__requisition_id", flat=True)
    )
    unfilled = dict(
        Opening.objects.filter(requisition_id__in=ids, filled_at__isnull=True)
        .values_list("requisition_id")
        .annotate(first=Min("number"))
    )
    for requisition in requisitions:
        engagement = engagements.get(requisition.client_id)
        if engagement is None:
            continue
        owners = list(requisition.recruiters.all()) or [engagement.account_lead]
        elapsed = (now - requisition.approved_at).total_seconds() / 86400
        url = reverse("requisitions:requisition_detail", args=[requisition.pk])
        clocks = [
            (
                SlaAlert.Measure.FIRST_SHORTLIST,
                engagement.sla_days_to_first_shortlist,
                requisition.pk not in shortlisted,
                "a first shortlist",
            ),
            (
                SlaAlert.Measure.FILL,
                engagement.sla_days_to_fill,
                requisition.pk in unfilled,
                "filling every opening",
            ),
        ]
        for measure, target, running, what in clocks:
            if target is None or not running:
                continue
            level = level_for(elapsed, target, warn)
            if level is None:
                continue
            if _alert(
                client_id=requisition.client_id,
                measure=measure,
                subject=f"requisition:{requisition.pk}",
                level=level,
                target=target,
                elapsed=elapsed,
                requisition_id=requisition.pk,
            ):
                verb = "breached" if level == SlaAlert.Level.BREACH else "is close to"
                _notify(
                    owners,
                    client_id=requisition.client_id,
                    text=f"SLA {verb}: “{requisition.title}” has taken {elapsed:.0f} of "
                    f"{target} days for {what}.",
                    url=url,
                )
                sent += 1
    sent += _check_feedback(now, warn)
    return sent


def _check_feedback(now: datetime, warn: int) -> int:
    """Scorecards not in, against their due time (the engagement's feedback SLA window)."""
    Scorecard = optional_model("interviews.Scorecard")
    if Scorecard is None:
        return 0
    from outhire.analytics.dashboard import engagements_by_client

    horizon = now + timedelta(days=7)
    pending = list(
        Scorecard.objects.filter(
            submitted_at__isnull=True, due_at__isnull=False, due_at__lte=horizon
        )
        .exclude(interview__status="cancelled")
        .select_related("interviewer", "interview__application__requisition")
    )
    engagements = engagements_by_client({s.client_id for s in pending})
    sent = 0
    for scorecard in pending:
        engagement = engagements.get(scorecard.client_id)
        window = (getattr(engagement, "sla_feedback_hours", None) or 24) * 3600
        started = scorecard.due_at - timedelta(seconds=window)
        elapsed = (now - started).total_seconds()
        level = level_for(elapsed, window, warn)
        if level is None:
            continue
        requisition = scorecard.interview.application.requisition
        if _alert(
            client_id=scorecard.client_id,
            measure=SlaAlert.Measure.FEEDBACK,
            subject=f"scorecard:{scorecard.pk}",
            level=level,
            target=window / 3600,
            elapsed=elapsed / 3600,
            requisition_id=requisition.pk,
        ):
            verb = "is overdue" if level == SlaAlert.Level.BREACH else "is due soon"
            _notify(
                [scorecard.interviewer],
                client_id=scorecard.client_id,
                text=f"Interview feedback {verb} for “{requisition.title}” (due "
                f"{timezone.localtime(scorecard.due_at):%d %b %H:%M}).",
                url="",
            )
            sent += 1
    return sent
