"""`{% load billing %}`: whether someone may see invoices, for the menu."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext

from outhire.billing.selectors import reads_billing as _reads_billing
from outhire.lib.formatting import calendar_month

register = template.Library()


@register.filter
def reads_billing(access) -> bool:
    """`access|reads_billing`: provider admins, and client admins for their own invoices."""
    if access is None or not getattr(access, "is_authenticated", False):
        return False
    return _reads_billing(access)


@register.filter
def period_label(period) -> str:
    """A profitability period in the reader's words: "Dezember 2026", "Q4 2026", "2026"."""
    if period.kind == "month":
        return calendar_month(period.start)
    if period.kind == "quarter":
        # Translators: a quarter of a year, "Q1 2026".
        return gettext("Q%(quarter)s %(year)s") % {
            "quarter": (period.start.month - 1) // 3 + 1,
            "year": period.start.year,
        }
    return str(period.start.year)
