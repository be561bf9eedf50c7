from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from outhire.accounts.models import Invitation, Notification, User
from outhire.lib.i18n import user_language


def _send(*, to: str, subject: str, template: str, context: dict) -> None:
    context = {"site_url": settings.SITE_URL, **context}
    text = render_to_string(f"accounts/email/{template}.txt", context)
    html = render_to_string(f"accounts/email/{template}.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, [to])
    message.attach_alternative(html, "text/html")
    message.send()


def invitation_language(invitation: Invitation) -> str:
    """The language of an invitation: its invitee's, when their account has one; else the
    inviter's (someone new has chosen none yet)."""
    invitee = invitation.user or User.objects.filter(email__iexact=invitation.email).first()
    if invitee is not None and invitee.language:
        return user_language(invitee)
    return user_language(invitation.invited_by)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitation(invitation_id: int) -> str:
    from outhire.accounts.services import invitation_token

    invitation = (
        Invitation.objects.select_related("client", "invited_by").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_usable:
        # Revoked or accepted between the request and now: nothing to send.
        return f"invitation {invitation_id} is no longer usable"
    link = settings.SITE_URL + reverse(
        "accounts:invitation_accept", args=[invitation_token(invitation)]
    )
    inviter = invitation.invited_by
    with translation.override(invitation_language(invitation)):
        if invitation.client:
            subject = _("You are invited to join %(client)s on Outhire") % {
                "client": invitation.client
            }
        else:
            subject = _("You are invited to join the provider team on Outhire")
        _send(
            to=invitation.email,
            subject=subject,
            template="invitation",
            context={
                "invitation": invitation,
                "link": link,
                "inviter": inviter,
                "days": settings.OUTHIRE_INVITATION_DAYS,
            },
        )
    # The worker logs the return value, so operators can match a log line to an invitation.
    return f"invitation {invitation_id} sent"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_password_reset(user_id: int) -> None:
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    link = settings.SITE_URL + reverse("accounts:password_reset_confirm", args=[uid, token])
    with translation.override(user_language(user)):
        _send(
            to=user.email,
            subject=_("Reset your Outhire password"),
            template="password_reset",
            context={"user": user, "link": link, "hours": settings.PASSWORD_RESET_TIMEOUT // 3600},
        )


@shared_task
def purge_stale_security_records() -> str:
    """Forget failed logins older than a day; they only matter inside the lockout window."""
    from datetime import timedelta

    from django.utils import timezone

    from outhire.accounts.models import LoginFailure

    deleted, _ = LoginFailure.objects.filter(at__lt=timezone.now() - timedelta(days=1)).delete()
    return f"{deleted} stale login failure(s) removed"


# The name it had in pipeline/tasks.py, so that a notification queued before an upgrade is
# still sent by the upgraded workers.
@shared_task(
    name="outhire.pipeline.tasks.send_notification",
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def send_notification(notification_id: int) -> str:
    """E-mail a notification to its user, once (a retried or repeated task sends nothing more)."""
    from django.db import transaction
    from django.utils import timezone

    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(of=("self",))
            .select_related("user", "client")
            .filter(pk=notification_id)
            .first()
        )
        if notification is None or not notification.user.is_active:
            return f"notification {notification_id} has no one to go to"
        if notification.emailed_at is not None or notification.delivery != "immediate":
            return f"notification {notification_id} is not to be e-mailed now"
        context = {
            "notification": notification,
            "link": settings.SITE_URL + notification.url if notification.url else settings.SITE_URL,
            "user": notification.user,
            "preferences": settings.SITE_URL + reverse("accounts:notification_preferences"),
        }
        with translation.override(user_language(notification.user)):
            text = render_to_string("accounts/email/notification.txt", context)
            html = render_to_string("accounts/email/notification.html", context)
            subject = notification.display_text[:150]
        email = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [notification.user.email]
        )
        email.attach_alternative(html, "text/html")
        # Sent under the row's lock and marked in the same transaction: a failure to send
        # rolls the mark back, so the retry sends it; a second run finds it marked.
        email.send()
        notification.emailed_at = timezone.now()
        notification.save(update_fields=["emailed_at"])
    return f"notification {notification_id} sent"


@shared_task
def send_daily_digests(now=None) -> str:
    """Gather each person's unread "daily digest" notifications into one e-mail a day.

    Runs every hour (beat or `outhire tick`); from OUTHIRE_DIGEST_HOUR (the server's time
    zone) on, each person with something pending gets that day's digest, once.
    """
    from django.utils import timezone

    from outhire.accounts.notifications import digest_pending, digest_prepare
    from outhire.lib.tasks import enqueue

    local = timezone.localtime(now or timezone.now())
    if local.hour < settings.OUTHIRE_DIGEST_HOUR:
        return f"digests go from {settings.OUTHIRE_DIGEST_HOUR}:00"
    user_ids = sorted(set(digest_pending().values_list("user_id", flat=True)))
    made = 0
    for user_id in user_ids:
        digest = digest_prepare(user_id=user_id, day=local.date())
        if digest is not None:
            enqueue(send_digest, digest.pk)
            made += 1
    return f"{made} digest(s) of {local.date()} queued"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_digest(digest_id: int) -> str:
    """E-mail one digest, once (the same locking as `send_notification`)."""
    from django.db import transaction
    from django.utils import timezone

    from outhire.accounts.models import NotificationDigest

    with transaction.atomic():
        digest = (
            NotificationDigest.objects.select_for_update(of=("self",))
            .select_related("user")
            .filter(pk=digest_id)
            .first()
        )
        if digest is None or digest.sent_at is not None or not digest.user.is_active:
            return f"digest {digest_id} is not to be sent"
        notifications = list(
            Notification.objects.filter(digest=digest)
            .select_related("client")
            .order_by("created_at", "id")
        )
        if not notifications:
            return f"digest {digest_id} is empty"
        context = {
            "user": digest.user,
            "day": digest.day,
            "notifications": notifications,
            "site_url": settings.SITE_URL,
            "home": settings.SITE_URL + reverse("work:home"),
            "preferences": settings.SITE_URL + reverse("accounts:notification_preferences"),
        }
        count = len(notifications)
        with translation.override(user_language(digest.user)):
            subject = ngettext(
                "Outhire: %(count)s update for you", "Outhire: %(count)s updates for you", count
            ) % {"count": count}
            text = render_to_string("accounts/email/digest.txt", context)
            html = render_to_string("accounts/email/digest.html", context)
        email = EmailMultiAlternatives(
            subject, text, settings.DEFAULT_FROM_EMAIL, [digest.user.email]
        )
        email.attach_alternative(html, "text/html")
        email.send()
        now = timezone.now()
        digest.sent_at = now
        digest.save(update_fields=["sent_at"])
        Notification.objects.filter(digest=digest).update(emailed_at=now)
    return f"digest {digest_id} sent with {count} notification(s)"
