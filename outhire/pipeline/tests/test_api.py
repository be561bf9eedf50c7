"""Applications in the JSON API: lists, moves, 409 on a stale version, 422 on a refused move."""

from __future__ import annotations

import pytest

from outhire.accounts import services as account_services
from outhire.candidates.services import candidate_create
from outhire.pipeline import services
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions.models import DispositionReason

API = "/api/v1"


@pytest.fixture
def token_for():
    def make(user, client=None, *, can_write: bool = True) -> str:
        _, secret = account_services.api_token_create(
            name=f"{user.full_name}'s token", client=client, can_write=can_write, by=user
        )
        return secret

    return make


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def rita_api(client, rita, token_for):
    headers = bearer(token_for(rita))

    def call(method: str, path: str, body=None):
        if method == "get":
            return client.get(API + path, body or {}, **headers)
        return client.post(API + path, body or {}, content_type="application/json", **headers)

    return call


def test_it_adds_and_lists_applications(rita_api, rita, requisition, stage):
    ada = candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    response = rita_api(
        "post",
        f"/requisitions/{requisition.pk}/applications",
        {"candidate_id": ada.pk, "stage_id": stage("screen").pk, "source": "referral"},
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["stage"]["kind"] == "screen" and body["source"] == "referral"
    assert body["candidate"]["full_name"] == "Ada Lovelace"
    assert [e["kind"] for e in body["events"]] == ["created"]
    again = rita_api(
        "post", f"/requisitions/{requisition.pk}/applications", {"candidate_id": ada.pk}
    )
    assert again.status_code == 422
    listed = rita_api("get", f"/requisitions/{requisition.pk}/applications", {"status": "active"})
    assert listed.json()["count"] == 1
    by_stage = rita_api(
        "get", f"/requisitions/{requisition.pk}/applications", {"stage": stage("offer").pk}
    )
    assert by_stage.json()["count"] == 0


def test_a_move_with_a_stale_version_answers_409_with_the_current_application(
    rita_api, rita, make_application, stage
):
    application = make_application("Ada")
    url = f"/applications/{application.pk}/move"
    response = rita_api("post", url, {"stage_id": stage("screen").pk, "version": 1})
    assert response.status_code == 200
    assert response.json()["version"] == 2
    before = StageEvent.objects.count()
    stale = rita_api("post", url, {"stage_id": stage("submitted").pk, "version": 1})
    assert stale.status_code == 409
    body = stale.json()
    assert body["code"] == "conflict"
    assert body["current"]["stage"]["kind"] == "screen" and body["current"]["version"] == 2
    assert StageEvent.objects.count() == before


def test_a_refused_move_answers_422(rita_api, rita, make_application, stage):
    application = make_application("Ada")
    reason = DispositionReason.objects.get(name="No longer interested")
    services.application_reject(
        application=application, by=rita, disposition=reason, withdrawn=True
    )
    response = rita_api(
        "post",
        f"/applications/{application.pk}/move",
        {"stage_id": stage("screen").pk, "version": application.version},
    )
    assert response.status_code == 422
    assert "reopen it first" in response.json()["message"]


def test_reject_withdraw_and_reopen(rita_api, make_application, acme):
    application = make_application("Ada")
    url = f"/applications/{application.pk}"
    withdrawn_reason = DispositionReason.objects.get(name="No longer interested")
    wrong = rita_api("post", f"{url}/reject", {"disposition_id": withdrawn_reason.pk, "version": 1})
    assert wrong.status_code == 422
    reason = DispositionReason.objects.get(name="Failed assessment")
    done = rita_api(
        "post", f"{url}/reject", {"disposition_id": reason.pk, "version": 1, "reason": "Sorry"}
    )
    assert done.status_code == 200
    assert done.json()["status"] == "rejected" and done.json()["disposition"] == reason.name
    assert done.json()["events"][-1]["reason"] == "Sorry"
    reopened = rita_api("post", f"{url}/reopen", {"version": 2})
    assert reopened.json()["status"] == "active"
    withdrawn = rita_api(
        "post", f"{url}/withdraw", {"disposition_id": withdrawn_reason.pk, "version": 3}
    )
    assert withdrawn.json()["status"] == "withdrawn"


def test_a_client_token_reads_only_submitted_applications_and_writes_nothing(
    client, carla, rita, acme, make_application, stage, requisition, token_for
):
    shown = make_application("Ada")
    services.application_move(application=shown, to_stage=stage("submitted"), by=rita)
    hidden = make_application("Grace")
    headers = bearer(token_for(carla, acme, can_write=True))
    listed = client.get(f"{API}/requisitions/{requisition.pk}/applications", **headers)
    assert [a["id"] for a in listed.json()["items"]] == [shown.pk]
    assert client.get(f"{API}/applications/{hidden.pk}", **headers).status_code == 404
    detail = client.get(f"{API}/applications/{shown.pk}", **headers).json()
    assert [e["to_stage"]["kind"] for e in detail["events"]] == ["submitted"]
    assert "email" not in str(detail["candidate"])
    move = client.post(
        f"{API}/applications/{shown.pk}/move",
        {"stage_id": stage("interview").pk, "version": shown.version},
        content_type="application/json",
        **headers,
    )
    assert move.status_code == 403
    assert Application.objects.get(pk=shown.pk).stage == stage("submitted")


def test_a_read_only_provider_token_cannot_move(client, rita, make_application, stage, token_for):
    application = make_application("Ada")
    headers = bearer(token_for(rita, can_write=False))
    response = client.post(
        f"{API}/applications/{application.pk}/move",
        {"stage_id": stage("screen").pk, "version": 1},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403


def test_outsiders_get_404(client, gina, sam, globex, make_application, token_for, requisition):
    application = make_application("Ada")
    for secret in (token_for(gina, globex), token_for(sam)):
        headers = bearer(secret)
        assert client.get(f"{API}/applications/{application.pk}", **headers).status_code == 404
        listed = client.get(f"{API}/requisitions/{requisition.pk}/applications", **headers)
        assert listed.status_code == 404
        moved = client.post(
            f"{API}/applications/{application.pk}/move",
            {"stage_id": 1, "version": 1},
            content_type="application/json",
            **headers,
        )
        assert moved.status_code == 404
