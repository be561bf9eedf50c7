from __future__ import annotations

from outhire.candidates.services import candidate_create
from outhire.community.models import Member
from outhire.community.services import Segment
from outhire.demo.community import seed_communities


def test_the_demo_seeds_members_once(acme, rita):
    for n in range(8):
        candidate_create(by=rita, first_name=f"Demo{n}", emails=[f"demo{n}@example.test"])
    assert "members in 2 talent communities" in seed_communities()
    count = Member.objects.count()
    assert count == 8
    assert Member.objects.filter(confirmed_at__isnull=True).count() == 2
    provider = Member.objects.filter(community__client__isnull=True).first().community
    assert Segment(community=provider).count() == 5
    assert "No new members" in seed_communities()
    assert Member.objects.count() == count
