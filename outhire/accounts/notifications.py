"""Notifications: in the app, and by e-mail right away or in a daily digest, as each person
chooses per kind; the unread count for the navigation bar.

Every notification has a kind (`KINDS`). A person's `NotificationPreference` for a kind says
how it reaches them: right away (in the app, and an e-mail at once), in the daily digest (in
the app at once, and in one e-mail a day listing what they have not read yet), or off (not at
all: the work itself still shows on their home page). Kinds they never chose use the kind's
default. The digest is made by `accounts.tasks.send_daily_digests` (docs/work.md).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime

from django.db import IntegrityError, transaction
from django.http import HttpRequest
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_lazy

from outhire.accounts.models import (
    Delivery,
    Notification,
    NotificationDigest,
    NotificationPreference,
)
from outhire.accounts.tasks import send_notification
from outhire.lib.tasks import enqueue

STAFF = "staff"  # provider staff only (applicants before the shortlist are the provider's work)
EVERYONE = "everyone"


@dataclass(frozen=True)
class Kind:
    key: str
    label: str  # lazy: in the reader's language
    group: str
    default: str
    audience: str = EVERYONE


KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in [
        Kind(
            "approval_requested",
            gettext_lazy("Your approval is needed"),
            gettext_lazy("Approvals"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "requisition_raised",
            gettext_lazy("A client raised a requisition"),
            gettext_lazy("Requisitions"),
            Delivery.IMMEDIATE,
            STAFF,
        ),
        Kind(
            "requisition_submitted",
            gettext_lazy("A requisition was submitted for approval"),
            gettext_lazy("Requisitions"),
            Delivery.DIGEST,
        ),
        Kind(
            "requisition_approved",
            gettext_lazy("A requisition was approved"),
            gettext_lazy("Requisitions"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "requisition_sent_back",
            gettext_lazy("A requisition was sent back"),
            gettext_lazy("Requisitions"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "candidate_applied",
            gettext_lazy("A candidate applied to my requisition"),
            gettext_lazy("Candidates"),
            Delivery.DIGEST,
            STAFF,
        ),
        Kind(
            "candidate_replied",
            gettext_lazy("A candidate replied to an e-mail about my application"),
            gettext_lazy("Candidates"),
            Delivery.IMMEDIATE,
            STAFF,
        ),
        Kind(
            "interview_booked",
            gettext_lazy("An interview was booked"),
            gettext_lazy("Interviews"),
            Delivery.DIGEST,
        ),
        Kind(
            "interview_moved",
            gettext_lazy("An interview was moved"),
            gettext_lazy("Interviews"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "interview_cancelled",
            gettext_lazy("An interview was cancelled"),
            gettext_lazy("Interviews"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "scorecard_submitted",
            gettext_lazy("A scorecard was submitted"),
            gettext_lazy("Interviews"),
            Delivery.DIGEST,
        ),
        Kind(
            "offer_approved",
            gettext_lazy("An offer was approved"),
            gettext_lazy("Offers"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "offer_sent_back",
            gettext_lazy("An offer was sent back"),
            gettext_lazy("Offers"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "offer_accepted",
            gettext_lazy("An offer was accepted"),
            gettext_lazy("Offers"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "offer_declined",
            gettext_lazy("An offer was declined"),
            gettext_lazy("Offers"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "mention",
            gettext_lazy("Someone mentioned me (@)"),
            gettext_lazy("Conversation"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "comment",
            gettext_lazy("A comment on a requisition I work on"),
            gettext_lazy("Conversation"),
            Delivery.DIGEST,
        ),
        Kind(
            "sla",
            gettext_lazy("An SLA target is close or missed"),
            gettext_lazy("Service levels"),
            Delivery.IMMEDIATE,
        ),
        Kind(
            "referral_bonus",
            gettext_lazy("A referral bonus is due"),
            gettext_lazy("Service levels"),
            Delivery.IMMEDIATE,
            STAFF,
        ),
        Kind(
            "data_request",
            gettext_lazy("A data subject request is assigned to me or due soon"),
            gettext_lazy("Data protection"),
            Delivery.IMMEDIATE,
            STAFF,
        ),
        Kind(
            "privacy_breach",
            gettext_lazy("A personal data breach affects my client"),
            gettext_lazy("Data protection"),
            Delivery.IMMEDIATE,
        ),
        Kind("general", gettext_lazy("Anything else"), gettext_lazy("Other"), Delivery.IMMEDIATE),
    ]
}


def kinds_for(user) -> list[Kind]:
    """The kinds `user` can receive, in the order of the preferences page."""
    return [k for k in KINDS.values() if k.audience == EVERYONE or user.is_provider_staff]


def preferences_of(user) -> dict[str, str]:
    """Every kind's delivery for `user`: their choice, else the kind's default (one query)."""
    chosen = dict(NotificationPreference.objects.filter(user=user).values_list("kind", "delivery"))
    return {key: chosen.get(key, kind.default) for key, kind in KINDS.items()}


def preferences_save(*, user, choices: dict[str, str]) -> int:
    """Store `user`'s choices (kind -> delivery); how many kinds changed.

    Only choices that differ from a kind's default are kept as rows: kinds left at their
    default follow it.
    """
    unknown = set(choices) - set(KINDS)
    bad = {k: v for k, v in choices.items() if v not in Delivery.values}
    if unknown or bad:
        raise ValueError(f"unknown kinds {sorted(unknown)} or deliveries {sorted(bad)}")
    current = preferences_of(user)
    changed = [kind for kind, delivery in choices.items() if current[kind] != delivery]
    with transaction.atomic():
        for kind in changed:
            if choices[kind] == KINDS[kind].default:
                NotificationPreference.objects.filter(user=user, kind=kind).delete()
            else:
                NotificationPreference.objects.update_or_create(
                    user=user, kind=kind, defaults={"delivery": choices[kind]}
                )
    return len(changed)


# Set by `in_app_only()`: notifications made meanwhile are e-mailed neither now nor in a digest.
_in_app_only: ContextVar[bool] = ContextVar("outhire_notifications_in_app_only", default=False)


@contextmanager
def in_app_only() -> Iterator[None]:
    """Notifications made inside are in the app only: for a seed replaying a made-up history
    (the demo), whose people must not be e-mailed."""
    token = _in_app_only.set(True)
    try:
        yield
    finally:
        _in_app_only.reset(token)


def _stored_params(params: dict) -> dict:
    """`params` as JSON keeps them: a day becomes {"date": "2026-12-05"} and a lazy label
    {"msg": "Open"}, both put in the reader's words at display; anything else but numbers
    becomes text."""
    stored = {}
    for key, value in params.items():
        if isinstance(value, Promise):  # a gettext_lazy label: translated at display too
            with translation.override("en-gb"):
                stored[key] = {"msg": str(value)}
        elif isinstance(value, date) and not isinstance(value, datetime):
            stored[key] = {"date": value.isoformat()}
        elif isinstance(value, int | float):
            stored[key] = value
        else:
            stored[key] = str(value)
    return stored


def _shown_params(params: dict) -> dict:
    from outhire.lib.formatting import calendar_date

    shown = {}
    for key, value in params.items():
        if isinstance(value, dict) and "msg" in value:
            value = gettext(str(value["msg"]))
        elif isinstance(value, dict) and "date" in value:
            try:
                value = calendar_date(date.fromisoformat(value["date"]))
            except (TypeError, ValueError):
                value = str(value["date"])
        shown[key] = value
    return shown


def translated(message: str, params: dict | None = None) -> str:
    """`message` in the active language, with `params` put in: the words of a notification
    for its reader. A text that is no message in the catalogue comes back as it is; a
    translation that does not fit its parameters falls back to the English."""
    shown = _shown_params(params) if params else None
    try:
        words = gettext(message)
        return words % shown if shown else words
    except (KeyError, TypeError, ValueError):
        try:
            return message % shown if shown else message
        except (KeyError, TypeError, ValueError):
            return message


def notification_create(
    *,
    user,
    text: str,
    url: str = "",
    client=None,
    kind: str = "general",
    params: dict | None = None,
) -> Notification | None:
    """Tell `user` something, as they chose for `kind`: in the app, and by e-mail right away
    (sent once the transaction commits) or in tomorrow's digest; None when they turned it off.

    `text` and `url` end up in e-mails: name the requisition, never a candidate, and keep
    personal data out of the URL.

    With `params` (even empty), `text` is a message marked for translation with
    `gettext_noop`, with `%(name)s` placeholders for `params` (text, numbers, or a `date`):
    each reader sees it in their language (`Notification.display_text`). Without, `text` is
    shown as it is.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}")
    chosen = (
        NotificationPreference.objects.filter(user=user, kind=kind)
        .values_list("delivery", flat=True)
        .first()
    )
    delivery = chosen or KINDS[kind].default
    if delivery == Delivery.OFF:
        return None
    quiet = _in_app_only.get()
    message, stored = "", {}
    if params is not None:
        message, stored = str(text), _stored_params(params)
        with translation.override("en-gb"):
            text = message % _shown_params(stored) if stored else message
    notification = Notification.objects.create(
        user=user,
        client=client,
        kind=kind,
        text=text[:300],
        message=message[:300],
        params=stored,
        url=url[:300],
        delivery=delivery,
        emailed_at=timezone.now() if quiet else None,
    )
    if delivery == Delivery.IMMEDIATE and not quiet:
        enqueue(send_notification, notification.pk)
    return notification


def notify(
    users: Iterable,
    *,
    kind: str,
    text: str,
    url: str = "",
    client=None,
    skip=None,
    params: dict | None = None,
) -> list[Notification]:
    """`notification_create` for each active person of `users` once, except `skip` (the one
    who acted: nobody is told what they just did)."""
    skip_id = getattr(skip, "pk", skip)
    made, seen = [], set()
    for user in users:
        if user is None or user.pk in seen or user.pk == skip_id or not user.is_active:
            continue
        seen.add(user.pk)
        notification = notification_create(
            user=user, text=text, url=url, client=client, kind=kind, params=params
        )
        if notification is not None:
            made.append(notification)
    return made


def notifications_mark_read(*, user, ids: list[int] | None = None) -> int:
    """Mark `user`'s unread notifications (all, or those of `ids`) read; how many changed."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if ids is not None:
        unread = unread.filter(pk__in=ids)
    return unread.update(read_at=timezone.now())


def digest_pending():
    """Notifications waiting for a digest: digest delivery, not e-mailed, not in one, unread."""
    return Notification.objects.filter(
        delivery=Delivery.DIGEST,
        emailed_at__isnull=True,
        digest__isnull=True,
        read_at__isnull=True,
    )


def digest_prepare(*, user_id: int, day: date) -> NotificationDigest | None:
    """Gather `user_id`'s pending digest notifications into the digest of `day`.

    At most one digest per user per day, whoever runs this at the same moment: the unique
    (user, day) row decides, and each notification is claimed by at most one digest. None when
    that day's digest exists already or nothing is pending (then no row is kept).
    """
    with transaction.atomic():
        try:
            with transaction.atomic():
                digest = NotificationDigest.objects.create(user_id=user_id, day=day)
        except IntegrityError:
            return None
        ids = list(
            digest_pending()
            .filter(user_id=user_id)
            .select_for_update()
            .values_list("pk", flat=True)
        )
        claimed = (
            Notification.objects.filter(pk__in=ids, digest__isnull=True).update(digest=digest)
            if ids
            else 0
        )
        if not claimed:
            digest.delete()
            return None
    return digest


def unread_count(request: HttpRequest) -> dict:
    """Context processor: the signed-in user's unread notifications, in one query."""
    access = getattr(request, "access", None)
    if access is None or not access.is_authenticated:
        return {}
    unread = Notification.objects.visible_to(access).filter(read_at__isnull=True)
    return {"unread_notifications": unread.count()}
