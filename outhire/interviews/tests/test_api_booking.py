"""Booking and calling off interviews through the JSON API, as the interview page does."""

from __future__ import annotations

from datetime import datetime

from outhire.interviews import services
from outhire.interviews.models import Interview
from outhire.testing import bearer


def api(path: str) -> str:
    return "/api/v1" + path


def test_staff_read_the_slots_and_book_one(client, interview, rita, token_for, commit):
    headers = bearer(token_for(rita))
    slots = client.get(api(f"/interviews/{interview.pk}/slots"), headers=headers).json()["slots"]
    offered = services.available_slots(interview)
    assert slots and [datetime.fromisoformat(s) for s in slots] == offered
    with commit(execute=True):
        response = client.post(
            api(f"/interviews/{interview.pk}/book"),
            {"starts_at": slots[0]},
            content_type="application/json",
            headers=headers,
        )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "scheduled" and body["sequence"] == 0
    interview.refresh_from_db()
    assert interview.starts_at is not None


def test_a_time_that_is_not_a_slot_is_refused(client, interview, rita, token_for):
    headers = bearer(token_for(rita))
    response = client.post(
        api(f"/interviews/{interview.pk}/book"),
        {"starts_at": "2030-01-01T03:17:00Z"},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422
    assert "free slots" in response.json()["errors"][0]["message"]
    response = client.post(
        api(f"/interviews/{interview.pk}/book"),
        {"starts_at": 0},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 422


def test_calling_off_twice_is_a_conflict(client, interview, rita, token_for):
    headers = bearer(token_for(rita))
    url = api(f"/interviews/{interview.pk}/cancel")
    response = client.post(
        url, {"reason": "Filled"}, content_type="application/json", headers=headers
    )
    assert response.status_code == 200 and response.json()["status"] == "cancelled"
    assert Interview.objects.get(pk=interview.pk).cancel_reason == "Filled"
    again = client.post(url, {}, content_type="application/json", headers=headers)
    assert again.status_code == 409


def test_the_clients_people_and_read_only_tokens_do_not_schedule(
    client, interview, rita, hank, token_for, acme
):
    hank_headers = bearer(token_for(hank, acme))
    assert (
        client.get(api(f"/interviews/{interview.pk}/slots"), headers=hank_headers).status_code
        == 403
    )
    read_only = bearer(token_for(rita, can_write=False))
    response = client.post(
        api(f"/interviews/{interview.pk}/cancel"),
        {},
        content_type="application/json",
        headers=read_only,
    )
    assert response.status_code == 403


def test_another_clients_interview_is_not_found(client, interview, sam, token_for):
    headers = bearer(token_for(sam))
    assert client.get(api(f"/interviews/{interview.pk}/slots"), headers=headers).status_code == 404
