"""Receivers: keep stored feature rows fresh, and record people's decisions beside the scores.

Nothing here decides anything: a score never moves an application. When a person moves,
rejects or hires an application, the decision is written on the score logs of that candidate
and requisition shown before it and not yet followed by a decision.
"""

from __future__ import annotations

from django.db.models import Q
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from outhire.candidates.models import Candidate, Document, ProfileEntry
from outhire.lib.tasks import enqueue
from outhire.pipeline.models import StageEvent
from outhire.requisitions.models import KIND_ORDER
from outhire.screening.models import ScoreLog, ScreeningProfile

# Fields of a candidate the matcher reads; saving only others leaves the row fresh.
MATCHED_FIELDS = {
    "current_title",
    "location",
    "summary",
    "years_experience",
    "search_text",
    "first_name",
    "last_name",
    "current_employer",
}


def _stale(candidate_id: int | None) -> None:
    if not candidate_id:
        return
    from outhire.screening.tasks import refresh_screening_profile

    marked = ScreeningProfile.objects.filter(candidate_id=candidate_id, stale=False).update(
        stale=True
    )
    # Once per change: a row already stale has its refresh queued.
    if marked:
        enqueue(refresh_screening_profile, candidate_id)


@receiver(post_save, sender=Candidate, dispatch_uid="screening.candidate_saved")
def candidate_saved(sender, instance: Candidate, created: bool, update_fields=None, **kwargs):
    if created:
        return
    if update_fields is not None and not (set(update_fields) & MATCHED_FIELDS):
        return
    _stale(instance.pk)


@receiver(post_save, sender=ProfileEntry, dispatch_uid="screening.entry_saved")
@receiver(post_delete, sender=ProfileEntry, dispatch_uid="screening.entry_deleted")
@receiver(post_save, sender=Document, dispatch_uid="screening.document_saved")
def profile_changed(sender, instance, **kwargs):
    _stale(instance.candidate_id)


def decision_for(event: StageEvent) -> str | None:
    """The decision a stage event stands for, or None for one that decides nothing."""
    kind = event.kind
    if kind == StageEvent.Kind.CREATED:
        return ScoreLog.Decision.ADDED_TO_PIPELINE
    if kind == StageEvent.Kind.REJECTED:
        return ScoreLog.Decision.REJECTED
    if kind == StageEvent.Kind.WITHDRAWN:
        return ScoreLog.Decision.WITHDRAWN
    if kind == StageEvent.Kind.HIRED:
        return ScoreLog.Decision.HIRED
    if kind == StageEvent.Kind.MOVED:
        forward = KIND_ORDER.get(event.to_kind, 0) >= KIND_ORDER.get(event.from_kind, 0)
        return ScoreLog.Decision.ADVANCED if forward else ScoreLog.Decision.MOVED_BACK
    return None


@receiver(post_save, sender=StageEvent, dispatch_uid="screening.stage_event_saved")
def stage_event_saved(sender, instance: StageEvent, created: bool, **kwargs):
    if not created:
        return
    decision = decision_for(instance)
    if decision is None:
        return
    application = instance.application
    ScoreLog.objects.filter(
        Q(application_id=application.pk) | Q(application__isnull=True),
        client_id=instance.client_id,
        requisition_id=application.requisition_id,
        candidate_id=application.candidate_id,
        decision="",
        shown_at__lte=instance.at,
    ).update(
        decision=decision,
        decided_by=instance.by_id,
        decided_at=instance.at,
        application_id=application.pk,
    )
