"""The isolation sweep's view of the referrals app (see outhire/tests/test_isolation_sweep.py)."""

from __future__ import annotations

from decimal import Decimal

from outhire.referrals.models import BonusPolicy, Referral, ReferralLink

# A referral link is public by design: its random code is all it holds.
PUBLIC = {"referrals:link_follow"}
PARAMS = {"referral_id": "referral", "code": "referral_code"}


def world(base: dict) -> dict:
    client = base["client"]
    link = ReferralLink.objects.create(
        client=client, referrer=base["client_user"], requisition=base["requisition"]
    )
    referral = Referral.objects.create(
        client=client,
        application=base["application"],
        referrer=base["client_user"],
        link=link,
        via=Referral.Via.LINK,
        note="Referral note marker 6161",
    )
    policy = BonusPolicy.objects.create(client=client, amount=Decimal("4321.00"), currency="EUR")
    return {
        "referral_link": link,
        "referral_code": link.code,
        "referral": referral,
        "bonus_policy": policy,
        "markers": ["Referral note marker 6161", "4321.00"],
    }


def forge(name: str, world: dict) -> dict | None:
    if name == "referrals:link_follow":
        # An outsider cannot know A's code.
        return {"code": world["referral_code"][:-2] + "zz"}
    return None
