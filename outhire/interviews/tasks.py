"""Background work of interviews: e-mails, calendar feeds, reminders and feedback chasers.

Reminders and chasers are periodic (CELERY_BEAT_SCHEDULE); each e-mail is claimed by a
conditional UPDATE before it is sent, so two schedulers running at once send it only once.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from celery import shared_task
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from outhire.interviews import calendars, ics, mail, remote, slots
from outhire.interviews.models import (
    Availability,
    BusyTime,
    CalendarConnection,
    Interview,
    Scorecard,
)
from outhire.interviews.services import busy_replace
from outhire.lib.i18n import user_language

logger = logging.getLogger(__name__)

FETCH_MAX_BYTES = ics.MAX_BYTES
# Busy times are kept from a week back to this far ahead.
FEED_HORIZON = timedelta(days=90)
CHASE_EVERY = timedelta(hours=24)
MAX_CHASES = 3


def _interview(interview_id: int) -> Interview | None:
    return (
        Interview.objects.select_related(
            "application__candidate", "application__requisition", "client", "created_by"
        )
        .prefetch_related(
            "application__candidate__contact_points", "scorecards__interviewer__availability"
        )
        .filter(pk=interview_id)
        .first()
    )


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_invitations(interview_id: int) -> str:
    """The invitation (or its cancellation) as it stands now, to everyone taking part."""
    interview = _interview(interview_id)
    if interview is None or interview.starts_at is None:
        return f"interview {interview_id} has nothing to send"
    return f"{mail.send_invitations(interview)} invitation(s) sent"


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_booking_link(interview_id: int) -> str:
    interview = _interview(interview_id)
    if interview is None or not interview.is_open:
        return f"interview {interview_id} is closed"
    return "sent" if mail.send_booking_link(interview) else "no e-mail address"


def fetch(url: str) -> bytes:
    """The body at a calendar link: https, public host, no redirects, bounded (remote.py)."""
    answer = remote.call("GET", url, name=gettext_noop("calendar link"), max_bytes=FETCH_MAX_BYTES)
    if 300 <= answer.status < 400:
        raise remote.RemoteError(
            gettext_noop("The calendar link redirects; give its final address.")
        )
    if answer.status != 200:
        raise remote.RemoteError(
            gettext_noop("The calendar server answered HTTP %(status)s."), status=answer.status
        )
    return answer.body


@shared_task
def fetch_calendar(availability_id: int) -> str:
    """Replace a person's busy times from their calendar link; keep the error to show them
    (in their language)."""
    availability = Availability.objects.select_related("user").filter(pk=availability_id).first()
    if availability is None or not availability.calendar_url:
        return "no calendar link"
    with translation.override(user_language(availability.user)):
        return _fetch_calendar(availability)


def _fetch_calendar(availability) -> str:
    now = timezone.now()
    window = slots.Interval(now - timedelta(days=7), now + FEED_HORIZON)
    try:
        data = fetch(availability.calendar_url)
        read = ics.busy_intervals(data, window=window, time_zone=availability.time_zone)
    except (remote.RemoteError, ics.CalendarError) as error:
        # The link is personal data of sorts: log the person's id, not the address.
        logger.info("Calendar of availability %s not fetched: %s", availability.pk, error)
        availability.calendar_error = calendars.error_text(error)[:300]
        availability.save(update_fields=["calendar_error"])
        return "failed"
    count = busy_replace(
        user=availability.user, source=BusyTime.Source.URL, intervals=read.intervals
    )
    availability.calendar_error = ""
    availability.calendar_warning = " ".join(read.warnings)[:300]
    availability.calendar_fetched_at = now
    availability.save(update_fields=["calendar_error", "calendar_warning", "calendar_fetched_at"])
    return f"{count} busy time(s)"


@shared_task
def sync_connected_calendar(connection_id: int) -> str:
    connection = CalendarConnection.objects.select_related("user").filter(pk=connection_id).first()
    if connection is None:
        return "no connected calendar"
    return calendars.calendar_sync(connection)


@shared_task
def push_to_calendars(interview_id: int) -> str:
    """The interview as it stands now, into (or out of) the panel's connected calendars."""
    interview = _interview(interview_id)
    if interview is None:
        return f"interview {interview_id} is gone"
    counts = calendars.push_interview(interview)
    return ", ".join(f"{count} {what}" for what, count in counts.items())


@shared_task
def refresh_calendars() -> str:
    # The link is encrypted, so the database cannot tell which are empty: a short list anyway.
    ids = [pk for pk, url in Availability.objects.values_list("pk", "calendar_url") if url]
    for pk in ids:
        fetch_calendar.delay(pk)
    connected = list(CalendarConnection.objects.values_list("pk", flat=True))
    for pk in connected:
        sync_connected_calendar.delay(pk)
    return f"{len(ids)} calendar link(s) and {len(connected)} connected calendar(s) queued"


@shared_task
def send_interview_reminders() -> str:
    """A reminder a day before and an hour before each scheduled interview, once each."""
    now = timezone.now()
    sent = 0
    for field, ahead, when in (
        ("reminded_day_at", timedelta(hours=24), "tomorrow"),
        ("reminded_hour_at", timedelta(hours=1), "in an hour"),
    ):
        due = Interview.objects.filter(
            status=Interview.Status.SCHEDULED,
            starts_at__gt=now,
            starts_at__lte=now + ahead,
            **{f"{field}__isnull": True},
        ).values_list("pk", flat=True)
        for pk in list(due):
            claimed = Interview.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
                **{field: now}
            )
            if claimed:
                # The hour reminder makes the day one moot when both fall due together.
                if field == "reminded_hour_at":
                    Interview.objects.filter(pk=pk, reminded_day_at__isnull=True).update(
                        reminded_day_at=now
                    )
                sent += mail.send_reminder(_interview(pk), when=when)
    return f"{sent} reminder(s) sent"


@shared_task
def chase_overdue_scorecards() -> str:
    """E-mail interviewers whose scorecard is past the feedback SLA, at most daily, 3 times."""
    now = timezone.now()
    overdue = (
        Scorecard.objects.filter(
            submitted_at__isnull=True, due_at__lt=now, chase_count__lt=MAX_CHASES
        )
        .exclude(interview__status=Interview.Status.CANCELLED)
        .filter(Q(chased_at__isnull=True) | Q(chased_at__lt=now - CHASE_EVERY))
        .values_list("pk", "chased_at")
    )
    sent = 0
    for pk, chased_at in list(overdue):
        claimed = Scorecard.objects.filter(pk=pk, chased_at=chased_at).update(chased_at=now)
        if not claimed:
            continue
        scorecard = Scorecard.objects.select_related(
            "interviewer__availability",
            "interview__application__requisition",
            "interview__client",
        ).get(pk=pk)
        Scorecard.objects.filter(pk=pk).update(chase_count=scorecard.chase_count + 1)
        mail.send_chaser(scorecard)
        sent += 1
    return f"{sent} chaser(s) sent"
