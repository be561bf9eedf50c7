"""The client portal: a requisition's shortlisted candidates, advanced or declined by the client."""

from __future__ import annotations

from django.urls import reverse

from outhire.candidates.services import candidate_update, note_add, profile_entry_add
from outhire.pipeline import services
from outhire.pipeline.models import StageEvent
from outhire.requisitions.models import DispositionReason
from outhire.testing import login


def portal_url(requisition) -> str:
    return reverse("pipeline:portal_candidates", args=[requisition.pk])


def submitted(make_application, stage, rita, first, last="Doe"):
    application = make_application(first, last)
    services.application_move(application=application, to_stage=stage("submitted"), by=rita)
    return application


def test_hank_sees_only_submitted_candidates_and_their_profile_summary(
    client, hank, rita, make_application, stage, requisition
):
    ada = submitted(make_application, stage, rita, "Ada", "Lovelace")
    candidate_update(
        candidate=ada.candidate,
        fields={
            "current_title": "Engineer",
            "current_employer": "Analytical",
            "location": "London",
        },
        emails=["ada@example.test"],
        phones=["+44 20 7946 0000"],
        by=rita,
    )
    profile_entry_add(candidate=ada.candidate, fields={"kind": "skill", "name": "Python"}, by=rita)
    note_add(candidate=ada.candidate, body="Provider only", visibility="provider", by=rita)
    make_application("Grace", "Hopper")  # still sourced: not the client's to see
    login(client, hank)
    response = client.get(portal_url(requisition))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Ada Lovelace" in text and "Engineer at Analytical" in text and "London" in text
    assert "Python" in text
    assert "Grace Hopper" not in text
    assert "ada@example.test" not in text and "7946" not in text and "Provider only" not in text
    assert "Advance to Assessment" in text


def test_hank_advances_a_candidate_to_the_next_stage(
    client, hank, rita, make_application, stage, requisition
):
    ada = submitted(make_application, stage, rita, "Ada")
    login(client, hank)
    response = client.post(
        reverse("pipeline:portal_advance", args=[ada.pk]),
        {"version": ada.version, "reason": "Looks great"},
        follow=True,
    )
    assert "Moved on to Assessment." in response.content.decode()
    ada.refresh_from_db()
    assert ada.stage == stage("assessment")
    event = ada.events.last()
    assert event.by == hank and event.reason == "Looks great"


def test_hank_declines_with_a_reason_and_a_comment(
    client, hank, rita, make_application, stage, requisition
):
    ada = submitted(make_application, stage, rita, "Ada")
    reason = DispositionReason.objects.get(name="Skills or experience do not match")
    url = reverse("pipeline:portal_decline", args=[ada.pk])
    login(client, hank)
    response = client.post(url, {"version": ada.version, "disposition": reason.pk}, follow=True)
    assert "Add a comment for the recruiter." in response.content.decode()
    ada.refresh_from_db()
    assert ada.status == "active"
    client.post(
        url, {"version": ada.version, "disposition": reason.pk, "reason": "No ROS experience"}
    )
    ada.refresh_from_db()
    assert ada.status == "rejected" and ada.disposition == reason
    assert ada.events.last().reason == "No ROS experience"


def test_a_stale_decision_is_refused(client, hank, rita, make_application, stage, requisition):
    ada = submitted(make_application, stage, rita, "Ada")
    seen = ada.version
    services.application_move(application=ada, to_stage=stage("interview"), by=rita)
    before = StageEvent.objects.count()
    login(client, hank)
    response = client.post(reverse("pipeline:portal_advance", args=[ada.pk]), {"version": seen})
    assert response.status_code == 409
    assert "was changed by someone else" in response.content.decode()
    assert StageEvent.objects.count() == before


def test_applications_before_submitted_are_not_found(client, hank, make_application, requisition):
    grace = make_application("Grace")
    login(client, hank)
    response = client.post(
        reverse("pipeline:portal_advance", args=[grace.pk]), {"version": grace.version}
    )
    assert response.status_code == 404
    grace.refresh_from_db()
    assert grace.stage.kind == "sourced"


def test_ivy_reads_but_cannot_decide(client, ivy, rita, make_application, stage, requisition):
    ada = submitted(make_application, stage, rita, "Ada")
    login(client, ivy)
    text = client.get(portal_url(requisition)).content.decode()
    assert "Ada Doe" in text and "Advance to" not in text and "Decline" not in text
    response = client.post(reverse("pipeline:portal_advance", args=[ada.pk]), {"version": 2})
    assert response.status_code == 403
    ada.refresh_from_db()
    assert ada.stage == stage("submitted")


def test_outsiders_get_404(client, gina, sam, rita, make_application, stage, requisition):
    ada = submitted(make_application, stage, rita, "Ada")
    for user in (gina, sam):
        client.logout()
        login(client, user)
        assert client.get(portal_url(requisition)).status_code == 404
        url = reverse("pipeline:portal_decline", args=[ada.pk])
        assert client.post(url, {"version": ada.version}).status_code == 404


def test_client_users_never_reach_the_board(client, hank, carla, requisition):
    for user in (hank, carla):
        client.logout()
        login(client, user)
        url = reverse("pipeline:board", args=[requisition.pk])
        assert client.get(url).status_code == 404
