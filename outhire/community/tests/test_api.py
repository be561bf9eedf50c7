from __future__ import annotations

from outhire.accounts import services as account_services
from outhire.community import services

API = "/api/v1"


def bearer(user, client=None) -> dict[str, str]:
    _, secret = account_services.api_token_create(
        name="token", client=client, can_write=False, by=user
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_staff_read_communities_and_campaign_counts(
    client, acme, rita, join_and_confirm, django_capture_on_commit_callbacks
):
    community = services.community_for(acme)
    join_and_confirm(community, "ann@example.test", "Ann")
    services.member_join(
        community=community, first_name="Una", last_name="", email="una@example.test"
    )
    with django_capture_on_commit_callbacks(execute=True):
        campaign = services.campaign_start(
            segment=services.Segment(community=community), subject="Hi", body="Roles", by=rita
        )
    headers = bearer(rita)
    (row,) = client.get(f"{API}/communities", **headers).json()["items"]
    assert (row["client"], row["members"], row["waiting_for_confirmation"], row["reachable"]) == (
        "acme",
        2,
        1,
        1,
    )
    listed = client.get(f"{API}/campaigns", **headers).json()
    assert listed["count"] == 1
    one = client.get(f"{API}/campaigns/{campaign.pk}", **headers).json()
    assert (one["status"], one["recipients"], one["sent"], one["skipped"]) == ("sent", 1, 1, 0)


def test_client_tokens_and_other_staff_see_nothing(
    client, acme, rita, carla, sam, join_and_confirm
):
    community = services.community_for(acme)
    join_and_confirm(community, "ann@example.test", "Ann")
    campaign = services.campaign_start(
        segment=services.Segment(community=community), subject="Hi", body="Roles", by=rita
    )
    for headers in (bearer(carla, acme), bearer(sam)):
        assert client.get(f"{API}/communities", **headers).json()["count"] == 0
        assert client.get(f"{API}/campaigns", **headers).json()["count"] == 0
        response = client.get(f"{API}/campaigns/{campaign.pk}", **headers)
        assert response.status_code == 404 and response.json()["code"] == "not_found"
