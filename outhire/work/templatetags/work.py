"""`age`: how long something has waited, in the largest whole unit ("3 days", "5 hours")."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone

register = template.Library()

UNITS = [(86400, "day"), (3600, "hour"), (60, "minute")]


@register.filter
def age(since: datetime | None, now: datetime | None = None) -> str:
    if since is None:
        return ""
    seconds = ((now or timezone.now()) - since).total_seconds()
    if seconds < 60:
        return "just now"
    for size, unit in UNITS:
        if seconds >= size:
            n = int(seconds // size)
            return f"{n} {unit}{'s' if n != 1 else ''}"
    return "just now"
