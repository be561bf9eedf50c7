"""Free interview slots for a set of interviewers: pure Python, no Django.

Each interviewer works set hours in their own time zone (weekday -> local ranges such as
09:00-17:00). Working hours are turned into absolute UTC intervals day by day in that zone, so
a daylight-saving change moves them correctly: 09:00 in London is 08:00 UTC in summer and
09:00 UTC in winter, and on the changeover day itself the zone's rules decide. Busy times
(entered by hand, imported from calendars, other interviews) are widened by the interviewer's
buffer and removed. A slot is a start time, on a fixed grid of `step` minutes (aligned to the
UTC hour), such that [start, start + duration) lies inside every interviewer's free time.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, available_timezones

from django.utils.translation import gettext as _

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
DEFAULT_HOURS: dict[int, list[tuple[time, time]]] = {
    day: [(time(9, 0), time(17, 0))] for day in range(5)
}


@dataclass(frozen=True, order=True)
class Interval:
    """[start, end) in absolute time; both ends timezone-aware."""

    start: datetime
    end: datetime

    def __post_init__(self) -> None:
        if self.start.tzinfo is None or self.end.tzinfo is None:
            raise ValueError("Interval ends must be timezone-aware")

    def overlaps(self, other: Interval) -> bool:
        return self.start < other.end and other.start < self.end

    def widened(self, by: timedelta) -> Interval:
        return Interval(self.start - by, self.end + by)


@dataclass(frozen=True)
class Person:
    """One interviewer's week: local working ranges per weekday (0 = Monday), zone, busy times."""

    time_zone: str
    hours: dict[int, list[tuple[time, time]]] = field(default_factory=lambda: DEFAULT_HOURS)
    busy: Sequence[Interval] = ()
    buffer: timedelta = timedelta(0)


def is_time_zone(name: str) -> bool:
    return name in _zones()


_ZONES: set[str] = set()


def _zones() -> set[str]:
    if not _ZONES:
        _ZONES.update(available_timezones())
    return _ZONES


def time_zone_choices() -> list[str]:
    return sorted(z for z in _zones() if "/" in z and not z.startswith(("Etc/", "SystemV/")))


def local_to_utc(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The absolute instant of wall-clock `at` on `day` in `zone`.

    A wall time skipped by a spring-forward change (01:30 in London on 29 March 2026) does not
    exist; as in PEP 495 (fold=0) it is read with the offset in force before the change, so it
    moves forward by the gap (01:30 becomes 02:30 BST). A repeated autumn time is the first of
    the two, as calendars do.
    """
    return datetime.combine(day, at, tzinfo=zone).astimezone(UTC)


def working_intervals(person: Person, window: Interval) -> list[Interval]:
    """The person's working hours inside `window`, as absolute intervals."""
    zone = ZoneInfo(person.time_zone)
    first = window.start.astimezone(zone).date() - timedelta(days=1)
    last = window.end.astimezone(zone).date() + timedelta(days=1)
    result = []
    day = first
    while day <= last:
        for start, end in person.hours.get(day.weekday(), []):
            a = local_to_utc(day, start, zone)
            # A range ending at 00:00 means midnight at the end of the day.
            b = local_to_utc(day + timedelta(days=1), time(0), zone) if end == time(0) else None
            b = b or local_to_utc(day, end, zone)
            a, b = max(a, window.start), min(b, window.end)
            if a < b:
                result.append(Interval(a, b))
        day += timedelta(days=1)
    return merge(result)


def merge(intervals: Iterable[Interval]) -> list[Interval]:
    """Sorted, with overlapping or touching intervals joined."""
    result: list[Interval] = []
    for interval in sorted(intervals):
        if result and interval.start <= result[-1].end:
            last = result[-1]
            result[-1] = Interval(last.start, max(last.end, interval.end))
        else:
            result.append(interval)
    return result


def subtract(free: list[Interval], busy: Iterable[Interval]) -> list[Interval]:
    """`free` minus every busy interval (both lists of any order; the result sorted)."""
    result = merge(free)
    for block in merge(busy):
        pieces = []
        for interval in result:
            if not interval.overlaps(block):
                pieces.append(interval)
                continue
            if interval.start < block.start:
                pieces.append(Interval(interval.start, block.start))
            if block.end < interval.end:
                pieces.append(Interval(block.end, interval.end))
        result = pieces
    return result


def intersect(a: list[Interval], b: list[Interval]) -> list[Interval]:
    result = []
    i = j = 0
    a, b = merge(a), merge(b)
    while i < len(a) and j < len(b):
        start = max(a[i].start, b[j].start)
        end = min(a[i].end, b[j].end)
        if start < end:
            result.append(Interval(start, end))
        if a[i].end < b[j].end:
            i += 1
        else:
            j += 1
    return result


def free_time(person: Person, window: Interval) -> list[Interval]:
    busy = [b.widened(person.buffer) for b in person.busy]
    return subtract(working_intervals(person, window), busy)


def _grid_start(moment: datetime, step: timedelta) -> datetime:
    """The first grid point at or after `moment` (the grid is aligned to the UTC hour)."""
    moment = moment.astimezone(UTC)
    hour = moment.replace(minute=0, second=0, microsecond=0)
    steps = -(-(moment - hour) // step)  # ceiling division of timedeltas
    return hour + steps * step


def find_slots(
    people: Sequence[Person],
    *,
    window: Interval,
    duration: timedelta,
    step: timedelta = timedelta(minutes=30),
    limit: int | None = None,
) -> list[datetime]:
    """Start times (UTC) when every person is free for `duration`, on the `step` grid.

    With nobody to interview, there is no slot: an interview needs an interviewer.
    """
    if not people or duration <= timedelta(0) or step <= timedelta(0):
        return []
    common = free_time(people[0], window)
    for person in people[1:]:
        common = intersect(common, free_time(person, window))
    slots: list[datetime] = []
    for interval in common:
        start = _grid_start(interval.start, step)
        while start + duration <= interval.end:
            slots.append(start)
            if limit is not None and len(slots) >= limit:
                return slots
            start += step
    return slots


def slot_is_free(people: Sequence[Person], *, start: datetime, duration: timedelta) -> bool:
    """Whether [start, start + duration) lies inside every person's free time."""
    window = Interval(start, start + duration)
    for person in people:
        free = free_time(person, window)
        if not any(f.start <= start and start + duration <= f.end for f in free):
            return False
    return bool(people)


def by_local_day(slots: Iterable[datetime], zone_name: str) -> list[tuple[date, list[datetime]]]:
    """Slots shown in one time zone, grouped by that zone's calendar day."""
    zone = ZoneInfo(zone_name)
    days: dict[date, list[datetime]] = {}
    for slot in slots:
        local = slot.astimezone(zone)
        days.setdefault(local.date(), []).append(local)
    return sorted(days.items())


def parse_hours(text: str) -> dict[int, list[tuple[time, time]]]:
    """Working hours from lines like "Mon 09:00-12:00, 13:00-17:30"; ValueError on bad input.

    Days are the first three letters of an English weekday name; a day not listed is not worked.
    A range may end at 00:00 (midnight) but must otherwise end after it starts.
    """
    names = {name[:3].lower(): n for n, name in enumerate(WEEKDAYS)}
    hours: dict[int, list[tuple[time, time]]] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line:
            continue
        day_name, _space, rest = line.partition(" ")
        day = names.get(day_name[:3].lower())
        if day is None or not rest.strip():
            raise ValueError(
                _("Line %(number)s: start with a weekday (Mon to Sun) and its hours.")
                % {"number": number}
            )
        for part in rest.split(","):
            start_text, sep, end_text = part.strip().partition("-")
            try:
                start = time.fromisoformat(start_text.strip())
                end = time.fromisoformat(end_text.strip())
            except ValueError:
                raise ValueError(
                    _("Line %(number)s: write hours as 09:00-17:00.") % {"number": number}
                ) from None
            if not sep or (end <= start and end != time(0)):
                raise ValueError(
                    _("Line %(number)s: a range must end after it starts.") % {"number": number}
                )
            hours.setdefault(day, []).append((start, end))
    for ranges in hours.values():
        ranges.sort()
        for (_start_a, end_a), (start_b, _end_b) in zip(ranges, ranges[1:], strict=False):
            if end_a == time(0) or start_b < end_a:
                raise ValueError("Working hours of one day overlap.")
    return hours


def format_hours(hours: dict[int, list[tuple[time, time]]]) -> str:
    lines = []
    for day in sorted(hours):
        ranges = ", ".join(f"{a:%H:%M}-{b:%H:%M}" for a, b in hours[day])
        lines.append(f"{WEEKDAYS[day][:3]} {ranges}")
    return "\n".join(lines)


def hours_to_json(hours: dict[int, list[tuple[time, time]]]) -> dict[str, list[list[str]]]:
    return {str(day): [[f"{a:%H:%M}", f"{b:%H:%M}"] for a, b in r] for day, r in hours.items()}


def hours_from_json(data: dict) -> dict[int, list[tuple[time, time]]]:
    return {
        int(day): [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in ranges]
        for day, ranges in (data or {}).items()
    }
