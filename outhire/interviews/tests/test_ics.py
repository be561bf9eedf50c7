"""iCalendar out (invitations) and in (busy times), parsed back with the icalendar library."""

from __future__ import annotations

import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
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
    read = ics.busy_intervals(BUSY, window=window, time_zone="America/New_York")
    assert read.warnings == []
    found = sorted(read.intervals)
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
    found = ics.busy_intervals(BUSY, window=window, time_zone="UTC").intervals
    assert found == [Interval(utc(2026, 3, 9, 13), utc(2026, 3, 9, 13, 30))]


@pytest.mark.parametrize("data", [b"", b"hello", b"BEGIN:VCALENDAR\nBEGIN:VEVENT\n", b"\xff\xfe"])
def test_garbage_is_a_calendar_error(data):
    window = Interval(utc(2026, 3, 1), utc(2026, 4, 1))
    with pytest.raises(ics.CalendarError):
        ics.busy_intervals(data, window=window, time_zone="UTC")


def _calendar(*lines: str) -> bytes:
    body = ["BEGIN:VCALENDAR", "VERSION:2.0", "BEGIN:VEVENT", *lines, "END:VEVENT", "END:VCALENDAR"]
    return "\r\n".join([*body, ""]).encode()


WINDOW = Interval(utc(2026, 3, 1), utc(2026, 3, 1) + timedelta(days=97))


def _read_timed(data: bytes):
    started = time.monotonic()
    read = ics.busy_intervals(data, window=WINDOW, time_zone="UTC")
    return read, time.monotonic() - started


# Every second from 1900 to 2100: 6.3 billion occurrences, 4 billion of them before the window.
HOSTILE = (
    b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nBEGIN:VEVENT\r\nDTSTART:19000101T000000Z\r\n"
    b"DURATION:PT1S\r\nRRULE:FREQ=SECONDLY;UNTIL=21000101T000000Z\r\nEND:VEVENT\r\n"
    b"END:VCALENDAR\r\n"
)


def test_it_reads_a_secondly_rule_from_1900_to_2100_fast():
    assert len(HOSTILE) < 160
    read, seconds = _read_timed(HOSTILE)
    assert seconds < 1
    # The first occurrences in the window, a second apart, up to the cap.
    assert len(read.intervals) == ics.MAX_OCCURRENCES
    assert read.intervals[0] == Interval(utc(2026, 3, 1), utc(2026, 3, 1, 0, 0, 1))
    assert read.intervals[-1].start == utc(2026, 3, 1) + timedelta(seconds=ics.MAX_OCCURRENCES - 1)
    assert read.warnings == []


def test_it_reads_the_secondly_rule_in_bounded_memory(monkeypatch):
    # Tracing every allocation makes the walk slow: time is not what this test measures.
    monkeypatch.setattr(ics, "EXPAND_SECONDS", 60)
    tracemalloc.start()
    try:
        read = ics.busy_intervals(HOSTILE, window=WINDOW, time_zone="UTC")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(read.intervals) == ics.MAX_OCCURRENCES
    assert peak < 10 * 1024 * 1024


@pytest.mark.parametrize(
    "rule",
    [
        # Never matches: dateutil would search to the year 9999 for the next occurrence.
        "FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30",
        "FREQ=DAILY;BYHOUR=9;BYSETPOS=2",
        "FREQ=MONTHLY;BYDAY=5MO;BYMONTHDAY=1",
        # A count that cannot be skipped arithmetically (BYHOUR), from 1900.
        "FREQ=SECONDLY;BYHOUR=9;COUNT=2000000000",
        "FREQ=MINUTELY;INTERVAL=7;UNTIL=99991231T235959Z",
    ],
)
def test_hostile_rules_end_fast(rule):
    data = _calendar("DTSTART:19000101T000000Z", "DURATION:PT1M", f"RRULE:{rule}")
    read, seconds = _read_timed(data)
    assert seconds < 3
    assert len(read.intervals) <= ics.MAX_OCCURRENCES


def test_a_rule_too_long_to_walk_is_skipped_with_a_warning():
    data = _calendar(
        "SUMMARY:Every second at nine", "DTSTART:19000101T090000Z", "DURATION:PT1S",
        "RRULE:FREQ=SECONDLY;BYHOUR=9;COUNT=2000000000",
    )  # fmt: skip
    read, _ = _read_timed(data)
    assert read.intervals == []
    assert read.warnings == [
        "The recurring event “Every second at nine” was not fully read: it has too many "
        "occurrences before or in the weeks read."
    ]


def test_many_hostile_events_share_one_time_budget(monkeypatch):
    monkeypatch.setattr(ics, "EXPAND_SECONDS", 0.5)
    events = "".join(
        "BEGIN:VEVENT\r\nSUMMARY:Never\r\nDTSTART:20260101T000000Z\r\nDURATION:PT1M\r\n"
        "RRULE:FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=30\r\nEND:VEVENT\r\n"
        for _ in range(200)
    )
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events}END:VCALENDAR\r\n".encode()
    read, seconds = _read_timed(data)
    assert seconds < 3
    assert read.warnings == [
        "The recurring event “Never” was not fully read: there was no time left to expand it."
    ]


def test_the_walk_of_components_and_the_file_size_are_capped(monkeypatch):
    monkeypatch.setattr(ics, "MAX_COMPONENTS", 50)
    events = "".join(
        f"BEGIN:VEVENT\r\nDTSTART:202603{day:02}T100000Z\r\nDURATION:PT1H\r\nEND:VEVENT\r\n"
        for day in range(1, 29)
    )
    data = f"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n{events * 3}END:VCALENDAR\r\n".encode()
    read = ics.busy_intervals(data, window=WINDOW, time_zone="UTC")
    assert len(read.intervals) == 49  # the VCALENDAR is the first component walked
    assert read.warnings == ["Only the first 50 entries of the calendar were read."]
    with pytest.raises(ics.CalendarError, match="larger than 2 MB"):
        ics.busy_intervals(b" " * (ics.MAX_BYTES + 1), window=WINDOW, time_zone="UTC")


@pytest.mark.parametrize(
    ("start", "rule"),
    [
        ("DTSTART:19991231T100000Z", "FREQ=DAILY"),
        ("DTSTART:20000103T090000Z", "FREQ=WEEKLY;INTERVAL=2"),
        ("DTSTART:19600101T000000Z", "FREQ=HOURLY;INTERVAL=5"),
        ("DTSTART:20260226T000000Z", "FREQ=MINUTELY;INTERVAL=7"),
        ("DTSTART:20000101T000700Z", "FREQ=MINUTELY;INTERVAL=7;BYHOUR=9,17"),
        ("DTSTART:20000101T120000Z", "FREQ=DAILY;COUNT=9558"),  # ends 2 March 2026
        ("DTSTART:20000101T120000Z", "FREQ=DAILY;COUNT=9556"),  # ends before the window
        ("DTSTART:20200103T080000Z", "FREQ=WEEKLY;BYDAY=MO,FR;COUNT=1000"),
        ("DTSTART:20000105T093000Z", "FREQ=WEEKLY;INTERVAL=3;BYDAY=WE,TH;WKST=SU"),
        ("DTSTART:20200229T080000Z", "FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=29"),
        ("DTSTART:19000301T080000Z", "FREQ=MONTHLY;BYDAY=1SU"),
        ("DTSTART:20000101T083000Z", "FREQ=DAILY;UNTIL=20260302T000000Z"),
        # 09:00 in New York, through the change to summer time on 8 March 2026
        ("DTSTART;TZID=America/New_York:20100104T090000", "FREQ=WEEKLY;BYDAY=MO,TH"),
        ("DTSTART;TZID=America/New_York:20100104T090000", "FREQ=DAILY;INTERVAL=3"),
    ],
)
def test_recurring_events_from_long_ago_expand_as_a_full_expansion_would(start, rule):
    data = _calendar(start, "DURATION:PT30M", f"RRULE:{rule}")
    read = ics.busy_intervals(data, window=WINDOW, time_zone="UTC")
    assert read.warnings == []
    # What walking the whole rule from its DTSTART finds (affordable for these rules)
    event = Calendar.from_ical(data).walk("VEVENT")[0]
    first = event.decoded("dtstart")
    length = timedelta(minutes=30)
    expected = [
        occurrence
        for occurrence in rrulestr(rule, dtstart=first).between(
            WINDOW.start - length, WINDOW.end, inc=True
        )
        if occurrence + length > WINDOW.start and occurrence < WINDOW.end
    ][: ics.MAX_OCCURRENCES]
    assert [i.start for i in read.intervals] == expected
    assert all(i.end - i.start == length for i in read.intervals)


def test_an_all_day_rule_with_a_date_until_keeps_to_the_persons_zone():
    data = _calendar(
        "DTSTART;VALUE=DATE:20260302",
        "RRULE:FREQ=WEEKLY;BYDAY=MO,TU;UNTIL=20260310",
        "EXDATE;VALUE=DATE:20260303",
    )
    read = ics.busy_intervals(data, window=WINDOW, time_zone="Europe/Berlin")
    days = sorted((i.start, i.end) for i in read.intervals)
    berlin = ZoneInfo("Europe/Berlin")
    assert days == [
        (datetime(2026, 3, d, tzinfo=berlin), datetime(2026, 3, d + 1, tzinfo=berlin))
        for d in (2, 9, 10)
    ]
