"""Interviews in the JSON API: scoped like the pages, scorecards hidden until one's own is in."""

from __future__ import annotations

from django.urls import reverse

from outhire.accounts.services import api_token_create
from outhire.interviews import services
from outhire.interviews.models import InterviewPlan, Scorecard
from outhire.testing import login


def api(path: str) -> str:
    return "/api/v1" + path


def _bearer(secret: str) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_staff_read_an_applications_interviews(client, interview, rita):
    login(client, rita)
    response = client.get(api(f"/applications/{interview.application_id}/interviews"))
    assert response.status_code == 200
    [item] = response.json()
    assert item["title"] == "Technical interview" and item["status"] == "planned"
    assert sorted(p["interviewer"]["email"] for p in item["interviewers"]) == [
        "hank@acme.test",
        "ivy@acme.test",
    ]
    detail = client.get(api(f"/interviews/{interview.pk}")).json()
    assert detail["sequence"] == 0 and detail["time_zone"] == "Europe/London"


def test_an_interviewer_submits_by_api_and_only_then_reads_the_others(
    client, held, interview, competencies, ivy, hank
):
    hank_card = Scorecard.objects.get(interviewer=hank)
    services.scorecard_submit(
        scorecard=hank_card,
        ratings={c.pk: (4, "") for c in competencies},
        recommendation="strong_yes",
        notes="Hank says yes",
        by=hank,
    )
    _, secret = api_token_create(name="Ivy", client=interview.client, can_write=True, by=ivy)
    url = api(f"/interviews/{interview.pk}/scorecards")
    before = client.get(url, **_bearer(secret)).json()
    assert [c["interviewer"]["email"] for c in before] == ["ivy@acme.test"]
    bad = client.post(
        api(f"/interviews/{interview.pk}/scorecard"),
        {"ratings": [{"competency_id": competencies[0].pk, "score": 9}], "recommendation": "yes"},
        content_type="application/json",
        **_bearer(secret),
    )
    assert bad.status_code == 422 and bad.json()["code"] == "invalid"
    partial = client.post(
        api(f"/interviews/{interview.pk}/scorecard"),
        {"ratings": [{"competency_id": competencies[0].pk, "score": 3}], "recommendation": "yes"},
        content_type="application/json",
        **_bearer(secret),
    )
    assert partial.status_code == 422 and "every competency" in partial.json()["message"]
    body = {
        "ratings": [{"competency_id": c.pk, "score": 3, "note": "ok"} for c in competencies],
        "recommendation": "yes",
        "notes": "Ivy agrees",
    }
    response = client.post(
        api(f"/interviews/{interview.pk}/scorecard"),
        body,
        content_type="application/json",
        **_bearer(secret),
    )
    assert response.status_code == 201, response.json()
    assert response.json()["recommendation"] == "yes"
    after = client.get(url, **_bearer(secret)).json()
    assert {c["notes"] for c in after} == {"Hank says yes", "Ivy agrees"}
    again = client.post(
        api(f"/interviews/{interview.pk}/scorecard"),
        body,
        content_type="application/json",
        **_bearer(secret),
    )
    assert again.status_code == 409


def test_outsiders_get_404_before_their_body_is_read(client, interview, gina, carla):
    login(client, gina)
    for path in (
        f"/interviews/{interview.pk}",
        f"/interviews/{interview.pk}/scorecards",
        f"/applications/{interview.application_id}/interviews",
    ):
        assert client.get(api(path)).status_code == 404
    response = client.post(
        api(f"/interviews/{interview.pk}/scorecard"), "nonsense", content_type="application/json"
    )
    assert response.status_code == 404
    login(client, carla)  # Acme's admin, not on this panel: the interview is not theirs
    assert client.get(api(f"/interviews/{interview.pk}")).status_code == 404


def test_staff_read_and_add_to_the_plan(client, requisition, rita, ivy, competencies, carla):
    login(client, rita)
    stage = requisition.stages.get(kind="interview")
    url = api(f"/requisitions/{requisition.pk}/interview-plan")
    response = client.post(
        url,
        {
            "stage_id": stage.pk,
            "name": "Panel",
            "kind": "panel",
            "duration_minutes": 90,
            "interviewers": ["IVY@acme.test"],
            "competency_ids": [competencies[0].pk],
            "questions": ["Why robots?"],
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.json()
    plan = InterviewPlan.objects.get()
    assert list(plan.interviewers.all()) == [ivy] and plan.questions == ["Why robots?"]
    listed = client.get(url).json()
    assert listed[0]["name"] == "Panel" and listed[0]["competencies"] == ["Problem solving"]
    stranger = client.post(
        url,
        {"stage_id": stage.pk, "name": "X", "interviewers": ["gina@globex.test"]},
        content_type="application/json",
    )
    assert stranger.status_code == 422
    login(client, carla)
    assert client.get(url).status_code == 403


def test_the_plan_pages_add_edit_and_remove(client, requisition, rita, ivy, hank, competencies):
    login(client, rita)
    url = reverse("interviews:plan", args=[requisition.pk])
    assert client.get(url).status_code == 200
    stage = requisition.stages.get(kind="interview")
    bad = client.post(url, {"stage": stage.pk, "name": "", "kind": "video"})
    assert bad.status_code == 400
    response = client.post(
        url,
        {
            "stage": stage.pk,
            "name": "Onsite loop",
            "kind": "onsite",
            "duration_minutes": 120,
            "interviewers": [ivy.pk, hank.pk],
            "competencies": [c.pk for c in competencies],
            "questions_text": "Walk us through a design\n\n  Whiteboard a gearbox  ",
            "location": "Acme HQ",
        },
    )
    assert response.status_code == 302
    plan = InterviewPlan.objects.get()
    assert plan.questions == ["Walk us through a design", "Whiteboard a gearbox"]
    assert set(plan.interviewers.all()) == {ivy, hank}
    edit = reverse("interviews:plan_edit", args=[plan.pk])
    assert "Whiteboard a gearbox" in client.get(edit).content.decode()
    response = client.post(
        edit,
        {
            "stage": stage.pk,
            "name": "Onsite loop",
            "kind": "onsite",
            "duration_minutes": 90,
            "interviewers": [ivy.pk],
            "questions_text": "One question",
        },
    )
    assert response.status_code == 302
    plan.refresh_from_db()
    assert plan.duration_minutes == 90 and plan.questions == ["One question"]
    assert client.post(reverse("interviews:plan_delete", args=[plan.pk])).status_code == 302
    assert not InterviewPlan.objects.exists()


def test_an_interview_is_created_from_the_plan(
    client, requisition, rita, ivy, submitted_application
):
    application = submitted_application()
    plan = services.plan_save(
        requisition=requisition,
        fields={
            "stage": requisition.stages.get(kind="interview"),
            "name": "Phone screen",
            "kind": "phone_screen",
            "duration_minutes": 30,
            "video_url": "https://meet.example.test/x",
        },
        interviewers=[ivy],
        competencies=[],
        by=rita,
    )
    login(client, rita)
    url = reverse("interviews:application_interviews", args=[application.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url, {"plan": plan.pk, "kind": "video", "duration_minutes": 45, "time_zone": "UTC"}
    )
    assert response.status_code == 302
    interview = application.interviews.get()
    assert interview.title == "Phone screen" and interview.duration_minutes == 30
    assert interview.kind == "phone_screen" and interview.video_url == plan.video_url
    assert [s.interviewer for s in interview.scorecards.all()] == [ivy]
    empty = client.post(url, {"kind": "video", "duration_minutes": 45, "time_zone": "UTC"})
    assert empty.status_code == 400 and "at least one interviewer" in empty.content.decode()
