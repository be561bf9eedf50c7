"""Login throttling: repeated failures lock an account, and an IP, for a while.

Failures are rows in the database (not a per-process cache), so every web process agrees.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from outhire.accounts.models import LoginFailure
from outhire.lib.crypto import blind_index


def _since():
    return timezone.now() - timedelta(minutes=settings.OUTHIRE_LOGIN_LOCKOUT_MINUTES)


def failures(*, email: str, ip: str) -> tuple[int, int]:
    """(failures for this account, failures from this IP) within the lockout window."""
    recent = LoginFailure.objects.filter(at__gte=_since())
    return (
        recent.filter(email_index=blind_index(email)).count(),
        recent.filter(ip=ip).count(),
    )


def is_locked(*, email: str, ip: str) -> bool:
    by_account, by_ip = failures(email=email, ip=ip)
    return (
        by_account >= settings.OUTHIRE_LOGIN_MAX_FAILURES_PER_ACCOUNT
        or by_ip >= settings.OUTHIRE_LOGIN_MAX_FAILURES_PER_IP
    )


def record_failure(*, email: str, ip: str) -> bool:
    """Remember one failure; True when this failure is the one that locks."""
    was_locked = is_locked(email=email, ip=ip)
    LoginFailure.objects.create(email_index=blind_index(email), ip=ip)
    # Old rows are useless once outside the window; trim as we go.
    LoginFailure.objects.filter(at__lt=_since() - timedelta(days=1)).delete()
    return not was_locked and is_locked(email=email, ip=ip)


def clear(*, email: str) -> None:
    LoginFailure.objects.filter(email_index=blind_index(email)).delete()
