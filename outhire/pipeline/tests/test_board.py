"""The pipeline board and application pages, used without JavaScript (plain forms)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from outhire.candidates.models import Candidate
from outhire.candidates.services import candidate_create
from outhire.pipeline import services
from outhire.pipeline.models import Application, StageEvent
from outhire.requisitions.models import DispositionReason
from outhire.testing import confirmed, login


def board_url(requisition) -> str:
    return reverse("pipeline:board", args=[requisition.pk])


def move(client, application, stage, version=None, *, confirm=True, **extra):
    """Post the card's move form; `confirm`: as confirmed (moves that skip stages ask first)."""
    data = {"stage": stage.pk, "version": version or application.version, **extra}
    return client.post(
        reverse("pipeline:application_move", args=[application.pk]),
        confirmed(data) if confirm else data,
    )


def test_it_shows_one_column_per_stage_with_cards(client, rita, requisition, make_application):
    make_application("Ada", "Lovelace")
    login(client, rita)
    response = client.get(board_url(requisition))
    assert response.status_code == 200
    text = response.content.decode()
    for stage in requisition.stages.all():
        assert f'id="stage-{stage.pk}"' in text
    assert "Ada Lovelace" in text
    assert "0 days in stage" in text


def test_it_hides_archived_stages(client, rita, requisition, stage):
    archived = stage("assessment")
    archived.archived = True
    archived.save()
    login(client, rita)
    text = client.get(board_url(requisition)).content.decode()
    assert f'id="stage-{archived.pk}"' not in text


def test_it_moves_a_card_without_javascript(client, rita, make_application, stage, requisition):
    application = make_application("Ada", "Lovelace")
    login(client, rita)
    response = move(client, application, stage("screen"), next=board_url(requisition) + "?q=ada")
    assert response.status_code == 302
    assert response["Location"] == board_url(requisition) + "?q=ada"
    application.refresh_from_db()
    assert application.stage == stage("screen") and application.version == 2
    page = client.get(response["Location"]).content.decode()
    assert "Ada Lovelace moved to Phone screen." in page


def test_it_refuses_a_stale_move_and_says_who_moved_it(
    client, rita, make_application, stage, requisition
):
    application = make_application("Ada", "Lovelace")
    seen = application.version
    services.application_move(application=application, to_stage=stage("interview"), by=rita)
    events_before = StageEvent.objects.count()
    login(client, rita)
    response = move(client, application, stage("screen"), version=seen)
    assert response.status_code == 409
    text = response.content.decode()
    assert "Ada Lovelace was moved to Interviews by Rita Recruiter at" in text
    assert "the board shows the current state" in text
    assert f'id="stage-{stage("interview").pk}"' in text
    application.refresh_from_db()
    assert application.stage == stage("interview")
    assert StageEvent.objects.count() == events_before


def test_reject_needs_a_reason_and_records_the_message(client, rita, make_application):
    application = make_application("Ada")
    login(client, rita)
    url = reverse("pipeline:application_reject", args=[application.pk])
    response = client.post(url, {"version": application.version, "reason": "Sorry"}, follow=True)
    assert "Choose a reason from the list." in response.content.decode()
    application.refresh_from_db()
    assert application.status == "active"
    reason = DispositionReason.objects.get(name="Failed assessment")
    client.post(
        url, {"version": application.version, "disposition": reason.pk, "reason": "Thank you"}
    )
    application.refresh_from_db()
    assert application.status == "rejected" and application.disposition == reason
    assert application.events.last().reason == "Thank you"


def test_a_withdrawal_needs_a_withdrawal_reason(client, rita, make_application, stage):
    application = make_application("Ada")
    login(client, rita)
    url = reverse("pipeline:application_withdraw", args=[application.pk])
    rejected_reason = DispositionReason.objects.get(name="Failed assessment")
    client.post(url, {"version": application.version, "disposition": rejected_reason.pk})
    application.refresh_from_db()
    assert application.status == "active"
    reason = DispositionReason.objects.get(name="No longer interested")
    client.post(url, {"version": application.version, "disposition": reason.pk})
    application.refresh_from_db()
    assert application.status == "withdrawn"
    response = move(client, application, stage("screen"))
    page = client.get(response["Location"]).content.decode()
    assert "withdrawn: reopen it first" in page
    application.refresh_from_db()
    assert application.status == "withdrawn" and application.stage.kind == "sourced"
    client.post(
        reverse("pipeline:application_reopen", args=[application.pk]),
        {"version": application.version},
    )
    application.refresh_from_db()
    assert application.status == "active"


def test_hiring_into_the_last_opening_fills_the_requisition(
    client, rita, make_application, stage, requisition
):
    first, second = make_application("Ada"), make_application("Grace")
    login(client, rita)
    move(client, first, stage("hired"))
    requisition.refresh_from_db()
    assert requisition.status == "open"
    move(client, second, stage("hired"))
    requisition.refresh_from_db()
    assert requisition.status == "filled"
    first.refresh_from_db()
    assert first.status == "hired"


def test_bulk_moves_and_reports_refusals_one_by_one(
    client, rita, make_application, stage, requisition
):
    ada, grace, alan = make_application("Ada"), make_application("Grace"), make_application("Alan")
    reason = DispositionReason.objects.get(name="No longer interested")
    services.application_reject(application=alan, by=rita, disposition=reason, withdrawn=True)
    login(client, rita)
    response = client.post(
        reverse("pipeline:board_bulk", args=[requisition.pk]),
        confirmed(
            {
                "applications": [ada.pk, grace.pk, alan.pk],
                "action": "move",
                "stage": stage("screen").pk,
            }
        ),
        follow=True,
    )
    text = response.content.decode()
    assert "2 application(s) moved to Phone screen." in text
    assert "Alan Doe: This application is withdrawn: reopen it first." in text
    assert set(Application.objects.filter(stage=stage("screen")).values_list("pk", flat=True)) == {
        ada.pk,
        grace.pk,
    }


def test_bulk_reject_keeps_the_message_for_the_candidates(
    client, rita, make_application, requisition
):
    ada, grace = make_application("Ada"), make_application("Grace")
    reason = DispositionReason.objects.get(name="Position filled by another candidate")
    login(client, rita)
    url = reverse("pipeline:board_bulk", args=[requisition.pk])
    response = client.post(url, {"applications": [ada.pk], "action": "reject"}, follow=True)
    assert "Choose a reason for rejecting them." in response.content.decode()
    client.post(
        url,
        {
            "applications": [ada.pk, grace.pk],
            "action": "reject",
            "disposition": reason.pk,
            "reason": "We filled the role; thank you.",
        },
    )
    rejected = StageEvent.objects.filter(kind="rejected")
    assert rejected.count() == 2
    assert {e.reason for e in rejected} == {"We filled the role; thank you."}


def test_bulk_ignores_applications_of_other_requisitions(
    client, rita, acme, make_application, requisition, stage
):
    from outhire.requisitions import services as requisitions

    other = requisitions.requisition_create(client=acme, by=rita, fields={"title": "Other"})
    requisitions.requisition_submit(requisition=other, by=rita)
    candidate = candidate_create(by=rita, first_name="Eve")
    elsewhere = services.application_create(requisition=other, candidate=candidate, by=rita)
    login(client, rita)
    client.post(
        reverse("pipeline:board_bulk", args=[requisition.pk]),
        {"applications": [elsewhere.pk], "action": "move", "stage": stage("screen").pk},
    )
    elsewhere.refresh_from_db()
    assert elsewhere.stage.kind == "sourced"


def test_it_filters_the_board(client, rita, make_application, requisition):
    make_application("Ada", "Lovelace", source="referral")
    grace = make_application("Grace", "Hopper", source="job_board")
    reason = DispositionReason.objects.get(name="Failed assessment")
    services.application_reject(application=grace, by=rita, disposition=reason)
    login(client, rita)
    url = board_url(requisition)
    text = client.get(url).content.decode()
    assert "Ada Lovelace" in text and "Grace Hopper" not in text  # active only by default
    text = client.get(url, {"status": "rejected"}).content.decode()
    assert "Grace Hopper" in text and "Ada Lovelace" not in text
    text = client.get(url, {"status": "", "q": "hop"}).content.decode()
    assert "Grace Hopper" in text and "Ada Lovelace" not in text
    text = client.get(url, {"status": "", "source": "referral"}).content.decode()
    assert "Ada Lovelace" in text and "Grace Hopper" not in text
    text = client.get(url, {"status": "", "owner": rita.pk}).content.decode()
    assert "Ada Lovelace" in text and "Grace Hopper" in text


def test_clients_and_other_staff_never_reach_the_board(
    client, requisition, make_application, hank, carla, sam, gina
):
    application = make_application("Ada")
    for user in (hank, carla, sam, gina):
        client.logout()
        login(client, user)
        assert client.get(board_url(requisition)).status_code == 404
        detail = reverse("pipeline:application_detail", args=[application.pk])
        assert client.get(detail).status_code == 404
        assert move(client, application, requisition.stages.last()).status_code == 404


def test_the_application_page_shows_the_stage_history(client, rita, make_application, stage):
    application = make_application("Ada", "Lovelace")
    services.application_move(
        application=application, to_stage=stage("screen"), by=rita, reason="Strong CV"
    )
    login(client, rita)
    response = client.get(reverse("pipeline:application_detail", args=[application.pk]))
    text = response.content.decode()
    assert response.status_code == 200
    assert "Added to the pipeline" in text and "Strong CV" in text and "Rita Recruiter" in text


def test_it_adds_a_candidate_from_the_talent_network(client, rita, requisition):
    ada = candidate_create(by=rita, first_name="Ada", last_name="Lovelace")
    login(client, rita)
    url = reverse("pipeline:application_create", args=[requisition.pk])
    text = client.get(url, {"q": "lovelace"}).content.decode()
    assert "Ada Lovelace" in text
    response = client.post(f"{url}?candidate={ada.pk}")
    assert response.status_code == 302
    assert Application.objects.get().candidate == ada
    again = client.post(url, {"candidate": ada.pk}, follow=True).content.decode()
    assert "already in the pipeline" in again
    assert "In the pipeline" in client.get(url, {"q": "lovelace"}).content.decode()


def test_a_merged_candidate_cannot_be_added(client, rita, requisition):
    ada = candidate_create(by=rita, first_name="Ada")
    Candidate.objects.filter(pk=ada.pk).update(anonymised_at=timezone.now())
    login(client, rita)
    url = reverse("pipeline:application_create", args=[requisition.pk])
    assert client.post(url, {"candidate": ada.pk}).status_code == 404


def _bulk_applications(requisition, rita, count: int) -> None:
    """`count` applications spread over the stages, written in bulk (no events: not needed)."""
    stages = list(requisition.stages.exclude(kind="hired"))
    candidates = Candidate.objects.bulk_create(
        Candidate(first_name=f"Person{n}", last_name="Bulk", current_title="Engineer")
        for n in range(count)
    )
    now = timezone.now()
    Application.objects.bulk_create(
        Application(
            client_id=requisition.client_id,
            requisition=requisition,
            candidate=candidate,
            stage=stages[n % len(stages)],
            owner=rita,
            source="job_board",
            moved_at=now - timedelta(hours=n),
        )
        for n, candidate in enumerate(candidates)
    )


def _board_queries(client, requisition) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(board_url(requisition))
    assert response.status_code == 200
    return len(queries), response.content.decode()


@pytest.mark.django_db
def test_the_board_costs_as_many_queries_for_2000_applications_as_for_10(
    client, rita, requisition, acme
):
    login(client, rita)
    _bulk_applications(requisition, rita, 10)
    small, _ = _board_queries(client, requisition)
    _bulk_applications(requisition, rita, 1990)
    large, text = _board_queries(client, requisition)
    assert small == large
    assert text.count('data-application="') == 7 * 20  # 20 cards per column, 7 columns used
    assert "Show all 286" in text


def test_show_all_lifts_the_limit_of_one_column(client, rita, requisition, stage):
    _bulk_applications(requisition, rita, 400)  # 58 in the first stage, 57 in each other
    login(client, rita)
    text = client.get(board_url(requisition)).content.decode()
    assert text.count('data-application="') == 7 * 20
    assert "Show all 58" in text
    text = client.get(board_url(requisition), {"show": stage("sourced").pk}).content.decode()
    assert text.count('data-application="') == 58 + 6 * 20
    assert "Show all 58" not in text and "Show all 57" in text


def test_a_stale_rejection_writes_nothing(client, rita, make_application, stage):
    application = make_application("Ada", "Lovelace")
    seen = application.version
    reason = DispositionReason.objects.get(name="No longer interested")
    services.application_reject(
        application=application, by=rita, disposition=reason, withdrawn=True
    )
    login(client, rita)
    response = client.post(
        reverse("pipeline:application_reject", args=[application.pk]),
        {
            "version": seen,
            "disposition": DispositionReason.objects.get(name="Failed assessment").pk,
        },
    )
    assert response.status_code == 409
    assert "Ada Lovelace was withdrawn by Rita Recruiter at" in response.content.decode()
    application.refresh_from_db()
    assert application.status == "withdrawn" and application.disposition == reason


def test_a_rejection_message_is_e_mailed_to_the_candidate(
    client, rita, requisition, make_application, mailoutbox, django_capture_on_commit_callbacks
):
    from outhire.candidates.services import candidate_create
    from outhire.pipeline.services import application_create

    with_email = application_create(
        requisition=requisition,
        candidate=candidate_create(
            by=rita, first_name="Ada", last_name="Lovelace", emails=["ada@example.org"]
        ),
        by=rita,
    )
    without_email = make_application("Grace")
    reason = DispositionReason.objects.get(name="Failed assessment")
    login(client, rita)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/requisitions/{requisition.pk}/board/bulk/",
            {
                "applications": [with_email.pk, without_email.pk],
                "action": "reject",
                "disposition": reason.pk,
                "message": "Thank you for your time.",
            },
            follow=True,
        )
    page = response.content.decode()
    assert "2 application(s) rejected" in page
    assert "No e-mail address, so no message for: Grace Doe." in page
    # Besides the rejection, the client's candidate survey (analytics) may go out.
    rejections = [m for m in mailoutbox if "Thank you for your time." in m.body]
    assert [m.to for m in rejections] == [["ada@example.org"]]
    assert "Robotics Engineer" in rejections[0].subject
    timeline = with_email.candidate.timeline.filter(kind="message").get()
    assert timeline.client_id == requisition.client_id
