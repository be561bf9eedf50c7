"""Small rules of the apply form, in plain Python: dates, prefill from a parsed resume.

No Django imports, so they are tested without a database.
"""

from __future__ import annotations

import calendar
from datetime import datetime

COUNTRY_NAMES = {"GB": "United Kingdom", "US": "United States", "DE": "Germany", "FR": "France"}


def add_months(moment: datetime, months: int) -> datetime:
    """`moment` plus whole calendar months, the day clamped to the end of a shorter month.

    >>> add_months(datetime(2026, 1, 31), 1)
    datetime.datetime(2026, 2, 28, 0, 0)
    >>> add_months(datetime(2026, 11, 26), 24)
    datetime.datetime(2028, 11, 26, 0, 0)
    """
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def split_name(name: str) -> tuple[str, str]:
    """("Jane", "van Dyke") from "Jane van Dyke": the first word is the given name."""
    words = " ".join(str(name or "").split()).split(" ")
    return (words[0], " ".join(words[1:])) if words[0] else ("", "")


def prefill_from_resume(resume: dict) -> dict[str, str]:
    """The contact fields of the apply form found in a JSON Resume dict (empty ones left out)."""
    basics = resume.get("basics") or {}
    first, last = split_name(basics.get("name", ""))
    location = basics.get("location") or {}
    place = [location.get("city", ""), location.get("region", "")]
    country = location.get("countryCode", "")
    if country:
        place.append(COUNTRY_NAMES.get(country, country))
    values = {
        "first_name": first[:100],
        "last_name": last[:100],
        "email": str(basics.get("email") or "")[:254],
        "phone": str(basics.get("phone") or "")[:40],
        "location": ", ".join(p for p in place if p)[:200],
    }
    return {name: value for name, value in values.items() if value}
