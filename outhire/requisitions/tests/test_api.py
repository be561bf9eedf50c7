from __future__ import annotations

import pytest

from outhire.accounts import services as account_services
from outhire.accounts.models import Notification
from outhire.requisitions.models import ApprovalRule, Requisition


@pytest.fixture
def token_for():
    def make(user, client=None, *, can_write: bool = True) -> dict[str, str]:
        _, secret = account_services.api_token_create(
            name=f"{user.full_name}'s token", client=client, can_write=can_write, by=user
        )
        return {"Authorization": f"Bearer {secret}"}

    return make


@pytest.fixture
def staff(rita, token_for):
    return token_for(rita)


def _url(requisition, action: str = "") -> str:
    return f"/api/v1/requisitions/{requisition.pk}" + (f"/{action}" if action else "")


def test_it_creates_and_lists_requisitions(client, staff, acme, hank, rita):
    response = client.post(
        "/api/v1/requisitions",
        {
            "client_id": acme.pk,
            "title": "Robot Tamer",
            "hiring_manager": hank.email,
            "recruiters": [rita.email],
            "must_have_skills": ["Python", " ", "Python", "ROS"],
            "salary_min": "50000",
            "salary_max": "60000",
            "salary_currency": "usd",
        },
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["status"] == "draft" and body["hiring_manager"] == hank.email
    assert body["recruiters"] == [rita.email] and body["active_applications"] == 0
    assert body["must_have_skills"] == ["Python", "ROS"] and body["salary_currency"] == "USD"
    listed = client.get("/api/v1/requisitions?status=draft", headers=staff).json()
    assert listed["count"] == 1 and listed["items"][0]["title"] == "Robot Tamer"
    assert client.get("/api/v1/requisitions?status=open", headers=staff).json()["count"] == 0


def test_creating_is_refused_for_bad_input_and_other_clients(
    client, staff, acme, globex, gina, token_for
):
    bad = client.post(
        "/api/v1/requisitions",
        {"client_id": acme.pk, "title": "X", "hiring_manager": gina.email},
        content_type="application/json",
        headers=staff,
    )
    assert bad.status_code == 422 and bad.json()["errors"][0]["field"] == "hiring_manager"
    other = client.post(
        "/api/v1/requisitions",
        {"client_id": globex.pk, "title": "X"},
        content_type="application/json",
        headers=staff,
    )
    assert other.status_code == 404
    assert not Requisition.objects.exists()


def test_a_stale_patch_answers_409_with_the_current_state(client, staff, draft):
    url = _url(draft)
    response = client.patch(
        url,
        {"title": "Senior Welder", "version": 1},
        content_type="application/json",
        headers=staff,
    )
    assert response.status_code == 200 and response.json()["version"] == 2
    stale = client.patch(
        url,
        {"title": "Junior Welder", "version": 1},
        content_type="application/json",
        headers=staff,
    )
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict" and body["current"]["title"] == "Senior Welder"
    assert body["current"]["version"] == 2
    missing = client.patch(url, {"title": "X"}, content_type="application/json", headers=staff)
    assert missing.status_code == 422


def test_transitions_through_the_api(client, staff, draft):
    assert client.post(_url(draft, "submit"), headers=staff).json()["status"] == "open"
    refused = client.post(
        _url(draft, "hold"), {"reason": ""}, content_type="application/json", headers=staff
    )
    assert refused.status_code == 422 and refused.json()["errors"][0]["field"] == "reason"
    held = client.post(
        _url(draft, "hold"), {"reason": "Freeze"}, content_type="application/json", headers=staff
    )
    assert held.json()["status"] == "on_hold"
    resumed = client.post(_url(draft, "resume"), {}, content_type="application/json", headers=staff)
    assert resumed.json()["status"] == "open"
    cancelled = client.post(
        _url(draft, "cancel"), {"reason": "Merged"}, content_type="application/json", headers=staff
    )
    assert cancelled.json()["status"] == "cancelled"
    stages = client.get(_url(draft, "stages"), headers=staff).json()
    assert stages[-1]["kind"] == "hired" and stages[0]["position"] == 0


def test_approvals_by_the_approvers_own_tokens(
    client, staff, draft, acme, hank, carla, ivy, token_for
):
    ApprovalRule.objects.create(client=acme, position=1, approver=hank)
    ApprovalRule.objects.create(client=acme, position=2, approver=carla)
    assert client.post(_url(draft, "submit"), headers=staff).json()["status"] == "pending_approval"
    assert Notification.objects.filter(user=hank).exists()
    hank_token, carla_token = token_for(hank, acme), token_for(carla, acme)

    def decide(headers, **body):
        body.setdefault("decision", "approve")
        return client.post(
            _url(draft, "approve"), body, content_type="application/json", headers=headers
        )

    assert decide(carla_token).status_code == 422  # out of turn
    assert decide(token_for(ivy, acme)).status_code == 403  # not an approver
    assert decide(token_for(hank, acme, can_write=False)).status_code == 403  # read-only token
    approved = decide(hank_token, comment="Budget ok")
    assert approved.status_code == 200 and approved.json()["decision"] == "approved"
    assert decide(hank_token).status_code == 422  # twice
    assert Notification.objects.filter(user=carla).exists()
    assert decide(carla_token).status_code == 200
    draft.refresh_from_db()
    assert draft.status == "open"
    approvals = client.get(_url(draft, "approvals"), headers=hank_token).json()
    assert [a["approver"] for a in approvals] == [hank.email, carla.email]


def test_client_tokens_see_their_own_without_internal_fields(
    client, draft, carla, rita, token_for, acme
):
    draft.recruiters.set([rita])
    headers = token_for(carla, acme)
    body = client.get(_url(draft), headers=headers).json()
    assert body["title"] == "Welder"
    assert body["recruiters"] is None and body["active_applications"] is None
    assert client.get("/api/v1/requisitions", headers=headers).json()["count"] == 1
    # Client users do not work the requisition through its life (they may submit a draft).
    for action in ("hold", "cancel", "resume"):
        response = client.post(
            _url(draft, action), {"reason": "x"}, content_type="application/json", headers=headers
        )
        assert response.status_code == 403, action


def test_a_client_token_raises_and_submits_a_draft_and_the_provider_is_told(
    client, carla, rita, alice, hank, acme, token_for
):
    headers = token_for(carla, acme)
    response = client.post(
        "/api/v1/requisitions",
        {"client_id": acme.pk, "title": "Line Lead", "hiring_manager": hank.email},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201, response.content
    requisition_id = response.json()["id"]
    refused = client.post(
        "/api/v1/requisitions",
        {"client_id": acme.pk, "title": "Line Lead", "recruiters": [rita.email]},
        content_type="application/json",
        headers=headers,
    )
    assert refused.status_code == 422 and "provider's choice" in refused.json()["message"]
    submitted = client.post(f"/api/v1/requisitions/{requisition_id}/submit", headers=headers)
    assert submitted.status_code == 200 and submitted.json()["status"] == "open"
    told = Notification.objects.filter(url=f"/requisitions/{requisition_id}/")
    assert set(told.values_list("user", flat=True)) == {rita.pk}
    assert "Acme Robotics submitted" in told.first().text


def test_outsiders_get_404_before_their_input_is_read(client, draft, gina, globex, token_for):
    headers = token_for(gina, globex)
    assert client.get(_url(draft), headers=headers).status_code == 404
    assert client.get("/api/v1/requisitions", headers=headers).json()["count"] == 0
    patch = client.patch(
        _url(draft), {"bogus": 1}, content_type="application/json", headers=headers
    )
    assert patch.status_code == 404
    for action in ("submit", "hold", "cancel", "approve", "approvals", "stages"):
        method = client.get if action in ("approvals", "stages") else client.post
        assert method(_url(draft, action), headers=headers).status_code == 404, action


def test_a_read_only_token_cannot_write(client, rita, draft, token_for):
    headers = token_for(rita, can_write=False)
    response = client.patch(
        _url(draft), {"title": "X", "version": 1}, content_type="application/json", headers=headers
    )
    assert response.status_code == 403
    assert client.post(_url(draft, "submit"), headers=headers).status_code == 403


def test_a_requisition_id_that_is_not_a_number_is_a_404(client, staff, draft):
    """Not a 500 from filtering on a non-numeric pk, nor a 422 about the path or the body."""
    for response in (
        client.get("/api/v1/requisitions/abc", headers=staff),
        client.get("/api/v1/requisitions/1.5/stages", headers=staff),
        client.patch(
            "/api/v1/requisitions/abc",
            {"title": "X", "version": 1},
            content_type="application/json",
            headers=staff,
        ),
        client.post(
            "/api/v1/requisitions/abc/hold",
            {"reason": "Freeze"},
            content_type="application/json",
            headers=staff,
        ),
    ):
        assert response.status_code == 404, response.content
        assert response.json() == {"message": "Not found.", "code": "not_found"}
    draft.refresh_from_db()
    assert draft.title == "Welder" and draft.status == "draft"
