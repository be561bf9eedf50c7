"""Background work of interviews: e-mails, calendar feeds, reminders and feedback chasers.

Reminders and chasers are periodic (CELERY_BEAT_SCHEDULE); each e-mail is claimed by a
conditional UPDATE before it is sent, so two schedulers running at once send it only once.
"""

from __future__ import annotations

import contextlib
import http.client
import ipaddress
import logging
import socket
import threading
from datetime import timedelta
from urllib.parse import urlsplit, urlunsplit

from celery import shared_task
from django.db.models import Q
from django.utils import timezone

from outhire.interviews import ics, mail, slots
from outhire.interviews.models import Availability, BusyTime, Interview, Scorecard
from outhire.interviews.services import busy_replace

logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 10  # seconds for each step: connecting, each read
FETCH_SECONDS = 30  # for the whole fetch, however slowly the server sends
FETCH_MAX_BYTES = ics.MAX_BYTES
# Busy times are kept from a week back to this far ahead.
FEED_HORIZON = timedelta(days=90)
# Only https, and only to public addresses: a calendar URL is typed in by a user, and the
# server must not be made to fetch from its own network. Tests with a local server relax this.
FETCH_SCHEMES = frozenset({"https"})
FETCH_PRIVATE_HOSTS = False
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


class FetchError(Exception):
    pass


# NAT64 prefixes (RFC 6052, RFC 8215): the IPv4 address inside is the one reached.
_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


def _is_public(address: str) -> bool:
    """Is this an address on the public internet, including any IPv4 address embedded in it?"""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 6:
        embedded = ip.ipv4_mapped or ip.sixtofour or (ip.teredo[1] if ip.teredo else None)
        if any(ip in network for network in _NAT64):
            embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
        if embedded is not None and not _is_public(str(embedded)):
            return False
    return ip.is_global and not ip.is_multicast


def _address_of(host: str, port: int) -> str:
    """The address to connect to: resolved once, checked, and then the only one used."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        raise FetchError("The calendar's host name could not be found.") from None
    addresses = [info[4][0] for info in infos]
    if not addresses:
        raise FetchError("The calendar's host name could not be found.")
    if not FETCH_PRIVATE_HOSTS and not all(_is_public(a) for a in addresses):
        raise FetchError("The calendar link points to a private network address.")
    return addresses[0]


class _Pinned:
    """A connection to the address that was checked, not to whatever the name resolves to a
    moment later (DNS rebinding); TLS still checks the certificate against the host name."""

    def __init__(self, host: str, port: int, *, address: str, **kwargs) -> None:
        super().__init__(host, port, **kwargs)
        self._create_connection = lambda _, *args: socket.create_connection((address, port), *args)
        self.opened: socket.socket | None = None
        self.aborted = False

    def connect(self) -> None:
        super().connect()
        # Kept: the connection forgets its socket once the response has taken it over.
        self.opened = self.sock

    def abort(self) -> None:
        """Wake a read blocked on a server that sends a byte now and then (called by a timer)."""
        self.aborted = True
        if self.opened is not None:
            with contextlib.suppress(OSError):
                socket.socket.shutdown(self.opened, socket.SHUT_RDWR)


class _PinnedHTTP(_Pinned, http.client.HTTPConnection):
    pass


class _PinnedHTTPS(_Pinned, http.client.HTTPSConnection):
    pass


def fetch(url: str) -> bytes:
    """The body at `url`: https, public host (the address checked is the one connected to), no
    redirects, at most FETCH_MAX_BYTES, FETCH_TIMEOUT per step and FETCH_SECONDS in all."""
    parts = urlsplit(url)
    if parts.scheme not in FETCH_SCHEMES or not parts.hostname:
        raise FetchError("The calendar link must be an https:// address.")
    try:
        port = parts.port or (443 if parts.scheme == "https" else 80)
    except ValueError:
        raise FetchError("The calendar link has an invalid port number.") from None
    address = _address_of(parts.hostname, port)
    kind = _PinnedHTTPS if parts.scheme == "https" else _PinnedHTTP
    connection = kind(parts.hostname, port, address=address, timeout=FETCH_TIMEOUT)
    path = urlunsplit(("", "", parts.path or "/", parts.query, ""))
    timer = threading.Timer(FETCH_SECONDS, connection.abort)
    timer.start()
    try:
        connection.request("GET", path, headers={"User-Agent": "Outhire calendar fetch"})
        response = connection.getresponse()
        if 300 <= response.status < 400:
            raise FetchError("The calendar link redirects; give its final address.")
        if response.status != 200:
            raise FetchError(f"The calendar server answered HTTP {response.status}.")
        data = bytearray()
        while chunk := response.read1(64 * 1024):
            data += chunk
            if len(data) > FETCH_MAX_BYTES:
                raise FetchError("The calendar is larger than 2 MB.")
    except (http.client.HTTPException, OSError) as error:
        if not connection.aborted:
            raise FetchError(f"The calendar could not be fetched: {error}") from None
    finally:
        timer.cancel()
        connection.close()
    if connection.aborted:
        # Cut off by the timer, in whichever read it was waiting
        raise FetchError(
            f"The calendar server took longer than {FETCH_SECONDS} seconds to send it."
        )
    return bytes(data)


@shared_task
def fetch_calendar(availability_id: int) -> str:
    """Replace a person's busy times from their calendar link; keep the error to show them."""
    availability = Availability.objects.filter(pk=availability_id).first()
    if availability is None or not availability.calendar_url:
        return "no calendar link"
    now = timezone.now()
    window = slots.Interval(now - timedelta(days=7), now + FEED_HORIZON)
    try:
        data = fetch(availability.calendar_url)
        read = ics.busy_intervals(data, window=window, time_zone=availability.time_zone)
    except (FetchError, ics.CalendarError) as error:
        # The link is personal data of sorts: log the person's id, not the address.
        logger.info("Calendar of availability %s not fetched: %s", availability.pk, error)
        availability.calendar_error = str(error)[:300]
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
def refresh_calendars() -> str:
    # The link is encrypted, so the database cannot tell which are empty: a short list anyway.
    ids = [pk for pk, url in Availability.objects.values_list("pk", "calendar_url") if url]
    for pk in ids:
        fetch_calendar.delay(pk)
    return f"{len(ids)} calendar(s) queued"


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
