from __future__ import annotations

from celery import shared_task


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_confirmation(member_id: int) -> None:
    """E-mail the double opt-in link to someone who asked to join a community."""
    from outhire.community.models import Member
    from outhire.community.services import confirmation_send

    member = Member.objects.select_related("community", "candidate").filter(pk=member_id).first()
    if member is None or member.unsubscribed_at is not None:
        return
    # Not yet confirmed, or joined again since (to renew their consent).
    if member.confirmed_at is None or member.confirmed_at < member.joined_at:
        confirmation_send(member)


@shared_task
def send_campaign(campaign_id: int) -> str:
    """Send a nurture campaign, one e-mail per person, each checked at the moment of sending."""
    from outhire.community.models import Campaign
    from outhire.community.services import campaign_send

    campaign = Campaign.objects.select_related("community", "pool").filter(pk=campaign_id).first()
    if campaign is None:
        return f"campaign {campaign_id} no longer exists"
    campaign = campaign_send(campaign)
    return (
        f"campaign {campaign_id}: {campaign.sent} sent, {campaign.skipped} skipped, "
        f"{campaign.failed} failed"
    )
