"""iCalendar in and out (RFC 5545 objects, RFC 5546 iTIP methods): pure Python, no Django.

Out: an interview invitation is one VEVENT in a VCALENDAR with METHOD:REQUEST, or METHOD:CANCEL
(STATUS:CANCELLED) when the interview is called off. Its UID never changes for one interview and
its SEQUENCE rises with every reschedule, so calendar programs update the event they already
have instead of adding a second one (RFC 5546 section 2.1.4). Times are written in UTC.

In: busy times from an uploaded .ics file or a calendar URL: VEVENTs (recurring ones expanded
within the window, EXDATEs honoured; transparent and cancelled events skipped; all-day events
as whole days in the interviewer's zone) and VFREEBUSY periods.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, vCalAddress, vDDDTypes, vDuration, vRecur, vText

from outhire.interviews.slots import Interval

PRODID = "-//Outhire//Interviews//EN"
# Limits on reading busy times, so that any file is read in bounded time and memory.
MAX_BYTES = 2 * 1024 * 1024  # larger files are refused
MAX_COMPONENTS = 20_000  # events, time zones, alarms... walked; the rest are ignored
MAX_INTERVALS = 5000  # busy times kept from one file; the rest are ignored
MAX_OCCURRENCES = 2000  # occurrences of one recurring event kept in the window
MAX_STEPS = 50_000  # occurrences of one recurring event walked, before and in the window
EXPAND_SECONDS = 2.0  # for expanding all the recurring events of one file


class CalendarError(ValueError):
    """The data is not an iCalendar file we can read."""


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""
    role: str = "REQ-PARTICIPANT"


def invitation(
    *,
    method: str,
    uid: str,
    sequence: int,
    summary: str,
    description: str,
    start: datetime,
    end: datetime,
    stamp: datetime,
    organizer: Attendee,
    attendees: Sequence[Attendee],
    location: str = "",
    url: str = "",
) -> bytes:
    """One interview as an iTIP message: method REQUEST (invite or update) or CANCEL."""
    if method not in {"REQUEST", "CANCEL"}:
        raise ValueError(f"unsupported iTIP method {method!r}")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    event = Event()
    event.add("uid", uid)
    event.add("sequence", sequence)
    event.add("dtstamp", stamp.astimezone(UTC))
    event.add("dtstart", start.astimezone(UTC))
    event.add("dtend", end.astimezone(UTC))
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    event.add("transp", "OPAQUE")
    event["organizer"] = _address(organizer, role=None)
    for attendee in attendees:
        event.add("attendee", _address(attendee, role=attendee.role), encode=0)
    calendar.add_component(event)
    return calendar.to_ical()


def _address(person: Attendee, *, role: str | None) -> vCalAddress:
    address = vCalAddress(f"mailto:{person.email}")
    if person.name:
        address.params["CN"] = vText(person.name)
    if role:
        address.params["ROLE"] = vText(role)
        address.params["PARTSTAT"] = vText("NEEDS-ACTION")
        address.params["RSVP"] = vText("TRUE")
    return address


@dataclass
class BusyTimes:
    """What a calendar file says about busy times, and what of it could not be used."""

    intervals: list[Interval] = field(default_factory=list)
    # Sentences for the person whose calendar it is (an event skipped, the file cut short)
    warnings: list[str] = field(default_factory=list)

    def warn(self, text: str) -> None:
        if text not in self.warnings and len(self.warnings) < 10:
            self.warnings.append(text)


def busy_intervals(data: bytes, *, window: Interval, time_zone: str) -> BusyTimes:
    """Busy intervals inside `window` from iCalendar `data`; CalendarError if unreadable.

    Bounded whatever the file holds: at most MAX_BYTES are read, MAX_COMPONENTS walked and
    MAX_INTERVALS kept; recurring events are expanded lazily within the window (see
    `_occurrences`), and all of them together get EXPAND_SECONDS.
    """
    if len(data) > MAX_BYTES:
        raise CalendarError(
            _("The calendar is larger than %(size)s MB.") % {"size": MAX_BYTES // (1024 * 1024)}
        )
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise CalendarError(_("Not an iCalendar file: %(error)s") % {"error": error}) from None
    if not calendars:
        raise CalendarError(_("Not an iCalendar file: no VCALENDAR found."))
    zone = ZoneInfo(time_zone)
    found = BusyTimes()
    deadline = time.monotonic() + EXPAND_SECONDS
    try:
        for component in _components(calendars, found):
            if component.name == "VEVENT":
                found.intervals += _event_intervals(component, window, zone, deadline, found)
            elif component.name == "VFREEBUSY":
                found.intervals += _freebusy_intervals(component, window, zone)
            if len(found.intervals) >= MAX_INTERVALS:
                found.intervals = found.intervals[:MAX_INTERVALS]
                found.warn(
                    _("Only the first %(count)s busy times were read.")
                    % {"count": f"{MAX_INTERVALS:,}"}
                )
                break
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        raise CalendarError(_("An event could not be read: %(error)s") % {"error": error}) from None
    return found


def _components(calendars: Sequence[Calendar], found: BusyTimes) -> Iterator:
    """Every component, depth first, without recursion, and at most MAX_COMPONENTS of them."""
    stack = list(reversed(calendars))
    for _count in range(MAX_COMPONENTS):
        if not stack:
            return
        component = stack.pop()
        yield component
        stack.extend(reversed(component.subcomponents))
    if stack:
        found.warn(
            _("Only the first %(count)s entries of the calendar were read.")
            % {"count": f"{MAX_COMPONENTS:,}"}
        )


def _instant(value, zone: ZoneInfo) -> datetime:
    """A DATE (midnight in the interviewer's zone) or DATE-TIME (floating: in that zone)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), tzinfo=zone)
    raise ValueError(f"not a date or date-time: {value!r}")


def _event_intervals(
    event, window: Interval, zone: ZoneInfo, deadline: float, found: BusyTimes
) -> list[Interval]:
    if str(event.get("transp", "OPAQUE")).upper() == "TRANSPARENT":
        return []
    if str(event.get("status", "")).upper() == "CANCELLED":
        return []
    if "dtstart" not in event:
        return []
    raw_start = event.decoded("dtstart")
    start = _instant(raw_start, zone)
    if "dtend" in event:
        end = _instant(event.decoded("dtend"), zone)
    elif "duration" in event:
        end = start + event.decoded("duration")
    elif isinstance(raw_start, datetime):
        end = start  # RFC 5545 3.6.1: a DATE-TIME with no end takes no time
    else:
        end = start + timedelta(days=1)
    length = end - start
    if length <= timedelta(0):
        return []
    if "rrule" not in event:
        interval = Interval(start, end)
        return [interval] if interval.overlaps(window) else []
    excluded = {
        _instant(item.dt, zone) for exdate in _as_list(event.get("exdate")) for item in exdate.dts
    }
    result: list[Interval] = []
    for recur in _as_list(event["rrule"]):
        problem = ""
        if time.monotonic() > deadline:
            problem = "there was no time left to expand it"
        else:
            try:
                for occurrence in _occurrences(recur, start, length, window, zone, deadline):
                    if occurrence not in excluded:
                        result.append(Interval(occurrence, occurrence + length))
            except _TooMuch as error:
                problem = str(error)
        if problem:
            summary = str(event.get("summary", "")).strip()[:60] or _("(no title)")
            found.warn(
                _("The recurring event “%(summary)s” was not fully read: %(problem)s.")
                % {"summary": summary, "problem": problem}
            )
    return result


class _TooMuch(Exception):
    """A recurring event would take more work to expand than a busy-times file is allowed."""


# The frequencies whose occurrences are a fixed step apart in wall-clock time
_STEPS = {
    "SECONDLY": timedelta(seconds=1),
    "MINUTELY": timedelta(minutes=1),
    "HOURLY": timedelta(hours=1),
    "DAILY": timedelta(days=1),
    "WEEKLY": timedelta(weeks=1),
}
_BY_PARTS = {"BYSECOND", "BYMINUTE", "BYHOUR", "BYDAY", "BYMONTHDAY", "BYYEARDAY", "BYWEEKNO"}
_BY_PARTS |= {"BYMONTH", "BYSETPOS"}
# The Gregorian calendar repeats exactly every 400 years (leap days, weekdays, ISO weeks).
_CYCLE_YEARS = 400
_WALL_MARGIN = timedelta(hours=3)


def _occurrences(
    recur, start: datetime, length: timedelta, window: Interval, zone: ZoneInfo, deadline: float
) -> Iterator[datetime]:
    """The starts of a recurrence rule's occurrences that overlap `window`, lazily.

    Work is bounded three ways. A rule with a fixed step (SECONDLY to WEEKLY) starts at its
    last period before the window, computed arithmetically, instead of being walked from a
    DTSTART in 1900 one second at a time. At most MAX_STEPS occurrences are walked and
    MAX_OCCURRENCES kept, within the deadline. And the rule is expanded in a year near 9999
    (the same calendar, 400-year cycles later), because dateutil, looking for the next
    occurrence of a rule that never matches (BYMONTH=2;BYMONTHDAY=30), gives up only at year
    9999: from 2026 that is ten seconds of searching, from 96xx a few hundred milliseconds.
    """
    parts = {key.upper(): value for key, value in recur.items()}
    if "BYEASTER" in parts:
        raise _TooMuch("BYEASTER is not part of iCalendar")
    freq = str(parts.get("FREQ", [""])[0]).upper()
    interval = int(parts.get("INTERVAL", [1])[0] or 1)
    count = int(parts["COUNT"][0]) if "COUNT" in parts else None
    if interval < 1 or (count is not None and count < 1):
        raise ValueError("INTERVAL and COUNT must be positive")
    # dateutil walks local (wall-clock) time, as RFC 5545 does: 09:00 stays 09:00 across DST.
    local = start.tzinfo or zone
    first = start.replace(tzinfo=None)
    # A margin: a wall-clock hour repeats or goes missing when the clocks change.
    low = (window.start - length).astimezone(local).replace(tzinfo=None) - _WALL_MARGIN
    high = window.end.astimezone(local).replace(tzinfo=None) + _WALL_MARGIN
    until = high
    if "UNTIL" in parts:
        until = min(high, _wall(parts["UNTIL"][0], local))
    if first > until:
        return
    step = _STEPS.get(freq)
    if step is not None and first < low:
        periods = (low - first) // (step * interval) - 1
        if periods > 0 and count is not None:
            if parts.keys() & _BY_PARTS:
                periods = 0  # which periods held how many occurrences is not arithmetic
            elif periods >= count:
                return  # every occurrence ended before the window
            else:
                count -= periods
        first += periods * step * interval if periods > 0 else timedelta(0)
    shift = _CYCLE_YEARS * ((datetime.max.year - 1 - high.year) // _CYCLE_YEARS)
    rule = rrulestr(
        vRecur({k: v for k, v in parts.items() if k not in {"UNTIL", "COUNT"}}).to_ical().decode(),
        dtstart=first.replace(year=first.year + shift),
    )
    if count is not None:
        rule = rule.replace(count=count)
    else:
        rule = rule.replace(until=until.replace(year=until.year + shift))
    kept = 0
    for steps, moved in enumerate(rule, start=1):
        if steps > MAX_STEPS or (steps % 1000 == 0 and time.monotonic() > deadline):
            raise _TooMuch("it has too many occurrences before or in the weeks read")
        wall = moved.replace(year=moved.year - shift)
        if wall > until:
            return
        occurrence = wall.replace(tzinfo=local)
        if occurrence + length > window.start and occurrence < window.end:
            yield occurrence
            kept += 1
            if kept >= MAX_OCCURRENCES:
                return


def _wall(value, local) -> datetime:
    """An UNTIL value as a wall-clock time in the zone of DTSTART (a DATE: to its end)."""
    if isinstance(value, datetime):
        return value.astimezone(local).replace(tzinfo=None) if value.tzinfo else value
    return datetime.combine(value, datetime.max.time())


def _freebusy_intervals(component, window: Interval, zone: ZoneInfo) -> list[Interval]:
    result = []
    for prop in _as_list(component.get("freebusy")):
        if str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
            continue
        for period in str(prop.to_ical().decode()).split(","):
            start_text, _slash, end_text = period.partition("/")
            start = _instant(vDDDTypes.from_ical(start_text), zone)
            if end_text.startswith(("P", "+P", "-P")):
                end = start + vDuration.from_ical(end_text)
            else:
                end = _instant(vDDDTypes.from_ical(end_text), zone)
            if start < end:
                interval = Interval(start, end)
                if interval.overlaps(window):
                    result.append(interval)
    return result


def _as_list(value) -> list:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]
