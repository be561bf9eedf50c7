"""Plain helpers of the interview tests (their fixtures are in conftest.py)."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone


def next_weekday(hour: int = 10, *, days: int = 3, zone: str = "UTC"):
    """A weekday `days` or more ahead at `hour` o'clock in `zone` (inside default hours)."""
    day = (timezone.now() + timedelta(days=days)).astimezone(ZoneInfo(zone)).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time(hour), tzinfo=ZoneInfo(zone))


def started(interview, *, hours_ago: int = 2):
    """Mark `interview` as booked for a time already begun: its scorecards may be submitted."""
    from outhire.interviews.models import Interview

    start = timezone.now() - timedelta(hours=hours_ago)
    Interview.objects.filter(pk=interview.pk).update(
        status=Interview.Status.SCHEDULED,
        starts_at=start,
        ends_at=start + timedelta(minutes=interview.duration_minutes),
    )
    interview.refresh_from_db()
    return interview
