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

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from icalendar import Calendar, Event, vCalAddress, vDDDTypes, vDuration, vText

from outhire.interviews.slots import Interval

PRODID = "-//Outhire//Interviews//EN"
# A recurring event expands to at most this many occurrences in a window.
MAX_OCCURRENCES = 2000
# A busy-times file may describe at most this many intervals; the rest are ignored.
MAX_INTERVALS = 5000


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


def busy_intervals(data: bytes, *, window: Interval, time_zone: str) -> list[Interval]:
    """Busy intervals inside `window` from iCalendar `data`; CalendarError if unreadable."""
    try:
        calendars = Calendar.from_ical(data, multiple=True)
    except (ValueError, IndexError, KeyError, TypeError) as error:
        raise CalendarError(f"Not an iCalendar file: {error}") from None
    if not calendars:
        raise CalendarError("Not an iCalendar file: no VCALENDAR found.")
    zone = ZoneInfo(time_zone)
    found: list[Interval] = []
    try:
        for calendar in calendars:
            for component in calendar.walk():
                if component.name == "VEVENT":
                    found += _event_intervals(component, window, zone)
                elif component.name == "VFREEBUSY":
                    found += _freebusy_intervals(component, window, zone)
                if len(found) >= MAX_INTERVALS:
                    return found[:MAX_INTERVALS]
    except (ValueError, TypeError, KeyError, AttributeError, OverflowError) as error:
        raise CalendarError(f"An event could not be read: {error}") from None
    return found


def _instant(value, zone: ZoneInfo) -> datetime:
    """A DATE (midnight in the interviewer's zone) or DATE-TIME (floating: in that zone)."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=zone)
    if isinstance(value, date):
        return datetime.combine(value, datetime.min.time(), tzinfo=zone)
    raise ValueError(f"not a date or date-time: {value!r}")


def _event_intervals(event, window: Interval, zone: ZoneInfo) -> list[Interval]:
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
    rule = rrulestr(event["rrule"].to_ical().decode(), dtstart=start, forceset=True)
    for exdate in _as_list(event.get("exdate")):
        for item in exdate.dts:
            rule.exdate(_instant(item.dt, zone))
    result = []
    for n, occurrence in enumerate(rule.between(window.start - length, window.end, inc=True)):
        if n >= MAX_OCCURRENCES:
            break
        interval = Interval(occurrence, occurrence + length)
        if interval.overlaps(window):
            result.append(interval)
    return result


def _freebusy_intervals(component, window: Interval, zone: ZoneInfo) -> list[Interval]:
    result = []
    for prop in _as_list(component.get("freebusy")):
        if str(prop.params.get("FBTYPE", "BUSY")).upper() == "FREE":
            continue
        for period in str(prop.to_ical().decode()).split(","):
            start_text, _, end_text = period.partition("/")
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
