"""Periodic jobs of recruiting costs.

They were born in the engagements app: their names stay the ones the beat schedule and any task
already queued use.
"""

from __future__ import annotations

from celery import shared_task


@shared_task(name="outhire.engagements.tasks.generate_fee_entries")
def generate_fee_entries() -> str:
    """Add the fee entries due and missing: monthly management fees, fees of hires, of
    qualified submissions and project fees (hourly)."""
    from outhire.costs.services import fee_entries_generate

    result = fee_entries_generate()
    return (
        f"{result['monthly']} monthly fee(s), {result['hires']} hire fee(s), "
        f"{result['submissions']} submission fee(s) and {result['projects']} project fee(s) "
        "added, "
        f"{result['failed']} failed"
    )


@shared_task(name="outhire.engagements.tasks.purge_cost_imports")
def purge_cost_imports() -> str:
    """Delete cost files checked but never imported, a day after their upload (hourly)."""
    from outhire.costs.imports import cost_imports_purge

    return f"{cost_imports_purge()} abandoned cost import(s) deleted"
