"""iCalendar out (invitations) and in (busy times), parsed back with the icalendar library."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from outhire.interviews import ics
from outhire.interviews.slots import Interval


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def parse_invitation(data: bytes):
    """(calendar, its one VEVENT), checked to be one well-formed iTIP object."""
    calendar = Calendar.from_ical(data)
    events = [c for c in calendar.walk() if c.name == "VEVENT"]
    assert len(events) == 1
    return calendar, events[0]


def _invite(**overrides) -> bytes:
    values = {
        "method": "REQUEST",
        "uid": "interview-1234@outhire",
        "sequence": 0,
        "summary": "Technical interview: Robotics Engineer at Acme",
        "description": "Reschedule: https://jobs.example/x",
        "start": utc(2026, 3, 30, 13),
        "end": utc(2026, 3, 30, 14),
        "stamp": utc(2026, 3, 20, 9),
        "organizer": ics.Attendee("rita@provider.test", "Rita Recruiter"),
        "attendees": [
            ics.Attendee("ada@example.test", "Ada Lovelace"),
            ics.Attendee("ivy@acme.test", "Ivy Interviewer"),
        ],
        "location": "Acme HQ, room 4",
        "url": "https://meet.example.test/abc",
    }
    values.update(overrides)
    return ics.invitation(**values)


def test_a_request_round_trips_through_icalendar():
    calendar, event = parse_invitation(_invite())
    assert str(calendar["method"]) == "REQUEST"
    assert str(calendar["version"]) == "2.0" and str(calendar["prodid"]) == ics.PRODID
    assert str(event["uid"]) == "interview-1234@outhire"
    assert int(event["sequence"]) == 0
    assert event.decoded("dtstart") == utc(2026, 3, 30, 13)
    assert event.decoded("dtend") == utc(2026, 3, 30, 14)
    assert event.decoded("dtstamp") == utc(2026, 3, 20, 9)
    assert str(event["summary"]).startswith("Technical interview")
    assert str(event["location"]) == "Acme HQ, room 4"
    assert str(event["url"]) == "https://meet.example.test/abc"
    assert str(event["status"]) == "CONFIRMED"
    assert str(event["organizer"]) == "mailto:rita@provider.test"
    assert event["organizer"].params["CN"] == "Rita Recruiter"
    attendees = event["attendee"]
    assert [str(a) for a in attendees] == ["mailto:ada@example.test", "mailto:ivy@acme.test"]
    assert attendees[0].params["CN"] == "Ada Lovelace"
    assert attendees[0].params["RSVP"] == "TRUE"
    # Written in UTC ("Z"), so no VTIMEZONE is needed.
    assert b"DTSTART:20260330T130000Z" in _invite()


def test_a_cancel_keeps_the_uid_and_marks_the_event_cancelled():
    calendar, event = parse_invitation(_invite(method="CANCEL", sequence=2))
    assert str(calendar["method"]) == "CANCEL"
    assert str(event["uid"]) == "interview-1234@outhire"
    assert int(event["sequence"]) == 2 and str(event["status"]) == "CANCELLED"


def test_special_characters_survive_the_round_trip():
    _, event = parse_invitation(
        _invite(summary='Interview; Zoë, "quoted"\nline', location="Büro, 3. OG; Raum 4")
    )
    assert str(event["summary"]) == 'Interview; Zoë, "quoted"\nline'
    assert str(event["location"]) == "Büro, 3. OG; Raum 4"


def test_an_unknown_method_is_refused():
    with pytest.raises(ValueError):
        _invite(method="PUBLISH")


BUSY = b"""BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VTIMEZONE
TZID:America/New_York
BEGIN:STANDARD
DTSTART:19701101T020000
RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU
TZOFFSETFROM:-0400
TZOFFSETTO:-0500
END:STANDARD
BEGIN:DAYLIGHT
DTSTART:19700308T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU
TZOFFSETFROM:-0500
TZOFFSETTO:-0400
END:DAYLIGHT
END:VTIMEZONE
BEGIN:VEVENT
UID:one@test
DTSTAMP:20260301T000000Z
DTSTART:20260302T150000Z
DTEND:20260302T160000Z
SUMMARY:Dentist
END:VEVENT
BEGIN:VEVENT
UID:weekly@test
DTSTAMP:20260301T000000Z
DTSTART;TZID=America/New_York:20260302T090000
DURATION:PT30M
RRULE:FREQ=WEEKLY;COUNT=4
EXDATE;TZID=America/New_York:20260316T090000
SUMMARY:Stand-up
END:VEVENT
BEGIN:VEVENT
UID:free@test
DTSTAMP:20260301T000000Z
DTSTART:20260303T100000Z
DTEND:20260303T110000Z
TRANSP:TRANSPARENT
SUMMARY:Reminder only
END:VEVENT
BEGIN:VEVENT
UID:allday@test
DTSTAMP:20260301T000000Z
DTSTART;VALUE=DATE:20260304
DTEND;VALUE=DATE:20260305
SUMMARY:Holiday
END:VEVENT
BEGIN:VEVENT
UID:cancelled@test
DTSTAMP:20260301T000000Z
DTSTART:20260305T100000Z
DTEND:20260305T110000Z
STATUS:CANCELLED
END:VEVENT
END:VCALENDAR
BEGIN:VCALENDAR
VERSION:2.0
PRODID:-//Test//EN
BEGIN:VFREEBUSY
UID:fb@test
DTSTAMP:20260301T000000Z
FREEBUSY:20260306T100000Z/20260306T110000Z,20260306T140000Z/PT2H
FREEBUSY;FBTYPE=FREE:20260306T160000Z/20260306T170000Z
END:VFREEBUSY
END:VCALENDAR
"""


def test_busy_times_are_read_from_events_recurrences_and_freebusy():
    window = Interval(utc(2026, 3, 1), utc(2026, 4, 1))
    found = sorted(ics.busy_intervals(BUSY, window=window, time_zone="America/New_York"))
    assert Interval(utc(2026, 3, 2, 15), utc(2026, 3, 2, 16)) in found
    # The weekly stand-up at 09:00 New York time: 14:00 UTC in EST, 13:00 UTC in EDT; the
    # occurrence of 16 March is an exception.
    standups = [i for i in found if i.end - i.start == timedelta(minutes=30)]
    assert [s.start for s in standups] == [
        utc(2026, 3, 2, 14),
        utc(2026, 3, 9, 13),
        utc(2026, 3, 23, 13),
    ]
    # The all-day holiday is a whole day in the person's own zone.
    assert (
        Interval(datetime(2026, 3, 4, 5, tzinfo=UTC), datetime(2026, 3, 5, 5, tzinfo=UTC)) in found
    )
    assert Interval(utc(2026, 3, 6, 10), utc(2026, 3, 6, 11)) in found
    assert Interval(utc(2026, 3, 6, 14), utc(2026, 3, 6, 16)) in found
    assert not any(i.start == utc(2026, 3, 3, 10) for i in found)  # transparent
    assert not any(i.start == utc(2026, 3, 5, 10) for i in found)  # cancelled
    assert not any(i.start == utc(2026, 3, 6, 16) for i in found)  # FBTYPE=FREE
    assert len(found) == 7


def test_only_the_window_is_kept():
    window = Interval(utc(2026, 3, 9), utc(2026, 3, 10))
    found = ics.busy_intervals(BUSY, window=window, time_zone="UTC")
    assert found == [Interval(utc(2026, 3, 9, 13), utc(2026, 3, 9, 13, 30))]


@pytest.mark.parametrize("data", [b"", b"hello", b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n", b"\xff\xfe"])
def test_garbage_is_a_calendar_error(data):
    window = Interval(utc(2026, 3, 1), utc(2026, 4, 1))
    with pytest.raises(ics.CalendarError):
        ics.busy_intervals(data, window=window, time_zone="UTC")
