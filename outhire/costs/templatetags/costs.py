"""`{% load costs %}`: whether someone may see recruiting costs, for links on other pages."""

from __future__ import annotations

from django import template

from outhire.candidates.models import Candidate
from outhire.costs.models import CostCategory
from outhire.costs.selectors import can_read_costs

register = template.Library()


@register.filter
def reads_costs(access, client_id=None) -> bool:
    """`access|reads_costs` (any client) or `access|reads_costs:client_id` (that client)."""
    if access is None or not getattr(access, "is_authenticated", False):
        return False
    return can_read_costs(access, client_id)


@register.filter
def category_label(value: str) -> str:
    return dict(CostCategory.choices).get(value, value)


@register.filter
def channel_label(value: str) -> str:
    """A sourcing channel's key in words (`job_board` -> "Job board")."""
    return dict(Candidate.Source.choices).get(value, value)
