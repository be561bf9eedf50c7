"""The arithmetic of recruiting costs: currencies, fee rules, the months a fee is due, periods.

Plain Python with no Django imports, so the rules are testable on their own. The rules are
documented for people in docs/costs.md; keep the two in step.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext_lazy as _

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal("9999999999.99")  # DecimalField(max_digits=12, decimal_places=2)

# ISO 4217 codes of the currencies in circulation (2025 list), without funds, precious metals
# and testing codes: a recruiting cost is paid in money.
# fmt: off
CURRENCIES = frozenset((
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT",
    "BGN", "BHD", "BIF", "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD",
    "CDF", "CHF", "CLP", "CNY", "COP", "CRC", "CUC", "CUP", "CVE", "CZK", "DJF", "DKK", "DOP",
    "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP", "GMD", "GNF",
    "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP",
    "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR",
    "MVR", "MWK", "MXN", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB",
    "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB", "RWF", "SAR", "SBD",
    "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP", "SZL",
    "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU",
    "UZS", "VES", "VND", "VUV", "WST", "XAF", "XCD", "XCG", "XOF", "XPF", "YER", "ZAR", "ZMW",
    "ZWG",
))
# fmt: on

# How many pay periods make a year, to annualise a salary quoted per month, week, day or hour.
# A working year of 52 weeks of 5 days of 8 hours: 260 days, 2,080 hours.
PERIODS_PER_YEAR = {
    "year": Decimal(1),
    "month": Decimal(12),
    "week": Decimal(52),
    "day": Decimal(260),
    "hour": Decimal(2080),
}
PERIOD_ALIASES = {
    "annual": "year",
    "annually": "year",
    "yearly": "year",
    "per_year": "year",
    "monthly": "month",
    "per_month": "month",
    "weekly": "week",
    "per_week": "week",
    "daily": "day",
    "per_day": "day",
    "hourly": "hour",
    "per_hour": "hour",
}


def is_currency(code: str) -> bool:
    return code in CURRENCIES


def money(value: Decimal) -> Decimal:
    """Rounded to the cent, half up, as an invoice rounds."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def pay_period(name: str | None) -> str:
    """The canonical pay period ("year", "month", "week", "day", "hour") of a name.

    No period (or one we do not know) is a year: a hire's base salary is annual unless the
    offer says otherwise.
    """
    key = (name or "").strip().lower().replace("-", "_").replace(" ", "_")
    key = PERIOD_ALIASES.get(key, key)
    return key if key in PERIODS_PER_YEAR else "year"


def annual_salary(base_salary: Decimal, period: str | None) -> Decimal:
    """`base_salary` per `period`, as a yearly amount (12 months, 52 weeks, 260 days, 2,080 h)."""
    return Decimal(base_salary) * PERIODS_PER_YEAR[pay_period(period)]


def percent_of_salary_fee(base_salary: Decimal, period: str | None, percent: Decimal) -> Decimal:
    """A percentage-of-salary fee: `percent` % of the first-year (annualised) base salary."""
    return money(annual_salary(base_salary, period) * Decimal(percent) / 100)


@dataclass(frozen=True)
class HireFee:
    """What the provider charges for one hire, in `currency`; `rule` says how it was found."""

    amount: Decimal
    currency: str
    rule: str


def hire_fee(
    *,
    fee_model: str,
    engagement_currency: str,
    per_hire_fee: Decimal | None,
    salary_percent: Decimal | None,
    base_salary: Decimal | None,
    salary_currency: str,
    salary_period: str | None,
) -> HireFee | None:
    """The fee one hire costs under an engagement's fee model, or None when it costs none.

    - "per_hire" and "hybrid": the engagement's fee per hire, in the engagement's currency;
    - "percent_salary": `salary_percent` % of the annualised base salary, in the salary's
      currency (the fee follows the salary it is a share of);
    - "management_fee": no fee per hire (the monthly fee pays for everything).
    """
    if fee_model in {"per_hire", "hybrid"}:
        if per_hire_fee is None or Decimal(per_hire_fee) <= 0:
            return None
        return HireFee(money(per_hire_fee), engagement_currency, "fee per hire")
    if fee_model == "percent_salary":
        if salary_percent is None or base_salary is None or Decimal(base_salary) <= 0:
            return None
        amount = percent_of_salary_fee(base_salary, salary_period, salary_percent)
        if amount <= 0:
            return None
        period = pay_period(salary_period)
        rule = f"{salary_percent}% of the first-year salary"
        if period != "year":
            rule += f" (paid per {period}, annualised)"
        return HireFee(amount, salary_currency or engagement_currency, rule)
    return None


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month `months` after `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def months_due(starts_on: date, ends_on: date | None, today: date) -> Iterator[date]:
    """The months a monthly fee is due for, up to `today`, as the date each is incurred on.

    A month is due once the engagement is in force on one of its days that has arrived: the
    month it starts (incurred on its start date) and each following month (incurred on the
    1st), through the month it ends. The full fee for each such month: no pro-rating.
    """
    last = today if ends_on is None else min(today, ends_on)
    if last < starts_on:
        return
    month = first_of_month(starts_on)
    while month <= last:
        yield max(month, starts_on)
        month = add_months(month, 1)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


# --- Periods for filters --------------------------------------------------------------------

PERIODS = {
    "this_month": _("This month"),
    "last_month": _("Last month"),
    "this_quarter": _("This quarter"),
    "last_quarter": _("Last quarter"),
    "this_year": _("This year"),
    "last_year": _("Last year"),
    "last_12_months": _("Last 12 months"),
}


def period_range(name: str, today: date) -> tuple[date, date]:
    """(first day, last day) of a named period around `today`; KeyError for an unknown name."""
    month = first_of_month(today)
    quarter = date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)
    ranges = {
        "this_month": (month, add_months(month, 1) - timedelta(days=1)),
        "last_month": (add_months(month, -1), month - timedelta(days=1)),
        "this_quarter": (quarter, add_months(quarter, 3) - timedelta(days=1)),
        "last_quarter": (add_months(quarter, -3), quarter - timedelta(days=1)),
        "this_year": (date(today.year, 1, 1), date(today.year, 12, 31)),
        "last_year": (date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)),
        "last_12_months": (add_months(month, -11), today),
    }
    return ranges[name]


def last_day_of_month(day: date) -> date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


# --- Totals ---------------------------------------------------------------------------------


@dataclass
class CurrencyTotals:
    """The costs in one currency: external + internal = total, and the total of each category."""

    currency: str
    external: Decimal = Decimal(0)
    internal: Decimal = Decimal(0)
    entries: int = 0
    by_category: dict[str, Decimal] = field(default_factory=dict)

    @property
    def total(self) -> Decimal:
        return self.external + self.internal


def totals_by_currency(
    rows: Iterable[tuple[str, str, Decimal, int]], external_categories: frozenset[str]
) -> list[CurrencyTotals]:
    """Totals per currency from (currency, category, amount, entries) rows, such as a GROUP BY.

    Amounts in different currencies are never added together: each currency has its own
    totals, in the order of the largest total first.
    """
    found: dict[str, CurrencyTotals] = {}
    for currency, category, amount, entries in rows:
        totals = found.setdefault(currency, CurrencyTotals(currency))
        amount = Decimal(amount or 0)
        if category in external_categories:
            totals.external += amount
        else:
            totals.internal += amount
        totals.entries += entries
        totals.by_category[category] = totals.by_category.get(category, Decimal(0)) + amount
    return sorted(found.values(), key=lambda t: (-t.total, t.currency))
