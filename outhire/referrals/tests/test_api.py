from __future__ import annotations

from outhire.accounts import services as account_services
from outhire.referrals.models import Referral

API = "/api/v1"


def bearer(user, client=None) -> dict[str, str]:
    _, secret = account_services.api_token_create(
        name="token", client=client, can_write=False, by=user
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_it_lists_the_caller_s_referrals_in_plain_words(
    client, carla, gina, acme, make_application
):
    mine = Referral.objects.create(
        client=acme,
        application=make_application("Ann"),
        referrer=carla,
        via="form",
        referred_name="Ann Doe",
        note="Private note marker 4242",
    )
    response = client.get(f"{API}/referrals", **bearer(carla, acme))
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (item,) = body["items"]
    assert item["id"] == mine.pk and item["client"] == "acme"
    assert (item["status"], item["bonus"], item["via"]) == ("received", "not_eligible", "form")
    assert "Private note marker" not in response.content.decode()
    assert "stage" not in item
    others = client.get(f"{API}/referrals", **bearer(gina))
    assert others.json()["count"] == 0


def test_it_needs_authentication(client, db):
    response = client.get(f"{API}/referrals")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
