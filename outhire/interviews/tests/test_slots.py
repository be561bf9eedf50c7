"""The slot finder (pure Python) across time zones and the 2026 daylight-saving changes.

Europe/London moves to BST on Sunday 29 March 2026 at 01:00 UTC and back on Sunday 25 October
at 01:00 UTC; America/New_York to EDT on Sunday 8 March at 07:00 UTC and back on Sunday
1 November at 06:00 UTC. Between the American and the British change the two cities are four
hours apart instead of five, which widens their common working time by an hour.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pytest

from outhire.interviews import slots
from outhire.interviews.slots import Interval, Person

HOUR = timedelta(hours=1)


def utc(*args) -> datetime:
    return datetime(*args, tzinfo=UTC)


def day_window(y, m, d) -> Interval:
    return Interval(utc(y, m, d), utc(y, m, d) + timedelta(days=1))


@pytest.mark.parametrize(
    ("day", "start_utc"),
    [
        (date(2026, 3, 27), utc(2026, 3, 27, 9)),  # Friday before: GMT
        (date(2026, 3, 30), utc(2026, 3, 30, 8)),  # Monday after: BST
        (date(2026, 10, 23), utc(2026, 10, 23, 8)),  # Friday before: BST
        (date(2026, 10, 26), utc(2026, 10, 26, 9)),  # Monday after: GMT
    ],
)
def test_it_places_london_working_hours_in_utc_around_the_changes(day, start_utc):
    person = Person("Europe/London")
    [interval] = slots.working_intervals(person, day_window(day.year, day.month, day.day))
    assert interval.start == start_utc and interval.end == start_utc + 8 * HOUR


@pytest.mark.parametrize(
    ("day", "start_utc"),
    [
        (date(2026, 3, 6), utc(2026, 3, 6, 14)),  # EST
        (date(2026, 3, 9), utc(2026, 3, 9, 13)),  # EDT
        (date(2026, 10, 30), utc(2026, 10, 30, 13)),  # EDT
        (date(2026, 11, 2), utc(2026, 11, 2, 14)),  # EST
    ],
)
def test_it_places_new_york_working_hours_in_utc_around_the_changes(day, start_utc):
    person = Person("America/New_York")
    [interval] = slots.working_intervals(person, day_window(day.year, day.month, day.day))
    assert interval.start == start_utc and interval.end == start_utc + 8 * HOUR


def test_a_night_shift_across_the_spring_change_is_an_hour_shorter():
    person = Person("Europe/London", hours={6: [(time(0), time(4))]})
    window = Interval(utc(2026, 3, 28, 12), utc(2026, 3, 29, 12))
    [interval] = slots.working_intervals(person, window)
    assert interval == Interval(utc(2026, 3, 29, 0), utc(2026, 3, 29, 3))


def test_a_night_shift_across_the_autumn_change_is_an_hour_longer():
    person = Person("Europe/London", hours={6: [(time(0), time(4))]})
    window = Interval(utc(2026, 10, 24, 12), utc(2026, 10, 25, 12))
    [interval] = slots.working_intervals(person, window)
    assert interval == Interval(utc(2026, 10, 24, 23), utc(2026, 10, 25, 4))
    assert interval.end - interval.start == 5 * HOUR


def test_new_york_on_its_spring_change_day():
    person = Person("America/New_York", hours={6: [(time(1), time(5))]})
    [interval] = slots.working_intervals(person, day_window(2026, 3, 8))
    # 01:00 EST = 06:00 UTC; 05:00 EDT = 09:00 UTC: three hours of work that night.
    assert interval == Interval(utc(2026, 3, 8, 6), utc(2026, 3, 8, 9))


def test_a_skipped_wall_time_moves_forward_by_the_gap():
    from zoneinfo import ZoneInfo

    instant = slots.local_to_utc(date(2026, 3, 29), time(1, 30), ZoneInfo("Europe/London"))
    assert instant == utc(2026, 3, 29, 1, 30)  # 02:30 BST
    repeated = slots.local_to_utc(date(2026, 10, 25), time(1, 30), ZoneInfo("Europe/London"))
    assert repeated == utc(2026, 10, 25, 0, 30)  # the first 01:30, still BST


def _london_and_new_york(day: date) -> list[datetime]:
    people = [Person("Europe/London"), Person("America/New_York")]
    return slots.find_slots(
        people, window=day_window(day.year, day.month, day.day), duration=HOUR, step=HOUR / 2
    )


@pytest.mark.parametrize(
    ("day", "first", "count"),
    [
        (date(2026, 3, 3), utc(2026, 3, 3, 14), 5),  # 5 h apart: 14:00-17:00 UTC in common
        (date(2026, 3, 10), utc(2026, 3, 10, 13), 7),  # 4 h apart: 13:00-17:00
        (date(2026, 3, 31), utc(2026, 3, 31, 13), 5),  # 5 h again: 13:00-16:00
        (date(2026, 10, 20), utc(2026, 10, 20, 13), 5),
        (date(2026, 10, 27), utc(2026, 10, 27, 13), 7),  # London back first: 4 h apart
        (date(2026, 11, 3), utc(2026, 11, 3, 14), 5),
    ],
)
def test_common_slots_of_london_and_new_york_follow_both_changes(day, first, count):
    found = _london_and_new_york(day)
    assert found[0] == first
    assert len(found) == count
    assert all(b - a == HOUR / 2 for a, b in zip(found, found[1:], strict=False))


def test_busy_times_are_widened_by_the_buffer():
    person = Person(
        "UTC",
        busy=[Interval(utc(2026, 6, 2, 12), utc(2026, 6, 2, 13))],
        buffer=timedelta(minutes=15),
    )
    found = slots.find_slots(
        [person], window=day_window(2026, 6, 2), duration=HOUR / 2, step=timedelta(minutes=15)
    )
    assert utc(2026, 6, 2, 11, 15) in found
    assert utc(2026, 6, 2, 11, 30) not in found  # would end at 12:00, inside the buffer
    assert utc(2026, 6, 2, 13) not in found
    assert utc(2026, 6, 2, 13, 15) in found


def test_a_weekend_has_no_slots_and_nobody_means_no_slot():
    assert slots.find_slots([Person("UTC")], window=day_window(2026, 6, 6), duration=HOUR) == []
    assert slots.find_slots([], window=day_window(2026, 6, 2), duration=HOUR) == []


def test_slot_is_free_checks_every_person():
    busy = Person("UTC", busy=[Interval(utc(2026, 6, 2, 10), utc(2026, 6, 2, 11))])
    assert slots.slot_is_free([Person("UTC")], start=utc(2026, 6, 2, 10), duration=HOUR)
    assert not slots.slot_is_free([Person("UTC"), busy], start=utc(2026, 6, 2, 10), duration=HOUR)
    assert not slots.slot_is_free([Person("UTC")], start=utc(2026, 6, 2, 16, 30), duration=HOUR)


def test_slots_are_grouped_by_the_viewers_own_day():
    found = [utc(2026, 6, 2, 14), utc(2026, 6, 2, 16)]
    days = slots.by_local_day(found, "Asia/Tokyo")  # UTC+9: 23:00 on the 2nd, 01:00 on the 3rd
    assert [d for d, _ in days] == [date(2026, 6, 2), date(2026, 6, 3)]
    assert days[1][1][0].hour == 1


def test_working_hours_parse_and_format_round_trip():
    hours = slots.parse_hours("Mon 09:00-12:00, 13:00-17:30\nfri 10:00-00:00\n")
    assert hours == {
        0: [(time(9), time(12)), (time(13), time(17, 30))],
        4: [(time(10), time(0))],
    }
    assert slots.parse_hours(slots.format_hours(hours)) == hours
    assert slots.hours_from_json(slots.hours_to_json(hours)) == hours


@pytest.mark.parametrize(
    "text", ["Moon 09:00-17:00", "Mon 9-5", "Mon 17:00-09:00", "Mon 09:00-12:00, 11:00-13:00"]
)
def test_bad_working_hours_are_refused(text):
    with pytest.raises(ValueError):
        slots.parse_hours(text)


def test_midnight_end_means_the_end_of_the_day():
    person = Person("UTC", hours={1: [(time(20), time(0))]})
    [interval] = slots.working_intervals(person, day_window(2026, 6, 2))
    assert interval == Interval(utc(2026, 6, 2, 20), utc(2026, 6, 3, 0))
