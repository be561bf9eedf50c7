"""Pay arithmetic for offers. Pure Python, no Django.

A requisition's band is yearly; an offer may be per year, month or hour. Hourly pay is
annualised at 2,080 hours (52 weeks of 40 hours), the usual convention for comparing an
hourly rate with a salary.
"""

from __future__ import annotations

from decimal import Decimal

HOURS_PER_YEAR = Decimal(2080)
FACTORS = {"year": Decimal(1), "month": Decimal(12), "hour": HOURS_PER_YEAR}


def annualised(amount: Decimal, period: str) -> Decimal:
    return Decimal(amount) * FACTORS[period]


def is_above_band(
    *,
    amount: Decimal,
    period: str,
    currency: str,
    band_max: Decimal | None,
    band_currency: str,
) -> bool:
    """Whether an offer's pay is above the band's top and so needs the extra approver.

    No band top: nothing is above it. Pay in another currency than the band's cannot be
    compared without an exchange rate, so it counts as above: a person checks it.
    """
    if band_max is None:
        return False
    if currency.upper() != (band_currency or "").upper():
        return True
    return annualised(amount, period) > Decimal(band_max)
