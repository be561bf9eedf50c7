from __future__ import annotations

from celery import shared_task


@shared_task
def remind_data_requests_due() -> str:
    """Tell owners of data subject requests whose deadline is a week away or nearer (hourly;
    each request once per deadline)."""
    from outhire.privacy.services import data_requests_remind

    return f"{data_requests_remind()} data subject request reminder(s) sent"
