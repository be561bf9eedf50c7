from __future__ import annotations

from outhire.demo.referrals import seed_referrals
from outhire.referrals.models import BonusPolicy, Referral


def test_the_demo_seeds_referrals_once(hank, make_application):
    for n in range(12):
        make_application(f"Demo{n}")
    assert "4 referrals" in seed_referrals()
    assert Referral.objects.count() == 4
    assert BonusPolicy.objects.count() == 1
    assert set(Referral.objects.values_list("application__source", flat=True)) == {"referral"}
    assert "No new referrals" in seed_referrals()
    assert Referral.objects.count() == 4
