from __future__ import annotations

from celery import shared_task


@shared_task
def sync_engagement_phases() -> str:
    """Switch engagements whose next phase has started to that phase's functions (daily)."""
    from outhire.engagements.models import Engagement
    from outhire.engagements.services import engagement_sync_functions

    changed = sum(
        engagement_sync_functions(engagement)
        for engagement in Engagement.objects.filter(phases__isnull=False).distinct()
    )
    return f"{changed} engagement(s) moved to a new phase"
