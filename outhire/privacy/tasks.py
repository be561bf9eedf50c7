"""Background work of the privacy app."""

from __future__ import annotations

from celery import shared_task

# --- Retention (outhire.privacy.retention) ---------------------------------------------------


@shared_task
def apply_retention(by_id: int | None = None) -> str:
    """Anonymise the people whose retention period is over (a batch of them).

    Scheduled (beat or `outhire tick`, hourly) it runs once a day, and again at the next tick
    while the day's backlog is larger than OUTHIRE_RETENTION_BATCH. Queued by a provider admin
    ("Run now", `by_id`) it always runs.
    """
    from outhire.accounts.models import User
    from outhire.privacy.retention import retention_ran_today, retention_run

    by = None
    if by_id is not None:
        by = User.objects.filter(pk=by_id).first()
    elif retention_ran_today():
        return "retention already ran today"
    run = retention_run(by=by)
    counts = ", ".join(f"{name} {count}" for name, count in run.counts.items())
    return f"retention run #{run.pk}: {counts}"
