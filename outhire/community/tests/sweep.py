"""The isolation sweep's view of the community app (see outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

from django.utils import timezone

from outhire.community.models import Campaign, Member
from outhire.community.services import community_for, confirm_token, unsubscribe_token

# The join pages are public; the confirm and unsubscribe links carry a signed token.
PUBLIC = {
    "community:join",
    "community:join_client",
    "community:joined",
    "community:confirm",
    "community:unsubscribe",
}
PARAMS = {"community_id": "community", "campaign_id": "campaign"}


def world(base: dict) -> dict:
    community = community_for(base["client"])
    member = Member.objects.create(
        community=community,
        candidate=base["candidate"],
        interests="Interest marker 7171",
        confirmed_at=timezone.now(),
        consent=base["consent"],
    )
    campaign = Campaign.objects.create(
        client=base["client"],
        community=community,
        subject="Campaign marker 8080",
        body="Campaign body marker 8181",
        created_by=base["staff_user"],
        status=Campaign.Status.SENT,
    )
    return {
        "community": community,
        "member": member,
        "campaign": campaign,
        "markers": ["Interest marker 7171", "Campaign marker 8080", "Campaign body marker 8181"],
    }


def _forged(token: str) -> str:
    return token[:-2] + ("AA" if not token.endswith("AA") else "BB")


def forge(name: str, world: dict) -> dict | None:
    if name == "community:confirm":
        return {"token": _forged(confirm_token(world["member"]))}
    if name == "community:unsubscribe":
        return {"token": _forged(unsubscribe_token(world["member"].candidate_id))}
    return None
