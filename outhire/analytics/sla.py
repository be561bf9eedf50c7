"""SLA clocks: warn the owners before a target passes, and tell them when it has, once each.

Clocks run for open requisitions (days to first shortlist, days to fill, from the approval)
and for interview scorecards not yet in (until their due time). A warning goes at
OUTHIRE_SLA_WARNING_PERCENT of the allowed time, a breach notice when it is used up; an
SlaAlert row per (clock, level) makes each go once, however often the job runs.
`running_clocks` is the one reading of the clocks: the alert job, the cross-client SLA page and
the provider admin's home page all use it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Min
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outhire.analytics.aggregates import SHORTLISTED
from outhire.analytics.metrics import optional_model
from outhire.analytics.models import SlaAlert
from outhire.lib.i18n import user_language


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
    from outhire.accounts.notifications import notify

    client = Client.objects.filter(pk=client_id).first()
    notify(users, kind="sla", text=text, url=url, client=client)


@dataclass
class Clock:
    """One running SLA clock: a requisition's target, or an interviewer's scorecard.

    `target` and `elapsed` are in `unit` ("days" or "hours"); `level` is what `level_for`
    says of them (None while it is comfortably within the target).
    """

    client_id: int
    measure: str
    subject: str
    requisition: object
    target: float
    elapsed: float
    unit: str
    level: str | None
    owners: list = field(default_factory=list)
    scorecard: object = None

    @property
    def label(self) -> str:
        return SlaAlert.Measure(self.measure).label

    @property
    def unit_label(self) -> str:
        """The unit in words of the active language."""
        return {"days": _("days"), "hours": _("hours")}.get(self.unit, self.unit)

    @property
    def over(self) -> float:
        """How far past the target (negative: how much is left)."""
        return self.elapsed - self.target


def running_clocks(now: datetime | None = None) -> list[Clock]:
    """Every SLA clock running now, with its level, in a fixed number of queries.

    Requisitions are open and approved with a target in their client's current engagement:
    days to first shortlist (until one), days to fill (until every opening is filled), from
    the approval. Scorecards are not in, due within a week, their interview not cancelled,
    against the engagement's feedback window. The rows are those of the current scope: the
    alert job runs unscoped (every client), a page sees its user's clients.
    """
    now = now or timezone.now()
    return _requisition_clocks(now) + _feedback_clocks(now)


def _requisition_clocks(now: datetime) -> list[Clock]:
    from outhire.analytics.dashboard import engagements_by_client
    from outhire.pipeline.models import StageEvent
    from outhire.requisitions.models import Opening, Requisition

    warn = settings.OUTHIRE_SLA_WARNING_PERCENT
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
    clocks = []
    for requisition in requisitions:
        engagement = engagements.get(requisition.client_id)
        if engagement is None:
            continue
        owners = list(requisition.recruiters.all()) or [engagement.account_lead]
        elapsed = (now - requisition.approved_at).total_seconds() / 86400
        targets = [
            (
                SlaAlert.Measure.FIRST_SHORTLIST,
                engagement.sla_days_to_first_shortlist,
                requisition.pk not in shortlisted,
            ),
            (SlaAlert.Measure.FILL, engagement.sla_days_to_fill, requisition.pk in unfilled),
        ]
        for measure, target, running in targets:
            if target is None or not running:
                continue
            clocks.append(
                Clock(
                    client_id=requisition.client_id,
                    measure=measure,
                    subject=f"requisition:{requisition.pk}",
                    requisition=requisition,
                    target=float(target),
                    elapsed=elapsed,
                    unit="days",
                    level=level_for(elapsed, target, warn),
                    owners=owners,
                )
            )
    return clocks


def _feedback_clocks(now: datetime) -> list[Clock]:
    """Scorecards not in, against their due time (the engagement's feedback SLA window)."""
    Scorecard = optional_model("interviews.Scorecard")
    if Scorecard is None:
        return []
    from outhire.analytics.dashboard import engagements_by_client

    warn = settings.OUTHIRE_SLA_WARNING_PERCENT
    horizon = now + timedelta(days=7)
    pending = list(
        Scorecard.objects.filter(
            submitted_at__isnull=True, due_at__isnull=False, due_at__lte=horizon
        )
        .exclude(interview__status="cancelled")
        .select_related("interviewer", "interview__application__requisition__client")
    )
    engagements = engagements_by_client({s.client_id for s in pending})
    clocks = []
    for scorecard in pending:
        engagement = engagements.get(scorecard.client_id)
        window = (getattr(engagement, "sla_feedback_hours", None) or 24) * 3600
        started = scorecard.due_at - timedelta(seconds=window)
        elapsed = (now - started).total_seconds()
        clocks.append(
            Clock(
                client_id=scorecard.client_id,
                measure=SlaAlert.Measure.FEEDBACK,
                subject=f"scorecard:{scorecard.pk}",
                requisition=scorecard.interview.application.requisition,
                target=window / 3600,
                elapsed=elapsed / 3600,
                unit="hours",
                level=level_for(elapsed, window, warn),
                owners=[scorecard.interviewer],
                scorecard=scorecard,
            )
        )
    return clocks


def check_sla_clocks(now: datetime | None = None) -> int:
    """Check every running clock; the number of alerts sent."""
    now = now or timezone.now()
    sent = 0
    for clock in running_clocks(now):
        if clock.level is None:
            continue
        requisition = clock.requisition
        if not _alert(
            client_id=clock.client_id,
            measure=clock.measure,
            subject=clock.subject,
            level=clock.level,
            target=clock.target,
            elapsed=clock.elapsed,
            requisition_id=requisition.pk,
        ):
            continue
        if clock.measure == SlaAlert.Measure.FEEDBACK:
            url = reverse("interviews:scorecard", args=[clock.scorecard.interview_id])
        else:
            url = reverse("requisitions:requisition_detail", args=[requisition.pk])
        # Each owner reads the alert in their own language.
        by_language: dict[str, list] = {}
        for owner in clock.owners:
            if owner is not None:
                by_language.setdefault(user_language(owner), []).append(owner)
        for language, owners in by_language.items():
            with translation.override(language):
                text = _alert_text(clock)
            _notify(owners, client_id=clock.client_id, text=text, url=url)
        sent += 1
    return sent


def _alert_text(clock: Clock) -> str:
    """The alert's words, in the active language."""
    breach = clock.level == SlaAlert.Level.BREACH
    title = clock.requisition.title
    if clock.measure == SlaAlert.Measure.FEEDBACK:
        due = timezone.localtime(clock.scorecard.due_at)
        values = {"title": title, "due": f"{due:%d %b %H:%M}"}
        if breach:
            return _("Interview feedback is overdue for “%(title)s” (due %(due)s).") % values
        return _("Interview feedback is due soon for “%(title)s” (due %(due)s).") % values
    values = {"title": title, "elapsed": f"{clock.elapsed:.0f}", "target": f"{clock.target:.0f}"}
    if clock.measure == SlaAlert.Measure.FIRST_SHORTLIST:
        if breach:
            return (
                _(
                    "SLA breached: “%(title)s” has taken %(elapsed)s of %(target)s days for a "
                    "first shortlist."
                )
                % values
            )
        return (
            _(
                "SLA is close to: “%(title)s” has taken %(elapsed)s of %(target)s days for a "
                "first shortlist."
            )
            % values
        )
    if breach:
        return (
            _(
                "SLA breached: “%(title)s” has taken %(elapsed)s of %(target)s days for filling "
                "every opening."
            )
            % values
        )
    return (
        _(
            "SLA is close to: “%(title)s” has taken %(elapsed)s of %(target)s days for filling "
            "every opening."
        )
        % values
    )
