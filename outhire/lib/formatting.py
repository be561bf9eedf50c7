"""Numbers, money, percentages, durations and dates, written one way across Outhire.

Every page, PDF, CSV and e-mail that shows a number to a person formats it here, so a figure
reads the same everywhere: thousands separated (`12,345`), money with its currency's symbol
and digits (`€19,610.00`), percentages with the sign (`85%`), durations with their unit
(`12.5 days`, `17 hours`) and one date style (`1 Nov 2026`, `November 2026`,
`1 Nov 2026, 14:05`). The rules of the active language (`LANGUAGE_CODE`, `en-gb` by default)
come from Babel's copy of the Unicode CLDR, so another language gets its own separators and
symbols without code changes.

Templates use the same functions as filters, available everywhere without `{% load %}`
(`TEMPLATES["OPTIONS"]["builtins"]` in settings): `{{ fee|money:"EUR" }}`,
`{{ salary|whole_money:"GBP" }}` (`£45,000`), `{{ n|number }}`, `{{ share|percent }}`,
`{{ wait|days }}`, `{{ turnaround|hours }}`,
`{{ day|calendar_date }}`, `{{ month|calendar_month }}`, `{{ at|date_time }}`,
`{{ at|date_time_zone }}` (`1 Nov 2026, 09:00 EST`, where the zone matters: interview times),
`{{ at|clock }}` (`09:00`), `{{ day|long_date }}` (`Sunday, 1 November 2026`),
`{{ at|appointment }}` (`Sunday, 1 November 2026, 09:00`), `{{ at|zone_abbreviation }}`
(`EST`). Each gives an empty string for None, so `|default:"—"` shows a dash.

Every function takes a keyword-only `locale` (a Babel name such as `de_DE`); without it the
active language decides, so the languages of a later release plug in through Django's own
`translation.activate`. Times are shown in the active time zone, which the access middleware
sets per request to the person's own (`User.time_zone`; candidates' pages to
`Candidate.time_zone`), else the deployment's `TIME_ZONE`.

CSV exports do not use these: they write ISO 8601 (`2026-11-01`, `2026-11-01T14:05:00+00:00`)
and plain numbers, so a spreadsheet reads them as dates and figures (docs/formatting.md).
"""

from __future__ import annotations

import contextlib
import functools
import re
from datetime import date, datetime
from datetime import time as dt_time
from decimal import Decimal

from babel import Locale
from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django import template
from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext, ngettext, to_language, to_locale

register = template.Library()

Number = int | float | Decimal


def locale_name(locale: str | None = None) -> str:
    """`locale` if given, else the Babel locale of the active language (`en_GB` for `en-gb`)."""
    return locale or to_locale(get_language() or settings.LANGUAGE_CODE)


@functools.lru_cache(maxsize=64)
def _parsed(name: str) -> Locale:
    return Locale.parse(name)


def babel_locale(locale: str | None = None) -> Locale:
    """The Babel `Locale` of `locale_name(locale)`, parsed once per language: Babel parses a
    name given as a string on every call, a third of the time of formatting a date (a board
    of 140 cards formats about 100 dates)."""
    return _parsed(locale_name(locale))


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _decimals_for(value: Number, decimals: int | None, default: int) -> int:
    if decimals is not None:
        return decimals
    return 0 if float(value).is_integer() else default


def number(value: Number | None, decimals: int | None = None, *, locale: str | None = None) -> str:
    """`12,345`; `12.5` (one decimal unless told otherwise; none for a whole number)."""
    if value is None or value == "":
        return ""
    places = _decimals_for(value, decimals, 1)
    return babel_numbers.format_decimal(value, format=_pattern(places), locale=babel_locale(locale))


def money(
    value: Number | None, currency: str, decimals: int | None = None, *, locale: str | None = None
) -> str:
    """`€19,610.00`: the currency's symbol and its usual decimals (or `decimals`)."""
    if value is None or value == "":
        return ""
    if not currency:
        return number(value, 2 if decimals is None else decimals, locale=locale)
    options = {}
    if decimals is not None:
        # The locale's own pattern (where the symbol goes, how digits group) with `decimals`.
        standard = babel_locale(locale).currency_formats["standard"].pattern
        fraction = "0" + ("." + "0" * decimals if decimals > 0 else "")
        options = {"format": re.sub(r"0(?:\.0+)?", fraction, standard), "currency_digits": False}
    return babel_numbers.format_currency(
        value, currency.upper(), locale=babel_locale(locale), **options
    )


def whole_money(value: Number | None, currency: str, *, locale: str | None = None) -> str:
    """`£45,000`: money without its minor units, for salaries and bands."""
    return money(value, currency, 0, locale=locale)


def percent(value: Number | None, decimals: int | None = None, *, locale: str | None = None) -> str:
    """`85%` for 85 (a value already in per cent); `85.3%` keeps one decimal."""
    if value is None or value == "":
        return ""
    places = _decimals_for(value, decimals, 1)
    return babel_numbers.format_percent(
        Decimal(str(value)) / 100, format=_pattern(places) + "%", locale=babel_locale(locale)
    )


def _plural_count(value: Number) -> int:
    """The count that picks a plural form: 1 for exactly one, else a number that is not 1
    (12.5 days, 0.5 days: a fraction takes the plural in the languages we write)."""
    return 1 if float(value) == 1 else (int(value) if float(value).is_integer() else 2)


def _words_in(locale: str | None):
    """The words around a figure in `locale`'s language when one is given, else the active one."""
    return translation.override(to_language(locale)) if locale else contextlib.nullcontext()


def days(value: Number | None, decimals: int | None = None, *, locale: str | None = None) -> str:
    """`12.5 days`, `1 day` (`3 Tage` in German)."""
    if value is None or value == "":
        return ""
    text = number(value, decimals, locale=locale)
    with _words_in(locale):
        return ngettext("%(count)s day", "%(count)s days", _plural_count(value)) % {"count": text}


def hours(value: Number | None, decimals: int | None = None, *, locale: str | None = None) -> str:
    """`17 hours`, `1 hour`, `2.5 hours`."""
    if value is None or value == "":
        return ""
    text = number(value, decimals, locale=locale)
    with _words_in(locale):
        return ngettext("%(count)s hour", "%(count)s hours", _plural_count(value)) % {"count": text}


# The named date styles: CLDR's own per language, so another language writes its dates its
# way ("1 Nov 2026" in en-gb, "01.11.2026" in de, "Nov 1, 2026" in en-us).
DATE = "medium"  # 1 Nov 2026
LONG_DATE = "full"  # Sunday, 1 November 2026: a day someone has to turn up on
MONTH = "yMMMM"  # November 2026 (a skeleton: each language orders it)
TIME = "short"  # 14:05


def _local(value: datetime) -> datetime:
    if isinstance(value, datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _day(value: date | datetime) -> date:
    return _local(value).date() if isinstance(value, datetime) else value


def calendar_date(value: date | datetime | None, *, locale: str | None = None) -> str:
    """`1 Nov 2026` (a datetime is shown on its local day)."""
    if value is None or value == "":
        return ""
    return _formatted_day(_day(value), DATE, locale_name(locale))


def long_date(value: date | datetime | None, *, locale: str | None = None) -> str:
    """`Sunday, 1 November 2026`: the day of an interview, spelt out for the person attending."""
    if value is None or value == "":
        return ""
    return _formatted_day(_day(value), LONG_DATE, locale_name(locale))


def calendar_month(value: date | datetime | None, *, locale: str | None = None) -> str:
    """`November 2026`."""
    if value is None or value == "":
        return ""
    return babel_dates.format_skeleton(MONTH, _day(value), locale=babel_locale(locale))


def clock(value: datetime | None, *, locale: str | None = None) -> str:
    """`14:05`, in the active time zone."""
    if value is None or value == "":
        return ""
    # The wall-clock time alone (Babel would otherwise convert an aware time to UTC), to the
    # minute: the short style shows no seconds in any language.
    local = _local(value)
    return _formatted_clock(local.hour, local.minute, locale_name(locale))


# Babel builds a date from its pattern on every call (some 40 us); a board or a list shows the
# same days and times again and again, for every user of a process, so each is formatted once
# per language. The keys are small: a day, a style and a locale; an hour and a minute.
@functools.lru_cache(maxsize=8192)
def _formatted_day(day: date, style: str, name: str) -> str:
    return babel_dates.format_date(day, style, locale=_parsed(name))


@functools.lru_cache(maxsize=4096)
def _formatted_clock(hour: int, minute: int, name: str) -> str:
    return babel_dates.format_time(dt_time(hour, minute), TIME, locale=_parsed(name))


@functools.lru_cache(maxsize=64)
def _date_time_pattern(name: str) -> str:
    return babel_dates.get_datetime_format("medium", locale=_parsed(name))


def _joined(day: str, time: str, locale: str | None) -> str:
    return _date_time_pattern(locale_name(locale)).replace("{1}", day).replace("{0}", time)


def date_time(value: datetime | None, *, locale: str | None = None) -> str:
    """`1 Nov 2026, 14:05`, in the active time zone (the person's own, else the deployment's)."""
    if value is None or value == "":
        return ""
    if not isinstance(value, datetime):
        return calendar_date(value, locale=locale)  # a day has no time to show
    return _joined(calendar_date(value, locale=locale), clock(value, locale=locale), locale)


def zone_abbreviation(value: datetime | None) -> str:
    """`EST`, `BST`, `CET`; the offset (`+0530`) where the zone database has no letters."""
    if value is None or value == "":
        return ""
    local = _local(value)
    return (local.tzname() or "") if timezone.is_aware(local) else ""


def date_time_zone(value: datetime | None, *, locale: str | None = None) -> str:
    """`1 Nov 2026, 09:00 EST`: for times people act on (interviews), where a zone misread
    makes someone an hour early or late."""
    if value is None or value == "":
        return ""
    return f"{date_time(value, locale=locale)} {zone_abbreviation(value)}".rstrip()


def appointment(value: datetime | None, *, locale: str | None = None) -> str:
    """`Sunday, 1 November 2026, 09:00`: when to turn up, in the active time zone (follow it
    with `|zone_abbreviation` or the zone's name)."""
    if value is None or value == "":
        return ""
    return _joined(long_date(value, locale=locale), clock(value, locale=locale), locale)


def date_range(start: date, last: date, *, locale: str | None = None) -> str:
    """`1 Nov 2026 to 30 Nov 2026`: both days included."""
    with _words_in(locale):
        # Translators: a period of days, both included ("1 Nov 2026 to 30 Nov 2026").
        pattern = gettext("%(start)s to %(end)s")
    return pattern % {
        "start": calendar_date(start, locale=locale),
        "end": calendar_date(last, locale=locale),
    }


def words(key: str | None) -> str:
    """A code name in words, where no label was written for it: `offer.accepted` -> "Offer
    accepted", `fee_model` -> "Fee model" (the audit trail's actions and changed fields).
    The words are looked up in the catalogues, so a phrase that is a message elsewhere (a
    field's label, an action's name) reads in the active language."""
    text = " ".join(str(key or "").replace(".", " ").replace("_", " ").replace(":", " ").split())
    text = text[:1].upper() + text[1:]
    return gettext(text) if text else ""


for _function in (
    number,
    money,
    whole_money,
    percent,
    days,
    hours,
    calendar_date,
    long_date,
    calendar_month,
    clock,
    date_time,
    date_time_zone,
    appointment,
    zone_abbreviation,
    words,
):
    register.filter(_function.__name__, _function, is_safe=False)
