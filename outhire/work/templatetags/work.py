"""`age`: how long something has waited, in the largest whole unit ("3 days", "5 hours")."""

from __future__ import annotations

from datetime import datetime

from django import template
from django.utils import timezone
from django.utils.translation import gettext, ngettext

register = template.Library()

UNITS = [
    (86400, lambda n: ngettext("%(n)s day", "%(n)s days", n)),
    (3600, lambda n: ngettext("%(n)s hour", "%(n)s hours", n)),
    (60, lambda n: ngettext("%(n)s minute", "%(n)s minutes", n)),
]


@register.filter
def age(since: datetime | None, now: datetime | None = None) -> str:
    if since is None:
        return ""
    seconds = ((now or timezone.now()) - since).total_seconds()
    if seconds < 60:
        return gettext("just now")
    for size, words in UNITS:
        if seconds >= size:
            n = int(seconds // size)
            return words(n) % {"n": n}
    return gettext("just now")
