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
`{{ n|number }}`, `{{ share|percent }}`, `{{ wait|days }}`, `{{ turnaround|hours }}`,
`{{ day|calendar_date }}`, `{{ month|calendar_month }}`, `{{ at|date_time }}`. Each gives
an empty string for None, so `|default:"—"` shows a dash.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel import dates as babel_dates
from babel import numbers as babel_numbers
from django import template
from django.conf import settings
from django.utils import timezone
from django.utils.translation import get_language, to_locale

register = template.Library()

Number = int | float | Decimal


def locale_name() -> str:
    """The Babel locale of the active language (`en_GB` for `en-gb`)."""
    return to_locale(get_language() or settings.LANGUAGE_CODE)


def _pattern(decimals: int) -> str:
    return "#,##0" + ("." + "0" * decimals if decimals > 0 else "")


def _decimals_for(value: Number, decimals: int | None, default: int) -> int:
    if decimals is not None:
        return decimals
    return 0 if float(value).is_integer() else default


def number(value: Number | None, decimals: int | None = None) -> str:
    """`12,345`; `12.5` (one decimal unless told otherwise; none for a whole number)."""
    if value is None or value == "":
        return ""
    places = _decimals_for(value, decimals, 1)
    return babel_numbers.format_decimal(value, format=_pattern(places), locale=locale_name())


def money(value: Number | None, currency: str, decimals: int | None = None) -> str:
    """`€19,610.00`: the currency's symbol and its usual decimals (or `decimals`)."""
    if value is None or value == "":
        return ""
    if not currency:
        return number(value, 2 if decimals is None else decimals)
    options = {}
    if decimals is not None:
        options = {"format": "¤" + _pattern(decimals), "currency_digits": False}
    return babel_numbers.format_currency(value, currency.upper(), locale=locale_name(), **options)


def percent(value: Number | None, decimals: int | None = None) -> str:
    """`85%` for 85 (a value already in per cent); `85.3%` keeps one decimal."""
    if value is None or value == "":
        return ""
    places = _decimals_for(value, decimals, 1)
    return babel_numbers.format_percent(
        Decimal(str(value)) / 100, format=_pattern(places) + "%", locale=locale_name()
    )


def _with_unit(value: Number | None, one: str, many: str, decimals: int | None) -> str:
    if value is None or value == "":
        return ""
    text = number(value, decimals)
    return f"{text} {one if float(value) == 1 else many}"


def days(value: Number | None, decimals: int | None = None) -> str:
    """`12.5 days`, `1 day`."""
    return _with_unit(value, "day", "days", decimals)


def hours(value: Number | None, decimals: int | None = None) -> str:
    """`17 hours`, `1 hour`, `2.5 hours`."""
    return _with_unit(value, "hour", "hours", decimals)


def calendar_date(value: date | datetime | None) -> str:
    """`1 Nov 2026` (a datetime is shown on its local day)."""
    if value is None or value == "":
        return ""
    if isinstance(value, datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
        value = value.date()
    return babel_dates.format_date(value, "d MMM y", locale=locale_name())


def calendar_month(value: date | datetime | None) -> str:
    """`November 2026`."""
    if value is None or value == "":
        return ""
    return babel_dates.format_date(value, "MMMM y", locale=locale_name())


def date_time(value: datetime | None) -> str:
    """`1 Nov 2026, 14:05`, in the deployment's time zone."""
    if value is None or value == "":
        return ""
    if timezone.is_aware(value):
        value = timezone.localtime(value)
    day = babel_dates.format_date(value.date(), "d MMM y", locale=locale_name())
    return f"{day}, {value:%H:%M}"


def date_range(start: date, last: date) -> str:
    """`1 Nov 2026 to 30 Nov 2026`: both days included."""
    return f"{calendar_date(start)} to {calendar_date(last)}"


for _function in (number, money, percent, days, hours, calendar_date, calendar_month, date_time):
    register.filter(_function.__name__, _function, is_safe=False)
