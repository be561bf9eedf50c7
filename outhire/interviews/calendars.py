"""Connected calendars: an interviewer's own CalDAV calendar, read for busy times and written
with their interviews (docs/interviews.md#connected-calendars). The protocol is caldav.py."""

from __future__ import annotations

from datetime import timedelta

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from outhire.accounts import audit
from outhire.interviews import caldav, ics, slots
from outhire.interviews.models import BusyTime, CalendarConnection, Interview
from outhire.interviews.services import availability_of, busy_replace, interviewers_of
from outhire.lib.i18n import user_language

# Busy times are read from a week back to this far ahead, as for calendar links.
HORIZON = timedelta(days=90)


def error_text(error: Exception) -> str:
    """An error of remote.py, caldav.py or ics.py in the active language (the first two name
    their message and its values; the words in `name` are translated too)."""
    message = getattr(error, "message", None)
    if message is None:
        return str(error)
    params = dict(error.params)
    if isinstance(params.get("name"), str):
        params["name"] = _(params["name"])
    return _(message) % params if params else _(message)


def account_of(connection: CalendarConnection) -> caldav.Account:
    return caldav.Account(
        url=connection.server_url, username=connection.username, password=connection.password
    )


def calendar_connect(*, user, server_url: str, username: str, password: str, request=None):
    """Find the person's calendar, check it can be read, keep the connection (replacing any
    earlier one) and read the busy times at once. CalDAVError says what went wrong."""
    account = caldav.Account(url=server_url, username=username, password=password)
    calendar_url, name = caldav.find_calendar(account)
    now = timezone.now()
    caldav.events_between(account, calendar_url, now, now + timedelta(days=1))
    with transaction.atomic():
        connection, _made = CalendarConnection.objects.update_or_create(
            user=user,
            defaults={
                "provider": CalendarConnection.Provider.CALDAV,
                "server_url": server_url,
                "username": username,
                "password": password,
                "calendar_url": calendar_url,
                "calendar_name": name[:200],
                "connected_at": now,
                "synced_at": None,
                "error": "",
                "warning": "",
            },
        )
        audit.record("calendar.connected", actor=user, request=request, obj=connection)
    calendar_sync(connection)
    return connection


def calendar_disconnect(*, user, request=None) -> bool:
    """Forget the connection and the busy times read from it; events already written stay."""
    with transaction.atomic():
        deleted, _kinds = CalendarConnection.objects.filter(user=user).delete()
        BusyTime.objects.filter(user=user, source=BusyTime.Source.CALENDAR).delete()
        if deleted:
            audit.record("calendar.disconnected", actor=user, request=request)
    return bool(deleted)


def calendar_sync(connection: CalendarConnection) -> str:
    """Read the busy times again (`_calendar_sync`); a problem is kept in words of the
    person's own language, to show them on their pages."""
    with translation.override(user_language(connection.user)):
        return _calendar_sync(connection)


def _calendar_sync(connection: CalendarConnection) -> str:
    """Replace the person's busy times from their calendar; keep the error to show them."""
    now = timezone.now()
    zone = availability_of(connection.user).time_zone
    try:
        data = caldav.events_between(
            account_of(connection), connection.calendar_url, now - timedelta(days=7), now + HORIZON
        )
        read = (
            ics.busy_intervals(
                data, window=slots.Interval(now - timedelta(days=7), now + HORIZON), time_zone=zone
            )
            if data
            else ics.BusyTimes()
        )
    except (caldav.CalDAVError, ics.CalendarError) as error:
        connection.error = error_text(error)[:300]
        connection.save(update_fields=["error"])
        return "failed"
    count = busy_replace(
        user=connection.user, source=BusyTime.Source.CALENDAR, intervals=read.intervals
    )
    connection.error = ""
    connection.warning = " ".join(read.warnings)[:300]
    connection.synced_at = now
    connection.save(update_fields=["error", "warning", "synced_at"])
    return f"{count} busy time(s)"


def calendar_object(interview: Interview) -> bytes:
    """The interview as a stored calendar event: the invitation's event (same UID, SEQUENCE),
    without the iTIP METHOD that a calendar collection does not take (RFC 4791, 4.1)."""
    from outhire.interviews.mail import invitation_ics

    data = invitation_ics(interview)
    return b"".join(
        line for line in data.splitlines(keepends=True) if not line.startswith(b"METHOD:")
    )


def push_interview(interview: Interview) -> dict[str, int]:
    """Write (or remove, when called off) the interview in each interviewer's connected
    calendar. The same address each time, so repeating it after a retry changes nothing."""
    people = [person.pk for person in interviewers_of(interview)]
    connections = CalendarConnection.objects.filter(user_id__in=people).select_related("user")
    counts = {"written": 0, "removed": 0, "failed": 0}
    remove = interview.status == Interview.Status.CANCELLED or interview.starts_at is None
    for connection in connections:
        # The event's title in its owner's language.
        with translation.override(user_language(connection.user)):
            data = None if remove else calendar_object(interview)
        try:
            if remove:
                caldav.delete_event(
                    account_of(connection), connection.calendar_url, interview.ical_uid
                )
                counts["removed"] += 1
            else:
                caldav.put_event(
                    account_of(connection), connection.calendar_url, interview.ical_uid, data
                )
                counts["written"] += 1
        except caldav.CalDAVError as error:
            counts["failed"] += 1
            with translation.override(user_language(connection.user)):
                connection.error = (
                    _("The interview could not be written: %(error)s")
                    % {"error": error_text(error)}
                )[:300]
            connection.save(update_fields=["error"])
    return counts
