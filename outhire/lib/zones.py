"""Time zones people choose for themselves: the names, their validation and the grouped list.

A person's zone (`User.time_zone`, `Candidate.time_zone`) is an IANA name such as
`America/New_York`, or blank for "not chosen": then the deployment's `TIME_ZONE` (staff) or the
interview's zone (candidates) applies. The access middleware activates the zone per request, so
every date and time a page shows is in it (outhire/lib/formatting.py).
"""

from __future__ import annotations

from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from django import forms
from django.core.exceptions import ValidationError

# The regions of the zone database people live in; "Etc/GMT+5" and the like are for machines
# (and read the wrong way round: Etc/GMT+5 is five hours behind).
REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Arctic",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)


@cache
def time_zone_names() -> frozenset[str]:
    """Every IANA name this system knows (read once)."""
    return frozenset(available_timezones())


def is_time_zone(name: str) -> bool:
    return name in time_zone_names()


def validate_time_zone(name: str) -> None:
    """A model field validator: blank, or a name from the zone database."""
    if name and not is_time_zone(name):
        raise ValidationError("Choose a time zone from the list.", code="time_zone")


def _city(name: str) -> str:
    # "America/Argentina/Buenos_Aires" -> "Argentina, Buenos Aires"
    return ", ".join(name.split("/")[1:]).replace("_", " ")


@cache
def grouped_choices() -> list[tuple[str, list[tuple[str, str]]] | tuple[str, str]]:
    """UTC, then one group per region ("Europe": "Berlin", "London", ...), for a <select> with
    <optgroup>s: typing the first letters of a city finds it inside its group."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for name in time_zone_names():
        region = name.split("/", 1)[0]
        if region in groups and "/" in name:
            groups[region].append((name, _city(name)))
    choices: list = [("UTC", "UTC (Coordinated Universal Time)")]
    for region, zones in groups.items():
        choices.append((region, sorted(zones, key=lambda zone: zone[1])))
    return choices


def zone_info(name: str) -> ZoneInfo | None:
    """The zone of `name` to activate, or None (the site's) for blank or unknown names."""
    return ZoneInfo(name) if name and is_time_zone(name) else None


def time_zone_field(*, label: str, blank: str, help_text: str = "") -> forms.ChoiceField:
    """A <select> of the grouped zones with `blank` first (the "not chosen" answer)."""
    return forms.ChoiceField(
        choices=[("", blank), *grouped_choices()],
        required=False,
        label=label,
        help_text=help_text,
    )
