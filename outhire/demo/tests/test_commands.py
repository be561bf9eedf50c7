from __future__ import annotations

import io

from django.core.management import call_command

from outhire.accounts.models import Client, Membership, User
from outhire.accounts.roles import Role
from outhire.demo.accounts import DEMO_PASSWORD


def _seed() -> str:
    out = io.StringIO()
    # The talent network has tests of its own (demo/tests/test_candidates.py)
    call_command("seed-demo", candidates=0, stdout=out)
    return out.getvalue()


def test_seed_demo_makes_every_role_and_is_safe_to_rerun(db):
    output = _seed()
    counts = (Client.objects.count(), User.objects.count(), Membership.objects.count())
    assert counts[0] >= 3
    assert len(set(Client.objects.values_list("industry", flat=True))) >= 3
    held = set(Membership.objects.values_list("role", flat=True)) | set(
        User.objects.exclude(provider_role="").values_list("provider_role", flat=True)
    )
    assert held == {r.value for r in Role}
    for email in User.objects.values_list("email", flat=True):
        assert email in output
    _seed()
    assert (Client.objects.count(), User.objects.count(), Membership.objects.count()) == counts


def test_seed_demo_users_can_sign_in(client, db):
    _seed()
    response = client.post(
        "/login/", {"email": "client.admin@meridian.demo", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
