from __future__ import annotations

from celery import shared_task


@shared_task
def notify_eligible_bonuses() -> str:
    """Tell each client's recruiters about referral bonuses that became due (daily)."""
    from outhire.referrals.services import bonuses_notify_eligible

    return f"{bonuses_notify_eligible()} referral bonus(es) became due"
