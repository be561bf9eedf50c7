"""In-app notifications (each also e-mailed), and the unread count for the navigation bar."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone

from outhire.accounts.models import Notification
from outhire.accounts.tasks import send_notification
from outhire.lib.tasks import enqueue


def notification_create(*, user, text: str, url: str = "", client=None) -> Notification:
    """Tell `user` something, in the app and by e-mail (sent once the transaction commits)."""
    notification = Notification.objects.create(
        user=user, client=client, text=text[:300], url=url[:300]
    )
    enqueue(send_notification, notification.pk)
    return notification


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark `user`'s unread notifications (all, or those of `ids`) read; how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def unread_count(request: HttpRequest) -> dict:
    """Context processor: the signed-in user's unread notifications, in one query."""
    access = getattr(request, "access", None)
    if access is None or not access.is_authenticated:
        return {}
    unread = Notification.objects.visible_to(access).filter(read_at__isnull=True)
    return {"unread_notifications": unread.count()}
