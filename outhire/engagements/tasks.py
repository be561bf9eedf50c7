from __future__ import annotations

from celery import shared_task


@shared_task
def sync_engagement_phases() -> str:
    """Switch engagements whose next phase has started to that phase's functions (daily)."""
    from outhire.engagements.models import Engagement
    from outhire.engagements.services import engagement_sync_functions

    changed = sum(
        engagement_sync_functions(engagement)
        for engagement in Engagement.objects.filter(phases__isnull=False).distinct()
    )
    return f"{changed} engagement(s) moved to a new phase"


@shared_task
def generate_fee_entries() -> str:
    """Add the fee entries due and missing: monthly management fees, fees of hires (hourly)."""
    from outhire.engagements.costs import fee_entries_generate

    result = fee_entries_generate()
    return (
        f"{result['monthly']} monthly fee(s) and {result['hires']} hire fee(s) added, "
        f"{result['failed']} failed"
    )


@shared_task
def purge_cost_imports() -> str:
    """Delete cost files checked but never imported, a day after their upload (hourly)."""
    from outhire.engagements.cost_import import cost_imports_purge

    return f"{cost_imports_purge()} abandoned cost import(s) deleted"
