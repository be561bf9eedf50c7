"""`{% load billing %}`: whether someone may see invoices, for the menu."""

from __future__ import annotations

from django import template

from outhire.billing.selectors import reads_billing as _reads_billing

register = template.Library()


@register.filter
def reads_billing(access) -> bool:
    """`access|reads_billing`: provider admins, and client admins for their own invoices."""
    if access is None or not getattr(access, "is_authenticated", False):
        return False
    return _reads_billing(access)
