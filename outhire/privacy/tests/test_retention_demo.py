from __future__ import annotations

from outhire.demo.retention import seed_retention
from outhire.privacy.models import RetentionPolicy


def test_the_demo_seeds_a_default_policy_once_and_keeps_changes(db):
    assert "made" in seed_retention()
    policy = RetentionPolicy.objects.get(client=None, country="")
    assert (policy.rejected_months, policy.hired_months, policy.talent_pool_months) == (6, 3, 24)
    RetentionPolicy.objects.filter(pk=policy.pk).update(rejected_months=9)
    assert "kept: rejected 9 months" in seed_retention()
    assert RetentionPolicy.objects.count() == 1
